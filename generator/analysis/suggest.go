package analysis

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/portfolio"
	"github.com/trellis-ssg/trellis/generator/search"
)

// Suggestion is a connection two pages do not make but probably should:
// From would hold the reference to To.
type Suggestion struct {
	From, To *content.Page
	// Score orders suggestions: the higher, the likelier. It is only
	// comparable within one portfolio.
	Score float64
	// Field is the front matter field of From that takes To (Accept says
	// how); "" when the two are best linked from From's text.
	Field string
	// Why says what the two share.
	Why Reason
}

// Reason is what two pages share.
type Reason struct {
	// Words are the telling words both use, most telling first, as the
	// pages write them.
	Words []string
	// Terms are the places, systems, tags and themes both are filed under.
	Terms []string
	// Refs count the pages both refer to or are referred to by, per kind.
	Refs []KindCount
}

// KindCount is a number of pages of one kind.
type KindCount struct {
	Kind content.Kind
	N    int
}

// String is the reason in words: "shares: heat, older residents, Harbour
// Lane; 3 shared organisations".
func (r Reason) String() string {
	var parts []string
	if items := append(slices.Clone(r.Words), r.Terms...); len(items) > 0 {
		parts = append(parts, "shares: "+strings.Join(items, ", "))
	}
	for _, c := range r.Refs {
		noun := kindNoun(c.Kind, c.N)
		parts = append(parts, fmt.Sprintf("%d shared %s", c.N, noun))
	}
	return strings.Join(parts, "; ")
}

func kindNoun(k content.Kind, n int) string {
	one, many := string(k), string(k)+"s"
	switch k {
	case content.KindNarrative:
		one, many = "story", "stories"
	case content.KindPage:
		one, many = "page", "pages"
	}
	if n == 1 {
		return one
	}
	return many
}

// Accept says how an editor makes the connection: the front matter to
// add to From's file, or the wiki-link to write in its text.
func (s Suggestion) Accept() string {
	ref := s.To.Slug
	switch s.Field {
	case "":
		return fmt.Sprintf("link it from the text of %s: [[%s/%s]]", s.From.File, s.To.Kind.Folder(), ref)
	case "related":
		return fmt.Sprintf("add to %s: related: [{to: %s, relation: complements}] (or builds-on, tension-with …)", s.From.File, ref)
	case "evidence":
		return fmt.Sprintf("add to %s: evidence: [{narrative: %s}]", s.From.File, ref)
	}
	return fmt.Sprintf("add to %s: %s: [%s]", s.From.File, s.Field, ref)
}

// pairField says which page of a pair of kinds holds the reference and in
// which field: the kinds the suggestions connect, and how. A pair of kinds
// not listed is never suggested.
var pairField = map[[2]content.Kind]string{
	{content.KindLearning, content.KindInitiative}:   "initiatives",
	{content.KindLearning, content.KindIntent}:       "intents",
	{content.KindLearning, content.KindNarrative}:    "evidence",
	{content.KindLearning, content.KindLearning}:     "",
	{content.KindDecision, content.KindLearning}:     "learnings",
	{content.KindDecision, content.KindNarrative}:    "narratives",
	{content.KindDecision, content.KindInitiative}:   "initiatives",
	{content.KindDecision, content.KindIntent}:       "intents",
	{content.KindInitiative, content.KindInitiative}: "related",
	{content.KindInitiative, content.KindIntent}:     "intents",
	{content.KindNarrative, content.KindInitiative}:  "initiatives",
	{content.KindNarrative, content.KindIntent}:      "intents",
}

// orient puts a pair in the order the reference is written (holder
// first), or reports that the kinds are not connected by suggestions.
// Two pages of one kind are ordered by path.
func orient(a, b *content.Page) (from, to *content.Page, field string, ok bool) {
	if f, ok := pairField[[2]content.Kind{a.Kind, b.Kind}]; ok {
		if a.Kind == b.Kind && b.Path() < a.Path() {
			return b, a, f, true
		}
		return a, b, f, true
	}
	if f, ok := pairField[[2]content.Kind{b.Kind, a.Kind}]; ok {
		return b, a, f, true
	}
	return nil, nil, "", false
}

// Connectable reports whether suggestions connect pages of kinds a and b.
func Connectable(a, b content.Kind) bool {
	_, ok := pairField[[2]content.Kind{a, b}]
	_, ok2 := pairField[[2]content.Kind{b, a}]
	return ok || ok2
}

// suggestable are the kinds suggestions connect.
func suggestable(k content.Kind) bool {
	switch k {
	case content.KindIntent, content.KindInitiative, content.KindLearning, content.KindDecision, content.KindNarrative:
		return true
	}
	return false
}

