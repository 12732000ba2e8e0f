package content_test

import (
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
)

const (
	bikeLibrary = "---\nid: INI-1\ntitle: Bike library\nsummary: Bikes to borrow.\nstatus: piloting\nintents: [clean-air]\n---\nLend bikes.\n"
	cleanAir    = "---\ntitle: Clean air\nsummary: Air.\n---\n"
)

func loadLangs(t *testing.T, files map[string]string, langs ...string) (*content.Set, diag.List) {
	t.Helper()
	o := opts()
	o.Languages = langs
	return content.Load(writeSite(t, files), "content", o)
}

// TestTranslationIsAVersionOfItsOriginal: bike-library.cy.md is the
// Welsh version of bike-library.md: the original's identity, references
// and fields, its own title, summary, body and slug, at /cy/.
func TestTranslationIsAVersionOfItsOriginal(t *testing.T) {
	set, diags := loadLangs(t, map[string]string{
		"content/intents/clean-air.md":            cleanAir,
		"content/initiatives/bike-library.md":     bikeLibrary,
		"content/initiatives/bike-library.cy.md":  "---\ntitle: Llyfrgell feiciau\nsummary: Beiciau i'w benthyg.\nslug: llyfrgell-feiciau\n---\nBenthyg beiciau.\n",
		"content/narratives/gate/index.md":        "---\ntitle: At the gate\nteller: Ana\nconsent: {scope: [site], given: 2025-01-01}\nimage: {src: gate.jpg, alt: A gate}\n---\nText.\n",
		"content/narratives/gate/index.cy.md":     "---\ntitle: Wrth y giât\n---\nTestun.\n",
		"content/narratives/gate/gate.jpg":        "jpg",
		"content/organisations/city.md":           "---\ntitle: City\n---\n",
		"content/about/index.md":                  "---\ntitle: About\n---\n![The city](city.png)\n",
		"content/about/index.cy.md":               "---\ntitle: Amdanom\n---\n![Y ddinas](city.png)\n",
		"content/about/city.png":                  "png",
		"content/organisations/city.en.md.backup": "x",
	}, "en", "cy")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if len(set.Pages) != 5 || len(set.Translations) != 3 {
		t.Errorf("%d pages and %d translations, want 5 and 3 (translations are not pages of their own)", len(set.Pages), len(set.Translations))
	}
	var bike, gate *content.Page
	for _, v := range set.Translations {
		switch v.Original.File {
		case "content/initiatives/bike-library.md":
			bike = v
		case "content/narratives/gate/index.md":
			gate = v
		}
	}
	if bike == nil || gate == nil {
		t.Fatalf("translations: %v", set.Translations)
	}
	for _, c := range []struct{ name, got, want string }{
		{"lang", bike.Lang, "cy"},
		{"original's lang", bike.Original.Lang, "en"},
		{"title", bike.Title, "Llyfrgell feiciau"},
		{"summary", bike.Summary, "Beiciau i'w benthyg."},
		{"status (shared)", bike.Status, "piloting"},
		{"id (shared)", bike.StableID(), "INI-1"},
		{"slug (identity)", bike.Slug, "bike-library"},
		{"own slug", bike.OwnSlug(), "llyfrgell-feiciau"},
		{"path", bike.Path(), "cy/initiatives/llyfrgell-feiciau/"},
		{"file", bike.File, "content/initiatives/bike-library.cy.md"},
		{"body", strings.TrimSpace(bike.Body.Text), "Benthyg beiciau."},
		{"bundle path", gate.Path(), "cy/narratives/gate/"},
		{"bundle image (shared)", gate.Image.Src, "gate.jpg"},
		{"bundle title", gate.Title, "Wrth y giât"},
	} {
		if c.got != c.want {
			t.Errorf("%s: %q, want %q", c.name, c.got, c.want)
		}
	}
	if strings.Join(bike.Intents, ",") != "clean-air" {
		t.Errorf("intents %v: a translation keeps its original's references", bike.Intents)
	}
	if bike.Entity() != bike.Original || bike.Original.Entity() != bike.Original {
		t.Error("Entity is the original")
	}
	for _, p := range set.Pages {
		if p.File == "content/about/index.md" && (p.Bundle != "content/about" || strings.Join(p.Resources, ",") != "city.png") {
			t.Errorf("about/ is a bundle of index.md and city.png (its translation is no page of the folder): %q %v", p.Bundle, p.Resources)
		}
		if p.File == "content/narratives/gate/index.md" && strings.Join(p.Resources, ",") != "gate.jpg" {
			t.Errorf("the bundle's resources are %v: index.cy.md is its translation, not a file to publish", p.Resources)
		}
	}
}

