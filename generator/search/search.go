// Package search builds the static search index of a site: an inverted
// index split into shards by the first characters of each term, page
// metadata split into small fragment files, and one small meta.json with
// the filter vocabularies. The browser (themes/default/assets/search.js)
// downloads meta.json, then only the shards its query words need and the
// fragments of the results it shows, so a query on a 10,000-page portfolio
// stays within a few hundred kilobytes, with no server and no WebAssembly.
//
// Files written, under "search/":
//
//	meta.json       version, page count, fragment size, language rules
//	                (the stemmer's name, stop words), the list of shard
//	                keys, and the facets (kind, status, intent, system): for
//	                each value its key, label (a kind's also in the
//	                singular) and page list (see EncodeList);
//	t/<key>.json    a shard: {"term": [[weight, pages], ...], ...}, weight
//	                groups in descending order, pages as EncodeList strings;
//	                a weight is the term's BM25F score on those pages, in
//	                integer steps (rank.go);
//	p/<n>.json      a fragment: pages n*F ... n*F+F-1 (F = meta "fragment")
//	                as [{"t": title, "u": URL, "k": kind index, "s": status
//	                index, "i": [intent indexes], "y": [system indexes],
//	                "e": excerpt}, ...]; indexes point into meta's facets;
//	x/<n>.json      page n's plain text as a list of sentences (its summary,
//	                a decision's context and rationale, then its body; at
//	                most passageLen characters), from which a result's
//	                passage around the words found is cut (Snippet).
//
// Page numbers are positions in Portfolio.Pages. Every file is a pure
// function of the portfolio: the same input gives the same bytes.
package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/locale"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// Version is the format version written in meta.json.
const Version = 2

const (
	// FragmentSize is the number of pages per fragment file. Small, because
	// the first results of a query are spread over the whole site and each
	// one costs its whole fragment.
	FragmentSize = 16
	// maxShard is the size above which a shard is split by one more
	// character of its terms.
	maxShard = 24 << 10
	// excerptLen is the length of a result's excerpt, in runes.
	excerptLen = 160
	// passageLen bounds the text kept of a page for passages, in runes.
	passageLen = 6000
)

// File is one file of the index, its name a site path ("search/meta.json").
type File struct {
	Name string
	Data []byte
}

// Index is the static search index of a site, split into shards so a query
// downloads only what it needs.
type Index struct {
	files []File
	byKey map[string][]byte // file name → data
	meta  Meta

	lazy *reader // decoded view for Search
}

// Meta is the content of meta.json.
type Meta struct {
	Version  int      `json:"version"`
	Pages    int      `json:"pages"`
	Fragment int      `json:"fragment"`
	Stem     string   `json:"stem"` // the stemmer (Stemmer), "" for none
	Stop     []string `json:"stop"`
	// Shards are the shard keys, space-separated, sorted.
	Shards string  `json:"shards"`
	Facets []Facet `json:"facets"`
}

// Facet is a filter: kind, status, intent or system.
type Facet struct {
	Name   string  `json:"name"`
	Values []Value `json:"values"`
}

// Value is one value of a facet, and the pages that have it.
type Value struct {
	Key   string `json:"v"`
	Label string `json:"l"`
	One   string `json:"o,omitempty"` // the label of one page of a kind: "Decision"
	Pages string `json:"p"`           // EncodeList
}

// Entry is a page's metadata in a fragment file.
type Entry struct {
	Title   string `json:"t"`
	URL     string `json:"u"`
	Kind    int    `json:"k"`
	Status  *int   `json:"s,omitempty"`
	Intents []int  `json:"i,omitempty"`
	Systems []int  `json:"y,omitempty"`
	Excerpt string `json:"e,omitempty"`
	// Lang is the language of a page listed in another language's index
	// (not translated into it): its title and excerpt are in Lang.
	Lang string `json:"g,omitempty"`
}

// Option changes how an index is built.
type Option func(*options)

type options struct {
	label func(key string) string
	cache *Cache
}

// Labels gives the index the site's words for kinds ("kind.initiative.plural")
// and statuses ("status.piloting"), such as the theme's translation function.
// A lookup that returns "" or the key itself falls back to a default.
func Labels(f func(key string) string) Option { return func(o *options) { o.label = f } }

// Facet names, in the order meta.json lists them.
const (
	FacetKind   = "kind"
	FacetStatus = "status"
	FacetIntent = "intent"
	FacetSystem = "system"
)