// Options tune Suggest.
type Options struct {
	// Top is the most suggestions per page (default 3).
	Top int
	// Dismissed are the pairs editors have dismissed (suggestions.yaml).
	Dismissed *Dismissals
}

// Suggestions are the suggestions for a whole portfolio.
type Suggestions struct {
	all    []Suggestion // grouped by From in page order, strongest first
	byPage map[*content.Page][]Suggestion
}

// All returns every suggestion, grouped by the page that would hold the
// reference (in the portfolio's page order), the strongest first.
func (s *Suggestions) All() []Suggestion { return s.all }

// For returns the suggestions that involve p, either way, strongest first.
func (s *Suggestions) For(p *content.Page) []Suggestion { return s.byPage[p] }

// Suggest lists, for each page, the pages it is not linked with (either
// way) but probably should be: the strongest Top per page, by what the
// two say (BM25-weighted words of titles, summaries, questions and
// bodies, through the search index's analyzer), the terms they are
// filed under, and the pages both are linked with. The same portfolio
// always gives the same suggestions.
func Suggest(pf *portfolio.Portfolio, opt Options) *Suggestions {
	top := opt.Top
	if top <= 0 {
		top = 3
	}
	m := newModel(pf, nil)
	chosen := map[[2]int]bool{}
	var pairs [][2]int
	for a := range m.docs {
		n := 0
		for _, c := range m.rank(a, opt.Dismissed) {
			if c.score < minScore || n == top {
				break
			}
			n++
			key := [2]int{min(a, c.b), max(a, c.b)}
			if !chosen[key] {
				chosen[key] = true
				pairs = append(pairs, key)
			}
		}
	}
	out := &Suggestions{byPage: map[*content.Page][]Suggestion{}}
	for _, k := range pairs {
		s := m.suggestion(k[0], k[1])
		out.all = append(out.all, s)
		out.byPage[s.From] = append(out.byPage[s.From], s)
		out.byPage[s.To] = append(out.byPage[s.To], s)
	}
	order := map[*content.Page]int{}
	for i, p := range pf.Pages {
		order[p] = i
	}
	strongest := func(a, b Suggestion) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		if c := cmp.Compare(order[a.From], order[b.From]); c != 0 {
			return c
		}
		return cmp.Compare(order[a.To], order[b.To])
	}
	slices.SortStableFunc(out.all, func(a, b Suggestion) int {
		if c := cmp.Compare(order[a.From], order[b.From]); c != 0 {
			return c
		}
		return strongest(a, b)
	})
	for _, l := range out.byPage {
		slices.SortStableFunc(l, strongest)
	}
	return out
}

// minScore is the weakest suggestion shown: below it, what two pages
// share is a common word or two.
const minScore = 0.08

var graphWeight = 0.15

// The model's weights. Text similarity is a cosine in [0, 1]; the graph
// and term features are scaled to be comparable. Chosen on the example
// portfolio's held-out links (suggest_eval_test.go).
const (
	bm25K1       = 1.2
	bm25B        = 0.75
	titleRepeat  = 3   // a title word counts as this many body words
	shortRepeat  = 2   // summary, questions, context, rationale, quote
	termWeight   = 2   // a place, system, tag or theme counts as this many words
	candidateCap = 64  // candidates scored exactly per page
	queryTerms   = 32  // a page's strongest terms used to find candidates
	postingMin   = 200 // a term on more pages than this and than postingShare of them finds no candidates,
	postingShare = 25  // nor does a page linked with as many: too common to tell pages apart
)

// doc is one page as the model sees it.
type doc struct {
	p     *content.Page
	vec   []tw           // term weights, by term id, L2-normalised
	nbrs  []int          // the pages it is linked with, either way, by index in model.all
	terms map[string]int // term → occurrences, while building
}

// tw is a term's weight in a document.
type tw struct {
	t int
	w float64
}

// model is the portfolio's pages as term vectors and a link graph.
type model struct {
	pf      *portfolio.Portfolio
	docs    []*doc // the suggestable pages, in page order
	index   map[*content.Page]int
	all     []*content.Page // every page that takes part in the graph
	allIdx  map[*content.Page]int
	deg     []int     // by index in all
	docNbrs [][]int   // by index in all: the docs it is linked with, in order
	acc     []float64 // rank's scratch, by doc
	touched []int     // the docs acc holds a candidate for
	isCand  []bool
	isNbr   []bool // rank's scratch: the docs linked with the one ranked
	kindOf  []int  // by doc: its kind's index in content.Kinds
	kindMat [][]bool
	linked  map[[2]int]bool // pairs of docs linked either way
	terms   []string        // by term id
	surface []string        // by term id: the commonest way it is written
	facet   []bool          // by term id: a place, system, tag or theme
	post    [][]tw          // by term id: the docs with the term, their weights
}

