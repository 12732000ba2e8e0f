package render

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// A Shard is one part of a build split over several machines: part K of N,
// counted from 1. Every shard loads, links and plans the whole portfolio, so
// every page it writes is the page a whole build writes; it renders only
// its part of the plan's views. The first shard also writes the static files
// and the batches (open data, the search index, feeds and the sitemap), and
// is given fewer views to make up for them. The zero Shard, like 1/1, is the
// whole build.
//
// The parts are a pure function of the plan, so N machines building the same
// content each compute the same split without talking to each other, and the
// union of their outputs is the whole build's, file for file.
type Shard struct{ K, N int }

// ParseShard reads "K/N", as `trellis build --shard` takes it.
func ParseShard(s string) (Shard, error) {
	ks, ns, ok := strings.Cut(strings.TrimSpace(s), "/")
	k, err1 := strconv.Atoi(ks)
	n, err2 := strconv.Atoi(ns)
	if !ok || err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("%q is not a shard: write K/N, such as 2/3 for the second of three parts", s)
	}
	sh := Shard{K: k, N: n}
	return sh, sh.Check()
}

// Check says what is wrong with a shard that does not name a part.
func (s Shard) Check() error {
	switch {
	case s.N < 1:
		return fmt.Errorf("shard %d/%d: a build splits into at least one part", s.K, s.N)
	case s.K < 1 || s.K > s.N:
		return fmt.Errorf("shard %d/%d: parts are counted from 1 to %d", s.K, s.N, s.N)
	case s.N > MaxShards:
		return fmt.Errorf("shard %d/%d: at most %d parts", s.K, s.N, MaxShards)
	}
	return nil
}

// MaxShards is the most parts a build splits into: more machines than
// that would each spend nearly all their time loading the portfolio.
const MaxShards = 1000

func (s Shard) String() string { return strconv.Itoa(s.K) + "/" + strconv.Itoa(s.N) }

// Whole reports whether s is the whole build.
func (s Shard) Whole() bool { return s.N <= 1 }

// first reports whether s writes the static files and the batches.
func (s Shard) first() bool { return s.K <= 1 }

// Part returns the views shard s renders, in the plan's order. Views are
// dealt out largest first, each to the part with the least expected work so
// far (ties to the lower part, then by file name), the first part starting
// with the work of the batches and static files.
func (p *Plan) Part(s Shard) []Job {
	if s.Whole() {
		return p.Views
	}
	owner := p.partition(s.N)
	var out []Job
	for i, j := range p.Views {
		if owner[i] == s.K-1 {
			out = append(out, j)
		}
	}
	return out
}

// partition gives the part (from 0) each view of the plan goes to.
func (p *Plan) partition(n int) []int {
	costs := make([]int, len(p.Views))
	order := make([]int, len(p.Views))
	for i, j := range p.Views {
		costs[i] = viewCost(j.View)
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := cmp.Compare(costs[b], costs[a]); c != 0 {
			return c
		}
		return strings.Compare(p.Views[a].Name, p.Views[b].Name)
	})
	load := make([]int, n)
	load[0] = p.sharedCost()
	owner := make([]int, len(p.Views))
	for _, i := range order {
		least := 0
		for k := 1; k < n; k++ {
			if load[k] < load[least] {
				least = k
			}
		}
		owner[i] = least
		load[least] += costs[i]
	}
	return owner
}

// The expected costs below are microseconds of one core's CPU time,
// measured per template on a generated 3,000-page portfolio: only their
// ratios matter. A list costs per page it lists (a card each), an intent
// per page linked to it (its map), the views page per page of the
// portfolio (its charts).
var templateCost = map[string]int{
	"home": 4700, "intent": 1400, "initiative": 700, "organisation": 1100, "source": 1100,
	"learning": 200, "decision": 200, "narrative": 300, "page": 100, "alias": 40,
	"map": 3600, "views": 500, "data": 100, "accessibility": 100, "404": 100, "terms": 500,
	"list": 300, "term": 400, "gallery": 40, "changes": 500, "search": 500,
}

var itemCost = map[string]int{"list": 5, "term": 1, "gallery": 10, "changes": 5, "search": 11}

const (
	// defaultCost is a template the table does not know (embed pages, a
	// theme's own).
	defaultCost = 300
	// edgeCost is the map of an intent, per page linked to it.
	edgeCost = 30
	// chartCost is the views page, per page of the portfolio.
	chartCost = 28
	// batchCost is the open data, the search index and the feeds
	// together, per page of the portfolio: in the same measurement they
	// took 0.46 times the CPU time of all the views.
	batchCost = 400
	// staticCost is a static file: copied, or re-encoded when an image.
	staticCost = 500
)

func viewCost(v *View) int {
	c, ok := templateCost[v.Name]
	if !ok {
		c = defaultCost
	}
	c += itemCost[v.Name] * len(v.List)
	switch v.Name {
	case "intent":
		if v.Page != nil {
			c += edgeCost * len(v.Site.PF.In(v.Page))
		}
	case "views":
		c += chartCost * len(v.Site.PF.Pages)
	}
	return c
}

// sharedCost is the expected work of what only the first part writes. It
// reads nothing but the portfolio, so every part computes the same.
func (p *Plan) sharedCost() int {
	pf := p.Site.PF
	files := len(pf.Files)
	for _, pg := range pf.Pages {
		files += len(pg.Resources)
	}
	return batchCost*len(pf.Pages) + staticCost*files
}