// Build indexes the published pages of pf. Unpublished pages (drafts,
// withheld stories) are not in pf.Pages and so never reach the index.
func Build(pf *portfolio.Portfolio, opts ...Option) *Index {
	o := options{label: locale.English.T}
	for _, f := range opts {
		f(&o)
	}
	label := func(key, fallback string) string {
		if o.label != nil {
			if l := o.label(key); l != "" && l != key {
				return l
			}
		}
		return fallback
	}
	lang := "en"
	if pf.Config != nil && pf.Config.Language != "" {
		lang = pf.Config.Language
	}
	an := newAnalyzer(lang)
	gen := 0
	if o.cache != nil {
		gen = o.cache.begin(lang)
		defer o.cache.end(gen)
	}
	pages := pf.Pages
	index := map[*content.Page]int{}
	for i, p := range pages {
		index[p] = i
	}

	// Facets.
	kinds := facetBuilder{}
	statuses := facetBuilder{}
	intents := facetBuilder{}
	systems := facetBuilder{}
	for _, p := range pages {
		kinds.add(string(p.Kind), "", index[p])
	}
	for _, k := range kinds.keys {
		kinds.labels[k] = label("kind."+k+".plural", defaultKindLabel(content.Kind(k)))
	}
	var statusOrder []string
	if pf.Config != nil {
		statusOrder = pf.Config.Statuses
	}
	rank := map[string]int{}
	for i, s := range statusOrder {
		rank[content.Slugify(s)] = i + 1
	}
	for _, slug := range sortedBy(pf.Terms("status"), rank) {
		l := pf.TermLabel("status", slug)
		statuses.set(slug, label("status."+l, l), pf.TermPages("status", slug), index)
	}
	for _, in := range pf.Of(content.KindIntent) {
		intents.add(in.Slug, in.Title, index[in])
	}
	for _, p := range pages {
		for _, in := range pf.Targets(p, "intents") {
			intents.add(in.Slug, in.Title, index[p])
		}
	}
	sysSlugs := pf.Terms("systems")
	sort.SliceStable(sysSlugs, func(i, j int) bool {
		return strings.ToLower(pf.TermLabel("systems", sysSlugs[i])) < strings.ToLower(pf.TermLabel("systems", sysSlugs[j]))
	})
	for _, slug := range sysSlugs {
		systems.set(slug, pf.TermLabel("systems", slug), pf.TermPages("systems", slug), index)
	}
	// Intents in page order (by slug) would be stable but unhelpful in a
	// menu; sort them by title.
	intents.sortByLabel()

	meta := Meta{Version: Version, Pages: len(pages), Fragment: FragmentSize, Stop: []string{}}
	if an.english {
		meta.Stem = Stemmer
		meta.Stop = append(meta.Stop, StopWords...)
	}
	meta.Facets = []Facet{kinds.facet(FacetKind), statuses.facet(FacetStatus), intents.facet(FacetIntent), systems.facet(FacetSystem)}
	for i, v := range meta.Facets[0].Values {
		k := content.Kind(v.Key)
		one := string(k)
		if k == content.KindNarrative {
			one = "story"
		}
		meta.Facets[0].Values[i].One = label("kind."+v.Key, strings.ToUpper(one[:1])+one[1:])
	}

	// Postings.
	// Pages are analysed in parallel, a chunk at a time, and merged in page
	// order; only a chunk's terms are held at once, and a term kept as a
	// key is copied, so that it does not hold on to the text it came from.
	// A posting keeps the term's counts per field until every page is
	// analysed: BM25F needs the average field lengths and each term's
	// number of pages (rank.go).
	const chunk = 256
	postings := map[string][]posting{}
	lengths := make([][numFields]int32, len(pages))
	var total [numFields]int
	perPage := make([]*pageFields, chunk)
	for lo := 0; lo < len(pages); lo += chunk {
		hi := min(lo+chunk, len(pages))
		var wg sync.WaitGroup
		next := make(chan int)
		for w := 0; w < runtime.GOMAXPROCS(0); w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					perPage[i-lo] = fieldsOf(an, o.cache, gen, pf, pages[i])
				}
			}()
		}
		for i := lo; i < hi; i++ {
			next <- i
		}
		close(next)
		wg.Wait()
		for i := lo; i < hi; i++ {
			pfs := perPage[i-lo]
			for f, n := range pfs.len {
				lengths[i][f] = int32(n)
				total[f] += n
			}
			for term, c := range pfs.terms {
				ps, ok := postings[term]
				if !ok {
					term = strings.Clone(term)
				}
				postings[term] = append(ps, posting{page: int32(i), counts: *c})
			}
			perPage[i-lo] = nil
		}
	}
	rk := newRanker(len(pages), total)
	encoded := make(map[string][]byte, len(postings))
	for term, ps := range postings {
		encoded[term] = encodePostings(rk, ps, lengths)
	}
	shards := shardTerms(encoded)
	keys := make([]string, 0, len(shards))
	for k := range shards {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	meta.Shards = strings.Join(keys, " ")

	ix := &Index{meta: meta, byKey: map[string][]byte{}}
	add := func(name string, data []byte) {
		ix.files = append(ix.files, File{Name: name, Data: data})
		ix.byKey[name] = data
	}
	add("search/meta.json", mustJSON(meta))
	for _, k := range keys {
		add("search/t/"+shardFile(k)+".json", shardJSON(shards[k], encoded))
	}
	kindIdx, statusIdx, intentIdx, systemIdx := kinds.index(), statuses.index(), intents.index(), systems.index()
	for start := 0; start < len(pages); start += FragmentSize {
		end := min(start+FragmentSize, len(pages))
		entries := make([]Entry, 0, end-start)
		for _, p := range pages[start:end] {
			e := Entry{Title: p.Title, URL: pf.URL(p), Kind: kindIdx[string(p.Kind)], Excerpt: portfolio.Excerpt(pf.Summary(p), excerptLen)}
			if pf.Foreign(p) {
				e.Lang = p.Lang
			}
			if p.Kind == content.KindInitiative && p.Status != "" {
				if s, ok := statusIdx[content.Slugify(p.Status)]; ok {
					e.Status = &s
				}
			}
			for _, in := range pf.Targets(p, "intents") {
				e.Intents = append(e.Intents, intentIdx[in.Slug])
			}
			seen := map[int]bool{}
			for _, s := range p.Systems {
				if n, ok := systemIdx[content.Slugify(s)]; ok && !seen[n] {
					seen[n] = true
					e.Systems = append(e.Systems, n)
				}
			}
			entries = append(entries, e)
		}
		add(fmt.Sprintf("search/p/%d.json", start/FragmentSize), mustJSON(entries))
	}
	for i, p := range pages {
		add(fmt.Sprintf("search/x/%d.json", i), mustJSON(passageText(pf, p)))
	}
	return ix
}

