package analysis_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/analysis"
	"github.com/trellis-ssg/trellis/generator/content"
)

// slugs names pages by kind and slug: "initiative/b".
func slugs(ps []*content.Page) []string {
	var out []string
	for _, p := range ps {
		out = append(out, string(p.Kind)+"/"+p.Slug)
	}
	slices.Sort(out)
	return out
}

// TestHealthCounts judges the hand-built portfolio of testdata/health,
// whose figures are worked out in its README.txt, with the thresholds of
// its site.yaml (six months of learning, 60 days of consent, one
// initiative an intent).
func TestHealthCounts(t *testing.T) {
	pf, diags := generator.Load(generator.Options{Source: "testdata/health", Now: now, NoGitDates: true})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	h := analysis.HealthOf(pf)
	want := map[string]struct {
		count, of int
		pages     []string
	}{
		analysis.HealthNoRecentLearning: {1, 2, []string{"initiative/b"}},
		analysis.HealthWithoutEvidence:  {1, 2, []string{"decision/d2"}},
		analysis.HealthUndecided:        {1, 3, []string{"initiative/c"}},
		analysis.HealthThinIntents:      {2, 3, []string{"intent/beta", "intent/gamma"}},
		analysis.HealthUnfunded:         {1, 3, []string{"initiative/b"}},
		analysis.HealthUpdatedRecent:    {2, 13, []string{"initiative/a", "learning/l1"}},
		analysis.HealthUpdatedYear:      {2, 13, []string{"initiative/b", "learning/l2"}},
		analysis.HealthUpdatedStale:     {3, 13, []string{"decision/d1", "decision/d2", "initiative/c"}},
		analysis.HealthUndated: {6, 13, []string{"intent/alpha", "intent/beta", "intent/gamma",
			"narrative/n1", "narrative/n2", "organisation/city"}},
	}
	for key, w := range want {
		f, ok := h.Figure(key)
		if !ok {
			t.Errorf("no figure %s", key)
			continue
		}
		if f.Count != w.count || f.Of != w.of {
			t.Errorf("%s: %d of %d, want %d of %d", key, f.Count, f.Of, w.count, w.of)
		}
		if got := slugs(f.Pages); !slices.Equal(got, w.pages) {
			t.Errorf("%s: pages %v, want %v", key, got, w.pages)
		}
		if !f.Listed() {
			t.Errorf("%s has no list page", key)
		}
	}
	if n := len(h.Figures()); n != len(want) {
		t.Errorf("%d figures with lists, want %d", n, len(want))
	}
	// Stories are counted, never named.
	for key, n := range map[string]int{analysis.HealthConsentRenewal: 1, analysis.HealthConsentLapsed: 1} {
		f, _ := h.Figure(key)
		if f.Count != n || f.Listed() || len(f.Pages) > 0 {
			t.Errorf("%s: count %d listed %v pages %d, want %d, unlisted, none", key, f.Count, f.Listed(), len(f.Pages), n)
		}
	}
	var years []string
	for _, y := range h.Funding {
		years = append(years, strings.Join(append([]string{strconv.Itoa(y.Year), strconv.Itoa(y.Lines)}, slugs(y.Initiatives)...), " "))
	}
	if w := []string{"2024 1 initiative/c", "2025 2 initiative/a initiative/c"}; !slices.Equal(years, w) {
		t.Errorf("funding per year %q, want %q", years, w)
	}
	if step := h.Record[2].Steps; len(step) != 1 || step[0].Change.Status != "stopped" {
		t.Errorf("the undecided steps are %+v, want c's stop", step)
	}
}

// TestHealthPage builds the fixture: the health page shows each figure
// with a link to its list, the list names the pages behind it, the
// stories' figures are counts without names, and the footer's "About the
// data" links the page.
func TestHealthPage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	res, err := generator.Build(generator.Options{Source: "testdata/health", Destination: out, Now: now, NoGitDates: true})
	if err != nil {
		t.Fatal(err, res.Diags)
	}
	read := func(p string) string {
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	page := read("health/index.html")
	for _, s := range []string{
		`href="/health/decisions-without-evidence/"`, `href="/health/thin-intents/"`, `href="/health/no-recent-learning/"`,
		`href="/health/changes-without-decision/"`, `href="/health/unfunded/"`, `href="/health/not-updated/"`,
		"6 months", "60 days",
	} {
		if !strings.Contains(page, s) {
			t.Errorf("the health page lacks %q", s)
		}
	}
	// Every string is in the theme's tables: none shows as its key.
	if k := regexp.MustCompile(`\b(help|health|history|period|empty)\.[a-z-]+(\.[a-z-]+)*\b`).FindString(page); k != "" {
		t.Errorf("the health page shows the key %q", k)
	}
	if strings.Contains(page, "Story n1") || strings.Contains(page, "/narratives/n1/") {
		t.Error("the health page names a story awaiting consent renewal")
	}
	list := read("health/thin-intents/index.html")
	for _, s := range []string{`href="/intents/beta/"`, `href="/intents/gamma/"`} {
		if !strings.Contains(list, s) {
			t.Errorf("the thin intents' list lacks %q", s)
		}
	}
	if strings.Contains(list, `href="/intents/alpha/"`) {
		t.Error("the thin intents' list names alpha, which two initiatives serve")
	}
	if !strings.Contains(read("index.html"), `href="/health/"`) {
		t.Error("the home page does not link the health page")
	}
}
