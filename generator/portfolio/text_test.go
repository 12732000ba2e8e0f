package portfolio_test

import (
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// TestTextAndSummary: a body's wiki-links read as their targets' titles in
// Text, and Summary falls back from summary to rationale to the quote a
// storyteller allowed to the start of Text.
func TestTextAndSummary(t *testing.T) {
	pf, diags := resolve(t, map[string]string{
		"content/intents/clean-air.md":        intentMD,
		"content/initiatives/bike-library.md": initiative("Bike library", "piloting", "clean-air", "", "Serves [[clean-air]] and [[clean-air|cleaner air]].\n"),
		"content/learnings/riders.md":         "---\ntitle: Riders\ndate: 2025-01-01\ninitiatives: [bike-library]\n---\n# What we saw\n\nRiders of the [[bike-library]] want trikes.\n",
		"content/decisions/scale.md":          "---\ntitle: Scale it\ndate: 2025-01-01\noutcome: scale\ninitiatives: [bike-library]\nlearnings: [riders]\nrationale: Riders keep coming back.\n---\nSee [[riders]].\n",
		"content/narratives/rider.md":         "---\ntitle: A rider\nteller: Marta\nquote: I ride again.\nconsent:\n  scope: [site, quote]\n  given: 2024-01-01\n---\nThe [[bike-library]] story.\n",
		"content/narratives/quiet.md":         "---\ntitle: Quiet rider\nteller: Ana\nquote: Not to be shown.\nconsent:\n  scope: [site]\n  given: 2024-01-01\n---\nThe [[bike-library]] story, " + strings.Repeat("again and ", 40) + "end.\n",
	}, nil)
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %s", diags)
	}
	page := func(k content.Kind, slug string) *content.Page {
		p := pf.Page(k, slug)
		if p == nil {
			t.Fatalf("no %s %s", k, slug)
		}
		return p
	}
	if got, want := pf.Text(page(content.KindInitiative, "bike-library")), "Serves Clean air and cleaner air."; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
	for _, tc := range []struct {
		p    *content.Page
		want string
	}{
		{page(content.KindInitiative, "bike-library"), "Something useful."},
		{page(content.KindLearning, "riders"), "What we saw. Riders of the Bike library want trikes."},
		{page(content.KindDecision, "scale"), "Riders keep coming back."},
		{page(content.KindNarrative, "rider"), "I ride again."},
	} {
		if got := pf.Summary(tc.p); got != tc.want {
			t.Errorf("Summary(%s) = %q, want %q", tc.p.Slug, got, tc.want)
		}
	}
	quiet := pf.Summary(page(content.KindNarrative, "quiet"))
	if !strings.HasPrefix(quiet, "The Bike library story, again and") || !strings.HasSuffix(quiet, "…") || len([]rune(quiet)) > portfolio.SummaryLen+1 {
		t.Errorf("Summary of a long body without a quote it may show = %q", quiet)
	}
}

func TestExcerpt(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int
		want string
	}{
		{"short  text\n", 20, "short text"},
		{"one two three four five", 12, "one two…"},
		{"a, b; c. dddddddddddddddddddd", 8, "a, b; c…"},
		{"Ünïcödé wörds here", 9, "Ünïcödé…"},
		{"averyveryverylongword", 6, "averyv…"},
	} {
		if got := portfolio.Excerpt(tc.in, tc.max); got != tc.want {
			t.Errorf("Excerpt(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
	}
}