// Files returns the index's files: meta.json, then the shards by key, then
// the fragments by number. Names are site paths under "search/".
func (ix *Index) Files() []File { return ix.files }

// Meta returns the decoded meta.json.
func (ix *Index) Meta() Meta { return ix.meta }

// File returns the data of one file by its name ("search/meta.json"), or nil.
func (ix *Index) File(name string) []byte { return ix.byKey[name] }

// posting is a page a term is on, with its counts per field.
type posting struct {
	page   int32
	counts counts
}

// encodePostings writes a term's postings as JSON: weight groups, heaviest
// first, each [weight, "pages"]; a weight is the term's BM25F score on the
// page in integer steps (rank.go).
func encodePostings(rk ranker, ps []posting, lengths [][numFields]int32) []byte {
	idf := rk.idf(len(ps))
	byW := map[int][]int{}
	for _, p := range ps {
		var l [numFields]int
		for f, n := range lengths[p.page] {
			l[f] = int(n)
		}
		w := idf * rk.sat(p.counts, l)
		byW[w] = append(byW[w], int(p.page))
	}
	ws := make([]int, 0, len(byW))
	for w := range byW {
		ws = append(ws, w)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(ws)))
	var b bytes.Buffer
	b.WriteByte('[')
	for i, w := range ws {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "[%d,%q]", w, EncodeList(byW[w]))
	}
	b.WriteByte(']')
	return b.Bytes()
}

