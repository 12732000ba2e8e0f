package generator_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// alternatesOf returns a page's <link rel="alternate" hreflang> as
// hreflang → href.
func alternatesOf(doc *html.Node) map[string]string {
	out := map[string]string{}
	walkNodes(doc, func(e *html.Node) {
		if rel, _ := attr(e, "rel"); e.Data == "link" && rel == "alternate" {
			if l, ok := attr(e, "hreflang"); ok {
				href, _ := attr(e, "href")
				out[l] = href
			}
		}
	})
	return out
}

// switcherOf returns the language switcher's links as hreflang → href.
func switcherOf(doc *html.Node) map[string]string {
	out := map[string]string{}
	walkNodes(doc, func(e *html.Node) {
		if c, _ := attr(e, "class"); e.Data == "nav" && strings.Contains(c, "lang-switch") {
			walkNodes(e, func(a *html.Node) {
				if a.Data == "a" {
					l, _ := attr(a, "hreflang")
					out[l], _ = attr(a, "href")
				}
			})
		}
	})
	return out
}

// linkTo returns the first <a> under n whose href is href, or nil.
func linkTo(n *html.Node, href string) *html.Node {
	var found *html.Node
	walkNodes(n, func(e *html.Node) {
		if h, _ := attr(e, "href"); found == nil && e.Data == "a" && h == href {
			found = e
		}
	})
	return found
}

// jsonLDOf returns a page's JSON-LD.
func jsonLDOf(t *testing.T, doc *html.Node) map[string]any {
	t.Helper()
	var ld map[string]any
	walkNodes(doc, func(e *html.Node) {
		if ty, _ := attr(e, "type"); e.Data == "script" && ty == "application/ld+json" {
			if err := json.Unmarshal([]byte(text(e)), &ld); err != nil {
				t.Fatal(err)
			}
		}
	})
	return ld
}

