package search_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/trellis-ssg/trellis/generator/search"
	"github.com/trellis-ssg/trellis/internal/headless"
	"github.com/trellis-ssg/trellis/internal/testtimeout"
)

// bilingualSite is a site in English and French: a French translation
// whose words have accents, and an English page not translated.
func bilingualSite(t testing.TB) string {
	return writeSite(t, map[string]string{
		"site.yaml":                        "title: Portfolio\nlanguages:\n  en: {name: English}\n  fr: {name: Français}\n",
		"content/intents/schools.md":       "---\ntitle: Schools\nsummary: Every school gate clean.\n---\nSchool streets close the road at the gate.\n",
		"content/intents/schools.fr.md":    "---\ntitle: Les écoles\nsummary: Un air pur à chaque école.\nslug: ecoles\n---\nLes rues scolaires ferment la rue devant l'école élémentaire.\n",
		"content/initiatives/tricycles.md": "---\ntitle: Tricycle library\nsummary: Tricycles to borrow for older riders.\nstatus: piloting\nintents: [schools]\n---\nA month on a tricycle.\n",
	})
}

// TestLanguageIndexes: each language has its own index; words are folded
// the same way everywhere (no English stemming outside English), and a
// page not translated is in the index of every language, in its own.
func TestLanguageIndexes(t *testing.T) {
	pf := loadSite(t, bilingualSite(t), false)
	fr := pf.Language("fr")
	ix := search.Build(fr)
	if m := ix.Meta(); m.Stem != "" || len(m.Stop) != 0 {
		t.Errorf("the French index stems (%q) or drops English stop words (%v)", m.Stem, m.Stop)
	}
	for q, want := range map[string]string{"ecole": "/fr/intents/ecoles/", "ÉCOLE": "/fr/intents/ecoles/", "elementaire": "/fr/intents/ecoles/", "tricycle": "/initiatives/tricycles/"} {
		got, err := ix.Search(q, search.Filters{})
		if err != nil || len(got) == 0 || got[0].URL != want {
			t.Errorf("French index, %q: %v %v, want %s first", q, got, err, want)
		}
	}
	if got, _ := search.Build(pf).Search("elementaire", search.Filters{}); len(got) != 0 {
		t.Errorf("the English index finds French words: %v", got)
	}
	langs := map[string]string{}
	for _, f := range ix.Files() {
		if strings.HasPrefix(f.Name, "search/p/") {
			var es []search.Entry
			if err := json.Unmarshal(f.Data, &es); err != nil {
				t.Fatal(err)
			}
			for _, e := range es {
				langs[e.URL] = e.Lang
			}
		}
	}
	if langs["/initiatives/tricycles/"] != "en" || langs["/fr/intents/ecoles/"] != "" || len(langs) != 2 {
		t.Errorf("the entries' languages: %v", langs)
	}
}

// TestFrenchSearchInTheBrowser: in Chromium, "ecole" finds the French
// page titled "Les écoles", with the accent folded as Go folds it, and an
// untranslated page is shown in its language with the note that says so.
func TestFrenchSearchInTheBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	exe := headless.Require(t)
	pf := loadSite(t, bilingualSite(t), false)
	fr := pf.Language("fr")
	js, err := os.ReadFile(scriptPath)
	if err != nil {
		t.Fatal(err)
	}
	page := strings.NewReplacer(`lang="en"`, `lang="fr"`, `/portfolio/search/`, `/fr/search/`, `/portfolio/assets/`, `/assets/`,
		`hidden>`, `hidden data-l-foreign="en anglais">`).Replace(searchPage)
	files := map[string][]byte{"/fr/search/": []byte(page), "/assets/search.js": js}
	for _, f := range search.Build(fr).Files() {
		files["/fr/"+f.Name] = f.Data
	}
	srv := serveFiles(files, nil)
	defer srv.Close()
	ctx, stop, err := headless.Start(exe)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, testtimeout.Scaled(time.Minute))
	defer cancel()
	tab, err := headless.Watch(ctx, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	eval := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return v
	}
	results := func(q string) string {
		t.Helper()
		if _, err := tab.Open(srv.URL + "/fr/search/?q=" + q); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll('#search-results a.search-title').length > 0`)); err != nil {
			t.Fatalf("?q=%s: no results: %v (%s)", q, err, eval(`document.querySelector('#search-status').textContent`))
		}
		return eval(`Array.from(document.querySelectorAll('#search-results li')).map(li => { const a = li.querySelector('a'); return a.getAttribute('href') + '|' + a.lang + '|' + a.textContent + '|' + ((li.querySelector('.lang-note') || {}).textContent || '') }).join('\n')`)
	}
	if got := results("ecole"); !strings.HasPrefix(got, "/fr/intents/ecoles/||Les écoles|") {
		t.Errorf("?q=ecole finds %q, want the French page first, in the page's language", got)
	}
	if got := results("tricycle"); !strings.HasPrefix(got, "/initiatives/tricycles/|en|Tricycle library| (en anglais)") {
		t.Errorf("?q=tricycle finds %q, want the English page marked lang=en with its note", got)
	}
}
