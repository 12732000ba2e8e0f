package render

import (
	"cmp"
	"slices"
	"strconv"
	"sync"

	"github.com/trellis-ssg/trellis/generator/analysis"
	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/visual"
)

// sense holds what a build computes once for the health page (and its
// figures' lists) from generator/analysis. Suggestions never come here:
// they are for editors, not the published site.
type sense struct {
	once   sync.Once
	health analysis.Health
	charts []NamedChart
}

// HealthPath is the site path of the health page; each figure's list is
// at HealthPath + key + "/".
const HealthPath = "health/"

// Health is the portfolio's health as of the day it was judged on.
func (s *Site) Health() analysis.Health {
	s.senseInit()
	return s.sense.health
}

// HealthCharts are the health page's small charts: the gaps in the
// record, funding reported per year, and pages by last update.
func (s *Site) HealthCharts() []NamedChart {
	s.senseInit()
	return s.sense.charts
}

func (s *Site) senseInit() {
	s.sense.once.Do(func() {
		h := analysis.HealthOf(s.PF)
		s.sense.health = h
		s.sense.charts = []NamedChart{
			s.figureChart("health-record", "health.record", h.Record),
			s.fundingChart(h),
			s.figureChart("health-updated", "health.updated", h.Updated),
		}
	})
}

// FigureText says what a health figure counts, with the thresholds of
// site.yaml in it.
func (s *Site) FigureText(key string) string {
	h := s.Config.Health
	switch key {
	case analysis.HealthNoRecentLearning:
		return s.Tf("health."+key, s.months(h.LearningPeriod()))
	case analysis.HealthThinIntents:
		return s.Tf("health."+key, h.ThinLimit())
	case analysis.HealthConsentRenewal:
		return s.Tf("health."+key, s.days(h.ConsentPeriod()))
	case analysis.HealthUpdatedRecent:
		return s.Tf("health."+key, s.months(h.RecentPeriod()))
	case analysis.HealthUpdatedYear:
		return s.Tf("health."+key, s.months(h.RecentPeriod()), s.months(h.StalePeriod()))
	case analysis.HealthUpdatedStale:
		return s.Tf("health."+key, s.months(h.StalePeriod()))
	}
	return s.T("health." + key)
}

// months says a period in months ("12 months"), days counted as 30 to a month.
func (s *Site) months(p config.Period) string {
	return s.Plural("period.months", p.Years*12+p.Months+p.Days/30)
}

// days says a period in days ("90 days"), a month counted as 30.
func (s *Site) days(p config.Period) string {
	return s.Plural("period.days", p.Years*365+p.Months*30+p.Days)
}

// FigureURL is the link to the list of pages behind a health figure.
func (s *Site) FigureURL(key string) string { return s.Rel(HealthPath + key + "/") }

// OfText is a count out of a whole: "3 of 18".
func (s *Site) OfText(n, of int) string {
	if of <= 0 {
		return strconv.Itoa(n)
	}
	return s.Tf("health.of", n, of)
}

func (s *Site) figureChart(id, key string, figs []analysis.Figure) NamedChart {
	b := visual.Bars{ID: id, Title: s.T(key), Desc: s.T(key + ".desc"),
		Head: []string{s.T("health.figure"), s.T("health.count"), s.T("health.of-all")}}
	for _, f := range figs {
		r := visual.Bar{Label: s.FigureText(f.Key), Value: f.Count, Max: f.Of, Text: s.OfText(f.Count, f.Of),
			Cells: []visual.Cell{{Text: strconv.Itoa(f.Count), Num: true}, {Text: strconv.Itoa(f.Of), Num: true}}}
		if f.Listed() {
			r.URL = s.FigureURL(f.Key)
		}
		b.Rows = append(b.Rows, r)
	}
	return NamedChart{ID: id, Title: s.T(key), About: s.T(key + ".about"), Chart: b.Chart()}
}

