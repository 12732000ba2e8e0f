package render

import (
	"fmt"
	"html/template"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/locale"
	"github.com/trellis-ssg/trellis/generator/markdown"
	"github.com/trellis-ssg/trellis/generator/opendata"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

type markdownTarget = markdown.Target

// Picture is an image ready for an <img> element: the fallback source, the
// srcset of its resized variants and its intrinsic size, so the page does
// not shift as it loads.
type Picture struct {
	Src, SrcSet   string
	Width, Height int
}

// Picture returns the resized variants of a page's bundle image, or a plain
// picture for an image that could not be resized (or an https URL).
func (s *Site) Picture(p *content.Page, src string) Picture {
	p = p.Entity() // a translation's files are its original's
	im, ok := s.images[p.Path()+src]
	if !ok {
		if strings.Contains(src, "://") {
			return Picture{Src: src}
		}
		return Picture{Src: s.URL(p) + src}
	}
	base := s.URL(p)
	var set []string
	for _, v := range im.Variants {
		set = append(set, base+v.Name+" "+strconv.Itoa(v.Width)+"w")
	}
	l := im.Largest()
	// The fallback is the middle width: good enough for browsers without srcset.
	mid := im.Variants[len(im.Variants)/2]
	return Picture{Src: base + mid.Name, SrcSet: strings.Join(set, ", "), Width: l.Width, Height: l.Height}
}

// FeedPath is the site path of a kind's Atom feed.
func (s *Site) FeedPath(k content.Kind) string { return FeedPath(k) }

// Data returns the open data files, for the /data/ page, made on first use.
func (s *Site) Data() ([]opendata.File, error) {
	s.dataOnce.Do(func() {
		if s.dataFn != nil {
			s.data, s.dataErr = s.dataFn()
		}
	})
	return s.data, s.dataErr
}

// T returns the theme's text for key in the site's language.
func (s *Site) T(key string) string { return s.theme.String(key) }

// Tf formats the theme's text for key with args (fmt verbs).
func (s *Site) Tf(key string, args ...any) string { return fmt.Sprintf(s.theme.String(key), args...) }

// URL is the link to a page.
func (s *Site) URL(p *content.Page) string { return s.PF.URL(p) }

// Rel is the link to a page or file the site makes in its language
// ("initiatives/", "feed.xml"): under /cy/ for Welsh.
func (s *Site) Rel(p string) string { return s.Config.LangURL(p) }

// File is the link to a file every language shares ("data/portfolio.json",
// "sitemap.xml").
func (s *Site) File(p string) string { return s.Config.URL(p) }

// Abs is the absolute URL of a site path.
func (s *Site) Abs(p string) string { return s.Config.AbsURL(p) }

// Asset returns a theme asset's link and integrity value.
func (s *Site) Asset(name string) Asset {
	a, ok := s.theme.Asset(name)
	if !ok {
		return Asset{}
	}
	a.Path = s.Config.URL(a.Path)
	return a
}

// TermURL is the link to a taxonomy term's page.
func (s *Site) TermURL(tax, term string) string { return s.Rel(portfolio.TermPath(tax, term)) }

// Edges returns the references from p through one field, in the order
// written, with their relation (a partner's role, say).
func (s *Site) Edges(p *content.Page, field string) []portfolio.Edge {
	var out []portfolio.Edge
	for _, e := range s.PF.Out(p) {
		if e.Field == field {
			out = append(out, e)
		}
	}
	return out
}

// Kinds are the entity kinds, in order.
func (s *Site) Kinds() []content.Kind { return content.Kinds }

// Taxonomies are the taxonomies that have terms; every page's footer lists
// them, so they are worked out once.
func (s *Site) Taxonomies() []string {
	s.taxOnce.Do(func() {
		for _, t := range portfolio.Taxonomies {
			if len(s.PF.Terms(t)) > 0 {
				s.taxonomies = append(s.taxonomies, t)
			}
		}
	})
	return s.taxonomies
}

// StatusCount is the number of initiatives in one status.
type StatusCount struct {
	Status string
	Count  int
}

// StatusCounts counts initiatives per status, in the vocabulary's order.
func (s *Site) StatusCounts() []StatusCount {
	var out []StatusCount
	for _, st := range s.Config.Statuses {
		n := len(s.PF.TermPages("status", content.Slugify(st)))
		if n > 0 {
			out = append(out, StatusCount{st, n})
		}
	}
	return out
}

// Latest returns the n most recent published pages of a kind.
func (s *Site) Latest(k content.Kind, n int) []*content.Page {
	ps := append([]*content.Page(nil), s.PF.Of(k)...)
	sort.SliceStable(ps, func(i, j int) bool { return dateOf(ps[i]).After(dateOf(ps[j])) })
	if len(ps) > n {
		ps = ps[:n]
	}
	return ps
}

// Featured returns the featured stories, or those about p when p is given.
func (s *Site) Featured(p *content.Page) []*content.Page {
	var out []*content.Page
	if p == nil {
		for _, n := range s.PF.Of(content.KindNarrative) {
			if n.Featured {
				out = append(out, n)
			}
		}
		return out
	}
	return s.PF.Referrers(p, content.KindNarrative, "initiatives", "intents")
}

// Initiatives returns the initiatives serving an intent, ordered by status
// then title.
func (s *Site) Initiatives(intent *content.Page) []*content.Page {
	ps := s.PF.Referrers(intent, content.KindInitiative, "intents")
	rank := map[string]int{}
	for i, st := range s.Config.Statuses {
		rank[st] = i
	}
	sorted := append([]*content.Page(nil), ps...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if rank[sorted[i].Status] != rank[sorted[j].Status] {
			return rank[sorted[i].Status] < rank[sorted[j].Status]
		}
		return sorted[i].Title < sorted[j].Title
	})
	return sorted
}

