package search

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Filters narrow a search to the pages having a facet value; "" means any.
// Values are the keys in meta.json: a kind ("initiative"), a status slug,
// an intent slug, a system slug.
type Filters struct {
	Kind, Status, Intent, System string
}

func (f Filters) empty() bool { return f == Filters{} }

// Result is one page found.
type Result struct {
	Page    int // position in Portfolio.Pages
	Matched int // how many of the query's words the page has
	Score   int // the sum of its BM25F weights for them
	Title   string
	URL     string
	Kind    string
}

// Word is one word of a query, as search.js reads it.
type Word struct {
	Raw    string // normalised as typed
	Key    string // stemmed: the term it matches exactly
	Prefix bool   // the last word, still being typed: also matches terms starting with Raw
}

// ParseQuery splits a query the way search.js does: normalised words, too
// short and stop words dropped, and the last word a prefix unless the query
// ends with a space or punctuation.
func (ix *Index) ParseQuery(q string) []Word {
	an := ix.analyzer()
	all := words(q)
	n := normalize(q)
	open := false
	if r, _ := utf8.DecodeLastRuneInString(n); n != "" && wordRune(r) {
		open = true
	}
	var out []Word
	for i, w := range all {
		if !an.keep(w) {
			continue
		}
		out = append(out, Word{Raw: w, Key: an.stem(w), Prefix: open && i == len(all)-1})
	}
	return out
}

func (ix *Index) analyzer() *analyzer {
	an := &analyzer{english: ix.meta.Stem == Stemmer, stop: map[string]bool{}}
	for _, w := range ix.meta.Stop {
		an.stop[w] = true
	}
	return an
}

