package render_test

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/trellis-ssg/trellis/generator/render"
)

// headerRules parses a _headers file into its rules, in order.
func headerRules(t *testing.T, file string) []headerRule {
	t.Helper()
	var rules []headerRule
	for _, line := range strings.Split(file, "\n") {
		switch {
		case strings.TrimSpace(line) == "", strings.HasPrefix(line, "#"):
		case !strings.HasPrefix(line, " "):
			rules = append(rules, headerRule{pattern: line})
		default:
			name, value, ok := strings.Cut(strings.TrimSpace(line), ": ")
			if !ok || len(rules) == 0 {
				t.Fatalf("_headers: bad line %q", line)
			}
			rules[len(rules)-1].headers = append(rules[len(rules)-1].headers, [2]string{name, value})
		}
	}
	return rules
}

type headerRule struct {
	pattern string
	headers [][2]string
}

// sent is what a host that merges every matching rule (Netlify, Cloudflare
// Pages) sends for a URL path: each header's values.
func sent(rules []headerRule, urlPath string) map[string][]string {
	out := map[string][]string{}
	for _, r := range rules {
		match := r.pattern == urlPath
		if prefix, ok := strings.CutSuffix(r.pattern, "*"); ok {
			match = strings.HasPrefix(urlPath, prefix)
		}
		if match {
			for _, h := range r.headers {
				out[h[0]] = append(out[h[0]], h[1])
			}
		}
	}
	return out
}

// TestEmbedPagesAndFraming: with embed.allow, the map and every intent's
// and initiative's card have an /embed/ page without the site's chrome,
// linking back to the full page; _headers lets the listed origins frame
// /embed/ and nothing else, whichever file of the site a host serves,
// with exactly one policy per file even on hosts that merge every rule a
// path matches.
func TestEmbedPagesAndFraming(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"site.yaml":                           "title: Embeds\nbase_url: https://example.org/portfolio/\nfeeds: {entries: 1}\nembed:\n  allow: [https://www.council.example, \"https://Intranet.Council.example:8443/\"]\n",
		"content/intents/clean-air.md":        "---\ntitle: Clean air\nsummary: Air everyone can breathe.\naliases: [/old-air/]\n---\n",
		"content/initiatives/bike-library.md": "---\ntitle: Bike library\nsummary: Bikes to borrow.\nstatus: piloting\nintents: [clean-air]\n---\n",
		"content/learnings/lesson.md":         "---\ntitle: A lesson\ndate: 2025-01-01\ninitiatives: [bike-library]\n---\n",
		"content/about.md":                    "---\ntitle: About\n---\nAbout.\n",
	})
	out := build(t, dir)
	pages := map[string]string{
		"embed/map/index.html":                      "https://example.org/portfolio/map/",
		"embed/intents/clean-air/index.html":        "https://example.org/portfolio/intents/clean-air/",
		"embed/initiatives/bike-library/index.html": "https://example.org/portfolio/initiatives/bike-library/",
	}
	for name, full := range pages {
		page, ok := out.Files[name]
		if !ok {
			t.Errorf("no %s", name)
			continue
		}
		doc, err := html.Parse(bytes.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		var chrome, back, h1, base int
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				switch n.Data {
				case "header", "footer", "nav":
					chrome++
				case "h1":
					h1++
				case "base":
					if attrVal(n, "target") == "_blank" && attrVal(n, "href") == "" {
						base++
					}
				case "a":
					if attrVal(n, "href") == full {
						back++
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		if chrome != 0 || back == 0 || h1 != 1 || base != 1 {
			t.Errorf("%s: %d header/footer/nav elements (want 0), %d links to %s, %d h1, %d <base target=_blank>", name, chrome, back, full, h1, base)
		}
	}
	if !strings.Contains(string(out.Files["embed/initiatives/bike-library/index.html"]), "1 learning") {
		t.Errorf("the initiative's card does not count its learning in words")
	}
	if !strings.Contains(string(out.Files["map/index.html"]), `&lt;iframe src=&#34;https://example.org/portfolio/embed/map/&#34;`) {
		t.Errorf("/map/ does not give the code to embed it")
	}

	rules := headerRules(t, string(out.Files["_headers"]))
	embedCSP := strings.Replace(render.ContentSecurityPolicy, "frame-ancestors 'none'", "frame-ancestors https://www.council.example https://intranet.council.example:8443", 1)
	checked := 0
	for name := range out.Files {
		if name == "_headers" {
			continue
		}
		urls := []string{"/portfolio/" + name}
		if dir, ok := strings.CutSuffix(name, "index.html"); ok {
			urls = append(urls, "/portfolio/"+dir)
		}
		for _, u := range urls {
			checked++
			h := sent(rules, u)
			if len(h["X-Content-Type-Options"]) != 1 {
				t.Errorf("%s: X-Content-Type-Options %q", u, h["X-Content-Type-Options"])
			}
			if strings.HasPrefix(name, "embed/") {
				if len(h["Content-Security-Policy"]) != 1 || h["Content-Security-Policy"][0] != embedCSP || len(h["X-Frame-Options"]) != 0 {
					t.Errorf("%s: CSP %q, X-Frame-Options %q; want the listed origins as frame-ancestors only", u, h["Content-Security-Policy"], h["X-Frame-Options"])
				}
				continue
			}
			if len(h["Content-Security-Policy"]) != 1 || h["Content-Security-Policy"][0] != render.ContentSecurityPolicy || len(h["X-Frame-Options"]) != 1 || h["X-Frame-Options"][0] != "DENY" {
				t.Errorf("%s: CSP %q, X-Frame-Options %q; want the site's policy, framed by nobody", u, h["Content-Security-Policy"], h["X-Frame-Options"])
			}
		}
	}
	if checked < 30 {
		t.Errorf("only %d paths checked", checked)
	}
	if _, ok := out.Files["feed-archive-1.xml"]; !ok {
		t.Errorf("no feed archive written: the site should have more entries than feeds.entries, so that the archives' headers are checked")
	}
}

// TestNoEmbedPagesByDefault: without embed.allow there are no embed pages
// and every file may be framed by nobody.
func TestNoEmbedPagesByDefault(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"site.yaml":                    "title: No embeds\n",
		"content/intents/clean-air.md": "---\ntitle: Clean air\nsummary: Air.\n---\n",
	})
	out := build(t, dir)
	for name := range out.Files {
		if strings.HasPrefix(name, "embed/") {
			t.Errorf("%s written without embed.allow", name)
		}
	}
	if strings.Contains(string(out.Files["map/index.html"]), "iframe") {
		t.Errorf("/map/ offers embed code without embed.allow")
	}
	h := sent(headerRules(t, string(out.Files["_headers"])), "/map/")
	if len(h["Content-Security-Policy"]) != 1 || !strings.Contains(h["Content-Security-Policy"][0], "frame-ancestors 'none'") || h["X-Frame-Options"][0] != "DENY" {
		t.Errorf("/map/ headers: %v", h)
	}
}
