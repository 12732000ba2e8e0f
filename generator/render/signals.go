package render

import (
	"html/template"
	"strconv"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/visual"
)

// SignalView is a signal of change as its intent's page shows it: the
// latest observation against the baseline and target, a small chart and
// the table of every observation.
type SignalView struct {
	content.Signal
	ID     string
	Latest *content.Observation
	Chart  template.HTML
}

// Signals are the signals of an intent, each with its latest observation.
func (s *Site) Signals(p *content.Page) []SignalView {
	var out []SignalView
	for i, sig := range p.Signals {
		v := SignalView{Signal: sig, ID: "signal-" + strconv.Itoa(i+1)}
		if n := len(sig.Observations); n > 0 {
			latest := sig.Observations[0]
			for _, o := range sig.Observations[1:] {
				if !o.Date.Before(latest.Date.Time) {
					latest = o
				}
			}
			v.Latest = &latest
			desc := s.Tf("signal.chart", sig.Text, sig.Baseline, sig.Target, latest.Value, s.theme.FormatDate(latest.Date.Time))
			v.Chart = visual.Trend(v.ID+"-chart", sig, visual.TrendText{Title: sig.Text, Desc: desc,
				Baseline: s.T("signal.baseline"), Target: s.T("signal.target")})
		}
		out = append(out, v)
	}
	return out
}

// ObservationSource is the page an observation cites, if published.
func (s *Site) ObservationSource(o content.Observation) *content.Page {
	if o.Source == "" {
		return nil
	}
	if p := s.PF.Page(content.KindSource, o.Source); p != nil {
		return p
	}
	return s.PF.Page(content.KindOrganisation, o.Source)
}
