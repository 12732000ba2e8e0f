package visual

import (
	"html/template"
	"math"
	"strconv"

	"github.com/trellis-ssg/trellis/generator/content"
)

// TrendText is what a trend chart says, in the site's language.
type TrendText struct {
	Title, Desc      string
	Baseline, Target string // the labels of the two reference lines
}

// Trend is a small chart of a signal's observations over time: a line
// through the measurements, the baseline and the target as labelled
// dashed lines, the latest value labelled. Its description says the same
// in words (the page also lists the observations in a table). Empty when
// no observation has a date and a number.
func Trend(id string, s content.Signal, tx TrendText) template.HTML {
	type pt struct {
		t     float64 // days since epoch
		v     float64
		label string
	}
	var pts []pt
	for _, o := range s.Observations {
		v, _, ok := content.ParseMeasure(o.Value)
		if !ok || o.Date.IsZero() {
			continue
		}
		pts = append(pts, pt{float64(o.Date.Unix()) / 86400, v, o.Value})
	}
	if len(pts) == 0 {
		return ""
	}
	lo, hi := pts[0].v, pts[0].v
	for _, p := range pts {
		lo, hi = math.Min(lo, p.v), math.Max(hi, p.v)
	}
	base, hasBase := firstNumber(s.Baseline)
	target, hasTarget := firstNumber(s.Target)
	if hasBase {
		lo, hi = math.Min(lo, base), math.Max(hi, base)
	}
	if hasTarget {
		lo, hi = math.Min(lo, target), math.Max(hi, target)
	}
	if hi == lo {
		hi, lo = hi+1, lo-1
	}
	const w, h, left, right, top, bottom = 280.0, 110.0, 8.0, 70.0, 12.0, 18.0
	t0, t1 := pts[0].t, pts[len(pts)-1].t
	if t1 == t0 {
		t0, t1 = t0-1, t1+1
	}
	x := func(t float64) float64 { return left + (t-t0)/(t1-t0)*(w-left-right) }
	y := func(v float64) float64 { return top + (hi-v)/(hi-lo)*(h-top-bottom) }
	var c chartBuf
	c.start(id, "trend", w, h, tx.Title, tx.Desc, false)
	ref := func(v float64, label string) {
		c.el("line", "x1", chartNum(left), "x2", chartNum(w-right), "y1", chartNum(y(v)), "y2", chartNum(y(v)),
			"stroke", chartMuted, "stroke-dasharray", "4 3", "stroke-width", "1")
		c.text(w-right+4, y(v)+4, label, "font-size", chartNum(chartSmallSize), "fill", chartMuted)
	}
	if hasBase {
		ref(base, tx.Baseline)
	}
	if hasTarget {
		ref(target, tx.Target)
	}
	path := ""
	for i, p := range pts {
		cmd := "L"
		if i == 0 {
			cmd = "M"
		}
		path += cmd + chartNum(x(p.t)) + " " + chartNum(y(p.v))
	}
	c.el("path", "d", path, "fill", "none", "stroke", chartInkDark, "stroke-width", "2")
	for _, p := range pts {
		c.el("circle", "cx", chartNum(x(p.t)), "cy", chartNum(y(p.v)), "r", "3.5", "fill", chartInkDark)
	}
	last := pts[len(pts)-1]
	c.text(x(last.t)-2, y(last.v)-7, last.label, "text-anchor", "end", "font-weight", "700")
	c.close("svg")
	return template.HTML(c.String())
}

// firstNumber is the number a baseline or target starts with: "31% (2023)" → 31.
func firstNumber(s string) (float64, bool) {
	for i := range s {
		if s[i] >= '0' && s[i] <= '9' {
			j := i
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.') {
				j++
			}
			v, err := strconv.ParseFloat(s[i:j], 64)
			return v, err == nil
		}
	}
	return 0, false
}
