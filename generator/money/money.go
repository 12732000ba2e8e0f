// Package money adds up the portfolio's funding lines for the public
// pages: by funder, pooled fund, intent, year and stage, and for any page
// that lists initiatives. It sits beside visual and search, between the
// portfolio and render: it reads a linked Portfolio and gives figures,
// each with the Scope of funding lines it adds up, so that a page can say
// what a figure counts and a test can add it up again from funding.csv.
//
// Disbursed, committed and planned money are never added into one figure
// without being shown apart: a Sum keeps every stage.
package money

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// Stages are the funding stages in the order they are shown; "" is a line
// whose stage is not given.
var Stages = []string{"disbursed", "committed", "planned", ""}

func stageIndex(s string) int {
	for i, st := range Stages[:3] {
		if s == st {
			return i
		}
	}
	return 3
}

// Line is one funding line of an initiative: a row of funding.csv.
type Line struct {
	Initiative *content.Page
	N          int           // 1-based position among the initiative's lines
	Source     *content.Page // the funder's page, nil when it has none
	SourceName string        // the source as written
	Amount     float64
	Currency   string
	Year       int
	Instrument string
	Stage      string
	Pool       string        // the pooled fund, "" for direct funding
	PoolPage   *content.Page // the pooled fund's page, if any
	Intents    []*content.Page
}

// Sum is the money of one currency, by stage.
type Sum struct {
	Currency string
	Stage    [4]float64 // by Stages
	All      float64
}

// Has reports whether the sum has money at stage i of Stages.
func (s Sum) Has(i int) bool { return s.Stage[i] != 0 }

// Sums are sums in several currencies, ordered by currency.
type Sums []Sum

// Unstaged reports whether any sum has money whose stage is not given.
func (ss Sums) Unstaged() bool {
	for _, s := range ss {
		if s.Has(3) {
			return true
		}
	}
	return false
}

// Scope says which funding lines a figure adds up: every non-empty field
// narrows it. Its String form is what pages carry beside each figure.
type Scope struct {
	Initiative string // an initiative's stable id
	Line       int    // with Initiative: its Nth line only
	Source     string // a funder's stable id, or the source as written
	Pool       string // a pooled fund's name as a slug; "-" for direct funding
	Intent     string // an intent's stable id
	Term       string // "systems/transport": the initiatives of a taxonomy term
	Year       int    // -1: lines without a year
	Stage      string // one stage; "-" for lines without one
	Currency   string
	Share      bool // each line divided evenly among its initiative's intents
}

// String writes the scope as space-separated key=value pairs, in a fixed
// order: "intent=INT-0001 share=even".
func (s Scope) String() string {
	var b []string
	add := func(k, v string) {
		if v != "" {
			b = append(b, k+"="+v)
		}
	}
	add("initiative", s.Initiative)
	if s.Line > 0 {
		add("line", strconv.Itoa(s.Line))
	}
	add("source", s.Source)
	add("pool", s.Pool)
	add("intent", s.Intent)
	add("term", s.Term)
	if s.Year != 0 {
		add("year", strconv.Itoa(s.Year))
	}
	add("stage", s.Stage)
	add("currency", s.Currency)
	if s.Share {
		add("share", "even")
	}
	if len(b) == 0 {
		return "all"
	}
	return strings.Join(b, " ")
}

// With returns s narrowed to one stage (Stages[i]) and currency.
func (s Scope) With(i int, currency string) Scope {
	s.Stage = Stages[i]
	if s.Stage == "" {
		s.Stage = "-"
	}
	s.Currency = currency
	return s
}

// WithCurrency returns s narrowed to one currency, every stage.
func (s Scope) WithCurrency(currency string) Scope {
	s.Currency = currency
	return s
}

// Ledger is every funding line of a portfolio.
type Ledger struct {
	pf    *portfolio.Portfolio
	Lines []Line
	// The lines (indexes into Lines, in order) of each initiative, funder,
	// intent and pooled fund, by the name a Scope gives it, so that a page's
	// figures cost its own lines rather than the whole ledger's.
	byInitiative, bySource, byIntent, byPool map[string][]int
}

