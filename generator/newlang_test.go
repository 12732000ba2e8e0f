package generator_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/internal/testsite"
)

// bilingual is a site in English and Welsh with an initiative, a story in
// a bundle and an intent written with TOML front matter.
func bilingual(t *testing.T) string {
	return testsite.Write(t, map[string]string{
		"site.yaml": "title: Portfolio\nlanguages:\n  en: {name: English}\n  cy: {name: Cymraeg}\n",
		"content/intents/air.md": "+++\ntitle = \"Clean air\"\nsummary = \"Nobody breathes bad air.\"\nupdated = 2026-01-02\n+++\n" +
			"The valley traps smoke.\n",
		"content/initiatives/bikes.md": "---\ntitle: Bike library\n# what the public reads first\nsummary: Borrow a bike.\nstatus: piloting\n" +
			"intents: [air]\nquestions:\n  - Do riders keep riding?\n---\nResidents borrow a bike for a month, free.\n",
		"content/narratives/allotment/index.md": "---\ntitle: An allotment\nsummary: A plot at dusk.\nteller: Sam\nanonymity: named\nintents: [air]\n" +
			"quote: The garden gave my week a shape.\nconsent: {scope: [site, quote], given: 2026-01-01}\n---\nThe beds at dusk.\n",
	})
}

// TestNewTranslation: `trellis new --lang cy initiatives/bikes` writes
// bikes.cy.md beside its original with the original's text to translate
// (title, summary, questions, body) and none of the entity's other fields,
// as a draft; once the draft line is gone it is the page's Welsh version.
// A bundle's translation is its index.cy.md; TOML front matter becomes
// YAML.
func TestNewTranslation(t *testing.T) {
	dir := bilingual(t)
	got, err := generator.NewTranslation(dir, "initiatives/bikes", "cy")
	if err != nil || got != "content/initiatives/bikes.cy.md" {
		t.Fatalf("NewTranslation: %q, %v", got, err)
	}
	b, err := os.ReadFile(filepath.Join(dir, got))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	for _, want := range []string{"draft: true\n", "title: Bike library\n", "# what the public reads first\nsummary: Borrow a bike.\n",
		"questions:\n  - Do riders keep riding?\n", "---\nResidents borrow a bike for a month, free.\n", "Cymraeg"} {
		if !strings.Contains(text, want) {
			t.Errorf("the translation lacks %q:\n%s", want, text)
		}
	}
	for _, not := range []string{"status:", "intents:"} {
		if strings.Contains(text, not) {
			t.Errorf("the translation sets the entity's field %s:\n%s", not, text)
		}
	}
	// Translated and published, it is the Welsh version of the initiative.
	text = strings.Replace(strings.Replace(text, "draft: true\n", "", 1), "title: Bike library", "title: Llyfrgell feiciau", 1)
	if err := os.WriteFile(filepath.Join(dir, got), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ page, want string }{
		{"content/narratives/allotment/index.md", "content/narratives/allotment/index.cy.md"},
		{"intents/air.md", "content/intents/air.cy.md"},
	} {
		got, err := generator.NewTranslation(dir, c.page, "cy")
		if err != nil || got != c.want {
			t.Errorf("NewTranslation(%s): %q, %v; want %s", c.page, got, err, c.want)
		}
	}
	air, _ := os.ReadFile(filepath.Join(dir, "content/intents/air.cy.md"))
	if !strings.HasPrefix(string(air), "---\n") || !strings.Contains(string(air), "title: Clean air\n") || strings.Contains(string(air), "updated") {
		t.Errorf("the TOML intent's translation:\n%s", air)
	}
	story, _ := os.ReadFile(filepath.Join(dir, "content/narratives/allotment/index.cy.md"))
	if !strings.Contains(string(story), "quote: The garden gave my week a shape.\n") || strings.Contains(string(story), "consent") || strings.Contains(string(story), "teller:") {
		t.Errorf("the story's translation carries its quote to translate, and neither its teller nor its consent:\n%s", story)
	}
	pf, diags := generator.Load(generator.Options{Source: dir, Now: now})
	if diags.HasErrors() {
		t.Fatalf("the site with its new translation: %v", diags)
	}
	cy := pf.Language("cy")
	var titles []string
	for _, p := range cy.Pages {
		if p.Lang == "cy" {
			titles = append(titles, p.Title)
		}
	}
	if strings.Join(titles, ",") != "Llyfrgell feiciau" {
		t.Errorf("the Welsh pages: %v, want the initiative alone (the new drafts unpublished)", titles)
	}
}

