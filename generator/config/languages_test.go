package config

import (
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator/diag"
)

const bilingual = `title: Riverford portfolio
base_url: https://example.org/portfolio/
description: What we try.
languages:
  en:
    name: English
  cy:
    name: Cymraeg
    title: Portffolio Riverford
    statement: Beth rydym yn ceisio ei newid.
    menu:
      main:
        - {title: Am y portffolio, page: about}
    accessibility:
      known_issues: [Mae rhai adroddiadau yn PDF.]
  ar: العربية
accessibility:
  status: full
  known_issues: [Some reports are PDF.]
`

// TestLanguages: languages: keeps site.yaml's order (the first is the
// default), and each language's configuration replaces the site's where it
// sets something.
func TestLanguages(t *testing.T) {
	c, diags := Parse([]byte(bilingual))
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	if got := strings.Join(c.LanguageCodes(), " "); got != "en cy ar" || c.Language != "en" || !c.Multilingual() {
		t.Fatalf("codes %q, language %q", got, c.Language)
	}
	cy := c.In("cy")
	for _, x := range []struct{ name, got, want string }{
		{"title", cy.Title, "Portffolio Riverford"},
		{"description (the site's)", cy.Description, "What we try."},
		{"statement", cy.Statement, "Beth rydym yn ceisio ei newid."},
		{"language", cy.Language, "cy"},
		{"prefix", cy.Prefix(), "cy/"},
		{"lang URL", cy.LangURL("map/"), "/portfolio/cy/map/"},
		{"file URL", cy.URL("data/portfolio.json"), "/portfolio/data/portfolio.json"},
		{"menu", cy.Menu.Main[0].Title, "Am y portffolio"},
		{"accessibility status (the site's)", cy.Accessibility.Status, "full"},
		{"known issues", cy.Accessibility.Known[0], "Mae rhai adroddiadau yn PDF."},
		{"default prefix", c.In("en").Prefix(), ""},
		{"name of ar", c.Languages[2].Name, "العربية"},
		{"dir of ar", Dir("ar"), "rtl"},
		{"dir of he", Dir("he"), "rtl"},
		{"dir of cy", Dir("cy"), ""},
	} {
		if x.got != x.want {
			t.Errorf("%s: %q, want %q", x.name, x.got, x.want)
		}
	}
	if c.In("en") != c {
		t.Error("the default language's configuration is the site's")
	}
	if c.Title != "Riverford portfolio" || c.Prefix() != "" {
		t.Error("In changed the site's configuration")
	}
	if single, _ := Parse([]byte("title: X\nlanguage: cy\n")); single.Multilingual() || single.In("cy") != single || strings.Join(single.LanguageCodes(), ",") != "cy" {
		t.Error("a site without languages: has one language, language:")
	}
}

// TestLanguageMistakes: each mistake in languages: is an error at its line.
func TestLanguageMistakes(t *testing.T) {
	for _, tc := range []struct {
		name, src, code string
		line            int
		message         string
	}{
		{"a language without a name", "languages:\n  en: {name: English}\n  cy: {title: Portffolio}\n", "config-language-name", 3, `"cy" has no name`},
		{"an empty entry", "languages:\n  en: {name: English}\n  fr:\n", "config-language-name", 3, `"fr" has no name`},
		{"not a code", "languages:\n  english: {name: English}\n", "config-language", 2, "not a language code"},
		{"an unknown language", "languages:\n  en: {name: English}\n  xx: {name: X}\n", "config-language", 3, "not a known language"},
		{"language: that is not the first", "language: cy\nlanguages:\n  en: {name: English}\n  cy: {name: Cymraeg}\n", "config-language", 1, `the first of languages is "en"`},
		{"an unknown key", "languages:\n  en: {name: English, titel: X}\n", "config-unknown-key", 2, "languages.en.titel"},
		{"a menu entry without a title", "languages:\n  en: {name: English}\n  cy:\n    name: Cymraeg\n    menu:\n      main:\n        - {page: about}\n", "config-menu", 7, "languages.cy.menu.main entry 1 has no title"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := Parse([]byte(tc.src))
			var found []diag.Diagnostic
			for _, d := range diags {
				if d.Code == tc.code {
					found = append(found, d)
				}
			}
			if len(found) != 1 {
				t.Fatalf("want one %s, got:\n%s", tc.code, diags)
			}
			if d := found[0]; d.Line != tc.line || d.Severity != diag.Error || !strings.Contains(d.Message, tc.message) || d.File != FileName {
				t.Errorf("got %s, want line %d with %q", d, tc.line, tc.message)
			}
		})
	}
}
