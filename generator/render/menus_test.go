package render_test

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// navLinks returns the links of the <nav> with the given aria-label, as
// "text=href" with " (current)" for the one marked aria-current.
func navLinks(t *testing.T, page []byte, label string) []string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	var in func(n *html.Node, inside bool)
	in = func(n *html.Node, inside bool) {
		if n.Type == html.ElementNode && n.Data == "nav" && attrVal(n, "aria-label") == label {
			inside = true
		}
		if inside && n.Type == html.ElementNode && n.Data == "a" {
			s := textOf(n) + "=" + attrVal(n, "href")
			if attrVal(n, "aria-current") == "page" {
				s += " (current)"
			}
			out = append(out, s)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			in(c, inside)
		}
	}
	in(doc, false)
	return out
}

func attrVal(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

// TestMenusFromSiteYAML: a main menu that site.yaml lists replaces the
// default navigation, in order, with the pages that put themselves in it
// after; the current page is marked on its own page only.
func TestMenusFromSiteYAML(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"site.yaml":                    "title: Menus\nmenu:\n  main:\n    - {title: About us, page: about}\n    - {title: Map, url: /map/}\n    - {title: Council, url: https://council.example/}\n",
		"content/about.md":             "---\ntitle: About\n---\nAbout the portfolio.\n",
		"content/contact.md":           "---\ntitle: Contact\nmenu: main\n---\nWrite to us.\n",
		"content/intents/clean-air.md": "---\ntitle: Clean air\nsummary: Air.\n---\n",
	})
	out := build(t, dir)
	want := "About us=/about/ (current)|Map=/map/|Council=https://council.example/|Contact=/contact/"
	if got := strings.Join(navLinks(t, out.Files["about/index.html"], "Main"), "|"); got != want {
		t.Errorf("main menu on /about/:\n got %s\nwant %s", got, want)
	}
	want = "About us=/about/|Map=/map/ (current)|Council=https://council.example/|Contact=/contact/"
	if got := strings.Join(navLinks(t, out.Files["map/index.html"], "Main"), "|"); got != want {
		t.Errorf("main menu on /map/:\n got %s\nwant %s", got, want)
	}
	want = "About us=/about/|Map=/map/|Council=https://council.example/|Contact=/contact/"
	if got := strings.Join(navLinks(t, out.Files["intents/clean-air/index.html"], "Main"), "|"); got != want {
		t.Errorf("main menu on an intent:\n got %s\nwant %s", got, want)
	}
}

// TestDefaultMenus: without menus in site.yaml the navigation is the
// theme's, and an About page is linked from the footer.
func TestDefaultMenus(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"site.yaml":                    "title: Defaults\n",
		"content/about.md":             "---\ntitle: About this site\n---\nAbout.\n",
		"content/intents/clean-air.md": "---\ntitle: Clean air\nsummary: Air.\n---\n",
	})
	out := build(t, dir)
	main := strings.Join(navLinks(t, out.Files["initiatives/index.html"], "Main"), "|")
	if want := "Map=/map/|Intents=/intents/|Initiatives=/initiatives/ (current)|Learnings=/learnings/|Decisions=/decisions/|Stories=/narratives/|Sources=/sources/|Search=/search/"; main != want {
		t.Errorf("default main menu:\n got %s\nwant %s", main, want)
	}
	footer := navLinks(t, out.Files["index.html"], "Site")
	if !strings.Contains(strings.Join(footer, "|"), "|About this site=/about/|Accessibility statement=/accessibility/|") {
		t.Errorf("default footer has no About link before the accessibility statement: %v", footer)
	}

	// Without an About page, no About link.
	dir = writeSite(t, map[string]string{"site.yaml": "title: Defaults\n", "content/intents/clean-air.md": "---\ntitle: Clean air\nsummary: Air.\n---\n"})
	out = build(t, dir)
	for _, l := range navLinks(t, out.Files["index.html"], "Site") {
		if strings.Contains(l, "/about/") {
			t.Errorf("footer links %s without an About page", l)
		}
	}
}
