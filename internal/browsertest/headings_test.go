package browsertest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestHeadingsNeverSkipALevel reads every page of the example site and
// fails where a heading is more than one level below the one before it
// (h1 then h3), or a page does not start at h1: screen-reader users move
// through a page by its headings, and the Nu HTML checker flags a skip.
func TestHeadingsNeverSkipALevel(t *testing.T) {
	t.Parallel() // see the package documentation
	pages := 0
	for _, rel := range htmlFiles(t) {
		if isAlias(t, rel) {
			continue
		}
		pages++
		for _, p := range headingSkips(t, filepath.Join(siteDir, rel)) {
			t.Errorf("%s: %s", urlPath(rel), p)
		}
	}
	if pages < 50 {
		t.Fatalf("only %d pages checked", pages)
	}
}

// headingSkips lists the heading-level skips of an HTML file.
func headingSkips(t *testing.T, file string) []string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	last := 0
	walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode || len(n.Data) != 2 || n.Data[0] != 'h' || n.Data[1] < '1' || n.Data[1] > '6' {
			return
		}
		level := int(n.Data[1] - '0')
		if level > last+1 {
			out = append(out, strings.TrimSpace(n.Data+" "+text(n))+" follows "+map[bool]string{true: "the start of the page", false: "h" + string(rune('0'+last))}[last == 0])
		}
		last = level
	})
	return out
}
