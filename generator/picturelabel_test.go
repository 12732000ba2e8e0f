package generator_test

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
)

// TestPictureLinksSayWhatTheyShow: every link of the pictures on /views/,
// in English and in Welsh, has its drawn words in its accessible name
// (WCAG 2.5.3, axe's label-content-name-mismatch): a funding flow's name
// drawn on two lines reads as two words, not one run together.
func TestPictureLinksSayWhatTheyShow(t *testing.T) {
	out, _ := buildExample(t, "")
	// As axe compares them: letters and digits, whatever the case, the
	// punctuation and spacing between them aside.
	norm := func(s string) string {
		return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }), " ")
	}
	for _, path := range []string{"/views/", "/cy/views/"} {
		n := 0
		walkNodes(page(t, out, path), func(a *html.Node) {
			label, ok := attr(a, "aria-label")
			if a.Data != "a" || !ok {
				return
			}
			var b strings.Builder
			var drawn func(*html.Node)
			drawn = func(e *html.Node) {
				if e.Type == html.ElementNode && e.Data == "title" {
					return
				}
				if e.Type == html.TextNode {
					b.WriteString(e.Data)
				}
				for c := e.FirstChild; c != nil; c = c.NextSibling {
					drawn(c)
				}
			}
			drawn(a)
			words := norm(b.String())
			if words == "" {
				return
			}
			n++
			if !strings.Contains(norm(label), words) {
				t.Errorf("%s: the link drawn %q is named %q", path, words, label)
			}
		})
		if n < 50 {
			t.Errorf("%s: %d links with drawn words", path, n)
		}
	}
}
