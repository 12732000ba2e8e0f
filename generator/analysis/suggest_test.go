package analysis_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/analysis"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

func loadExample(t *testing.T, src string) *portfolio.Portfolio {
	t.Helper()
	pf, diags := generator.Load(generator.Options{Source: src, Now: now, NoGitDates: true})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return pf
}

func dump(s *analysis.Suggestions) string {
	var b strings.Builder
	for _, x := range s.All() {
		fmt.Fprintf(&b, "%s -> %s %.3f %s | %s\n", x.From.File, x.To.File, x.Score, x.Why, x.Accept())
	}
	return b.String()
}

// linked reports whether a and b are linked either way.
func linked(pf *portfolio.Portfolio, a, b *content.Page) bool {
	for _, e := range pf.Out(a) {
		if e.To == b {
			return true
		}
	}
	for _, e := range pf.Out(b) {
		if e.To == a {
			return true
		}
	}
	return false
}

// TestSuggestions: the example portfolio's suggestions are the same from
// two loads, never connect pages already linked or a page with itself,
// name what the two share, and say how to accept them.
func TestSuggestions(t *testing.T) {
	pf := loadExample(t, "../..")
	s := analysis.Suggest(pf, analysis.Options{Top: 3})
	first := dump(s)
	if again := dump(analysis.Suggest(loadExample(t, "../.."), analysis.Options{Top: 3})); again != first {
		t.Errorf("two loads of one portfolio give different suggestions:\n%s\n---\n%s", first, again)
	}
	if len(s.All()) < 20 {
		t.Fatalf("only %d suggestions:\n%s", len(s.All()), first)
	}
	for _, x := range s.All() {
		switch {
		case x.From == x.To:
			t.Errorf("%s is suggested to itself", x.From.File)
		case linked(pf, x.From, x.To):
			t.Errorf("%s and %s are already linked", x.From.File, x.To.File)
		case !analysis.Connectable(x.From.Kind, x.To.Kind):
			t.Errorf("%s → %s: kinds suggestions do not connect", x.From.File, x.To.File)
		case x.Why.String() == "":
			t.Errorf("%s → %s has no reason", x.From.File, x.To.File)
		case !strings.Contains(x.Accept(), x.From.File) || !strings.Contains(x.Accept(), x.To.Slug):
			t.Errorf("%s → %s: accept says %q", x.From.File, x.To.File, x.Accept())
		}
	}
	// Every page that gets suggestions asks for at most Top itself; with
	// the pairs other pages ask for, For lists them all.
	for _, x := range s.All() {
		found := false
		for _, y := range s.For(x.To) {
			found = found || y.From == x.From && y.To == x.To
		}
		if !found {
			t.Errorf("For(%s) lacks the suggestion from %s", x.To.File, x.From.File)
		}
	}
}

// TestDismissed: a pair listed in suggestions.yaml is no longer
// suggested, either way; an entry naming a page that does not exist is a
// warning at its line, with the likeliest page, and does nothing.
func TestDismissed(t *testing.T) {
	pf := loadExample(t, "../..")
	s := analysis.Suggest(pf, analysis.Options{Top: 3})
	top := s.All()[0]
	dir := t.TempDir()
	yaml := fmt.Sprintf("dismissed:\n  - from: %s\n    to: %s\n    note: not the same people\n  - from: content/initiatives/bike-libary.md\n    to: %s\n  - {from: %s, to: %s, colour: red}\n",
		top.To.File, top.From.File, top.To.File, top.From.File, top.From.File)
	if err := os.WriteFile(filepath.Join(dir, analysis.DismissedFile), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	d, diags := analysis.LoadDismissed(dir, pf)
	if d.Len() != 1 {
		t.Errorf("%d pairs dismissed, want 1", d.Len())
	}
	want := map[string]int{"suggestions-unknown-page": 5, "suggestions-unknown-key": 7, "suggestions-entry": 7}
	for _, g := range diags {
		if g.File != analysis.DismissedFile {
			t.Errorf("diagnostic about %s: %s", g.File, g)
		}
		if line, ok := want[g.Code]; ok && g.Line == line {
			delete(want, g.Code)
			if g.Code == "suggestions-unknown-page" && !strings.Contains(g.Hint, "content/initiatives/bike-library.md") {
				t.Errorf("the hint %q does not name the page meant", g.Hint)
			}
		}
	}
	for code, line := range want {
		t.Errorf("no %s at line %d in %v", code, line, diags)
	}
	after := analysis.Suggest(pf, analysis.Options{Top: 3, Dismissed: d})
	for _, x := range after.All() {
		if x.From == top.From && x.To == top.To {
			t.Errorf("the dismissed pair %s → %s is still suggested", x.From.File, x.To.File)
		}
	}
	if len(after.All()) == 0 {
		t.Error("dismissing one pair left no suggestions")
	}
}
