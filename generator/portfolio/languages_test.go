package portfolio_test

import (
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// bilingual resolves files on a site in English and Welsh.
func bilingual(t *testing.T, files map[string]string) (*portfolio.Portfolio, diag.List) {
	t.Helper()
	cfg, d := config.Parse([]byte("title: Portfolio\nlanguages:\n  en: {name: English}\n  cy: {name: Cymraeg, title: Portffolio}\n"))
	if d.HasErrors() {
		t.Fatal(d)
	}
	set, diags := content.Load(writeSite(t, files), "content", content.Options{Statuses: config.DefaultStatuses, Now: now, Languages: cfg.Languages.Codes()})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return portfolio.Resolve(cfg, set, now)
}

// TestLanguagePortfolios: a language's portfolio is the same graph with
// its translations in place of their originals; a translation's links
// reach that language's pages, or an untranslated page's original, which
// is marked as being in another language.
func TestLanguagePortfolios(t *testing.T) {
	pf, diags := bilingual(t, map[string]string{
		"content/intents/clean-air.md":           intentMD,
		"content/intents/clean-air.cy.md":        "---\ntitle: Aer glân\nslug: aer-glan\n---\n",
		"content/initiatives/bike-library.md":    initiative("Bike library", "piloting", "clean-air", "", "See [[school-streets]] and [[clean-air]].\n"),
		"content/initiatives/bike-library.cy.md": "---\ntitle: Llyfrgell feiciau\n---\nGweler [[school-streets]], [[aer-glan]], [[clean-air|yr aer]] a [[map]]. ![Llun](../intents/clean-air.md)\n",
		"content/initiatives/school-streets.md":  initiative("School streets", "scaling", "clean-air", "", ""),
	})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	cy := pf.Language("cy")
	if cy == nil || pf.Language("en") != pf || len(pf.Languages()) != 2 || cy.Lang != "cy" || pf.Lang != "en" {
		t.Fatalf("languages: %v", pf.Languages())
	}
	if cy.Config.Title != "Portffolio" || cy.Config.Language != "cy" {
		t.Errorf("the Welsh configuration is %q in %q", cy.Config.Title, cy.Config.Language)
	}
	bike := cy.Page(content.KindInitiative, "bike-library")
	intent := cy.Page(content.KindIntent, "clean-air")
	streets := cy.Page(content.KindInitiative, "school-streets")
	if bike.Lang != "cy" || intent.Title != "Aer glân" || streets.Lang != "en" {
		t.Fatalf("Welsh pages: %q %q %q", bike.Lang, intent.Title, streets.Lang)
	}
	if !cy.Foreign(streets) || cy.Foreign(bike) || pf.Foreign(pf.Page(content.KindInitiative, "school-streets")) {
		t.Error("Foreign says whether a page is in another language than the portfolio")
	}
	// The graph is the entity's, in Welsh.
	if got := cy.Targets(bike, "intents"); len(got) != 1 || got[0] != intent {
		t.Errorf("the Welsh bike library serves %v, want the Welsh intent", got)
	}
	if got := cy.Referrers(intent, content.KindInitiative, "intents"); len(got) != 2 || got[0] != bike || got[1] != streets {
		t.Errorf("the Welsh intent is served by %v", got)
	}
	var urls []string
	for _, l := range cy.Links(bike) {
		urls = append(urls, l.URL+" "+l.Lang+" "+l.Title)
	}
	want := []string{
		"/initiatives/school-streets/ en School streets",
		"/cy/intents/aer-glan/  Aer glân",
		"/cy/intents/aer-glan/  Aer glân",
		"/cy/map/  ",
		"/cy/intents/aer-glan/  Aer glân",
	}
	if strings.Join(urls, "\n") != strings.Join(want, "\n") {
		t.Errorf("the Welsh body links to\n%s\nwant\n%s", strings.Join(urls, "\n"), strings.Join(want, "\n"))
	}
	if got := pf.Links(pf.Page(content.KindInitiative, "bike-library")); got[0].URL != "/initiatives/school-streets/" || got[0].Lang != "" {
		t.Errorf("the English body links to %v", got)
	}
	vs := cy.Versions(streets)
	if len(vs) != 1 || pf.Version(bike, "en") != pf.Page(content.KindInitiative, "bike-library") || pf.Version(bike, "cy") != bike {
		t.Errorf("versions: %v", vs)
	}
	if cy.URL(bike) != "/cy/initiatives/bike-library/" || cy.URL(streets) != "/initiatives/school-streets/" {
		t.Errorf("URLs %s %s", cy.URL(bike), cy.URL(streets))
	}
}

// TestTranslationBrokenLink: a broken link in a translation is reported at
// the translation's line.
func TestTranslationBrokenLink(t *testing.T) {
	_, diags := bilingual(t, map[string]string{
		"content/intents/clean-air.md":    intentMD,
		"content/intents/clean-air.cy.md": "---\ntitle: Aer glân\n---\nGweler\n[[dim-tudalen]].\n",
	})
	var got []diag.Diagnostic
	for _, d := range diags {
		if d.Code == "ref-unknown" {
			got = append(got, d)
		}
	}
	if len(got) != 1 || got[0].File != "content/intents/clean-air.cy.md" || got[0].Line != 5 {
		t.Errorf("want one broken link at content/intents/clean-air.cy.md:5, got:\n%s", diags)
	}
}
