package portfolio_test

import (
	"reflect"
	"testing"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

func TestTaxonomies(t *testing.T) {
	pf, diags := resolve(t, map[string]string{
		"content/intents/clean-air.md": "---\ntitle: Clean air\nsummary: S.\nsystems: [Transport, Public Health]\n---\n",
		"content/initiatives/a.md": initiative("A", "piloting", "clean-air",
			"facet: adaptive\nplaces: [Eastbank, North Gate]\nsystems: [transport]\ntags: [Cargo bikes]\n", ""),
		"content/initiatives/b.md":   initiative("B", "idea", "clean-air", "places: [Südstadt]\n", ""),
		"content/narratives/n.md":    narrative("N", "place: eastbank\n"),
		"content/narratives/gone.md": narrative("Gone", "  withdrawn: 2025-01-01\nplace: Westbank\n"),
		// Any page may have tags.
		"content/about.md": "---\ntitle: About\ntags: [cargo bikes]\n---\n",
	}, nil)
	if diags.HasErrors() {
		t.Fatalf("unexpected errors:\n%s", diags.String())
	}
	air := page(t, pf, "content/intents/clean-air.md")
	a := page(t, pf, "content/initiatives/a.md")
	b := page(t, pf, "content/initiatives/b.md")
	n := page(t, pf, "content/narratives/n.md")
	about := page(t, pf, "content/about.md")

	for _, tc := range []struct {
		tax   string
		terms []string
		pages map[string][]*content.Page
		label map[string]string
	}{
		{"systems", []string{"public-health", "transport"},
			map[string][]*content.Page{"transport": {air, a}, "public-health": {air}},
			// The first spelling, in page order: the intent comes before the initiative.
			map[string]string{"transport": "Transport", "public-health": "Public Health"}},
		{"places", []string{"eastbank", "north-gate", "suedstadt"},
			map[string][]*content.Page{"eastbank": {a, n}, "north-gate": {a}, "suedstadt": {b}, "westbank": nil},
			map[string]string{"eastbank": "Eastbank", "north-gate": "North Gate", "suedstadt": "Südstadt"}},
		{"tags", []string{"cargo-bikes"},
			map[string][]*content.Page{"cargo-bikes": {about, a}},
			map[string]string{"cargo-bikes": "cargo bikes"}},
		{"status", []string{"idea", "piloting"},
			map[string][]*content.Page{"idea": {b}, "piloting": {a}},
			map[string]string{"piloting": "piloting"}},
		{"facet", []string{"adaptive"},
			map[string][]*content.Page{"adaptive": {a}},
			map[string]string{"adaptive": "adaptive", "unknown-term": "unknown-term"}},
	} {
		t.Run(tc.tax, func(t *testing.T) {
			if got := pf.Terms(tc.tax); !reflect.DeepEqual(got, tc.terms) {
				t.Errorf("Terms = %v, want %v", got, tc.terms)
			}
			for term, want := range tc.pages {
				if got := pf.TermPages(tc.tax, term); !reflect.DeepEqual(files(got), files(want)) {
					t.Errorf("TermPages(%s) = %v, want %v", term, files(got), files(want))
				}
			}
			for term, want := range tc.label {
				if got := pf.TermLabel(tc.tax, term); got != want {
					t.Errorf("TermLabel(%s) = %q, want %q", term, got, want)
				}
			}
			for _, term := range pf.Terms(tc.tax) {
				if term != content.Slugify(term) {
					t.Errorf("term %q is not a slug", term)
				}
			}
		})
	}
}

func TestTermPathAndTermsOf(t *testing.T) {
	if got := portfolio.TermPath("places", "North Gate"); got != "places/north-gate/" {
		t.Errorf("TermPath = %q", got)
	}
	n := &content.Page{Kind: content.KindNarrative}
	n.Place = "Eastbank"
	if got := portfolio.TermsOf(n, "places"); !reflect.DeepEqual(got, []string{"Eastbank"}) {
		t.Errorf("TermsOf(narrative, places) = %v", got)
	}
	// A status or facet belongs to initiatives only.
	d := &content.Page{Kind: content.KindDecision}
	d.Status, d.Facet = "stopped", "adaptive"
	for _, tax := range []string{"status", "facet", "unknown"} {
		if got := portfolio.TermsOf(d, tax); got != nil {
			t.Errorf("TermsOf(decision, %s) = %v, want none", tax, got)
		}
	}
	// Filing a page under its place must not change its places.
	i := &content.Page{Kind: content.KindInitiative}
	i.Places = make([]string, 1, 4)
	i.Places[0] = "Eastbank"
	i.Place = "Westbank"
	portfolio.TermsOf(i, "places")
	if got := i.Places[:2]; got[1] != "" {
		t.Errorf("TermsOf wrote into the page's places: %v", got)
	}
}
