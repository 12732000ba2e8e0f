package content_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/trellis-ssg/trellis/generator/content"
)

func TestCacheReusesUnchangedPages(t *testing.T) {
	root := writeSite(t, map[string]string{
		"content/about.md":            "---\ntitle: About\n---\nText.\n",
		"content/organisations/a.md":  "---\ntitle: A\n---\n",
		"content/organisations/b.md":  "---\ntitle: B\n---\n",
		"content/narratives/story.md": "---\ntitle: Story\nteller: Sam\nconsent:\n  scope: [site]\n  given: 2024-01-01\n  expires: 2025-07-01\n---\nSaid.\n",
	})
	c := content.NewCache()
	o := opts()
	o.Cache = c
	first, d1 := content.Load(root, "content", o)
	// Without the cache, the same result.
	plain, d0 := content.Load(root, "content", opts())
	if !reflect.DeepEqual(first.Pages, plain.Pages) || len(d0) != len(d1) {
		t.Fatal("a load through the cache differs from a plain load")
	}
	second, _ := content.Load(root, "content", o)
	for i := range first.Pages {
		if first.Pages[i] != second.Pages[i] {
			t.Errorf("%s was parsed again", first.Pages[i].File)
		}
	}
	if h, m := c.Stats(); h != 4 || m != 4 {
		t.Errorf("hits %d, misses %d; want 4, 4", h, m)
	}
	// Same bytes written again: reused. New bytes: parsed.
	a := filepath.Join(root, "content/organisations/a.md")
	os.WriteFile(a, []byte("---\ntitle: A\n---\n"), 0o644)
	c.Invalidate("content/organisations/a.md")
	os.WriteFile(filepath.Join(root, "content/organisations/b.md"), []byte("---\ntitle: B2\n---\n"), 0o644)
	c.Invalidate("content/organisations/b.md")
	third, _ := content.Load(root, "content", o)
	if page(t, third, "content/organisations/a.md") != page(t, second, "content/organisations/a.md") {
		t.Error("a.md, saved with the same bytes, was parsed again")
	}
	if p := page(t, third, "content/organisations/b.md"); p == page(t, second, "content/organisations/b.md") || p.Title != "B2" {
		t.Error("b.md was not parsed again")
	}
	// A later Now judges consent again: the story expires.
	later := o
	later.Now = later.Now.AddDate(0, 2, 0)
	fourth, d4 := content.Load(root, "content", later)
	want, dw := content.Load(root, "content", func() content.Options { x := opts(); x.Now = later.Now; return x }())
	if page(t, fourth, "content/narratives/story.md").Withheld == "" || !reflect.DeepEqual(page(t, fourth, "content/narratives/story.md"), page(t, want, "content/narratives/story.md")) {
		t.Error("consent was not judged again")
	}
	if len(withCode(d4, "consent-withheld")) != len(withCode(dw, "consent-withheld")) || len(withCode(d4, "consent-expiring")) != 0 {
		t.Errorf("consent diagnostics differ from a plain load:\n%s\n%s", d4.String(), dw.String())
	}
	// Deleted files are forgotten.
	os.Remove(a)
	fifth, _ := content.Load(root, "content", o)
	if len(fifth.Pages) != 3 {
		t.Errorf("%d pages after a deletion, want 3", len(fifth.Pages))
	}
}