// InitiativesByStatus groups the initiatives serving an intent by status,
// in the vocabulary's order; the portfolio matrix links to these groups.
func (s *Site) InitiativesByStatus(intent *content.Page) []Group {
	var out []Group
	for _, p := range s.Initiatives(intent) {
		if len(out) == 0 || out[len(out)-1].Key != p.Status {
			out = append(out, Group{Key: p.Status, Label: s.T("status." + p.Status)})
		}
		out[len(out)-1].Pages = append(out[len(out)-1].Pages, p)
	}
	return out
}

// Children returns the intents whose parent is p.
func (s *Site) Children(p *content.Page) []*content.Page {
	return s.PF.Referrers(p, content.KindIntent, "parent")
}

// Moment is a cited moment of a source's recording.
type Moment struct {
	At      string
	Seconds int
	By      *content.Page // the citing page; nil for the source's own body
	URL     string        // the moment in the recording, or ""
}

// Moments returns every moment cited from a source: in its own text, by
// stories (source + at) and by learnings' evidence, in time order.
func (s *Site) Moments(src *content.Page) []Moment {
	var out []Moment
	vid := src.VideoID()
	add := func(at string, by *content.Page) {
		sec, ok := content.ParseTimestamp(at)
		if !ok {
			return
		}
		out = append(out, Moment{At: at, Seconds: sec, By: by, URL: VideoURL(vid, sec)})
	}
	if src.Body != nil {
		for _, c := range src.Body.Citations {
			add(c.At, nil)
		}
	}
	for _, e := range s.PF.In(src) {
		switch {
		case e.Field == "source" && e.From.Kind == content.KindNarrative:
			add(e.From.At, e.From)
		case e.Field == "evidence.source":
			for _, ev := range e.From.Evidence {
				if ev.Source == src.Slug && ev.At != "" {
					add(ev.At, e.From)
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Seconds < out[j].Seconds })
	// The same moment cited twice in the text is listed once.
	dedup := out[:0]
	for i, m := range out {
		if i > 0 && m.By == nil && out[i-1].By == nil && m.Seconds == out[i-1].Seconds {
			continue
		}
		dedup = append(dedup, m)
	}
	return dedup
}

// MomentURL links a moment ("00:45:50") of a source's recording, or "".
func (s *Site) MomentURL(src *content.Page, at string) string {
	sec, ok := content.ParseTimestamp(at)
	if !ok || src == nil {
		return ""
	}
	return VideoURL(src.VideoID(), sec)
}

// VideoURL is a link to a moment of a video, or "" when id is not a video id.
func VideoURL(id string, sec int) string {
	if !validVideoID(id) {
		return ""
	}
	u := "https://www.youtube.com/watch?v=" + id
	if sec > 0 {
		u += "&t=" + strconv.Itoa(sec) + "s"
	}
	return u
}

func validVideoID(id string) bool {
	if len(id) < 6 || len(id) > 20 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// MetaCSP is the Content-Security-Policy every page carries in a meta
// element, for hosts that send no header.
func (s *Site) MetaCSP() string { return MetaContentSecurityPolicy }

// ReferrerPolicy is the referrer policy every page carries in a meta element.
func (s *Site) ReferrerPolicy() string { return ReferrerPolicy }

// TellerName is how a story's teller is shown, respecting anonymity.
func (s *Site) TellerName(p *content.Page) string {
	switch p.Anonymity {
	case "anonymous":
		return s.T("narrative.anonymous")
	case "pseudonym":
		return p.Pseudonym
	}
	return p.Teller
}

// FundingTotal sums funding lines per currency, e.g. "€1,200,000", in
// English.
func FundingTotal(lines []content.Funding) []string { return fundingTotal(locale.English, lines) }

func (t *Theme) fundingTotal(lines []content.Funding) []string { return fundingTotal(t.table, lines) }

func fundingTotal(tb *locale.Table, lines []content.Funding) []string {
	sums := map[string]float64{}
	for _, f := range lines {
		sums[f.Currency] += f.Amount
	}
	var cur []string
	for c := range sums {
		cur = append(cur, c)
	}
	sort.Strings(cur)
	out := make([]string, len(cur))
	for i, c := range cur {
		out[i] = tb.Money(sums[c], c)
	}
	return out
}

// FormatDate writes a date the way the theme's language does: the pattern
// "date.long" with {day}, {month} and {year}, and the month names
// "month.1" … "month.12".
func (t *Theme) FormatDate(d time.Time) string { return t.table.Date(d) }

// FormatMonth writes a month and year: the pattern "date.month".
func (t *Theme) FormatMonth(d time.Time) string { return t.table.Month(d) }

// dateFunc is the templates' date function, bound to a theme's strings.
func (t *Theme) dateFunc(d any) string {
	switch v := d.(type) {
	case content.Date:
		return t.FormatDate(v.Time)
	case time.Time:
		return t.FormatDate(v)
	}
	return ""
}

// Money formats an amount with its currency and thousands separators, in
// English; templates' money writes it in the page's language.
func Money(amount float64, currency string) string { return locale.English.Money(amount, currency) }

var funcs = template.FuncMap{
	"isodate": func(d content.Date) string { return d.String() },
	"slugify": content.Slugify,
	"join":    strings.Join,
	"add":     func(a, b int) int { return a + b },
	"list":    func(v ...any) []any { return v },
	"kindOf":  func(k content.Kind) string { return string(k) },
	"has": func(list []string, s string) bool {
		for _, v := range list {
			if v == s {
				return true
			}
		}
		return false
	},
	"dict": func(kv ...any) map[string]any {
		m := make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				k = fmt.Sprint(kv[i])
			}
			m[k] = kv[i+1]
		}
		return m
	},
}