// TestExampleLanguages: the example is in English and Welsh. A translated
// page is at /cy/ under its Welsh slug, in Welsh (lang), with hreflang
// alternates both ways and x-default, and the switcher links each version
// to the other; an entity not translated is listed in Welsh under its
// English title, marked lang="en" and "(yn Saesneg)", links to its
// English page and has no Welsh page of its own.
func TestExampleLanguages(t *testing.T) {
	out, _ := buildExample(t, "https://example.org/")
	en, cy := "/initiatives/bike-library/", "/cy/initiatives/llyfrgell-feiciau/"
	enDoc, cyDoc := page(t, out, en), page(t, out, cy)
	langOf := func(doc *html.Node) string {
		var l string
		walkNodes(doc, func(e *html.Node) {
			if e.Data == "html" {
				l, _ = attr(e, "lang")
			}
		})
		return l
	}
	if l := langOf(cyDoc); l != "cy" {
		t.Errorf("%s: <html lang=%q>, want cy", cy, l)
	}
	if l := langOf(enDoc); l != "en" {
		t.Errorf("%s: <html lang=%q>, want en", en, l)
	}
	want := map[string]string{"en": "https://example.org" + en, "cy": "https://example.org" + cy, "x-default": "https://example.org" + en}
	for _, p := range []struct {
		path string
		doc  *html.Node
	}{{en, enDoc}, {cy, cyDoc}} {
		got := alternatesOf(p.doc)
		for l, href := range want {
			if got[l] != href {
				t.Errorf("%s: hreflang=%s is %q, want %q (all: %v)", p.path, l, got[l], href, got)
			}
		}
	}
	if sw := switcherOf(enDoc); sw["cy"] != cy || len(sw) != 1 {
		t.Errorf("%s: the switcher links %v, want cy → %s", en, sw, cy)
	}
	if sw := switcherOf(cyDoc); sw["en"] != en || len(sw) != 1 {
		t.Errorf("%s: the switcher links %v, want en → %s", cy, sw, en)
	}
	// JSON-LD: each version in its language, naming the other.
	if ld := jsonLDOf(t, enDoc); ld["inLanguage"] != "en" || !strings.Contains(fmt.Sprint(ld["workTranslation"]), "https://example.org"+cy) {
		t.Errorf("%s: JSON-LD inLanguage %v, workTranslation %v", en, ld["inLanguage"], ld["workTranslation"])
	}
	if ld := jsonLDOf(t, cyDoc); ld["inLanguage"] != "cy" || !strings.Contains(fmt.Sprint(ld["translationOfWork"]), "https://example.org"+en) {
		t.Errorf("%s: JSON-LD inLanguage %v, translationOfWork %v", cy, ld["inLanguage"], ld["translationOfWork"])
	}
	if !strings.Contains(text(cyDoc), "Llyfrgell feiciau") {
		t.Errorf("%s: no Welsh title", cy)
	}

	// active-mobility is not translated: the Welsh page links its English
	// page, marked as English in Welsh words.
	a := linkTo(cyDoc, "/intents/active-mobility/")
	if a == nil {
		t.Fatalf("%s: no link to the untranslated intent /intents/active-mobility/", cy)
	}
	if l, _ := attr(a, "lang"); l != "en" {
		t.Errorf("%s: the untranslated intent's link has lang=%q, want en", cy, l)
	}
	if h, _ := attr(a, "hreflang"); h != "en" {
		t.Errorf("%s: the untranslated intent's link has hreflang=%q, want en", cy, h)
	}
	if note := a.NextSibling; note == nil || note.NextSibling == nil || !strings.Contains(text(note.NextSibling), "Saesneg") {
		t.Errorf("%s: no visible note in Welsh after the untranslated intent's link", cy)
	}
	if _, err := os.Stat(filepath.Join(out, "cy", "intents", "active-mobility")); err == nil {
		t.Errorf("an untranslated intent has a Welsh page of its own: /cy/intents/active-mobility/")
	}
	list := page(t, out, "/cy/intents/")
	if linkTo(list, "/intents/active-mobility/") == nil {
		t.Errorf("/cy/intents/ does not list the untranslated intent at its English page")
	}
	if linkTo(list, "/cy/intents/aer-glan/") == nil || linkTo(list, "/intents/clean-air/") != nil {
		t.Errorf("/cy/intents/ does not list the translated intent once, at its Welsh page")
	}
	// The Welsh feed is in Welsh, of the Welsh pages.
	feed, err := os.ReadFile(filepath.Join(out, "cy", "feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if f := string(feed); !strings.Contains(f, `xml:lang="cy"`) || !strings.Contains(f, "https://example.org/cy/intents/aer-glan/") ||
		strings.Contains(f, "/intents/active-mobility/") {
		t.Errorf("/cy/feed.xml is not the Welsh pages' feed in Welsh:\n%.2000s", f)
	}
	// A page without a Welsh version: the English page has no cy
	// alternate, and its switcher says it is not translated.
	doc := page(t, out, "/intents/active-mobility/")
	if alts := alternatesOf(doc); len(alts) != 0 {
		t.Errorf("/intents/active-mobility/ has alternates %v, but no translation", alts)
	}
	if sw := switcherOf(doc); sw["cy"] != "/cy/" {
		t.Errorf("/intents/active-mobility/: the switcher links %v, want cy → /cy/ (the Welsh home page)", sw)
	}
}

// TestWelshLinksToEnglishSayLanguage: on every Welsh page, every link to an
// English page of the portfolio (an entity not translated into Welsh) is
// marked as English, on itself or around it, so that a screen reader reads
// its English title as English: in lists, cards, facts, tables, money
// tables, pictures and their tables, and the switcher.
func TestWelshLinksToEnglishSayLanguage(t *testing.T) {
	out, _ := buildExample(t, "")
	folders := map[string]bool{"intents": true, "initiatives": true, "learnings": true, "decisions": true, "narratives": true, "sources": true, "organisations": true}
	pages, links := 0, 0
	filepath.WalkDir(filepath.Join(out, "cy"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		pages++
		doc := parseHTML(t, p)
		var visit func(n *html.Node, lang string, prose bool)
		visit = func(n *html.Node, lang string, prose bool) {
			if n.Type == html.ElementNode {
				if l, ok := attr(n, "lang"); ok {
					lang = l
				}
				if c, _ := attr(n, "class"); c == "prose" {
					prose = true
				}
				href, _ := attr(n, "href")
				parts := strings.Split(strings.Trim(href, "/"), "/")
				if n.Data == "a" && strings.HasPrefix(href, "/") && len(parts) == 2 && folders[parts[0]] {
					links++
					// A picture's node: its drawn title says its language
					// (<text lang="en">), its label that it is in English.
					inner := false
					walkNodes(n, func(e *html.Node) {
						l, _ := attr(e, "lang")
						inner = inner || (e.Data == "text" || e.Data == "tspan") && l == "en"
					})
					// The editor's own words in a translation's text, and
					// a picture's pin named only by its label, are Welsh
					// that link to an English page (hreflang says so).
					hl, _ := attr(n, "hreflang")
					own := prose && hl == "en" || strings.TrimSpace(text(n)) == ""
					if lang != "en" && !inner && !own {
						rel, _ := filepath.Rel(out, p)
						t.Errorf("/%s: the link to the English page %s (%q) is marked %q", filepath.ToSlash(rel), href, text(n), lang)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				visit(c, lang, prose)
			}
		}
		visit(doc, "", false)
		return nil
	})
	if pages < 50 || links < 200 {
		t.Errorf("checked %d Welsh pages, %d links to English pages", pages, links)
	}
}

// TestOneLanguageSiteUnchanged: a site without `languages:` is published
// as before languages existed: one language at the root, no alternates,
// switcher, translations or language folders anywhere in its output, and
// a file named like a translation is a page of its own.
func TestOneLanguageSiteUnchanged(t *testing.T) {
	src := t.TempDir()
	files := smallSite()
	files["content/initiatives/b.cy.md"] = "---\ntitle: Initiative B in Welsh\nsummary: A page of its own.\nstatus: idea\nintents: [a]\n---\n"
	writeSite(t, src, files)
	out := filepath.Join(t.TempDir(), "public")
	build(t, src, out, "")
	n := 0
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		b, _ := os.ReadFile(p)
		rel, _ := filepath.Rel(out, p)
		if strings.HasPrefix(rel, "assets") || strings.HasSuffix(rel, ".schema.json") {
			return nil // the theme's and the schema's, the same for every site
		}
		for _, not := range []string{"hreflang", "lang-switch", "lang-note", "workTranslation", "translationOfWork", "xhtml:link", `dir="rtl"`, `"translations"`} {
			if strings.Contains(string(b), not) {
				t.Errorf("%s has %q", rel, not)
			}
		}
		if strings.HasSuffix(p, ".html") && !strings.Contains(string(b), `<html lang="en">`) {
			t.Errorf("%s: not <html lang=\"en\">", rel)
		}
		return nil
	})
	if ms, _ := filepath.Glob(filepath.Join(out, "initiatives", "*", "index.html")); len(ms) != 2 {
		t.Errorf("the initiatives' pages: %v, want b and b.cy's", ms)
	}
	if _, err := os.Stat(filepath.Join(out, "data", "translations.csv")); err == nil {
		t.Error("a site in one language publishes translations.csv")
	}
	if n < 20 {
		t.Errorf("only %d files", n)
	}
}

// TestRightToLeftPages: on a site in English and Arabic, the Arabic pages
// say lang="ar" dir="rtl", an English title on them says dir="ltr" (so it
// is isolated and its punctuation stays at its ends), and the English
// pages' switcher names Arabic right to left; English pages have no dir.
func TestRightToLeftPages(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, "testdata/rtl", out, "")
	htmlAttrs := func(doc *html.Node) string {
		var got string
		walkNodes(doc, func(e *html.Node) {
			if e.Data == "html" {
				l, _ := attr(e, "lang")
				d, _ := attr(e, "dir")
				got = l + " " + d
			}
		})
		return got
	}
	ar := page(t, out, "/ar/initiatives/")
	if got := htmlAttrs(ar); got != "ar rtl" {
		t.Errorf("/ar/initiatives/: <html lang dir> %q, want ar rtl", got)
	}
	a := linkTo(ar, "/initiatives/benches/")
	if a == nil {
		t.Fatal("/ar/initiatives/ does not list the untranslated initiative")
	}
	if l, _ := attr(a, "lang"); l != "en" {
		t.Errorf("the untranslated initiative's link: lang %q", l)
	}
	if d, _ := attr(a, "dir"); d != "ltr" {
		t.Errorf("the untranslated initiative's link: dir %q, want ltr", d)
	}
	en := page(t, out, "/initiatives/bike-library/")
	if got := htmlAttrs(en); got != "en " {
		t.Errorf("/initiatives/bike-library/: <html lang dir> %q, want en and no dir", got)
	}
	sw := linkTo(en, "/ar/initiatives/maktabat-aldarajat/")
	if sw == nil {
		t.Fatal("the English page's switcher does not link to its Arabic version")
	}
	if l, _ := attr(sw, "lang"); l != "ar" {
		t.Errorf("the switcher's Arabic link: lang %q", l)
	}
	if d, _ := attr(sw, "dir"); d != "rtl" {
		t.Errorf("the switcher's Arabic link: dir %q, want rtl", d)
	}
}

// TestPictureTablesSayLanguage: in the pictures' tables of a Welsh page, a
// link to an untranslated (English) page is followed by a visible note in
// Welsh that it is in English, as lists and cards say it; lang alone is
// heard by a screen reader but not seen.
func TestPictureTablesSayLanguage(t *testing.T) {
	out, _ := buildExample(t, "")
	doc := parseHTML(t, filepath.Join(out, "cy", "views", "index.html"))
	links, noted := 0, 0
	walkNodes(doc, func(n *html.Node) {
		if n.Data != "table" {
			return
		}
		walkNodes(n, func(a *html.Node) {
			if l, _ := attr(a, "lang"); a.Data != "a" || l != "en" {
				return
			}
			links++
			next := a.NextSibling
			for next != nil && next.Type == html.TextNode && strings.TrimSpace(next.Data) == "" {
				next = next.NextSibling
			}
			if next != nil && next.Data == "span" && hasClass(next, "lang-note") && strings.Contains(text(next), "Saesneg") {
				noted++
			} else {
				t.Errorf("/cy/views/: the link to %q in a table has no visible note of its language", text(a))
			}
		})
	})
	if links == 0 {
		t.Fatal("/cy/views/ has no table link to an English page: the test checks nothing")
	}
	t.Logf("%d links to English pages in /cy/views/'s tables, %d noted", links, noted)
}

// TestNotFoundInEveryLanguage: a static host serves the one 404.html for
// every missing address, so on a site in several languages it says so in
// each of them, each part marked with its language (and direction), with
// that language's home page and search; a site in one language says it
// once (TestOneLanguageGolden holds its bytes).
func TestNotFoundInEveryLanguage(t *testing.T) {
	type part struct{ lang, dir, heading, home, search string }
	parts := func(out string) []part {
		var got []part
		walkNodes(parseHTML(t, filepath.Join(out, "404.html")), func(n *html.Node) {
			l, _ := attr(n, "lang")
			if n.Data != "section" || l == "" {
				return
			}
			p := part{lang: l}
			p.dir, _ = attr(n, "dir")
			walkNodes(n, func(e *html.Node) {
				switch {
				case e.Data == "h2":
					p.heading = text(e)
				case e.Data == "a":
					href, _ := attr(e, "href")
					if hl, _ := attr(e, "hreflang"); hl != l {
						t.Errorf("404.html: the %s part links %s with hreflang %q", l, href, hl)
					}
					if p.home == "" {
						p.home = href
					} else {
						p.search = href
					}
				}
			})
			got = append(got, p)
		})
		return got
	}

	out, _ := buildExample(t, "")
	want := []part{{"cy", "", "Heb ddod o hyd i'r dudalen", "/cy/", "/cy/search/"}}
	if got := parts(out); !slices.Equal(got, want) {
		t.Errorf("the example's 404.html in its other languages: %+v, want %+v", got, want)
	}
	if _, err := os.Stat(filepath.Join(out, "cy", "404.html")); err == nil {
		t.Error("a 404 page under /cy/: hosts serve only the site's root 404.html")
	}

	rtl := filepath.Join(t.TempDir(), "public")
	build(t, "testdata/rtl", rtl, "")
	got := parts(rtl)
	if len(got) != 1 || got[0].lang != "ar" || got[0].dir != "rtl" || got[0].home != "/ar/" || got[0].heading == "" {
		t.Errorf("the Arabic site's 404.html: %+v, want one part lang=ar dir=rtl linking /ar/", got)
	}
}

// TestSignalsSayTheirLanguage: a translation cannot set an intent's
// signals (their words, indicators, targets and notes are the entity's,
// written once), so on the Arabic page of an intent they are English, and
// every such text is marked lang="en" (WCAG 3.1.2) while the page's own
// words around them stay Arabic; the English page marks nothing. The
// charts' accessible names are strings, which carry no language, and are
// left out.
func TestSignalsSayTheirLanguage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, "testdata/rtl", out, "")
	english := []string{"Roadside stations over", "stations above 40", "3 stations (2022)", "none by 2028", "1 stations", "before the low-traffic", "Air survey 2025"}
	check := func(path, wantLang string, marks bool) {
		t.Helper()
		seen, marked := map[string]bool{}, 0
		var visit func(n *html.Node, lang string, inSignals bool)
		visit = func(n *html.Node, lang string, inSignals bool) {
			if n.Type == html.ElementNode {
				if n.Data == "svg" {
					return
				}
				if l, ok := attr(n, "lang"); ok {
					lang = l
					if inSignals {
						marked++
					}
				}
				if id, _ := attr(n, "aria-labelledby"); n.Data == "section" && id == "signals" {
					inSignals = true
				}
			}
			if n.Type == html.TextNode && inSignals {
				for _, e := range english {
					if strings.Contains(n.Data, e) {
						seen[e] = true
						if lang != wantLang {
							t.Errorf("%s: %q is marked %q, want %q", path, strings.TrimSpace(n.Data), lang, wantLang)
						}
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				visit(c, lang, inSignals)
			}
		}
		visit(page(t, out, path), "", false)
		for _, e := range english {
			if !seen[e] {
				t.Errorf("%s: the signals do not show %q", path, e)
			}
		}
		if !marks && marked > 0 {
			t.Errorf("%s: %d elements of the signals carry lang on a page in the signals' own language", path, marked)
		}
	}
	check("/ar/intents/hawa-nazif/", "en", true)
	check("/intents/clean-air/", "en", false)
}

// TestUntranslatedTextSaysItsLanguage: on a translated page, the text the
// translation does not set is shown in its original's language and marked
// so (lang, and dir where the direction differs); the text it sets is not
// marked. An initiative's stage is translatable, its risks are not; the
// funding instrument is a word of the theme's, in the page's language.
func TestUntranslatedTextSaysItsLanguage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, "testdata/rtl", out, "")
	// langOf is the lang and dir of the nearest element around the first
	// text node in <main> that contains s (empty when only <html> says it).
	langOf := func(doc *html.Node, s string) (string, bool) {
		var got string
		found := false
		walkNodes(doc, func(n *html.Node) {
			if n.Data == "main" {
				doc = n
			}
		})
		var visit func(n *html.Node, lang string)
		visit = func(n *html.Node, lang string) {
			if n.Type == html.ElementNode && n.Data != "html" {
				if l, ok := attr(n, "lang"); ok {
					d, _ := attr(n, "dir")
					lang = strings.TrimSpace(l + " " + d)
				}
			}
			if n.Type == html.TextNode && strings.Contains(n.Data, s) && !found {
				got, found = lang, true
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				visit(c, lang)
			}
		}
		visit(doc, "")
		return got, found
	}
	for _, c := range []struct{ path, text, want string }{
		{"/ar/initiatives/maktabat-aldarajat/", "Second hub opening", "en ltr"},      // stage, not translated
		{"/ar/initiatives/maktabat-aldarajat/", "Theft rose after", "en ltr"},        // a risk's note: the entity's
		{"/ar/initiatives/maktabat-aldarajat/", "هل يواصل المستعيرون", ""},           // questions, translated
		{"/ar/initiatives/maktabat-aldarajat/", "استعر دراجة", ""},                   // summary, translated
		{"/initiatives/bike-library/", "Second hub opening", ""},                     // the original marks nothing
		{"/initiatives/bike-library/", "Theft rose after", ""},                       //
		{"/ar/intents/hawa-nazif/", "لا أحد يتنفس", ""},                              // the intent's translated summary
		{"/ar/intents/hawa-nazif/", "Roadside stations over the nitrogen", "en ltr"}, // signals
		{"/ar/intents/hawa-nazif/", "before the low-traffic streets", "en ltr"},      // an observation's note
	} {
		got, ok := langOf(page(t, out, c.path), c.text)
		if !ok {
			t.Errorf("%s: no %q", c.path, c.text)
		} else if got != c.want {
			t.Errorf("%s: %q is marked %q, want %q", c.path, c.text, got, c.want)
		}
	}

	// In the example, the Welsh bike library translates its stage, and its
	// funding instruments are the theme's Welsh words.
	ex, _ := buildExample(t, "")
	cy := page(t, ex, "/cy/initiatives/llyfrgell-feiciau/")
	if got, ok := langOf(cy, "Trydedd ganolfan ar agor"); !ok || got != "" {
		t.Errorf("/cy/initiatives/llyfrgell-feiciau/: the translated stage: found %v, marked %q", ok, got)
	}
	// Systems, tags and places are the entity's words, in English; a
	// status is the theme's, in Welsh.
	for path, doc := range map[string]*html.Node{"/cy/initiatives/llyfrgell-feiciau/": cy, "/cy/systems/transport/": page(t, ex, "/cy/systems/transport/")} {
		if got, ok := langOf(doc, "transport"); !ok || got != "en" {
			t.Errorf("%s: the system transport: found %v, marked %q, want en", path, ok, got)
		}
	}
	if got, ok := langOf(page(t, ex, "/initiatives/bike-library/"), "transport"); !ok || got != "" {
		t.Errorf("/initiatives/bike-library/: the system transport: found %v, marked %q, want nothing", ok, got)
	}
	if got, ok := langOf(cy, "Ehangu"); !ok || got != "" {
		t.Errorf("/cy/initiatives/llyfrgell-feiciau/: the status Ehangu: found %v, marked %q", ok, got)
	}
	cells := map[string]bool{}
	walkNodes(cy, func(n *html.Node) {
		if l, _ := attr(n, "data-label"); n.Data == "td" && l == "Offeryn" {
			cells[strings.TrimSpace(text(n))] = true
		}
	})
	if !cells["cyllideb"] || !cells["grant"] || len(cells) != 2 {
		t.Errorf("/cy/initiatives/llyfrgell-feiciau/: the instruments read %v, want cyllideb and grant (Welsh)", cells)
	}
}
