package render

import (
	"html/template"
	"net/url"
	"regexp"
	"strings"

	"github.com/trellis-ssg/trellis/generator/content"
)

// GlossaryPath is the site path of the glossary.
const GlossaryPath = "glossary/"

// GlossaryEntry is one word of the glossary, all of it from the theme's
// strings, so that it translates with them.
type GlossaryEntry struct {
	ID, Term, Text string
	words          []*regexp.Regexp // the forms a text may use it in, as whole words
}

// Glossary lists the portfolio's words and statuses: the entries of the
// theme's glossary.terms, then every initiative status and innovation
// facet with its explanation.
func (s *Site) Glossary() []GlossaryEntry {
	s.glossaryOnce.Do(func() {
		var out []GlossaryEntry
		for _, id := range strings.Fields(s.T("glossary.terms")) {
			e := GlossaryEntry{ID: id, Term: s.T("glossary." + id + ".term"), Text: s.T("glossary." + id + ".text")}
			for _, w := range strings.Split(s.T("glossary."+id+".words"), ",") {
				if w = strings.TrimSpace(w); w != "" && w != "glossary."+id+".words" {
					// A whole word in any script: not inside a longer one.
					e.words = append(e.words, regexp.MustCompile(`(?:^|[^\pL\pN])(`+regexp.QuoteMeta(strings.ToLower(w))+`)(?:$|[^\pL\pN])`))
				}
			}
			out = append(out, e)
		}
		for _, st := range s.Config.Statuses {
			if text := s.T("status." + st + ".about"); text != "status."+st+".about" {
				out = append(out, GlossaryEntry{ID: "status-" + st, Term: s.T("status." + st), Text: text})
			}
		}
		for _, f := range content.Facets {
			out = append(out, GlossaryEntry{ID: "facet-" + f, Term: s.T("facet." + f), Text: s.T("facet." + f + ".about")})
		}
		s.glossary = out
	})
	return s.glossary
}

// Explained writes text with the first use of each glossary word linked to
// its explanation: for the leads of list pages, where readers first meet
// the portfolio's words. Only the text is written, escaped.
func (s *Site) Explained(text string) template.HTML {
	type hit struct {
		at, end int
		id      string
	}
	var hits []hit
	lower := strings.ToLower(text)
	if len(lower) != len(text) {
		// Lowercasing changed the text's length: positions would not match.
		return template.HTML(template.HTMLEscapeString(text))
	}
	for _, e := range s.Glossary() {
		best := -1
		end := 0
		for _, re := range e.words {
			if loc := re.FindStringSubmatchIndex(lower); loc != nil && (best < 0 || loc[2] < best) {
				best, end = loc[2], loc[3]
			}
		}
		if best >= 0 {
			hits = append(hits, hit{best, end, e.ID})
		}
	}
	var b strings.Builder
	last := 0
	for len(hits) > 0 {
		// The earliest hit next; hits that overlap one taken are dropped.
		k := 0
		for i, h := range hits {
			if h.at < hits[k].at {
				k = i
			}
		}
		h := hits[k]
		hits = append(hits[:k], hits[k+1:]...)
		if h.at < last {
			continue
		}
		b.WriteString(template.HTMLEscapeString(text[last:h.at]))
		b.WriteString(`<a class="term" href="` + template.HTMLEscapeString(s.Rel(GlossaryPath)) + "#" + template.HTMLEscapeString(h.id) + `">`)
		b.WriteString(template.HTMLEscapeString(text[h.at:h.end]))
		b.WriteString("</a>")
		last = h.end
	}
	b.WriteString(template.HTMLEscapeString(text[last:]))
	return template.HTML(b.String())
}

// ReportURL is where a reader reports a problem with the page at path:
// the site's report_url with the page's address added (?page=), or else a
// mail to the site's contact (or steward) about the page; "" when the site
// gives neither.
func (s *Site) ReportURL(path, title string) string {
	page := s.Abs(path)
	if r := s.Config.ReportURL; r != "" {
		sep := "?"
		if strings.Contains(r, "?") {
			sep = "&"
		}
		return r + sep + "page=" + url.QueryEscape(page)
	}
	to := s.Config.Contact.Email
	if to == "" {
		to = s.Config.Steward.Email
	}
	if to == "" {
		return ""
	}
	subject := strings.ReplaceAll(s.T("report.subject"), "{title}", title)
	body := strings.ReplaceAll(s.T("report.body"), "{page}", page)
	return "mailto:" + to + "?subject=" + mailEscape(subject) + "&body=" + mailEscape(body)
}

// mailEscape escapes a header field of a mailto URL (RFC 6068): "&", "="
// and "#" too, which would end the field, and a space as %20, since "+"
// is no space there.
func mailEscape(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
