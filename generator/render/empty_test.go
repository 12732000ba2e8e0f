package render_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEmptyPortfolioSaysSo builds a portfolio with no pages, and one with a
// single intent: every list and view with nothing to show says so in
// words, with no chart of zeros, no empty list and no heading over nothing.
func TestEmptyPortfolioSaysSo(t *testing.T) {
	empty := writeSite(t, map[string]string{"site.yaml": "title: Empty\n"})
	os.MkdirAll(filepath.Join(empty, "content"), 0o755)
	out := build(t, empty)
	want := map[string][]string{
		"index.html":               {"No initiatives recorded yet.", "No intents recorded yet.", "No learnings recorded yet.", "No decisions recorded yet."},
		"intents/index.html":       {"No intents recorded yet."},
		"initiatives/index.html":   {"No initiatives recorded yet."},
		"learnings/index.html":     {"No learnings recorded yet."},
		"decisions/index.html":     {"No decisions recorded yet."},
		"narratives/index.html":    {"No stories published yet."},
		"sources/index.html":       {"No sources recorded yet."},
		"organisations/index.html": {"No organisations recorded yet."},
		"changes/index.html":       {"Nothing has been published yet."},
		"search/index.html":        {"No pages yet."},
	}
	check := func(out map[string][]byte, want map[string][]string) {
		for name, texts := range want {
			page := string(out[name])
			if page == "" {
				t.Errorf("no %s", name)
				continue
			}
			for _, w := range texts {
				if !strings.Contains(page, w) {
					t.Errorf("%s does not say %q", name, w)
				}
			}
			main := page[strings.Index(page, "<main"):strings.Index(page, "</main>")]
			for _, bad := range []string{"0 in all", "<ul class=\"counts\">", "<ul class=\"cards\"></ul>", "<svg class=\"pv", "All intents", "Browse by:"} {
				if strings.Contains(main, bad) {
					t.Errorf("%s shows %q with nothing to show", name, bad)
				}
			}
		}
	}
	check(out.Files, want)

	one := writeSite(t, map[string]string{
		"site.yaml":                    "title: One intent\n",
		"content/intents/clean-air.md": "---\ntitle: Clean air\nsummary: Air.\n---\n",
	})
	out = build(t, one)
	check(out.Files, map[string][]string{
		"views/index.html": {"No risks recorded yet.", "No funding recorded yet.", "No initiatives recorded yet.",
			"No initiative has a start date, a status change or a decision yet."},
		"initiatives/index.html": {"No initiatives recorded yet."},
	})
}
