package generator_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/internal/testsite"
)

// TestHostileLanguagesRefused: language codes and names in site.yaml that
// are not languages (markup, paths, script URLs, upper case), a language
// without a name or a strings table, a language's menu with a script URL,
// and translations whose slug leaves the site's folders or takes another
// page's address, whose language is not the site's, or whose original is
// missing: each an error at its file and line, and nothing is published.
func TestHostileLanguagesRefused(t *testing.T) {
	head := "title: x\nlanguages:\n  en: {name: English}\n"
	for name, code := range map[string]string{"markup": `"<script>alert('code')</script>"`, "path": `"../../etc"`, "quote": `"cy\" onload=\"alert(1)"`,
		"script url": `"javascript:alert(1)"`, "upper case": "EN-GB", "empty": `""`, "number": "42", "slash": `"cy/../fr"`} {
		refused(t, "language code "+name, head+"  "+code+": {name: X}\n", nil, 4)
	}
	refused(t, "no name", head+"  cy: {title: Teitl}\n", nil, 4)
	refused(t, "blank name", head+"  cy: {name: \"  \"}\n", nil, 4)
	refused(t, "no strings table", head+"  zu: {name: isiZulu}\n", nil, 4)
	refused(t, "a list", "title: x\nlanguages: [en, cy]\n", nil, 2)
	refused(t, "menu script url", head+"  cy:\n    name: Cymraeg\n    menu:\n      main:\n        - {title: X, url: \"javascript:alert('m')\"}\n", nil, 8)
	refused(t, "language not first", "title: x\nlanguage: cy\nlanguages:\n  en: {name: English}\n  cy: {name: Cymraeg}\n", nil, 2)

	site := map[string]string{
		"site.yaml":                             "title: x\nlanguages:\n  en: {name: English}\n  cy: {name: Cymraeg}\n",
		"content/intents/clean-air.md":          "---\ntitle: Clean air\nsummary: Air.\n---\n",
		"content/initiatives/bike-library.md":   "---\ntitle: Bikes\nsummary: Bikes.\nstatus: idea\nintents: [clean-air]\n---\n",
		"content/initiatives/school-streets.md": "---\ntitle: School streets\nsummary: Streets.\nstatus: idea\nintents: [clean-air]\n---\n",
	}
	for _, c := range []struct{ name, file, src, code string }{
		{"slug out of the folder", "content/initiatives/bike-library.cy.md", "---\ntitle: Beiciau\nslug: ../../../etc/passwd\n---\n", "fm-slug"},
		{"slug with markup", "content/initiatives/bike-library.cy.md", "---\ntitle: Beiciau\nslug: \"<script>alert(1)</script>\"\n---\n", "fm-slug"},
		{"slug of another page", "content/initiatives/bike-library.cy.md", "---\ntitle: Beiciau\nslug: school-streets\n---\n", "translation-slug"},
		{"a language not the site's", "content/initiatives/bike-library.fr.md", "---\ntitle: Vélos\n---\n", "translation-language"},
		{"no original", "content/initiatives/bike-libary.cy.md", "---\ntitle: Beiciau\n---\n", "translation-orphan"},
		{"the original's field", "content/initiatives/bike-library.cy.md", "---\ntitle: Beiciau\nintents: [\"<script>\"]\n---\n", "translation-field"},
	} {
		dir := testsite.Write(t, site)
		testsite.WriteIn(t, dir, map[string]string{c.file: c.src})
		dest := filepath.Join(dir, "public")
		res, err := generator.Build(generator.Options{Source: dir, Destination: dest, Now: now})
		if !errors.Is(err, generator.ErrContent) {
			t.Errorf("%s: build error %v, want ErrContent", c.name, err)
		}
		found := false
		for _, d := range res.Diags {
			found = found || d.File == c.file && d.Line > 0 && d.Severity.String() == "error" && d.Code == c.code
		}
		if !found {
			t.Errorf("%s: no %s error at %s with its line:\n%v", c.name, c.code, c.file, res.Diags)
		}
		if _, err := os.Stat(dest); !os.IsNotExist(err) {
			t.Errorf("%s: the refused build wrote %s", c.name, dest)
		}
	}
}