func (s *Site) fundingChart(h analysis.Health) NamedChart {
	all := len(s.PF.Of(content.KindInitiative))
	b := visual.Bars{ID: "health-funding", Title: s.T("health.funding"), Desc: s.T("health.funding.desc"),
		Head: []string{s.T("funding.year"), s.T("kind.initiative.plural"), s.T("health.lines")}}
	for _, y := range h.Funding {
		label := s.T("health.funding.no-year")
		if y.Year != 0 {
			label = strconv.Itoa(y.Year)
		}
		b.Rows = append(b.Rows, visual.Bar{Label: label, Value: len(y.Initiatives), Max: all, Text: s.OfText(len(y.Initiatives), all),
			Cells: []visual.Cell{{Text: strconv.Itoa(len(y.Initiatives)), Num: true}, {Text: strconv.Itoa(y.Lines), Num: true}}})
	}
	for _, f := range h.Record {
		if f.Key == analysis.HealthUnfunded {
			r := visual.Bar{Label: s.FigureText(f.Key), Value: f.Count, Max: all, Text: s.OfText(f.Count, all),
				Cells: []visual.Cell{{Text: strconv.Itoa(f.Count), Num: true}, {Text: "0", Num: true}}}
			if f.Listed() {
				r.URL = s.FigureURL(f.Key)
			}
			b.Rows = append(b.Rows, r)
		}
	}
	c := b.Chart()
	if len(h.Funding) == 0 && all == 0 {
		c.Empty = true
	}
	return NamedChart{ID: "health-funding", Title: s.T("health.funding"), About: s.T("health.funding.about"), Chart: c}
}

// healthViews are the health page and the list of pages behind each of
// its figures.
func healthViews(s *Site) []*View {
	crumbs := []Crumb{{s.T("home"), s.Rel("")}}
	day := content.Date{Time: s.PF.Day()}
	pre := s.Config.Prefix()
	out := []*View{{Name: "health", Title: s.T("health.title"), Description: s.T("health.description"), Path: pre + HealthPath, Crumbs: crumbs, Updated: day}}
	for _, f := range s.Health().Figures() {
		out = append(out, &View{Name: "health-figure", Title: s.T("health.list." + f.Key), Path: pre + HealthPath + f.Key + "/", Tax: f.Key,
			List: f.Pages, Groups: byKind(s, slices.Clone(f.Pages)), Updated: day,
			Crumbs: append(slices.Clone(crumbs), Crumb{s.T("health.nav"), s.Rel(HealthPath)})})
	}
	return out
}

// Figure is the health figure a figure's list page shows.
func (s *Site) Figure(key string) analysis.Figure {
	f, _ := s.Health().Figure(key)
	return f
}

// History is a page's public history, at most the feeds' number of
// entries (feeds.entries in site.yaml).
func (s *Site) History(p *content.Page) analysis.History {
	return analysis.HistoryOf(s.PF, p, s.Config.Feeds.Entries)
}

// HasHistory reports whether a page shows a history: every entity page
// does; a plain page does not.
func (s *Site) HasHistory(p *content.Page) bool { return p != nil && p.Kind != content.KindPage }

// HistoryFeedPath is the site path of a page's history feed.
func HistoryFeedPath(p *content.Page) string { return p.Path() + "history.xml" }

// HistoryFeed is the link to the Atom feed of a view's page's history,
// or "" for a view without one.
func (s *Site) HistoryFeed(v *View) string {
	if v == nil || v.Name == "alias" || !s.HasHistory(v.Page) {
		return ""
	}
	return s.HistoryFeedURL(v.Page)
}

// HistoryFeedURL is the link to the Atom feed of a page's history, beside
// the page (whose path holds its language's folder).
func (s *Site) HistoryFeedURL(p *content.Page) string { return s.Config.URL(HistoryFeedPath(p)) }

// CommitURL is the link to a change's commit, when site.yaml's
// history.commit_url says where commits are shown.
func (s *Site) CommitURL(c analysis.Change) string {
	if c.Commit == nil {
		return ""
	}
	return s.Config.CommitLink(c.Commit.Hash)
}

// ChangeTitle says a change in plain text, for feeds and the "What's
// changed" page.
func (s *Site) ChangeTitle(c analysis.Change) string {
	switch c.Kind {
	case analysis.ChangeStatus:
		t := s.Tf("history.status", s.T("status."+c.Status))
		if c.Decision != nil {
			t += " — " + c.Decision.Title
		}
		return t
	case analysis.ChangeDecision:
		if c.Decision == nil {
			return s.T("history.decision")
		}
		t := s.T("history.decision") + " " + c.Decision.Title + " (" + s.T("outcome."+c.Decision.Outcome) + ")"
		if c.Adapts != nil {
			t += " — " + s.T("history.adapts") + " " + c.Adapts.Title
		}
		return t
	case analysis.ChangeSuperseded:
		return s.T("history.superseded") + " " + c.Decision.Title
	case analysis.ChangeRecorded:
		return s.T("history.recorded")
	case analysis.ChangeCommit:
		if c.Commit.Subject == "" {
			return s.T("history.edited")
		}
		return c.Commit.Subject
	}
	return ""
}

// LatestChange is the newest change of a page's history, or nil.
func (s *Site) LatestChange(p *content.Page) *analysis.Change {
	if !s.HasHistory(p) {
		return nil
	}
	return analysis.Latest(s.PF, p)
}