// pairKey is a pair of page pointers in a fixed order.
type pairKey [2]*content.Page

func keyOf(a, b *content.Page) pairKey {
	if b.File < a.File {
		a, b = b, a
	}
	return pairKey{a, b}
}

// newModel analyses pf's pages. Links in hidden are treated as absent,
// both in the graph and in the text, to measure how well the model finds
// them again (suggest_eval_test.go).
func newModel(pf *portfolio.Portfolio, hidden map[pairKey]bool) *model {
	m := &model{pf: pf, index: map[*content.Page]int{}, allIdx: map[*content.Page]int{}, linked: map[[2]int]bool{}}
	for _, p := range pf.Pages {
		m.allIdx[p] = len(m.all)
		m.all = append(m.all, p)
		if suggestable(p.Kind) {
			m.index[p] = len(m.docs)
			m.docs = append(m.docs, &doc{p: p, terms: map[string]int{}})
		}
	}
	// The graph: every edge between published pages, either way, once.
	nbrs := make([]map[int]bool, len(m.all))
	for i, p := range m.all {
		for _, e := range pf.Out(p) {
			j, ok := m.allIdx[e.To]
			if !ok || j == i || hidden[keyOf(p, e.To)] {
				continue
			}
			if nbrs[i] == nil {
				nbrs[i] = map[int]bool{}
			}
			if nbrs[j] == nil {
				nbrs[j] = map[int]bool{}
			}
			nbrs[i][j], nbrs[j][i] = true, true
		}
	}
	m.deg = make([]int, len(m.all))
	m.docNbrs = make([][]int, len(m.all))
	for i := range m.all {
		m.deg[i] = len(nbrs[i])
		for j := range nbrs[i] {
			if dj, ok := m.index[m.all[j]]; ok {
				m.docNbrs[i] = append(m.docNbrs[i], dj)
			}
		}
		slices.Sort(m.docNbrs[i])
	}
	m.kindMat = make([][]bool, len(content.Kinds))
	for i, a := range content.Kinds {
		m.kindMat[i] = make([]bool, len(content.Kinds))
		for j, b := range content.Kinds {
			m.kindMat[i][j] = Connectable(a, b)
		}
	}
	m.kindOf = make([]int, len(m.docs))
	for i, d := range m.docs {
		m.kindOf[i] = slices.Index(content.Kinds, d.p.Kind)
	}
	m.acc, m.isCand, m.isNbr = make([]float64, len(m.docs)), make([]bool, len(m.docs)), make([]bool, len(m.docs))
	for di, d := range m.docs {
		i := m.allIdx[d.p]
		for j := range nbrs[i] {
			d.nbrs = append(d.nbrs, j)
			if dj, ok := m.index[m.all[j]]; ok {
				m.linked[[2]int{min(di, dj), max(di, dj)}] = true
			}
		}
		slices.Sort(d.nbrs)
	}
	m.analyse()
	return m
}

