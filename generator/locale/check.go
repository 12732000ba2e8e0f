package locale

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/diag"
)

// Check reports each of the site's languages that the theme has no
// strings table for: its pages would say lang="cy" over English words,
// and a screen reader would read the English as Welsh.
func Check(fsys fs.FS, cfg *config.Config) diag.List {
	var diags diag.List
	for _, code := range cfg.LanguageCodes() {
		t, err := Load(fsys, code)
		if err != nil {
			diags.Errorf(config.FileName, 0, "theme-strings", "fix the theme's strings file", "%v", err)
			continue
		}
		if t.Found {
			continue
		}
		line := cfg.Line("language")
		if l, ok := cfg.LanguageOf(code); ok {
			line = l.Line
		}
		diags.Errorf(config.FileName, line, "language-strings",
			fmt.Sprintf("write the theme's words in that language in themes/%s/%s (the default theme has %s), starting from a copy of themes/default/%s",
				cfg.Theme, File(code), strings.Join(Languages(fsys), ", "), File(Base)),
			"the theme has no strings table for the language %q", code)
	}
	return diags
}

// Languages are the languages a theme has strings tables for.
func Languages(fsys fs.FS) []string {
	seen := map[string]bool{}
	layers := []fs.FS{fsys}
	if l, ok := fsys.(Layered); ok {
		layers = l.Layers()
	}
	for _, l := range layers {
		es, _ := fs.ReadDir(l, "i18n")
		for _, e := range es {
			if name, ok := strings.CutSuffix(e.Name(), ".yaml"); ok && !e.IsDir() {
				seen[name] = true
			}
		}
	}
	var out []string
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