// Shards returns the shard keys a word needs: the one holding its exact
// term and, for a prefix, every shard that can hold a term starting with it.
func (ix *Index) Shards(w Word) []string {
	keys := strings.Fields(ix.meta.Shards)
	set := map[string]bool{}
	for _, k := range keys {
		set[k] = true
	}
	var out []string
	seen := map[string]bool{}
	addKey := func(k string) {
		if k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	addKey(longestKey(w.Key, set))
	if w.Prefix {
		addKey(longestKey(w.Raw, set))
		n := utf8.RuneCountInString(w.Raw)
		for _, k := range keys {
			if utf8.RuneCountInString(k) > n && strings.HasPrefix(k, w.Raw) {
				addKey(k)
			}
		}
	}
	return out
}

func longestKey(w string, set map[string]bool) string {
	for n := utf8.RuneCountInString(w); n >= minTerm; n-- {
		if k := shardKey(w, n); set[k] {
			return k
		}
	}
	return ""
}

// reader decodes the index's own files, so that Search exercises the same
// bytes the browser reads.
type reader struct {
	shards map[string]map[string][][2]any
	facets map[string]map[string][]int
	kinds  []string
	frags  map[int][]Entry
}

func (ix *Index) reader() *reader {
	if ix.lazy == nil {
		r := &reader{shards: map[string]map[string][][2]any{}, facets: map[string]map[string][]int{}, frags: map[int][]Entry{}}
		for _, f := range ix.meta.Facets {
			m := map[string][]int{}
			for _, v := range f.Values {
				ps, err := DecodeList(v.Pages)
				if err != nil {
					panic(err)
				}
				m[v.Key] = ps
				if f.Name == FacetKind {
					r.kinds = append(r.kinds, v.Key)
				}
			}
			r.facets[f.Name] = m
		}
		ix.lazy = r
	}
	return ix.lazy
}

// shard returns a decoded shard: term → weight groups.
func (ix *Index) shard(key string) (map[string][][2]any, error) {
	r := ix.reader()
	if s, ok := r.shards[key]; ok {
		return s, nil
	}
	var s map[string][][2]any
	data := ix.byKey["search/t/"+shardFile(key)+".json"]
	if data == nil {
		return nil, fmt.Errorf("no shard %q", key)
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("shard %q: %w", key, err)
	}
	r.shards[key] = s
	return s, nil
}

func (ix *Index) entry(page int) (Entry, error) {
	r := ix.reader()
	n := page / ix.meta.Fragment
	es, ok := r.frags[n]
	if !ok {
		data := ix.byKey[fmt.Sprintf("search/p/%d.json", n)]
		if err := json.Unmarshal(data, &es); err != nil {
			return Entry{}, fmt.Errorf("fragment %d: %w", n, err)
		}
		r.frags[n] = es
	}
	return es[page%ix.meta.Fragment], nil
}

// Search runs a query the way search.js does, on the index's files. A
// page is found when it has one of the words (exactly, or by prefix for the
// last word); for each word it scores its best weight for a matching term,
// doubled for an exact match. Results come by the sum of their scores (BM25F
// summed over the words, so a page with more of the words, or with them in
// weightier fields, comes first), then by how many of the words they have,
// then in page order: one ranking over every kind of page. A query of no searchable word lists the
// pages the filters select (none without filters).
func (ix *Index) Search(q string, f Filters) ([]Result, error) {
	r := ix.reader()
	ws := ix.ParseQuery(q)
	if len(ws) == 0 && f.empty() {
		return nil, nil
	}
	scores := map[int]*Result{}
	for _, w := range ws {
		s := map[int]int{}
		for _, key := range ix.Shards(w) {
			sh, err := ix.shard(key)
			if err != nil {
				return nil, err
			}
			for term, groups := range sh {
				mult := 0
				switch {
				case term == w.Key:
					mult = 2
				case w.Prefix && strings.HasPrefix(term, w.Raw):
					mult = 1
				default:
					continue
				}
				for _, g := range groups {
					wt := int(g[0].(float64)) * mult
					ps, err := DecodeList(g[1].(string))
					if err != nil {
						return nil, err
					}
					for _, p := range ps {
						if wt > s[p] {
							s[p] = wt
						}
					}
				}
			}
		}
		for p, v := range s {
			res := scores[p]
			if res == nil {
				res = &Result{Page: p}
				scores[p] = res
			}
			res.Matched++
			res.Score += v
		}
	}
	if len(ws) == 0 {
		for p := 0; p < ix.meta.Pages; p++ {
			scores[p] = &Result{Page: p}
		}
	}
	for name, v := range map[string]string{FacetKind: f.Kind, FacetStatus: f.Status, FacetIntent: f.Intent, FacetSystem: f.System} {
		if v == "" {
			continue
		}
		allowed := map[int]bool{}
		for _, p := range r.facets[name][v] {
			allowed[p] = true
		}
		for p := range scores {
			if !allowed[p] {
				delete(scores, p)
			}
		}
	}
	out := make([]Result, 0, len(scores))
	for _, s := range scores {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if a.Matched != b.Matched {
			return a.Matched > b.Matched
		}
		return a.Page < b.Page
	})
	for i := range out {
		e, err := ix.entry(out[i].Page)
		if err != nil {
			return nil, err
		}
		out[i].Title, out[i].URL = e.Title, e.URL
		if e.Kind < len(r.kinds) {
			out[i].Kind = r.kinds[e.Kind]
		}
	}
	return out, nil
}

// Needs returns the files search.js downloads to show the first shown
// results of a query: meta.json, the shards of its words, the fragments
// holding those results and, with words to find, each result's sentences
// for its passage.
func (ix *Index) Needs(q string, f Filters, shown int) ([]string, error) {
	files := []string{"search/meta.json"}
	seen := map[string]bool{}
	add := func(n string) {
		if !seen[n] {
			seen[n] = true
			files = append(files, n)
		}
	}
	for _, w := range ix.ParseQuery(q) {
		for _, k := range ix.Shards(w) {
			add("search/t/" + shardFile(k) + ".json")
		}
	}
	res, err := ix.Search(q, f)
	if err != nil {
		return nil, err
	}
	if len(res) > shown {
		res = res[:shown]
	}
	for _, r := range res {
		add(fmt.Sprintf("search/p/%d.json", r.Page/ix.meta.Fragment))
	}
	if len(ix.ParseQuery(q)) > 0 {
		for _, r := range res {
			add(fmt.Sprintf("search/x/%d.json", r.Page))
		}
	}
	return files, nil
}
