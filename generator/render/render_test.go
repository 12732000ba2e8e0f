package render_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/render"
)

var now = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)

// build renders a site folder into memory.
func build(t *testing.T, dir string) *render.Memory {
	t.Helper()
	pf, diags := generator.Load(generator.Options{Source: dir, Now: now})
	if diags.HasErrors() {
		t.Fatalf("%v", diags)
	}
	theme, err := render.LoadTheme(render.ThemeFS(dir, "default"), pf.Config.LanguageCodes()...)
	if err != nil {
		t.Fatal(err)
	}
	out := &render.Memory{}
	if _, err := render.New(theme).Render(pf, dir, out); err != nil {
		t.Fatal(err)
	}
	return out
}

// jsonLD returns the JSON-LD data blocks of an HTML page.
func jsonLD(t *testing.T, name string, page []byte) []map[string]any {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var out []map[string]any
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "script" {
			for _, a := range n.Attr {
				if a.Key == "type" && a.Val == "application/ld+json" && n.FirstChild != nil {
					var d map[string]any
					if err := json.Unmarshal([]byte(n.FirstChild.Data), &d); err != nil {
						t.Errorf("%s: JSON-LD does not parse: %v\n%s", name, err, n.FirstChild.Data)
					}
					out = append(out, d)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

func TestJSONLDOnEveryPage(t *testing.T) {
	out := build(t, "../..")
	want := map[string]string{
		"initiatives/bike-library/index.html":                               "Project",
		"organisations/oecd-opsi/index.html":                                "Organization",
		"sources/portfolio-management-versus-project-management/index.html": "VideoObject",
		"index.html": "WebSite",
	}
	types := map[string]string{}
	for _, name := range out.Names() {
		if !strings.HasSuffix(name, ".html") || name == "404.html" {
			continue
		}
		blocks := jsonLD(t, name, out.Files[name])
		if strings.Contains(string(out.Files[name]), `http-equiv="refresh"`) {
			continue // redirect pages carry none
		}
		if strings.HasPrefix(name, "embed/") {
			continue // embed pages are framed copies, not indexed: their canonical page carries it
		}
		if len(blocks) != 1 {
			t.Errorf("%s has %d JSON-LD blocks, want 1", name, len(blocks))
			continue
		}
		if blocks[0]["@context"] != "https://schema.org" {
			t.Errorf("%s: @context %v", name, blocks[0]["@context"])
		}
		typ, _ := blocks[0]["@type"].(string)
		// An entity's page is a WebPage whose main entity is the entity.
		if main, ok := blocks[0]["mainEntity"].(map[string]any); ok {
			typ, _ = main["@type"].(string)
		}
		types[name] = typ
		entity := strings.Count(name, "/") == 2
		switch {
		case !entity:
		case strings.HasPrefix(name, "learnings/") && name != "learnings/index.html" && typ != "Article",
			strings.HasPrefix(name, "decisions/") && name != "decisions/index.html" && typ != "ChooseAction",
			strings.HasPrefix(name, "narratives/") && name != "narratives/index.html" && typ != "Quotation" && typ != "CreativeWork":
			t.Errorf("%s has type %s", name, typ)
		}
	}
	for name, typ := range want {
		if types[name] != typ {
			t.Errorf("%s has type %q, want %q", name, types[name], typ)
		}
	}
	src := jsonLD(t, "source", out.Files["sources/portfolio-management-versus-project-management/index.html"])[0]["mainEntity"].(map[string]any)
	parts, _ := src["hasPart"].([]any)
	if len(parts) < 10 {
		t.Fatalf("the source's video has %d clips", len(parts))
	}
	first := parts[0].(map[string]any)
	if first["@type"] != "Clip" || first["startOffset"] != 21.0 {
		t.Errorf("first clip %v", first)
	}
}

// TestJSONLDEscapesContent: editor text cannot close the data block.
func TestJSONLDEscapesContent(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"content/intents/a.md":     "---\ntitle: \"Air</script><script>alert(1)</script>\"\nsummary: \"</script><img src=x onerror=alert(2)>\"\n---\n",
		"content/initiatives/b.md": "---\ntitle: B\nsummary: S\nstatus: idea\nintents: [a]\n---\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(body), 0o644)
	}
	out := build(t, dir)
	page := out.Files["intents/a/index.html"]
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if n.Data == "img" {
				t.Errorf("content made an <img> element")
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("content made an event handler %s=%q", a.Key, a.Val)
				}
				if n.Data == "script" && a.Key == "type" && a.Val != "application/ld+json" {
					t.Errorf("a script of type %s", a.Val)
				}
			}
			if n.Data == "script" && len(n.Attr) == 0 {
				t.Errorf("content made an executable <script>: %v", n.FirstChild)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	blocks := jsonLD(t, "a", page)
	if len(blocks) != 1 || blocks[0]["name"] != "Air</script><script>alert(1)</script>" {
		t.Errorf("JSON-LD name = %v", blocks)
	}
}

func TestFeedIsAtom(t *testing.T) {
	out := build(t, "../..")
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string   `xml:"id"`
		Title   string   `xml:"title"`
		Updated string   `xml:"updated"`
		Links   []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Entries []struct {
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Link    struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Author struct {
				Name string `xml:"name"`
			} `xml:"author"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(out.Files["feed.xml"], &feed); err != nil {
		t.Fatal(err)
	}
	if feed.ID == "" || feed.Title == "" || feed.Updated == "" {
		t.Errorf("feed lacks id, title or updated: %+v", feed)
	}
	if len(feed.Entries) < 10 {
		t.Fatalf("%d entries", len(feed.Entries))
	}
	for _, e := range feed.Entries {
		if e.ID == "" || e.Title == "" || e.Author.Name == "" {
			t.Errorf("entry lacks a required element: %+v", e)
		}
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
			t.Errorf("entry %s: updated %q is not RFC 3339", e.Title, e.Updated)
		}
	}
	self := false
	for _, l := range feed.Links {
		self = self || l.Rel == "self"
	}
	if !self {
		t.Error("feed has no rel=self link")
	}
}

func TestHeadersFile(t *testing.T) {
	out := build(t, "../..")
	h := string(out.Files["_headers"])
	for _, want := range []string{"/*\n", "Content-Security-Policy: " + render.ContentSecurityPolicy, "X-Content-Type-Options: nosniff", "immutable"} {
		if !strings.Contains(h, want) {
			t.Errorf("_headers lacks %q:\n%s", want, h)
		}
	}
	for _, bad := range []string{"unsafe-inline", "unsafe-eval"} {
		if strings.Contains(render.ContentSecurityPolicy, bad) {
			t.Errorf("the policy allows %s", bad)
		}
	}
}

// TestDatesFollowTheLanguage: month names and the date pattern come from the
// theme's strings, so a site in another language needs no template change.
func TestDatesFollowTheLanguage(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"site.yaml":                      "title: Portefeuille\nlanguage: fr\n",
		"themes/default/i18n/fr.yaml":    "date.long: \"le {day} {month} {year}\"\nmonth.1: janvier\n",
		"content/intents/air.md":         "---\ntitle: Air\nsummary: Air pur.\n---\n",
		"content/learnings/une-lecon.md": "---\ntitle: Une leçon\ndate: 2025-01-15\nintents: [air]\n---\n",
	})
	pf, diags := generator.Load(generator.Options{Source: dir, Now: now, NoGitDates: true})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	theme, err := render.LoadTheme(render.ThemeFS(dir, "default"), "fr")
	if err != nil {
		t.Fatal(err)
	}
	out := &render.Memory{}
	if _, err := render.New(theme).Render(pf, dir, out); err != nil {
		t.Fatal(err)
	}
	page := string(out.Files["learnings/une-lecon/index.html"])
	if !strings.Contains(page, "le 15 janvier 2025") {
		t.Errorf("the date is not written in French:\n%s", page)
	}
}