// TestNewTranslationMistakes: each mistake is refused with what to do,
// and writes nothing.
func TestNewTranslationMistakes(t *testing.T) {
	dir := bilingual(t)
	one := testsite.Write(t, map[string]string{"site.yaml": "title: One\n", "content/intents/air.md": "---\ntitle: Air\nsummary: A.\n---\n"})
	for _, c := range []struct{ dir, page, lang, want string }{
		{dir, "initiatives/bikes", "fr", `"fr" is not one of the site's languages (en, cy)`},
		{dir, "initiatives/bikes", "en", "en is the site's default language"},
		{dir, "initiatives/none", "cy", "no page initiatives/none in content"},
		{dir, "../../etc/passwd", "cy", "is not a page of the content folder"},
		{dir, "/etc/passwd", "cy", "is not a page of the content folder"},
		{dir, "initiatives/bikes", "../x", "is not one of the site's languages"},
		{one, "intents/air", "cy", "the site is in one language"},
	} {
		_, err := generator.NewTranslation(c.dir, c.page, c.lang)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("NewTranslation(%s, %s): %v, want %q", c.page, c.lang, err, c.want)
		}
	}
	if _, err := generator.NewTranslation(dir, "initiatives/bikes", "cy"); err != nil {
		t.Fatal(err)
	}
	if _, err := generator.NewTranslation(dir, "initiatives/bikes", "cy"); !errors.Is(err, os.ErrExist) {
		t.Errorf("a second translation into cy: %v, want it refused as existing", err)
	}
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, filepath.ToSlash(strings.TrimPrefix(p, dir)))
		}
		return nil
	})
	if len(files) != 5 {
		t.Errorf("files after the mistakes: %v", files)
	}
}

// gitAt runs git in dir, committing as a test author at the given moment.
func gitAt(t *testing.T, dir, when string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+when, "GIT_COMMITTER_DATE="+when)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// TestTranslationOutOfDate: by git's dates, a translation committed
// before its original last changed is warned about, naming both files and
// dates; once the translation is committed again, it is not.
func TestTranslationOutOfDate(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := bilingual(t)
	tr := filepath.Join(dir, "content/intents/air.cy.md")
	orig := filepath.Join(dir, "content/intents/air.md")
	os.WriteFile(tr, []byte("---\ntitle: Aer glân\n---\nMae'r dyffryn yn dal mwg.\n"), 0o644)
	outdated := func() string {
		t.Helper()
		_, diags := generator.Load(generator.Options{Source: dir, Now: now})
		for _, d := range diags {
			if d.Code == "translation-outdated" {
				return d.File + ": " + d.Message + " (" + d.Hint + ")"
			}
		}
		return ""
	}
	gitAt(t, dir, "2026-01-05T10:00:00Z", "init", "-q")
	gitAt(t, dir, "2026-01-05T10:00:00Z", "add", "-A")
	gitAt(t, dir, "2026-01-05T10:00:00Z", "commit", "-q", "-m", "first")
	if w := outdated(); w != "" {
		t.Errorf("committed together: %s", w)
	}
	b, _ := os.ReadFile(orig)
	os.WriteFile(orig, append(b, "Stoves too.\n"...), 0o644)
	gitAt(t, dir, "2026-02-10T10:00:00Z", "commit", "-q", "-am", "the original changes")
	w := outdated()
	for _, want := range []string{"content/intents/air.cy.md: translation may be out of date", "content/intents/air.md changed on 2026-02-10", "(2026-01-05)"} {
		if !strings.Contains(w, want) {
			t.Errorf("after the original changed: %q, want %q", w, want)
		}
	}
	os.WriteFile(tr, []byte("---\ntitle: Aer glân\n---\nMae'r dyffryn yn dal mwg. Stofiau hefyd.\n"), 0o644)
	gitAt(t, dir, "2026-02-11T10:00:00Z", "commit", "-q", "-am", "the translation follows")
	if w := outdated(); w != "" {
		t.Errorf("after the translation was updated: %s", w)
	}
}
