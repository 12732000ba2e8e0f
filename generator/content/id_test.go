package content_test

import (
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator/diag"
)

func TestStableID(t *testing.T) {
	set, diags := load(t, map[string]string{
		"content/intents/clean-air.md": "---\ntitle: Clean air\nsummary: x\nid: INT-0001\n---\n",
		"content/intents/green.md":     "---\ntitle: Green\nsummary: x\n---\n",
		// Renamed twice: the oldest URL in the page's folder names it.
		"content/intents/heat.md": "---\ntitle: Heat\nsummary: x\naliases: [/old-site/heat.html, /intents/hot-days/, /intents/warm-days/]\n---\n",
		// An alias outside the folder is not a slug the page had.
		"content/intents/shade.md": "---\ntitle: Shade\nsummary: x\naliases: [/shade/]\n---\n",
		"content/about.md":         "---\ntitle: About\naliases: [/about-us/]\n---\n",
		"content/help/faq.md":      "---\ntitle: FAQ\naliases: [/help/questions/]\n---\n",
	})
	if len(errorsOf(diags)) > 0 {
		t.Fatal(diags)
	}
	for file, want := range map[string]string{
		"content/intents/clean-air.md": "INT-0001",
		"content/intents/green.md":     "intent/green",
		"content/intents/heat.md":      "intent/hot-days",
		"content/intents/shade.md":     "intent/shade",
		"content/about.md":             "page/about-us",
		"content/help/faq.md":          "page/questions",
	} {
		if got := page(t, set, file).StableID(); got != want {
			t.Errorf("%s: id %q, want %q", file, got, want)
		}
	}
}

// A rename that records the old URL keeps the generated id.
func TestStableIDSurvivesRename(t *testing.T) {
	before, _ := load(t, map[string]string{"content/initiatives/bike-library.md": "---\ntitle: B\nsummary: x\nstatus: idea\nintents: [a]\n---\n"})
	after, _ := load(t, map[string]string{"content/initiatives/bike-lending.md": "---\ntitle: B\nsummary: x\nstatus: idea\nintents: [a]\naliases: [/initiatives/bike-library/]\n---\n"})
	a, b := before.Pages[0].StableID(), after.Pages[0].StableID()
	if a != b || a != "initiative/bike-library" {
		t.Errorf("id before the rename %q, after %q", a, b)
	}
}

func TestDuplicateAndInvalidIDs(t *testing.T) {
	_, diags := load(t, map[string]string{
		"content/intents/a.md":       "---\ntitle: A\nsummary: x\nid: INT-1\n---\n",
		"content/intents/b.md":       "---\ntitle: B\nsummary: x\n\nid: INT-1\n---\n",
		"content/organisations/c.md": "---\ntitle: C\nid: intent/d\n---\n",
		"content/intents/d.md":       "---\ntitle: D\nsummary: x\n---\n",
		"content/intents/e.md":       "---\ntitle: E\nsummary: x\nid: \"=cmd|' /C calc'!A0\"\n---\n",
		"content/intents/f.md":       "---\ntitle: F\nsummary: x\nid: \"a;b\"\n---\n",
		// An alias naming another page's address: reported on the alias.
		"content/intents/g.md": "---\ntitle: G\nsummary: x\naliases: [/intents/h/]\n---\n",
		"content/intents/h.md": "---\ntitle: H\nsummary: x\n---\n",
	})
	dups := withCode(diags, "id-duplicate")
	if len(dups) != 3 {
		t.Fatalf("%d id-duplicate diagnostics, want 3: %v", len(dups), diags)
	}
	d := dups[0]
	if d.File != "content/intents/b.md" || d.Line != 5 || d.Severity != diag.Error ||
		!strings.Contains(d.Message, "content/intents/a.md") || !strings.Contains(d.Message, "content/intents/b.md") {
		t.Errorf("duplicate id: %v", d)
	}
	// The generated id of d.md collides with the id c.md sets.
	d = dups[1]
	if d.File != "content/organisations/c.md" || d.Line != 3 || !strings.Contains(d.Message, "content/intents/d.md") || !strings.Contains(d.Message, `"intent/d"`) {
		t.Errorf("generated id collision: %v", d)
	}
	d = dups[2]
	if d.File != "content/intents/g.md" || d.Line != 4 || !strings.Contains(d.Hint, "alias") {
		t.Errorf("an alias naming another page: %v", d)
	}
	bad := withCode(diags, "id-invalid")
	if len(bad) != 2 || bad[0].File != "content/intents/e.md" || bad[0].Line != 4 || bad[1].File != "content/intents/f.md" {
		t.Errorf("invalid ids: %v", bad)
	}
}
