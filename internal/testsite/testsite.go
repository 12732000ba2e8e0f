// Package testsite writes small sites for tests: site.yaml and content files
// given as a map from slash-separated path to file body.
package testsite

import (
	"os"
	"path/filepath"
	"testing"
)

// Write writes files into a new temporary folder and returns it.
func Write(tb testing.TB, files map[string]string) string {
	tb.Helper()
	dir := tb.TempDir()
	WriteIn(tb, dir, files)
	return dir
}

// WriteIn writes files under dir, creating folders as needed.
func WriteIn(tb testing.TB, dir string, files map[string]string) {
	tb.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}
