// Package themes embeds the default theme, so that a built trellis binary
// works anywhere with no files beside it. A site overrides any file by
// placing one at the same path under its own themes/<name>/ folder.
package themes

import (
	"embed"
	"io/fs"
)

//go:embed all:default
var embedded embed.FS

// Default is the default theme's files: layouts/, assets/ and i18n/.
var Default fs.FS

func init() {
	sub, err := fs.Sub(embedded, "default")
	if err != nil {
		panic(err)
	}
	Default = sub
}
