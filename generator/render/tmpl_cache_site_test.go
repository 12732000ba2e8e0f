package render_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator/corpus"
	"github.com/trellis-ssg/trellis/generator/render"
)

// TestCachedFragmentsChangeNoByte renders the example site and a generated
// one with the fragment cache and without it: every file is the same.
func TestCachedFragmentsChangeNoByte(t *testing.T) {
	gen := t.TempDir()
	if err := corpus.Write(gen, 200, 7); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"../..", gen} {
		was := render.SetFragmentCache(false)
		plain := build(t, dir)
		render.SetFragmentCache(true)
		cached := build(t, dir)
		render.SetFragmentCache(was)
		if len(plain.Files) != len(cached.Files) {
			t.Fatalf("%s: %d files without the cache, %d with it", dir, len(plain.Files), len(cached.Files))
		}
		cards := 0
		for name, want := range plain.Files {
			got := cached.Files[name]
			if !bytes.Equal(got, want) {
				t.Errorf("%s: %s differs with the cache", dir, name)
			}
			cards += bytes.Count(got, []byte(`<li class="card `))
		}
		if cards == 0 {
			t.Errorf("%s: no card rendered; the test shows nothing", dir)
		}
	}
}

// TestCachedFragmentOfARedefinedTemplate: a view that redefines a partial
// gets its own fragments; the other views keep the theme's.
func TestCachedFragmentOfARedefinedTemplate(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.Write(dir, 40, 3); err != nil {
		t.Fatal(err)
	}
	list, err := os.ReadFile("../../themes/default/layouts/list.html")
	if err != nil {
		t.Fatal(err)
	}
	own := string(list) + `{{define "card"}}<li class="card own-card">{{.Page.Title}}</li>{{end}}`
	layouts := filepath.Join(dir, "themes", "default", "layouts")
	if err := os.MkdirAll(layouts, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(layouts, "list.html"), []byte(own), 0o644); err != nil {
		t.Fatal(err)
	}
	out := build(t, dir)
	for name, data := range out.Files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		isList := bytes.Contains(data, []byte(`<body class="view-list">`))
		hasOwn := bytes.Contains(data, []byte("own-card"))
		hasTheme := bytes.Contains(data, []byte(`<h3 class="card-title">`))
		switch {
		case isList && (!hasOwn || hasTheme):
			t.Errorf("%s: the list's own card is not used (own %v, theme's %v)", name, hasOwn, hasTheme)
		case !isList && hasOwn:
			t.Errorf("%s: shows the list's own card", name)
		}
	}
	for _, term := range []string{"status/", "systems/"} {
		found := false
		for name, data := range out.Files {
			if strings.HasPrefix(name, term) && name != term+"index.html" && bytes.Contains(data, []byte(`<h3 class="card-title">`)) {
				found = true
			}
		}
		if !found {
			t.Errorf("no %s term page shows the theme's cards", term)
		}
	}
}
