package visual

import (
	"html/template"
)

// Bars is a small chart of shares: one horizontal bar per row, filled to
// Value out of Max, each a link to the pages behind it when it has a URL.
// Every text comes from the caller, in the site's language; the chart
// only draws.
type Bars struct {
	ID    string // the <svg>'s id, and the prefix of its inner ids
	Title string // the picture's name (its <title>) and the table's caption
	Desc  string // what the picture shows, in words (its <desc>)
	Head  []string
	Rows  []Bar
}

// Bar is one row of a Bars chart.
type Bar struct {
	Label string // the row's name
	Value int
	Max   int    // the bar's full length; Value when not set
	Text  string // the value in words, drawn after the bar ("3 of 18")
	URL   string // the list of pages behind the value, or ""
	// Cells are the table's cells after the row's head (the count, the
	// share); when nil, the table shows Text.
	Cells []Cell
}

// Chart draws the bars, with the table that says the same.
func (b Bars) Chart() Chart {
	t := Table{Caption: b.Title, Head: b.Head}
	for _, r := range b.Rows {
		row := Row{Head: Cell{Text: r.Label, URL: r.URL}}
		row.Cells = r.Cells
		if row.Cells == nil {
			row.Cells = []Cell{{Text: r.Text, Num: true}}
		}
		t.Rows = append(t.Rows, row)
	}
	if len(b.Rows) == 0 {
		return Chart{Table: t, Empty: true}
	}
	const w, rowH, barH, gap = 640.0, 34.0, 18.0, 10.0
	labelW := 0.0
	for _, r := range b.Rows {
		labelW = max(labelW, chartTextWidth(r.Label, chartFontSize))
	}
	labelW = min(max(labelW, 120), 260)
	textW := 0.0
	for _, r := range b.Rows {
		textW = max(textW, chartTextWidth(r.Text, chartSmallSize))
	}
	textW = min(textW+8, 180)
	x0 := labelW + gap
	plotW := w - x0 - textW - gap
	links := false
	for _, r := range b.Rows {
		links = links || r.URL != ""
	}
	h := 8 + rowH*float64(len(b.Rows))
	var c chartBuf
	c.start(b.ID, "pv-bars", w, h, b.Title, b.Desc, links)
	for i, r := range b.Rows {
		y := 8 + rowH*float64(i)
		full := r.Max
		if full <= 0 {
			full = max(r.Value, 1)
		}
		frac := float64(r.Value) / float64(full)
		frac = min(max(frac, 0), 1)
		c.open("g", "class", "pv-bar-row")
		if r.URL != "" {
			c.link(r.URL, r.Label+": "+r.Text, "pv-link")
			c.hit(0, y, w, rowH)
		}
		c.text(0, y+barH/2+4.5, chartFit(r.Label, labelW, chartFontSize))
		// The track is the whole, the filled part the value: both outlined,
		// so the share reads without telling colours apart.
		c.el("rect", "x", chartNum(x0), "y", chartNum(y), "width", chartNum(plotW), "height", chartNum(barH),
			"fill", chartInkLight, "stroke", chartRule, "class", "pv-track")
		if frac > 0 {
			c.el("rect", "x", chartNum(x0), "y", chartNum(y), "width", chartNum(max(plotW*frac, 2)), "height", chartNum(barH),
				"fill", chartFlowEdge, "class", "pv-fill")
		}
		c.text(x0+plotW+gap, y+barH/2+4, r.Text, "font-size", chartNum(chartSmallSize), "fill", chartMuted)
		if r.URL != "" {
			c.endLink()
		}
		c.close("g")
	}
	c.close("svg")
	return Chart{SVG: template.HTML(c.String()), Table: t}
}
