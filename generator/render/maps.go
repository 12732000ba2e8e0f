package render

import (
	"sync"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/visual"
)

// pictures draws each map once per build: the whole-portfolio map is shown
// on the home page and on /map/, and the views on /views/.
type pictures struct {
	full, compact sync.Once
	fullP         visual.Picture
	compactP      visual.Picture
	views         sync.Once
	charts        []NamedChart
}

// NamedChart is a portfolio view with its heading.
type NamedChart struct {
	ID    string
	Title string
	About string
	visual.Chart
}

// IntentMap is the whole portfolio's intent map, for /map/.
func (s *Site) IntentMap() visual.Picture {
	s.pics.full.Do(func() { s.pics.fullP = visual.IntentMap(s.PF, visual.MapOptions{Words: s.theme.table}) })
	return s.pics.fullP
}

// CompactMap is the home page's intent map.
func (s *Site) CompactMap() visual.Picture {
	s.pics.compact.Do(func() {
		s.pics.compactP = visual.IntentMap(s.PF, visual.MapOptions{ID: "home-map", Compact: true, Words: s.theme.table})
	})
	return s.pics.compactP
}

// IntentFocus is an intent's own map.
func (s *Site) IntentFocus(p *content.Page) visual.Picture {
	return visual.IntentFocus(s.PF, p, s.theme.table)
}

// EgoMap is an initiative's map of its neighbourhood.
func (s *Site) EgoMap(p *content.Page) visual.Picture { return visual.EgoMap(s.PF, p, s.theme.table) }

// Views are the portfolio views for /views/, in the order shown.
func (s *Site) Views() []NamedChart {
	s.pics.views.Do(func() {
		s.pics.charts = []NamedChart{
			{visual.MatrixID, s.T("views.matrix"), s.T("views.matrix.about"), visual.StatusMatrix(s.PF, s.theme.table)},
			{visual.FacetsID, s.T("views.facets"), s.T("views.facets.about"), visual.FacetBalance(s.PF, s.theme.table)},
			{visual.TimelineID, s.T("views.timeline"), s.T("views.timeline.about"), visual.Timeline(s.PF, s.theme.table)},
			{visual.FundingID, s.T("views.funding"), s.T("views.funding.about"), visual.FundingFlows(s.PF, s.theme.table)},
			{visual.RisksID, s.T("views.risks"), s.T("views.risks.about"), visual.RiskOverview(s.PF, s.theme.table)},
		}
		for i := range s.pics.charts {
			s.pics.charts[i].Chart.Table.NoteLanguages(s.theme.table)
		}
	})
	return s.pics.charts
}
