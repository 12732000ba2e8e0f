package portfolio_test

import (
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

func parseConfig(t *testing.T, src string) *config.Config {
	t.Helper()
	cfg, diags := config.Parse([]byte(src))
	if diags.HasErrors() {
		t.Fatalf("site.yaml: %v", diags)
	}
	return cfg
}

// menuOf lists a menu as "title=url" strings.
func menuOf(m portfolio.Menu) []string {
	var out []string
	for _, it := range m.Items {
		out = append(out, it.Title+"="+it.URL)
	}
	return out
}

func TestMenusFromSiteYAMLAndFrontMatter(t *testing.T) {
	cfg := parseConfig(t, `title: Menus
base_url: https://example.org/portfolio/
menu:
  main:
    - {title: About us, page: About}
    - {title: Bikes, page: initiatives/bike-library}
    - {title: Council, url: https://council.example/}
    - {title: Data, url: /data/}
    - {title: By file, page: intents/clean-air.md}
`)
	files := map[string]string{
		"content/about.md":                    "---\ntitle: About\nmenu: main\n---\n",
		"content/contact.md":                  "---\ntitle: Contact\nmenu: [main, footer]\nweight: 2\n---\n",
		"content/privacy.md":                  "---\ntitle: Privacy\nmenu: footer\nweight: 1\n---\n",
		"content/zebra.md":                    "---\ntitle: Zebra crossings\nmenu: main\nweight: 1\n---\n",
		"content/intents/clean-air.md":        intentMD,
		"content/initiatives/bike-library.md": initiative("Bike library", "piloting", "clean-air", "", ""),
	}
	pf, diags := resolve(t, files, cfg)
	if diags.HasErrors() {
		t.Fatalf("%v", diags)
	}
	m := pf.Menus()
	want := []string{
		"About us=/portfolio/about/",
		"Bikes=/portfolio/initiatives/bike-library/",
		"Council=https://council.example/",
		"Data=/portfolio/data/",
		"By file=/portfolio/intents/clean-air/",
		// then the pages that put themselves in the menu, by weight then
		// title; About is listed by site.yaml already
		"Zebra crossings=/portfolio/zebra/",
		"Contact=/portfolio/contact/",
	}
	if got := menuOf(m.Main); strings.Join(got, "\n") != strings.Join(want, "\n") || !m.Main.Configured {
		t.Errorf("main menu (configured %v):\n%s\nwant\n%s", m.Main.Configured, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	wantFooter := []string{"Privacy=/portfolio/privacy/", "Contact=/portfolio/contact/"}
	if got := menuOf(m.Footer); strings.Join(got, "\n") != strings.Join(wantFooter, "\n") || m.Footer.Configured {
		t.Errorf("footer (configured %v): %v, want %v", m.Footer.Configured, got, wantFooter)
	}
}

func TestMenuUnknownPageIsAnError(t *testing.T) {
	src := "title: Menus\nmenu:\n  footer:\n    - {title: About, page: about}\n    - {title: Team, page: our-tema}\n"
	cfg := parseConfig(t, src)
	files := map[string]string{
		"content/about.md":    "---\ntitle: About\n---\n",
		"content/our-team.md": "---\ntitle: Our team\n---\n",
	}
	_, diags := resolve(t, files, cfg)
	var found []diag.Diagnostic
	for _, d := range diags {
		if d.Code == "menu-unknown-page" {
			found = append(found, d)
		}
	}
	if len(found) != 1 {
		t.Fatalf("want one menu-unknown-page diagnostic, got:\n%v", diags)
	}
	d := found[0]
	if d.File != "site.yaml" || d.Line != 5 || d.Severity != diag.Error || !strings.Contains(d.Message, `"our-tema"`) || !strings.Contains(d.Hint, "our-team") {
		t.Errorf("diagnostic = %+v, want an error at site.yaml:5 naming our-tema and suggesting our-team", d)
	}
}

func TestLookupForms(t *testing.T) {
	fixture := map[string]string{
		"content/about.md":                    "---\ntitle: About\n---\n",
		"content/intents/clean-air.md":        intentMD,
		"content/initiatives/bike-library.md": initiative("Bike library", "piloting", "clean-air", "", ""),
	}
	pf, _ := resolve(t, fixture, nil)
	for target, want := range map[string]string{
		"about":                       "content/about.md",
		"/about/":                     "content/about.md",
		"About":                       "content/about.md",
		"about.md":                    "content/about.md",
		"content/about.md":            "content/about.md",
		"bike_library":                "content/initiatives/bike-library.md",
		"Bike Library":                "content/initiatives/bike-library.md",
		"initiative/bike-library":     "content/initiatives/bike-library.md",
		"/initiatives/bike-library/":  "content/initiatives/bike-library.md",
		"initiatives/bike-library.md": "content/initiatives/bike-library.md",
		"intents/clean-air":           "content/intents/clean-air.md",
		"no-such-page":                "",
		"organisations/bike-library":  "",
	} {
		got := pf.Lookup(target)
		switch {
		case want == "" && len(got) != 0:
			t.Errorf("Lookup(%q) = %v, want nothing", target, files(got))
		case want != "" && (len(got) != 1 || got[0].File != want):
			t.Errorf("Lookup(%q) = %v, want %s", target, files(got), want)
		}
	}
}