// historyFeeds writes each entity page's history as an Atom feed beside
// it, in each language the page has its own page in.
func (r *Renderer) historyFeeds(sites []*Site, out Output) error {
	var failed errs
	for _, s := range sites {
		failed.add(r.historyFeedsOf(s, out))
	}
	return failed.err()
}

func (r *Renderer) historyFeedsOf(s *Site, out Output) error {
	var failed errs
	author := atomPerson{Name: s.Config.Title}
	if s.Config.Steward.Name != "" {
		author = atomPerson{Name: s.Config.Steward.Name, Email: s.Config.Steward.Email}
	}
	for _, p := range s.PF.Pages {
		if !s.HasHistory(p) || s.PF.Foreign(p) {
			continue // a page untranslated has its feed beside its original
		}
		h := s.History(p)
		name := HistoryFeedPath(p)
		page := s.Abs(p.Path())
		updated := p.LastUpdated().Time
		if len(h.Changes) > 0 && h.Changes[0].Date.After(updated) {
			updated = h.Changes[0].Date.Time
		}
		if updated.IsZero() {
			updated = s.Generated
		}
		feed := atomFeed{
			Title:   s.Tf("history.feed.title", p.Title),
			ID:      s.Abs(name),
			Updated: atomTime(updated),
			Links:   []atomLink{{Rel: "self", Href: s.Abs(name), Type: "application/atom+xml"}, {Rel: "alternate", Href: page, Type: "text/html"}},
			Author:  &author,
			Rights:  s.Config.Licence.Content,
		}
		for _, c := range h.Changes {
			link := page + "#" + c.ID
			feed.Entries = append(feed.Entries, atomEntry{
				Title: s.ChangeTitle(c), ID: link, Published: atomTime(c.Date.Time), Updated: atomTime(c.Date.Time),
				Link: atomLink{Href: link, Rel: "alternate"}, Category: []atomCat{{Term: string(c.Kind)}}, Author: author,
			})
		}
		failed.add(writeXML(out, name, feed))
	}
	return failed.err()
}

// LearnedGroup is the learnings of one confidence, newest first.
type LearnedGroup struct {
	Confidence string // high, medium, low, or "" when not stated
	Learnings  []Learned
}

// Learned is a learning with the decisions it informed.
type Learned struct {
	Page      *content.Page
	Decisions []*content.Page
}

// Learned gathers what the portfolio has learned towards an intent: the
// learnings about it or about the initiatives serving it, by confidence
// (high first) and date (newest first), each with the decisions it
// informed (its `informs`, and the decisions that cite it as evidence),
// so a reader can follow evidence to decision.
func (s *Site) Learned(intent *content.Page) []LearnedGroup {
	var ls []*content.Page
	addAll := func(ps []*content.Page) {
		for _, l := range ps {
			if !slices.Contains(ls, l) {
				ls = append(ls, l)
			}
		}
	}
	addAll(s.PF.Referrers(intent, content.KindLearning))
	for _, in := range s.PF.Referrers(intent, content.KindInitiative, "intents") {
		addAll(s.PF.Referrers(in, content.KindLearning))
	}
	if len(ls) == 0 {
		return nil
	}
	rank := map[string]int{"high": 0, "medium": 1, "low": 2}
	conf := func(p *content.Page) int {
		if r, ok := rank[p.Confidence]; ok {
			return r
		}
		return 3
	}
	slices.SortStableFunc(ls, func(a, b *content.Page) int {
		if c := cmp.Compare(conf(a), conf(b)); c != 0 {
			return c
		}
		if c := b.Date.Compare(a.Date.Time); c != 0 {
			return c
		}
		return cmp.Compare(a.Path(), b.Path())
	})
	var out []LearnedGroup
	for _, l := range ls {
		c := l.Confidence
		if _, ok := rank[c]; !ok {
			c = ""
		}
		if len(out) == 0 || out[len(out)-1].Confidence != c {
			out = append(out, LearnedGroup{Confidence: c})
		}
		ds := s.PF.Targets(l, "informs")
		for _, d := range s.PF.Referrers(l, content.KindDecision, "learnings") {
			if !slices.Contains(ds, d) {
				ds = append(ds, d)
			}
		}
		slices.SortStableFunc(ds, func(a, b *content.Page) int { return a.Date.Compare(b.Date.Time) })
		g := &out[len(out)-1]
		g.Learnings = append(g.Learnings, Learned{Page: l, Decisions: ds})
	}
	return out
}

// Supersedes is the published decision d changed (its `supersedes`), or nil.
func (s *Site) Supersedes(d *content.Page) *content.Page {
	if t := s.PF.Targets(d, "supersedes"); len(t) > 0 {
		return t[0]
	}
	return nil
}