// analyse turns each document's text into a BM25-weighted vector.
func (m *model) analyse() {
	an := search.NewAnalyzer(m.pf.Config.Language)
	stop := map[string]bool{}
	if english(m.pf.Config.Language) {
		stop = stopWords
	}
	ids := map[string]int{}
	forms := []map[string]int{}
	id := func(term string) int {
		t, ok := ids[term]
		if !ok {
			t = len(m.terms)
			ids[term] = t
			m.terms = append(m.terms, term)
			forms = append(forms, map[string]int{})
			m.facet = append(m.facet, strings.HasPrefix(term, "\x00"))
		}
		return t
	}
	counts := make([]map[int]int, len(m.docs))
	lengths := make([]int, len(m.docs))
	total := 0
	for i, d := range m.docs {
		c := map[int]int{}
		add := func(text string, times int) {
			an.Each(text, func(word, term string) {
				if stop[word] || digits(word) {
					return
				}
				t := id(term)
				c[t] += times
				forms[t][word] += times
				lengths[i] += times
			})
		}
		p := d.p
		add(p.Title, titleRepeat)
		for _, s := range []string{p.Summary, p.Context, p.Rationale} {
			add(s, shortRepeat)
		}
		if p.Quote != "" && p.Consent.Allows("quote") {
			add(p.Quote, shortRepeat)
		}
		for _, q := range p.Questions {
			add(q, shortRepeat)
		}
		if p.Body != nil {
			// Unlabelled wiki-links are left out: their words are the
			// target's title, which would say the link is there.
			add(p.Body.PlainText(func(int) string { return " " }), 1)
		}
		for _, tax := range []string{"places", "systems", "tags"} {
			for _, v := range portfolio.TermsOf(p, tax) {
				t := id("\x00" + content.Slugify(v))
				c[t] += termWeight
				forms[t][v] += termWeight
				lengths[i] += termWeight
			}
		}
		for _, v := range p.Themes {
			t := id("\x00" + content.Slugify(v))
			c[t] += termWeight
			forms[t][v] += termWeight
			lengths[i] += termWeight
		}
		counts[i] = c
		total += lengths[i]
	}
	m.surface = make([]string, len(m.terms))
	for t, f := range forms {
		best, n := "", -1
		for w, k := range f {
			if k > n || k == n && w < best {
				best, n = w, k
			}
		}
		m.surface[t] = best
	}
	df := make([]int, len(m.terms))
	for _, c := range counts {
		for t := range c {
			df[t]++
		}
	}
	n := float64(len(m.docs))
	avg := 1.0
	if len(m.docs) > 0 && total > 0 {
		avg = float64(total) / n
	}
	m.post = make([][]tw, len(m.terms))
	for i, d := range m.docs {
		norm := 1 - bm25B + bm25B*float64(lengths[i])/avg
		var sum float64
		for t, tf := range counts[i] {
			idf := math.Log(1 + (n-float64(df[t])+0.5)/(float64(df[t])+0.5))
			w := idf * float64(tf) * (bm25K1 + 1) / (float64(tf) + bm25K1*norm)
			d.vec = append(d.vec, tw{t, w})
			sum += w * w
		}
		sort.Slice(d.vec, func(a, b int) bool { return d.vec[a].t < d.vec[b].t })
		if sum > 0 {
			s := math.Sqrt(sum)
			for k := range d.vec {
				d.vec[k].w /= s
			}
		}
		for _, x := range d.vec {
			m.post[x.t] = append(m.post[x.t], tw{i, x.w})
		}
	}
}

// postingCap is the most pages a term may be on, or a page linked with,
// and still find candidates: 200, or one page in 25 of a larger portfolio.
// It only bounds the search for candidates; their scores count every term.
func (m *model) postingCap() int { return max(postingMin, len(m.docs)/postingShare) }

// digits reports whether a word is a number ("2023", "27"): a year or a
// count two pages share says little about what they are about.
func digits(w string) bool {
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return w != ""
}

// cosine is the dot product of two documents' vectors.
func (m *model) cosine(a, b int) float64 {
	va, vb := m.docs[a].vec, m.docs[b].vec
	var s float64
	for i, j := 0, 0; i < len(va) && j < len(vb); {
		switch {
		case va[i].t < vb[j].t:
			i++
		case va[i].t > vb[j].t:
			j++
		default:
			s += va[i].w * vb[j].w
			i++
			j++
		}
	}
	return s
}

// shared returns the pages both documents are linked with, and their
// Adamic–Adar sum: a shared neighbour counts the less, the more pages it
// is linked with.
func (m *model) shared(a, b int) ([]int, float64) {
	na, nb := m.docs[a].nbrs, m.docs[b].nbrs
	var out []int
	var aa float64
	for i, j := 0, 0; i < len(na) && j < len(nb); {
		switch {
		case na[i] < nb[j]:
			i++
		case na[i] > nb[j]:
			j++
		default:
			out = append(out, na[i])
			aa += 1 / math.Log(1+float64(m.deg[na[i]]))
			i++
			j++
		}
	}
	return out, aa
}

// score is how strongly two documents belong together.
func (m *model) score(a, b int) float64 {
	_, aa := m.shared(a, b)
	return m.cosine(a, b) + graphWeight*aa
}

type candidate struct {
	b     int
	score float64
}