// New reads the funding lines of pf's initiatives, in page order and the
// order written: the rows of funding.csv.
func New(pf *portfolio.Portfolio) *Ledger {
	l := &Ledger{pf: pf}
	for _, p := range pf.Of(content.KindInitiative) {
		var intents []*content.Page
		for _, t := range pf.Targets(p, "intents") {
			if t.Kind == content.KindIntent {
				intents = append(intents, t)
			}
		}
		for i, f := range p.Funding {
			line := Line{Initiative: p, N: i + 1, SourceName: f.Source, Amount: f.Amount, Currency: f.Currency, Year: f.Year,
				Instrument: f.Instrument, Stage: f.Stage, Pool: strings.TrimSpace(f.Pool), Intents: intents}
			line.Source = pf.Page(content.KindOrganisation, f.Source)
			if line.Pool != "" {
				line.PoolPage = pf.Page(content.KindPage, content.Slugify(line.Pool))
			}
			l.Lines = append(l.Lines, line)
		}
	}
	l.index()
	return l
}

// SourceID is how a scope names a line's funder.
func (ln Line) SourceID() string {
	if ln.Source != nil {
		return ln.Source.StableID()
	}
	return ln.SourceName
}

// PoolKey is how a scope names a line's pooled fund: its slug, "-" for
// direct funding.
func (ln Line) PoolKey() string {
	if ln.Pool == "" {
		return "-"
	}
	return content.Slugify(ln.Pool)
}

// share is the part of the line a scope counts.
func (ln Line) share(s Scope) float64 {
	if s.Share && len(ln.Intents) > 0 {
		return ln.Amount / float64(len(ln.Intents))
	}
	return ln.Amount
}

func (l *Ledger) in(ln Line, s Scope) bool {
	switch {
	case s.Initiative != "" && ln.Initiative.StableID() != s.Initiative,
		s.Line > 0 && ln.N != s.Line,
		s.Source != "" && ln.SourceID() != s.Source,
		s.Pool != "" && ln.PoolKey() != s.Pool,
		s.Year > 0 && ln.Year != s.Year,
		s.Year < 0 && ln.Year != 0,
		s.Stage == "-" && ln.Stage != "",
		s.Stage != "" && s.Stage != "-" && ln.Stage != s.Stage,
		s.Currency != "" && ln.Currency != s.Currency:
		return false
	}
	if s.Intent != "" {
		found := false
		for _, in := range ln.Intents {
			found = found || in.StableID() == s.Intent
		}
		if !found {
			return false
		}
	}
	if s.Term != "" {
		tax, term, _ := strings.Cut(s.Term, "/")
		found := false
		for _, t := range portfolio.TermsOf(ln.Initiative, tax) {
			found = found || content.Slugify(t) == term
		}
		if !found {
			return false
		}
	}
	return true
}

// Select returns the lines in scope s, in order.
func (l *Ledger) Select(s Scope) []Line {
	idx, indexed := l.candidates(s)
	if !indexed {
		return l.scan(s)
	}
	var out []Line
	for _, i := range idx {
		if ln := l.Lines[i]; l.in(ln, s) {
			out = append(out, ln)
		}
	}
	return out
}

// scan is Select without the indexes: every line checked against s.
func (l *Ledger) scan(s Scope) []Line {
	var out []Line
	for _, ln := range l.Lines {
		if l.in(ln, s) {
			out = append(out, ln)
		}
	}
	return out
}

// index fills the ledger's indexes from its lines.
func (l *Ledger) index() {
	l.byInitiative, l.bySource, l.byIntent, l.byPool = map[string][]int{}, map[string][]int{}, map[string][]int{}, map[string][]int{}
	for i, ln := range l.Lines {
		l.byInitiative[ln.Initiative.StableID()] = append(l.byInitiative[ln.Initiative.StableID()], i)
		l.bySource[ln.SourceID()] = append(l.bySource[ln.SourceID()], i)
		l.byPool[ln.PoolKey()] = append(l.byPool[ln.PoolKey()], i)
		for j, in := range ln.Intents {
			id := in.StableID()
			if !slices.ContainsFunc(ln.Intents[:j], func(p *content.Page) bool { return p.StableID() == id }) {
				l.byIntent[id] = append(l.byIntent[id], i)
			}
		}
	}
}

// candidates is the lines (in order) that can be in scope s by the most
// selective index that applies; Select still checks each against s. It
// reports false when no index applies (or the ledger has none), and every
// line must be checked.
func (l *Ledger) candidates(s Scope) ([]int, bool) {
	if l.byInitiative == nil {
		return nil, false
	}
	switch {
	case s.Initiative != "":
		return l.byInitiative[s.Initiative], true
	case s.Source != "":
		return l.bySource[s.Source], true
	case s.Pool != "":
		return l.byPool[s.Pool], true
	case s.Intent != "":
		return l.byIntent[s.Intent], true
	}
	return nil, false
}

