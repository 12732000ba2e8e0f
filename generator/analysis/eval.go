package analysis

import (
	"cmp"
	"math/rand/v2"
	"slices"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// Evaluation is how well a ranking finds links held out of a portfolio.
type Evaluation struct {
	Method string
	// Folds is the number of folds; each hides a fifth of the links.
	Folds int
	// Links is the number of links between pages suggestions connect;
	// Queries the number of (fold, page) rankings judged: pages with at
	// least one link hidden in that fold.
	Links, Queries int
	// PrecisionAt5 and RecallAt5 are averaged over the queries: of a
	// page's five strongest suggestions, the share that are hidden links;
	// of its hidden links, the share among those five.
	PrecisionAt5, RecallAt5 float64
	// Found is the share of all hidden links found in the top five of
	// either of their pages.
	Found float64
}

// Ranking is a way of scoring pairs of pages, for Evaluate.
type Ranking struct {
	name  string
	score func(m *model, a, b int) float64
	// suggest ranks as Suggest does (model.rank), candidates and all.
	suggest bool
}

// The rankings Evaluate compares.
var (
	// ModelRanking is Suggest's.
	ModelRanking = Ranking{"bm25+graph", func(m *model, a, b int) float64 { return m.score(a, b) }, true}
	// TagRanking is the baseline: the number of tags two pages share.
	TagRanking = Ranking{"shared tags", func(m *model, a, b int) float64 {
		return float64(sharedCount(m.docs[a].p.Tags, m.docs[b].p.Tags))
	}, false}
	// TermRanking is a stronger baseline: the number of places, systems,
	// tags and themes two pages share.
	TermRanking = Ranking{"shared terms", func(m *model, a, b int) float64 {
		return float64(sharedCount(filed(m.docs[a].p), filed(m.docs[b].p)))
	}, false}
)

func filed(p *content.Page) []string {
	var out []string
	for _, tax := range []string{"places", "systems", "tags"} {
		for _, t := range portfolio.TermsOf(p, tax) {
			out = append(out, content.Slugify(t))
		}
	}
	for _, t := range p.Themes {
		out = append(out, content.Slugify(t))
	}
	return out
}

func sharedCount(a, b []string) int {
	n := 0
	seen := map[string]bool{}
	for _, x := range a {
		if !seen[x] && slices.Contains(b, x) {
			n++
		}
		seen[x] = true
	}
	return n
}

// Evaluate measures a ranking on pf's own links: the links between pages
// of kinds suggestions connect are shuffled (with seed) and split into
// five parts; for each of the first folds parts, the portfolio is analysed
// without that part's links (graph and text alike), each page with a
// hidden link ranks every page it could be connected with and is not, and
// the five strongest are judged against the hidden links.
func Evaluate(pf *portfolio.Portfolio, r Ranking, folds int, seed uint64) Evaluation {
	ev := Evaluation{Method: r.name, Folds: folds}
	full := newModel(pf, nil)
	var links []pairKey
	for k := range full.linked {
		a, b := full.docs[k[0]].p, full.docs[k[1]].p
		if Connectable(a.Kind, b.Kind) {
			links = append(links, keyOf(a, b))
		}
	}
	slices.SortFunc(links, func(x, y pairKey) int {
		if c := cmp.Compare(x[0].File, y[0].File); c != 0 {
			return c
		}
		return cmp.Compare(x[1].File, y[1].File)
	})
	ev.Links = len(links)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	rng.Shuffle(len(links), func(i, j int) { links[i], links[j] = links[j], links[i] })
	var p5, r5 float64
	found, hiddenAll := 0, 0
	for f := 0; f < folds && f < 5; f++ {
		hidden := map[pairKey]bool{}
		for i := f; i < len(links); i += 5 {
			hidden[links[i]] = true
		}
		m := newModel(pf, hidden)
		per := map[int][]int{}
		for k := range hidden {
			a, b := m.index[k[0]], m.index[k[1]]
			per[a] = append(per[a], b)
			per[b] = append(per[b], a)
		}
		foundPairs := map[pairKey]bool{}
		for a := range m.docs {
			want := per[a]
			if len(want) == 0 {
				continue
			}
			top := m.top(a, 5, r)
			hits := 0
			for _, b := range top {
				if slices.Contains(want, b) {
					hits++
					foundPairs[keyOf(m.docs[a].p, m.docs[b].p)] = true
				}
			}
			ev.Queries++
			p5 += float64(hits) / 5
			r5 += float64(hits) / float64(len(want))
		}
		found += len(foundPairs)
		hiddenAll += len(hidden)
	}
	if ev.Queries > 0 {
		ev.PrecisionAt5 = p5 / float64(ev.Queries)
		ev.RecallAt5 = r5 / float64(ev.Queries)
	}
	if hiddenAll > 0 {
		ev.Found = float64(found) / float64(hiddenAll)
	}
	return ev
}

// top is the n documents r ranks strongest for a, among those a could be
// connected with and is not; ties go to the earlier page.
func (m *model) top(a, n int, r Ranking) []int {
	if r.suggest {
		var out []int
		for _, c := range m.rank(a, nil) {
			if len(out) == n {
				break
			}
			out = append(out, c.b)
		}
		return out
	}
	type scored struct {
		b int
		s float64
	}
	var cs []scored
	for b := range m.docs {
		if b == a || m.linked[[2]int{min(a, b), max(a, b)}] || !Connectable(m.docs[a].p.Kind, m.docs[b].p.Kind) {
			continue
		}
		cs = append(cs, scored{b, r.score(m, a, b)})
	}
	slices.SortFunc(cs, func(x, y scored) int {
		if c := cmp.Compare(y.s, x.s); c != 0 {
			return c
		}
		return cmp.Compare(x.b, y.b)
	})
	var out []int
	for i := 0; i < n && i < len(cs); i++ {
		out = append(out, cs[i].b)
	}
	return out
}

// Name is the ranking's name, as Evaluation.Method gives it.
func (r Ranking) Name() string { return r.name }