// TestTranslationMistakes: each mistake with translations is an error with
// the file and line, and the translation is not published.
func TestTranslationMistakes(t *testing.T) {
	for _, tc := range []struct {
		name, file, src string
		code            string
		line            int
		message, hint   string
	}{
		{name: "translation of a page that does not exist", file: "content/initiatives/bike-libary.cy.md",
			src: "---\ntitle: Llyfrgell\n---\n", code: "translation-orphan", line: 1,
			message: "there is no content/initiatives/bike-libary.md", hint: "content/initiatives/bike-library.md"},
		{name: "a language the site does not have", file: "content/initiatives/bike-library.fr.md",
			src: "---\ntitle: Bibliothèque de vélos\n---\n", code: "translation-language", line: 1,
			message: `"fr"`, hint: "languages:"},
		{name: "a field that is the original's", file: "content/initiatives/bike-library.cy.md",
			src: "---\ntitle: Llyfrgell\nstatus: scaling\n---\n", code: "translation-field", line: 3,
			message: "`status`", hint: "content/initiatives/bike-library.md"},
		{name: "a slug another page has", file: "content/initiatives/bike-library.cy.md",
			src: "---\ntitle: Llyfrgell\nslug: school-streets\n---\n", code: "translation-slug", line: 3,
			message: `"school-streets"`, hint: "content/initiatives/school-streets.md"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{
				"content/intents/clean-air.md":          cleanAir,
				"content/initiatives/bike-library.md":   bikeLibrary,
				"content/initiatives/school-streets.md": strings.Replace(bikeLibrary, "INI-1", "INI-2", 1),
				tc.file:                                 tc.src,
			}
			set, diags := loadLangs(t, files, "en", "cy")
			got := withCode(diags, tc.code)
			if len(got) != 1 {
				t.Fatalf("want one %s, got:\n%s", tc.code, diags)
			}
			d := got[0]
			if d.File != tc.file || d.Line != tc.line || d.Severity != diag.Error {
				t.Errorf("at %s:%d (%v), want %s:%d error", d.File, d.Line, d.Severity, tc.file, tc.line)
			}
			if !strings.Contains(d.Message, tc.message) || !strings.Contains(d.Hint, tc.hint) {
				t.Errorf("message %q / hint %q; want %q / %q", d.Message, d.Hint, tc.message, tc.hint)
			}
			if tc.code != "translation-field" {
				for _, v := range set.Translations {
					if v.File == tc.file {
						t.Errorf("%s is published", tc.file)
					}
				}
			}
		})
	}
}

// TestNoLanguagesNoTranslations: on a site without languages, a file
// named like a translation is a page, as it always was; a warning says
// how to make it one.
func TestNoLanguagesNoTranslations(t *testing.T) {
	set, diags := loadLangs(t, map[string]string{
		"content/intents/clean-air.md":           cleanAir,
		"content/initiatives/bike-library.md":    bikeLibrary,
		"content/initiatives/bike-library.cy.md": strings.Replace(bikeLibrary, "INI-1", "INI-3", 1),
		"content/reports/annual.2025.md":         "---\ntitle: Annual report\n---\n",
	})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if len(set.Translations) != 0 || len(set.Pages) != 4 {
		t.Errorf("%d pages and %d translations, want 4 pages", len(set.Pages), len(set.Translations))
	}
	if w := withCode(diags, "translation-no-languages"); len(w) != 1 || w[0].File != "content/initiatives/bike-library.cy.md" {
		t.Errorf("want one translation-no-languages warning, got:\n%s", diags)
	}
	for _, p := range set.Pages {
		if p.Lang != "" {
			t.Errorf("%s has language %q on a site without languages", p.File, p.Lang)
		}
	}
	if p := page(t, set, "content/initiatives/bike-library.cy.md"); p.Path() != "initiatives/bike-library-cy/" {
		t.Errorf("path %q", p.Path())
	}
}

// TestDefaultLanguageSuffix: NAME.en.md, on a site whose default language
// is English, is the page NAME itself (Hugo's other convention); a file
// whose name has a dot that is no language is an ordinary page.
func TestDefaultLanguageSuffix(t *testing.T) {
	set, diags := loadLangs(t, map[string]string{
		"content/intents/clean-air.en.md":        cleanAir,
		"content/intents/clean-air.cy.md":        "---\ntitle: Aer glân\n---\n",
		"content/reports/annual.2025.md":         "---\ntitle: Annual report\n---\n",
		"content/reports/annual-report.final.md": "---\ntitle: Final report\n---\n",
	}, "en", "cy")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	paths := map[string]bool{}
	for _, p := range set.Pages {
		paths[p.Path()] = true
	}
	for _, want := range []string{"intents/clean-air/", "reports/annual-2025/", "reports/annual-report-final/"} {
		if !paths[want] {
			t.Errorf("no page at %s: %v", want, paths)
		}
	}
	if len(set.Translations) != 1 || set.Translations[0].Path() != "cy/intents/clean-air/" {
		t.Errorf("translations %v", set.Translations)
	}
}

// TestTranslationOfHiddenTeller: a translation of an anonymous story may
// not name its teller either.
func TestTranslationOfHiddenTeller(t *testing.T) {
	_, diags := loadLangs(t, map[string]string{
		"content/narratives/gate.md":    "---\ntitle: At the gate\nteller: Ana Lopez\nanonymity: anonymous\nconsent: {scope: [site], given: 2025-01-01}\n---\nText.\n",
		"content/narratives/gate.cy.md": "---\ntitle: Wrth y giât\n---\nDywedodd Ana Lopez wrthym.\n",
	}, "en", "cy")
	leaks := withCode(diags, "anonymity-leak")
	if len(leaks) != 1 || leaks[0].File != "content/narratives/gate.cy.md" || leaks[0].Line != 4 {
		t.Errorf("want the leak in the translation's text at line 4, got:\n%s", diags)
	}
}