// shardTerms groups terms by their first two runes, and splits a group that
// grows beyond maxShard by one more rune of its longer terms. A term shorter
// than a split group's key stays in the group's own shard.
func shardTerms(encoded map[string][]byte) map[string][]string {
	terms := make([]string, 0, len(encoded))
	for t := range encoded {
		terms = append(terms, t)
	}
	sort.Strings(terms)
	out := map[string][]string{}
	var place func(key string, ts []string)
	place = func(key string, ts []string) {
		n := utf8.RuneCountInString(key)
		size := 0
		for _, t := range ts {
			size += len(t) + len(encoded[t]) + 4
		}
		var longer []string
		var own []string
		for _, t := range ts {
			if utf8.RuneCountInString(t) > n {
				longer = append(longer, t)
			} else {
				own = append(own, t)
			}
		}
		if size <= maxShard || len(longer) == 0 {
			out[key] = ts
			return
		}
		if len(own) > 0 {
			out[key] = own
		}
		groups := map[string][]string{}
		var subs []string
		for _, t := range longer {
			k := shardKey(t, n+1)
			if groups[k] == nil {
				subs = append(subs, k)
			}
			groups[k] = append(groups[k], t)
		}
		for _, k := range subs {
			place(k, groups[k])
		}
	}
	groups := map[string][]string{}
	var keys []string
	for _, t := range terms {
		k := shardKey(t, minTerm)
		if groups[k] == nil {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], t)
	}
	for _, k := range keys {
		place(k, groups[k])
	}
	return out
}

func shardJSON(terms []string, encoded map[string][]byte) []byte {
	sort.Strings(terms)
	var b bytes.Buffer
	b.WriteByte('{')
	for i, t := range terms {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(mustJSON(t))
		b.WriteByte(':')
		b.Write(encoded[t])
	}
	b.WriteByte('}')
	return b.Bytes()
}

func defaultKindLabel(k content.Kind) string {
	switch k {
	case content.KindPage:
		return "Pages"
	case content.KindNarrative:
		return "Stories"
	}
	f := k.Folder()
	return strings.ToUpper(f[:1]) + f[1:]
}

// sortedBy orders slugs by rank (unranked last, then by name).
func sortedBy(slugs []string, rank map[string]int) []string {
	out := append([]string(nil), slugs...)
	sort.SliceStable(out, func(i, j int) bool {
		ri, rj := rank[out[i]], rank[out[j]]
		if ri == 0 {
			ri = 1 << 30
		}
		if rj == 0 {
			rj = 1 << 30
		}
		if ri != rj {
			return ri < rj
		}
		return out[i] < out[j]
	})
	return out
}

// facetBuilder collects a facet's values in first-seen order.
type facetBuilder struct {
	keys   []string
	labels map[string]string
	pages  map[string][]int
}

func (f *facetBuilder) init() {
	if f.labels == nil {
		f.labels, f.pages = map[string]string{}, map[string][]int{}
	}
}

func (f *facetBuilder) add(key, label string, page int) {
	f.init()
	if _, ok := f.pages[key]; !ok {
		f.keys = append(f.keys, key)
		f.labels[key] = label
		f.pages[key] = nil
	}
	ps := f.pages[key]
	if len(ps) == 0 || ps[len(ps)-1] != page {
		f.pages[key] = append(ps, page)
	}
}

func (f *facetBuilder) set(key, label string, pages []*content.Page, index map[*content.Page]int) {
	f.init()
	f.keys = append(f.keys, key)
	f.labels[key] = label
	var ps []int
	for _, p := range pages {
		if i, ok := index[p]; ok {
			ps = append(ps, i)
		}
	}
	sort.Ints(ps)
	f.pages[key] = ps
}

func (f *facetBuilder) sortByLabel() {
	sort.SliceStable(f.keys, func(i, j int) bool {
		a, b := strings.ToLower(f.labels[f.keys[i]]), strings.ToLower(f.labels[f.keys[j]])
		if a != b {
			return a < b
		}
		return f.keys[i] < f.keys[j]
	})
}

func (f *facetBuilder) index() map[string]int {
	m := map[string]int{}
	for i, k := range f.keys {
		m[k] = i
	}
	return m
}

func (f *facetBuilder) facet(name string) Facet {
	fc := Facet{Name: name, Values: []Value{}}
	for _, k := range f.keys {
		ps := append([]int(nil), f.pages[k]...)
		sort.Ints(ps)
		ps = dedupe(ps)
		fc.Values = append(fc.Values, Value{Key: k, Label: f.labels[k], Pages: EncodeList(ps)})
	}
	return fc
}

func dedupe(ps []int) []int {
	out := ps[:0]
	for i, p := range ps {
		if i == 0 || p != ps[i-1] {
			out = append(out, p)
		}
	}
	return out
}

func mustJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // only plain structs, strings and slices are encoded
	}
	return bytes.TrimRight(b.Bytes(), "\n")
}