// rank returns the documents doc a could be connected with, strongest
// first: not a itself, not linked with it, of a kind suggestions connect
// with a's, and not dismissed.
func (m *model) rank(a int, dismissed *Dismissals) []candidate {
	da := m.docs[a]
	// Candidates: the documents that share a's strongest terms, and those
	// linked with a page a is linked with. acc and isCand are scratch,
	// cleared through touched before rank returns.
	touch := func(b int) {
		if !m.isCand[b] {
			m.isCand[b] = true
			m.touched = append(m.touched, b)
		}
	}
	q := slices.Clone(da.vec)
	slices.SortFunc(q, func(x, y tw) int {
		if c := cmp.Compare(y.w, x.w); c != 0 {
			return c
		}
		return cmp.Compare(x.t, y.t)
	})
	if len(q) > queryTerms {
		q = q[:queryTerms]
	}
	for _, x := range q {
		if len(m.post[x.t]) > m.postingCap() {
			continue
		}
		for _, y := range m.post[x.t] {
			m.acc[y.t] += x.w * y.w
			touch(y.t)
		}
	}
	for _, j := range da.nbrs {
		if m.deg[j] > m.postingCap() {
			continue
		}
		for _, k := range m.docNbrs[j] {
			touch(k)
		}
	}
	mine := m.docNbrs[m.allIdx[da.p]]
	for _, b := range mine {
		m.isNbr[b] = true
	}
	kinds := m.kindMat[m.kindOf[a]]
	check := dismissed.Len() > 0
	cs := make([]candidate, 0, len(m.touched))
	for _, b := range m.touched {
		s := m.acc[b]
		m.acc[b], m.isCand[b] = 0, false
		if b == a || m.isNbr[b] || !kinds[m.kindOf[b]] || check && dismissed.Has(da.p, m.docs[b].p) {
			continue
		}
		cs = append(cs, candidate{b, s})
	}
	for _, b := range mine {
		m.isNbr[b] = false
	}
	m.touched = m.touched[:0]
	cs = strongest(cs, candidateCap)
	for i := range cs {
		cs[i].score = m.score(a, cs[i].b)
	}
	slices.SortFunc(cs, byScore)
	return cs
}

// byScore orders candidates strongest first, ties by document.
func byScore(x, y candidate) int {
	if c := cmp.Compare(y.score, x.score); c != 0 {
		return c
	}
	return cmp.Compare(x.b, y.b)
}

// strongest returns the k strongest candidates of cs (reordering it), in
// no particular order: a quickselect, since cs may hold thousands and
// only k are wanted.
func strongest(cs []candidate, k int) []candidate {
	if len(cs) <= k {
		return cs
	}
	lo, hi := 0, len(cs)-1
	for lo < hi {
		// The median of three as the pivot, moved to hi.
		mid := lo + (hi-lo)/2
		if byScore(cs[mid], cs[lo]) < 0 {
			cs[mid], cs[lo] = cs[lo], cs[mid]
		}
		if byScore(cs[hi], cs[lo]) < 0 {
			cs[hi], cs[lo] = cs[lo], cs[hi]
		}
		if byScore(cs[mid], cs[hi]) < 0 {
			cs[mid], cs[hi] = cs[hi], cs[mid]
		}
		p := lo
		for i := lo; i < hi; i++ {
			if byScore(cs[i], cs[hi]) < 0 {
				cs[i], cs[p] = cs[p], cs[i]
				p++
			}
		}
		cs[p], cs[hi] = cs[hi], cs[p]
		switch {
		case p == k:
			return cs[:k]
		case p < k:
			lo = p + 1
		default:
			hi = p - 1
		}
	}
	return cs[:k]
}

// suggestion makes the suggestion of a pair of documents, with its reason.
func (m *model) suggestion(a, b int) Suggestion {
	from, to, field, _ := orient(m.docs[a].p, m.docs[b].p)
	s := Suggestion{From: from, To: to, Field: field, Score: math.Round(m.score(a, b)*1000) / 1000}
	// Words: the shared terms that add most to the cosine.
	va, vb := m.docs[a].vec, m.docs[b].vec
	var common []tw
	for i, j := 0, 0; i < len(va) && j < len(vb); {
		switch {
		case va[i].t < vb[j].t:
			i++
		case va[i].t > vb[j].t:
			j++
		default:
			common = append(common, tw{va[i].t, va[i].w * vb[j].w})
			i++
			j++
		}
	}
	slices.SortFunc(common, func(x, y tw) int {
		if c := cmp.Compare(y.w, x.w); c != 0 {
			return c
		}
		return cmp.Compare(m.surface[x.t], m.surface[y.t])
	})
	for _, c := range common {
		if c.w < 0.004 {
			break
		}
		if m.facet[c.t] {
			if len(s.Why.Terms) < 4 {
				s.Why.Terms = append(s.Why.Terms, m.surface[c.t])
			}
		} else if len(s.Why.Words) < 4 {
			s.Why.Words = append(s.Why.Words, m.surface[c.t])
		}
	}
	nb, _ := m.shared(a, b)
	kinds := map[content.Kind]int{}
	for _, j := range nb {
		kinds[m.all[j].Kind]++
	}
	for _, k := range append([]content.Kind{content.KindPage}, content.Kinds...) {
		if kinds[k] > 0 {
			s.Why.Refs = append(s.Why.Refs, KindCount{k, kinds[k]})
		}
	}
	return s
}