// Sum adds up the lines in scope s by currency and stage.
func (l *Ledger) Sum(s Scope) Sums {
	by := map[string]*Sum{}
	var cur []string
	for _, ln := range l.Select(s) {
		x := by[ln.Currency]
		if x == nil {
			x = &Sum{Currency: ln.Currency}
			by[ln.Currency] = x
			cur = append(cur, ln.Currency)
		}
		v := ln.share(s)
		x.Stage[stageIndex(ln.Stage)] += v
		x.All += v
	}
	sort.Strings(cur)
	out := make(Sums, len(cur))
	for i, c := range cur {
		s := *by[c]
		for j := range s.Stage {
			s.Stage[j] = round(s.Stage[j])
		}
		s.All = round(s.All)
		out[i] = s
	}
	return out
}

// round keeps cents: shares of an even split are not whole.
func round(v float64) float64 { return math.Round(v*100) / 100 }

// Group is one row of a breakdown: a funder, a pooled fund, an intent or
// a year, with the scope of its lines and their sums.
type Group struct {
	Key   string
	Label string        // its name; "" for a group the theme names (direct funding, no year)
	Page  *content.Page // its page, if any
	Scope Scope
	Sums  Sums
}

// Funders is the breakdown by funder, largest first.
func (l *Ledger) Funders() []Group {
	return l.groups(func(ln Line) (string, string, *content.Page, Scope) {
		name := ln.SourceName
		if ln.Source != nil {
			name = ln.Source.Title
		}
		return ln.SourceID(), name, ln.Source, Scope{Source: ln.SourceID()}
	}, true)
}

// Pools is the breakdown by pooled fund, largest first, direct funding last.
func (l *Ledger) Pools() []Group {
	gs := l.groups(func(ln Line) (string, string, *content.Page, Scope) {
		return ln.PoolKey(), ln.Pool, ln.PoolPage, Scope{Pool: ln.PoolKey()}
	}, true)
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].Key != "-" && gs[j].Key == "-" })
	return gs
}

// Years is the breakdown by year, oldest first, lines without a year last.
func (l *Ledger) Years() []Group {
	gs := l.groups(func(ln Line) (string, string, *content.Page, Scope) {
		if ln.Year == 0 {
			return "~", "", nil, Scope{Year: -1}
		}
		y := strconv.Itoa(ln.Year)
		return y, y, nil, Scope{Year: ln.Year}
	}, false)
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].Key < gs[j].Key })
	return gs
}

// Intents is the breakdown by intent, in the portfolio's order of intents:
// each initiative counted in full under every intent it serves, or, with
// share, its money divided evenly among them (then the rows add up to
// the portfolio's total).
func (l *Ledger) Intents(share bool) []Group {
	var out []Group
	for _, in := range l.pf.Of(content.KindIntent) {
		s := Scope{Intent: in.StableID(), Share: share}
		if sums := l.Sum(s); len(sums) > 0 {
			out = append(out, Group{Key: in.StableID(), Label: in.Title, Page: in, Scope: s, Sums: sums})
		}
	}
	return out
}

// SharedInitiatives counts the initiatives with money that serve intent
// and at least one other intent: those whose money an intent's figures
// count in full although it also serves others.
func (l *Ledger) SharedInitiatives(intent string) int {
	seen := map[*content.Page]bool{}
	for _, ln := range l.Select(Scope{Intent: intent}) {
		if len(ln.Intents) > 1 {
			seen[ln.Initiative] = true
		}
	}
	return len(seen)
}

func (l *Ledger) groups(key func(Line) (string, string, *content.Page, Scope), bySize bool) []Group {
	idx := map[string]int{}
	var out []Group
	for _, ln := range l.Lines {
		k, label, page, s := key(ln)
		if _, ok := idx[k]; !ok {
			idx[k] = len(out)
			out = append(out, Group{Key: k, Label: label, Page: page, Scope: s})
		}
	}
	for i := range out {
		out[i].Sums = l.Sum(out[i].Scope)
	}
	if bySize {
		sort.SliceStable(out, func(i, j int) bool {
			a, b := total(out[i].Sums), total(out[j].Sums)
			if a != b {
				return a > b
			}
			return out[i].Label < out[j].Label
		})
	}
	return out
}

func total(ss Sums) float64 {
	t := 0.0
	for _, s := range ss {
		t += s.All
	}
	return t
}
