package search

import (
	"math"
	"strings"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// Ranking is BM25F (Robertson and Zaragoza, "The Probabilistic Relevance
// Framework: BM25 and Beyond", 2009), one ranking over every kind of page.
// A page's fields are its title, its facets (kind, status, the titles of the
// pages its front matter names, systems, places, tags), its short texts
// (summary, a decision's context and rationale, a quote it may show) and
// its body. For a term t and page d,
//
//	tf~(t,d) = Σ_f weight_f · tf_f(t,d) / (1 − b_f + b_f · len_f(d) / avglen_f)
//	score    = idf(t) · tf~ / (k1 + tf~),   idf(t) = ln(1 + (N − df + 0.5) / (df + 0.5))
//
// Everything here depends on the term and the page only, so the index
// stores the product, in integers, as each posting's weight: a query adds
// integers, in Go and in search.js alike, and the two can never disagree.
// The weight is idfSteps(t) · satSteps(t,d): idf in tenths and the
// saturated frequency in twentieths, so that a term has at most twenty
// weight groups however many pages it is on (see encodePostings).
const (
	fieldTitle = iota
	fieldFacet
	fieldShort
	fieldBody
	numFields
)

var (
	fieldWeight = [numFields]float64{15, 3, 2, 1}
	fieldB      = [numFields]float64{0.3, 0.3, 0.5, 0.75}
)

// k1 is larger than the usual 1.2 because the fields' weights make tf~
// large: with 1.2 a title hit and a few words in the body saturate alike.
// The weights and k1 were chosen on testdata/reader-queries.txt.
const (
	bm25K1    = 4
	idfSteps  = 10 // idf is stored in tenths
	satSteps  = 20 // tf~/(k1+tf~), in (0, 1), is stored in twentieths
	maxCounts = math.MaxUint16
)

// counts are a term's occurrences in each field of one page.
type counts [numFields]uint16

func (c *counts) add(f, n int) {
	c[f] = uint16(min(int(c[f])+n, maxCounts))
}

// pageFields are the terms of a page by field, and each field's length
// in terms.
type pageFields struct {
	terms map[string]*counts
	len   [numFields]int
}

func (pfs *pageFields) add(f int, terms []string) {
	for _, t := range terms {
		pfs.addN(f, t, 1)
	}
}

func (pfs *pageFields) addN(f int, t string, n int) {
	c := pfs.terms[t]
	if c == nil {
		c = new(counts)
		pfs.terms[t] = c
	}
	c.add(f, n)
	pfs.len[f] += n
}

// fieldsOf analyses a page into its fields.
func fieldsOf(an *analyzer, cache *Cache, gen int, pf *portfolio.Portfolio, p *content.Page) *pageFields {
	pfs := &pageFields{terms: map[string]*counts{}}
	pfs.add(fieldTitle, an.terms(p.Title))
	for _, f := range facetTexts(pf, p) {
		pfs.add(fieldFacet, an.terms(f))
	}
	for _, s := range shortTexts(p) {
		pfs.add(fieldShort, an.terms(s))
	}
	if p.Body != nil {
		for t, n := range cache.bodyTerms(an, p.Body, pf.Text(p), gen) {
			pfs.addN(fieldBody, t, n)
		}
	}
	return pfs
}

// facetTexts are the words that place a page: its kind, status, the
// titles of the pages its front matter refers to (its intents, the
// initiatives a learning is about, who decided), systems, places and tags.
func facetTexts(pf *portfolio.Portfolio, p *content.Page) []string {
	out := []string{string(p.Kind), p.Kind.Folder(), defaultKindLabel(p.Kind)}
	if p.Kind == content.KindInitiative {
		out = append(out, p.Status)
	}
	seen := map[*content.Page]bool{}
	for _, e := range pf.Out(p) {
		if e.Field != "body" && !seen[e.To] {
			seen[e.To] = true
			out = append(out, e.To.Title)
		}
	}
	out = append(out, p.Systems...)
	out = append(out, portfolio.TermsOf(p, "places")...)
	return append(out, p.Tags...)
}

// shortTexts are the page's texts shown beside its body: the summary, a
// decision's context and rationale, and the quote a storyteller allowed.
func shortTexts(p *content.Page) []string {
	out := []string{p.Summary, p.Context, p.Rationale}
	if p.Quote != "" && p.Consent.Allows("quote") {
		out = append(out, p.Quote)
	}
	return out
}

// ranker turns counts into posting weights once every page is analysed.
type ranker struct {
	pages int
	avg   [numFields]float64
}

func newRanker(pages int, total [numFields]int) ranker {
	r := ranker{pages: pages}
	for f := range total {
		r.avg[f] = 1
		if pages > 0 && total[f] > 0 {
			r.avg[f] = float64(total[f]) / float64(pages)
		}
	}
	return r
}

// idf is a term's inverse document frequency in tenths, at least 1.
func (r ranker) idf(df int) int {
	n, d := float64(r.pages), float64(df)
	return max(1, int(math.Round(idfSteps*math.Log(1+(n-d+0.5)/(d+0.5)))))
}

// sat is a page's saturated term frequency in twentieths, at least 1.
func (r ranker) sat(c counts, length [numFields]int) int {
	tf := 0.0
	for f, n := range c {
		if n == 0 {
			continue
		}
		norm := 1 - fieldB[f] + fieldB[f]*float64(length[f])/r.avg[f]
		tf += fieldWeight[f] * float64(n) / norm
	}
	return max(1, int(math.Round(satSteps*tf/(bm25K1+tf))))
}

// sentences splits plain text after each sentence's end (. ! ? … followed
// by a space), for the passages shown under results.
func sentences(text string) []string {
	var out []string
	start := 0
	for i := 0; i < len(text); i++ {
		if text[i] != ' ' || i == 0 {
			continue
		}
		prev := text[:i]
		if strings.HasSuffix(prev, ".") || strings.HasSuffix(prev, "!") || strings.HasSuffix(prev, "?") || strings.HasSuffix(prev, "…") {
			if s := strings.TrimSpace(text[start:i]); s != "" {
				out = append(out, s)
			}
			start = i + 1
		}
	}
	if s := strings.TrimSpace(text[start:]); s != "" {
		out = append(out, s)
	}
	return out
}
