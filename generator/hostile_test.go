package generator_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/trellis-ssg/trellis/generator"
)

// TestHostileContentNeverExecutes builds testdata/hostile, whose every
// field and body carries script and event-handler payloads, and parses each
// output page: no payload may become a script, a handler, a dangerous URL or
// an embedding element.
func TestHostileContentNeverExecutes(t *testing.T) {
	src := "testdata/hostile"
	payloads := 0
	filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			payloads += bytes.Count(b, []byte("alert("))
		}
		return nil
	})
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	res, err := generator.Build(generator.Options{Source: src, Destination: dest, Now: now})
	if err != nil {
		t.Fatalf("build: %v\n%v", err, res.Diags)
	}
	pages := 0
	filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch filepath.Ext(p) {
		case ".html", ".svg":
			pages++
			b, _ := os.ReadFile(p)
			checkInert(t, strings.TrimPrefix(p, dest), b)
		}
		return nil
	})
	// Nothing written beside the destination but the destination.
	entries, _ := os.ReadDir(root)
	if len(entries) != 1 || entries[0].Name() != "public" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the build left %v beside the destination", names)
	}
	t.Logf("%d payloads in the corpus, %d pages checked", payloads, pages)
	if payloads < 50 || pages < 10 {
		t.Fatalf("the corpus is too small to mean anything: %d payloads, %d pages", payloads, pages)
	}
}

var dangerousURL = regexp.MustCompile(`(?i)^\s*(javascript|data|vbscript):`)

// checkInert fails the test for anything in page that would run code.
func checkInert(t *testing.T, name string, page []byte) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script":
				typ, src := attrOf(n, "type"), attrOf(n, "src")
				if typ != "application/ld+json" && !strings.HasPrefix(src, "/assets/") {
					t.Errorf("%s: a <script> from content: type=%q src=%q %v", name, typ, src, text(n))
				}
			case "iframe", "object", "embed", "style", "form", "frame", "base", "meta":
				if n.Data == "meta" && attrOf(n, "http-equiv") == "" {
					break
				}
				if n.Data == "meta" && attrOf(n, "http-equiv") == "refresh" && !strings.Contains(attrOf(n, "content"), "javascript") {
					break
				}
				if n.Data == "form" && attrOf(n, "id") == "search" && attrOf(n, "action") == "/search/" {
					break // the theme's own search form
				}
				t.Errorf("%s: a <%s> element from content", name, n.Data)
			}
			for _, a := range n.Attr {
				key := strings.ToLower(a.Key)
				if strings.HasPrefix(key, "on") {
					t.Errorf("%s: <%s %s=%q>", name, n.Data, a.Key, a.Val)
				}
				if key == "style" || key == "srcdoc" || key == "formaction" {
					t.Errorf("%s: <%s %s=%q>", name, n.Data, a.Key, a.Val)
				}
				if (key == "href" || key == "src" || key == "action" || key == "xlink:href" || key == "poster" || key == "data") && dangerousURL.MatchString(a.Val) {
					t.Errorf("%s: <%s %s=%q>", name, n.Data, a.Key, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

func attrOf(n *html.Node, key string) string {
	v, _ := attr(n, key)
	return v
}
