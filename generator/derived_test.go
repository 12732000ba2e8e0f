package generator_test

import (
	"encoding/json"
	"encoding/xml"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// exampleSlugs are the slugs of the example's pages that could not pass for
// ordinary words: those with a hyphen ("home-health-damp-checks", not
// "about") that no body of the example uses as a word of its prose outside
// its links ("a clean-air initiative" is English; [[clean-air]] is a slug).
func exampleSlugs(t *testing.T) []string {
	t.Helper()
	var slugs []string
	var prose strings.Builder
	links := regexp.MustCompile(`\[\[[^\]]*\]\]|\]\([^)]*\)`)
	err := filepath.WalkDir(filepath.Join(exampleSite, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".md" {
			return err
		}
		slug := slugOfFile(p)
		if slug == "index" {
			slug = filepath.Base(filepath.Dir(p))
		}
		if strings.Contains(slug, "-") {
			slugs = append(slugs, slug)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		parts := strings.SplitN(string(b), "\n---", 2)
		prose.WriteString(links.ReplaceAllString(parts[len(parts)-1], " ") + "\n")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(slugs) < 50 {
		t.Fatalf("found %d slugs in the example's content; the walk is wrong", len(slugs))
	}
	var kept []string
	for _, s := range slugs {
		if regexp.MustCompile(`(^|[^\pL\pN/-])` + regexp.QuoteMeta(s) + `($|[^\pL\pN/-])`).MatchString(prose.String()) {
			t.Logf("%s is a word of the example's prose, not checked", s)
			continue
		}
		kept = append(kept, s)
	}
	return kept
}

// derivedText is one piece of text the site derives from a page: where it
// was found, and the text.
type derivedText struct{ where, text string }

// derivedTexts collects every piece of text the built site derives from
// page bodies and summaries: meta descriptions, JSON-LD descriptions, the
// summaries of cards, Atom entry summaries, search result excerpts and the
// sentences their passages are cut from, and IATI descriptions.
func derivedTexts(t *testing.T, out string) []derivedText {
	t.Helper()
	var all []derivedText
	add := func(where, s string) {
		if strings.TrimSpace(s) != "" {
			all = append(all, derivedText{where, s})
		}
	}
	var kinds = map[string]int{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		switch {
		case strings.HasSuffix(p, ".html"):
			doc := parseHTML(t, p)
			walkNodes(doc, func(e *html.Node) {
				switch e.Data {
				case "meta":
					if name, _ := attr(e, "name"); name == "description" {
						v, _ := attr(e, "content")
						add(rel+" meta description", v)
						kinds["meta"]++
					}
				case "script":
					if typ, _ := attr(e, "type"); typ == "application/ld+json" {
						var v any
						if err := json.Unmarshal([]byte(text(e)), &v); err != nil {
							t.Errorf("%s: JSON-LD: %v", rel, err)
						}
						jsonStrings(v, "description", func(s string) { add(rel+" JSON-LD description", s); kinds["jsonld"]++ })
					}
				case "li":
					if class, _ := attr(e, "class"); strings.Contains(" "+class+" ", " card ") {
						for c := e.FirstChild; c != nil; c = c.NextSibling {
							if c.Type == html.ElementNode && c.Data == "p" {
								if cl, _ := attr(c, "class"); cl == "" {
									add(rel+" card summary", text(c))
									kinds["card"]++
								}
							}
						}
					}
				}
			})
		case strings.HasSuffix(p, ".xml"):
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			var feed struct {
				Entries []struct {
					Summary string `xml:"summary"`
				} `xml:"entry"`
				Activities []struct {
					Description []string `xml:"description>narrative"`
				} `xml:"iati-activity"`
			}
			if err := xml.Unmarshal(b, &feed); err != nil {
				t.Errorf("%s: %v", rel, err)
			}
			for _, e := range feed.Entries {
				add(rel+" feed summary", e.Summary)
				kinds["feed"]++
			}
			for _, a := range feed.Activities {
				for _, d := range a.Description {
					add(rel+" IATI description", d)
					kinds["iati"]++
				}
			}
		case strings.HasPrefix(filepath.ToSlash(rel), "search/x/"):
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			var sentences []string
			if err := json.Unmarshal(b, &sentences); err != nil {
				t.Errorf("%s: %v", rel, err)
			}
			for _, s := range sentences {
				add(rel+" search passage", s)
				kinds["passage"]++
			}
		case strings.HasPrefix(filepath.ToSlash(rel), "search/p/"):
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			var entries []struct {
				Excerpt string `json:"e"`
			}
			if err := json.Unmarshal(b, &entries); err != nil {
				t.Errorf("%s: %v", rel, err)
			}
			for _, e := range entries {
				add(rel+" search excerpt", e.Excerpt)
				kinds["search"]++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"meta", "jsonld", "card", "feed", "iati", "search", "passage"} {
		if kinds[k] == 0 {
			t.Errorf("found no %s text: the collector is out of date with the site", k)
		}
	}
	return all
}

// jsonStrings calls f with every string value of key anywhere in v.
func jsonStrings(v any, key string, f func(string)) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && k == key {
				f(s)
			}
			jsonStrings(x, key, f)
		}
	case []any:
		for _, x := range v {
			jsonStrings(x, key, f)
		}
	}
}

// TestDerivedTextShowsNoSlug is issue 21's item 4 on the example: no text
// derived from a page (meta description, JSON-LD, card, feed, search
// excerpt, IATI description) shows a page's slug where the page itself
// shows the linked page's title, and table cells do not run together.
func TestDerivedTextShowsNoSlug(t *testing.T) {
	out, _ := buildExample(t, "")
	slugs := exampleSlugs(t)
	pattern := make([]string, len(slugs))
	for i, s := range slugs {
		pattern[i] = regexp.QuoteMeta(s)
	}
	// A slug as a word of its own: not inside a longer hyphenated word or a URL path.
	slugRe := regexp.MustCompile(`(^|[^\pL\pN/-])(` + strings.Join(pattern, "|") + `)($|[^\pL\pN/-])`)
	texts := derivedTexts(t, out)
	for _, d := range texts {
		if m := slugRe.FindStringSubmatch(d.text); m != nil {
			t.Errorf("%s shows the slug %q: %q", d.where, m[2], d.text)
		}
	}
	// The stove swap learning's table, in its summary: cells and rows apart.
	found := false
	for _, d := range texts {
		if strings.Contains(d.where, "stove-swap-demand-follows-gas-prices") && strings.Contains(d.where, "meta description") {
			found = true
			if strings.Contains(d.text, "applications Q4 2024 142") {
				t.Errorf("the table's cells run together: %q", d.text)
			}
			if !strings.Contains(d.text, "Q4 2024 · 142 · 38.") {
				t.Errorf("the table's row is not kept apart as a sentence: %q", d.text)
			}
		}
	}
	if !found {
		t.Error("the stove swap learning has no meta description")
	}
}
