package opendata

import (
	"sort"
	"strconv"
	"strings"

	"github.com/trellis-ssg/trellis/generator/content"
)

// IATI results: an initiative reports the signals of change of the intents
// it serves. A signal belongs to its intent, not to one initiative, so each
// result says so (aggregation-status 0: not to be added up across
// activities, and trellis:intent names the intent), and every initiative
// serving the intent carries the same indicators.

type iatiResult struct {
	Type        string          `xml:"type,attr"`
	Aggregation string          `xml:"aggregation-status,attr"`
	Intent      string          `xml:"trellis:intent,attr,omitempty"`
	Title       iatiText        `xml:"title"`
	Indicators  []iatiIndicator `xml:"indicator"`
}

type iatiIndicator struct {
	Measure     string          `xml:"measure,attr"`
	Ascending   string          `xml:"ascending,attr,omitempty"`
	Title       iatiText        `xml:"title"`
	Description *iatiText       `xml:"description,omitempty"`
	Baseline    *iatiBaseline   `xml:"baseline,omitempty"`
	Periods     []iatiResPeriod `xml:"period"`
}

type iatiBaseline struct {
	Year  string `xml:"year,attr"`
	Value string `xml:"value,attr"`
}

type iatiResPeriod struct {
	Start  iatiISO     `xml:"period-start"`
	End    iatiISO     `xml:"period-end"`
	Target *iatiValue  `xml:"target,omitempty"`
	Actual *iatiActual `xml:"actual,omitempty"`
}

type iatiValue struct {
	Value string `xml:"value,attr"`
}

type iatiActual struct {
	Value   string    `xml:"value,attr"`
	Comment *iatiText `xml:"comment,omitempty"`
}

// results are the signals of the intents p serves, as IATI results: one
// result (an outcome) per intent with signals, one indicator per signal
// whose values are numbers.
func (x *iatiExport) results(p *content.Page) []iatiResult {
	var out []iatiResult
	for _, in := range x.pf.Targets(p, "intents") {
		r := iatiResult{Type: "2", Aggregation: "0", Intent: in.StableID(), Title: iatiText{iatiNarrative{in.Title}}}
		for _, s := range in.Signals {
			if ind, ok := indicator(s); ok {
				r.Indicators = append(r.Indicators, ind)
			}
		}
		if len(r.Indicators) > 0 {
			out = append(out, r)
		}
	}
	return out
}

// indicator is a signal as an IATI indicator: its baseline, its target as
// a period up to the target's year, and each observation as the actual
// value of the period since the one before it. ok is false when the signal
// has no value that is a number, which IATI's rules require of a measured
// (not qualitative) indicator.
func indicator(s content.Signal) (iatiIndicator, bool) {
	ind := iatiIndicator{Measure: "1", Title: iatiText{iatiNarrative{s.Text}}}
	if s.SignalUnit() == "%" {
		ind.Measure = "2"
	}
	switch s.Direction {
	case "increase":
		ind.Ascending = "1"
	case "decrease":
		ind.Ascending = "0"
	}
	if s.Indicator != "" {
		ind.Description = &iatiText{iatiNarrative{s.Indicator}}
	}
	base, baseYear, hasBase := content.ParseMark(s.Baseline)
	if hasBase && baseYear > 0 {
		ind.Baseline = &iatiBaseline{Year: strconv.Itoa(baseYear), Value: iatiNumber(base)}
	}
	obs := append([]content.Observation(nil), s.Observations...)
	sort.SliceStable(obs, func(i, j int) bool { return obs[i].Date.Before(obs[j].Date.Time) })
	from := ""
	if baseYear > 0 {
		from = strconv.Itoa(baseYear) + "-01-01"
	}
	if target, yr, ok := content.ParseMark(s.Target); ok && yr > 0 {
		start := from
		if start == "" && len(obs) > 0 && !obs[0].Date.IsZero() {
			start = obs[0].Date.String()
		}
		if end := strconv.Itoa(yr) + "-12-31"; start != "" && start <= end {
			ind.Periods = append(ind.Periods, iatiResPeriod{Start: iatiISO{start}, End: iatiISO{end}, Target: &iatiValue{iatiNumber(target)}})
		}
	}
	for _, o := range obs {
		v, _, ok := content.ParseMeasure(o.Value)
		if !ok || o.Date.IsZero() {
			continue
		}
		end := o.Date.String()
		start := from
		if start == "" || start > end {
			start = end[:4] + "-01-01"
		}
		a := &iatiActual{Value: iatiNumber(v)}
		if note := strings.TrimSpace(o.Note); note != "" {
			a.Comment = &iatiText{iatiNarrative{note}}
		}
		ind.Periods = append(ind.Periods, iatiResPeriod{Start: iatiISO{start}, End: iatiISO{end}, Actual: a})
		from = end
	}
	return ind, ind.Baseline != nil || len(ind.Periods) > 0
}

// iatiNumber writes a value as IATI's rules want it, a plain number.
func iatiNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
