package browsertest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"golang.org/x/net/html"
)

// mapLinks returns the links of the first intent map on a rendered page:
// the nodes of its SVG (href → accessible name) and the links of its text
// equivalent.
func mapLinks(doc *html.Node) (nodes map[string]string, outline []string) {
	nodes = map[string]string{}
	for _, svg := range all(doc, hasAttr("svg", "data-map", "")) {
		for _, a := range all(svg, tag("a")) {
			href, _ := attr(a, "href")
			name, _ := attr(a, "aria-label")
			nodes[href] = name
		}
		break
	}
	for _, d := range all(doc, hasAttr("details", "class", "map-text")) {
		for _, a := range all(d, tag("a")) {
			href, _ := attr(a, "href")
			outline = append(outline, href)
		}
		break
	}
	return nodes, outline
}

// TestMapKeyboardAndTextEquivalent: on the intent map, with JavaScript off,
// Tab reaches every node of the map, each with its name, and the list beside
// the map links exactly the pages the map links.
func TestMapKeyboardAndTextEquivalent(t *testing.T) {
	t.Parallel() // see the package documentation
	for _, path := range []string{"/map/", "/intents/clean-air/", "/initiatives/bike-library/"} {
		t.Run(strings.Trim(path, "/"), func(t *testing.T) {
			ctx := newTab(t, false)
			if st := open(t, ctx, path); st != 200 {
				t.Fatalf("HTTP %d", st)
			}
			doc := renderedDOM(t, ctx)
			nodes, outline := mapLinks(doc)
			if len(nodes) < 3 {
				t.Fatalf("the map has %d links", len(nodes))
			}
			var svgHrefs []string
			for h := range nodes {
				svgHrefs = append(svgHrefs, h)
			}
			sort.Strings(svgHrefs)
			out := dedupe(outline)
			if strings.Join(svgHrefs, " ") != strings.Join(out, " ") {
				t.Errorf("the map links\n%v\nbut its text equivalent links\n%v", svgHrefs, out)
			}
			want := map[string]bool{}
			for _, name := range nodes {
				if name == "" {
					t.Error("a map node has no name")
				}
				want[name] = true
			}
			// Tab through the page; every map node must take the focus.
			reached := map[string]bool{}
			links := len(all(doc, tag("a")))
			for i := 0; i < links+10 && len(reached) < len(want); i++ {
				if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
					t.Fatal(err)
				}
				if _, name := focused(t, ctx); want[unescapeAX(name)] {
					reached[unescapeAX(name)] = true
				}
			}
			for name := range want {
				if !reached[name] {
					t.Errorf("Tab never reaches the map node %q", name)
				}
			}
		})
	}
}

// unescapeAX turns a name read from the accessibility tree, which keeps
// its JSON escapes, back into text.
func unescapeAX(s string) string {
	var out string
	if err := json.Unmarshal([]byte(`"`+s+`"`), &out); err != nil {
		return s
	}
	return out
}

func dedupe(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// TestNoThirdPartyRequests: of every request the browser made while the
// crawl opened every page with scripts on, all must go to the site itself.
// Videos are links, never embeds, so no page talks to a video platform
// until the reader follows one.
func TestNoThirdPartyRequests(t *testing.T) {
	t.Parallel() // see the package documentation
	c := crawl(t)
	site, err := url.Parse(baseURL)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range c.errs {
		t.Error(m)
	}
	if len(c.requests) < c.pages {
		t.Fatalf("saw %d requests for %d pages: the listener is not working", len(c.requests), c.pages)
	}
	for _, r := range c.requests {
		u, err := url.Parse(r)
		if err != nil || (u.Scheme != "data" && u.Host != site.Host) {
			t.Errorf("a page load requested %s", r)
		}
	}
	t.Logf("%d pages, %d requests, all to %s", c.pages, len(c.requests), site.Host)
}

// TestGalleryKeyboardWithoutJavaScript: a keyboard user with JavaScript off
// opens a filter of the story gallery and lands on its pre-rendered page.
func TestGalleryKeyboardWithoutJavaScript(t *testing.T) {
	t.Parallel() // see the package documentation
	ctx := newTab(t, false)
	if st := open(t, ctx, "/narratives/"); st != 200 {
		t.Fatalf("HTTP %d", st)
	}
	opened := false
	for i := 0; i < 40; i++ {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		if _, name := focused(t, ctx); name == "By place" {
			if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
				t.Fatal(err)
			}
			opened = true
			break
		}
	}
	if !opened {
		t.Fatal("Tab never reaches the \"By place\" filter")
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatal(err)
	}
	role, name := focused(t, ctx)
	if role != "link" {
		t.Fatalf("after opening the filter, Tab lands on %s %q, want a place link", role, name)
	}
	follow(t, ctx, fmt.Sprintf("Enter on %q", name), chromedp.KeyEvent(kb.Enter))
	if u := currentURL(t, ctx); !strings.Contains(u, "/narratives/place/") {
		t.Fatalf("Enter on %q led to %s, want a /narratives/place/ page", name, u)
	}
	doc := renderedDOM(t, ctx)
	cards := all(doc, func(n *html.Node) bool {
		c, _ := attr(n, "class")
		return n.Data == "li" && strings.Contains(" "+c+" ", " card-narrative ")
	})
	if len(cards) == 0 {
		t.Error("the filter page shows no stories")
	}
}
