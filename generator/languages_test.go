package generator_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
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
