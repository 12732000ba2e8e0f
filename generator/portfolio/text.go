package portfolio

import (
	"strings"
	"unicode/utf8"

	"github.com/trellis-ssg/trellis/generator/content"
)

// SummaryLen is the most characters Summary takes from a page's body.
const SummaryLen = 280

// Text is p's body as plain text: the one text every stage derives
// summaries, cards, search snippets, feeds, meta descriptions and JSON-LD
// from. Headings, paragraphs, list items and table rows are kept apart as
// sentences and table cells apart from each other (the markdown stage), and
// every wiki-link reads as its label or, without one, its target's title,
// never its slug (known only here, once links are resolved).
func (pf *Portfolio) Text(p *content.Page) string {
	if p.Body == nil {
		return ""
	}
	targets := pf.links[p]
	return p.Body.PlainText(func(n int) string {
		if n < len(targets) {
			return targets[n].Title
		}
		return ""
	})
}

// Summary is the short plain text that stands for p wherever it is not
// shown in full (cards, feeds, search results, meta descriptions, JSON-LD):
// its summary, a decision's rationale, the quote a storyteller allowed,
// or else the start of its Text cut at a word, with "…".
func (pf *Portfolio) Summary(p *content.Page) string {
	switch {
	case p.Summary != "":
		return p.Summary
	case p.Kind == content.KindDecision && p.Rationale != "":
		return p.Rationale
	case p.Quote != "" && p.Consent.Allows("quote"):
		return p.Quote
	}
	return Excerpt(pf.Text(p), SummaryLen)
}

// Excerpt is s with its whitespace collapsed, cut to at most max
// characters, at the end of a word when one ends in its second half, with
// "…" when it was cut.
func Excerpt(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	cut, n := len(s), 0
	for i := range s {
		if n == max {
			cut = i
			break
		}
		n++
	}
	if s[cut] != ' ' {
		if sp := strings.LastIndexByte(s[:cut], ' '); sp > cut/2 {
			cut = sp
		}
	}
	return strings.TrimRight(s[:cut], " ,;:.·") + "…"
}
