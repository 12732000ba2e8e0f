package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// build --memory-limit takes a size; one that is not a size is a usage
// error (exit 2), one below what the linked pages hold a failed build
// (exit 1) that says the figure and publishes nothing, and one with room
// builds the site.
func TestBuildMemoryLimit(t *testing.T) {
	src := writeSite(t, goodSite())
	dest := filepath.Join(t.TempDir(), "public")
	for arg, want := range map[string]string{
		"x":     `"x" is not a size`,
		"0":     "no memory at all",
		"-1GiB": "is not a size",
	} {
		r := runCmd("build", "--source", src, "--destination", dest, "--memory-limit", arg)
		if r.code != 2 || !strings.Contains(r.stderr, want) {
			t.Errorf("--memory-limit %s: want exit 2 saying %q, got %v", arg, want, r)
		}
	}
	r := runCmd("build", "--source", src, "--destination", dest, "--memory-limit", "100KiB")
	for _, want := range []string{"loaded and linked pages hold", "the memory limit is 100 KiB", "Raise --memory-limit", "Nothing was published."} {
		if r.code != 1 || !strings.Contains(r.stderr, want) {
			t.Errorf("--memory-limit 100KiB: want exit 1 saying %q, got %v", want, r)
		}
	}
	if exists(dest) {
		t.Error("a build refused for its memory limit published the site")
	}
	if r := runCmd("build", "--source", src, "--destination", dest, "--memory-limit", "4GiB", "--quiet"); r.code != 0 || !exists(filepath.Join(dest, "index.html")) {
		t.Errorf("--memory-limit 4GiB: %v", r)
	}
}
