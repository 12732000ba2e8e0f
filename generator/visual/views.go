package visual

// The portfolio views: a status-by-intent matrix, the facet balance, a
// timeline, funding flows and a risk overview. Each is a static SVG laid
// out at build time plus the table that is its text equivalent. The same
// portfolio always gives the same bytes: nothing here iterates over a map
// without sorting, reads the clock, or formats a float without chartNum.

import (
	"html"
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/money"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// Chart is a portfolio view: a picture and the table that says the same
// in text, to be shown beside it.
type Chart struct {
	// SVG is a complete <svg> element. It is named by its <title> and
	// <desc> through aria-labelledby, carries no style attribute, <style> or
	// <script>, and is styled through its pv-* classes.
	SVG   template.HTML
	Table Table
	// Empty is true when the portfolio has nothing for the chart to show
	// (no initiatives with risks, say): the theme then says so in words
	// instead of drawing a frame of zeros.
	Empty bool
}

// Table is a chart's text equivalent. Head names the columns; Head[0] is
// the column of the rows' heads. Foot, when set, is a summary row aligned
// with Head (Foot[0] is its head).
type Table struct {
	Caption string
	Head    []string
	Rows    []Row
	Foot    []Cell
}

// Row is one row of a table: its head (a <th scope="row">) and its cells.
type Row struct {
	Head  Cell
	Cells []Cell
}

// Cell is a table cell: text, a link when URL is set, a number (to be
// aligned right) when Num is set, and a list of links when Links is set
// (shown after Text, e.g. the initiatives behind a count).
type Cell struct {
	Text, URL string
	// Lang is the language of Text, a linked page's title, when the page is
	// in another language than the picture's (not translated into it).
	Lang string
	// LangNote says so in words, after the link: "in English"
	// (Table.NoteLanguages).
	LangNote string
	Num      bool
	Links    []Link
	// Money, for an amount: the funding lines it adds up (money.Scope's
	// form) and its value, which the page carries beside it.
	Money string
	Value float64
}

// Number is a money cell's value as plain digits.
func (c Cell) Number() string { return strconv.FormatFloat(c.Value, 'f', -1, 64) }

// Link is one link of a cell's list.
type Link struct {
	Text, URL string
	Lang      string // as Cell's
	LangNote  string // as Cell's
}

// NoteLanguages writes, after every link to a page in another language
// than the table's, that language in words ("in English"), as lists and
// cards say it: a reader who does not see the lang attribute still knows.
func (t *Table) NoteLanguages(w Words) {
	note := func(c *Cell) {
		if c.Lang != "" {
			c.LangNote = inLanguage(w, c.Lang)
		}
		for i := range c.Links {
			if l := &c.Links[i]; l.Lang != "" {
				l.LangNote = inLanguage(w, l.Lang)
			}
		}
	}
	for i := range t.Rows {
		note(&t.Rows[i].Head)
		for j := range t.Rows[i].Cells {
			note(&t.Rows[i].Cells[j])
		}
	}
	for i := range t.Foot {
		note(&t.Foot[i])
	}
}

// langOf is kv, a drawn text's attributes, with lang when p's title is
// in another language than the picture's.
func langOf(pf *portfolio.Portfolio, p *content.Page, kv ...string) []string {
	if l := foreign(pf, p); l != "" {
		return append(kv, "lang", l)
	}
	return kv
}

// foreign is the language of p when the portfolio's language is another
// (p is not translated into it), or "".
func foreign(pf *portfolio.Portfolio, p *content.Page) string {
	if p != nil && pf.Foreign(p) {
		return p.Lang
	}
	return ""
}

// MatrixCell is one non-empty cell of the status matrix: the initiatives
// serving Intent that have Status, and the site path of their list page.
type MatrixCell struct {
	Intent *content.Page
	Status string
	Pages  []*content.Page
	Path   string
}

// MatrixCellPath is where the initiatives that serve an intent and have a
// status are listed: the intent page's section for that status,
// "intents/clean-air/#status-piloting". A section, not a page of its own, so
// that the number of pages does not grow with intents × statuses.
func MatrixCellPath(intentSlug, status string) string {
	return content.KindIntent.Folder() + "/" + intentSlug + "/#status-" + content.Slugify(status)
}

// TimelineDetailLimit is the largest number of initiatives the timeline
// draws one by one; beyond it, it counts active initiatives per intent and
// year instead.
const TimelineDetailLimit = 80

// The element ids of the views' <svg>s (and the prefix of their inner ids).
const (
	MatrixID   = "pv-matrix"
	FacetsID   = "pv-facets"
	TimelineID = "pv-timeline"
	FundingID  = "pv-funding"
	RisksID    = "pv-risks"
)

// ---------------------------------------------------------------- common

// viewIntents returns the published intents in the order views list them:
// by weight (unweighted last), then title, then slug.
func viewIntents(pf *portfolio.Portfolio) []*content.Page {
	ps := append([]*content.Page(nil), pf.Of(content.KindIntent)...)
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if (a.Weight == 0) != (b.Weight == 0) {
			return a.Weight != 0
		}
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		if a.Title != b.Title {
			return a.Title < b.Title
		}
		return a.Slug < b.Slug
	})
	return ps
}

// viewIntentsOf returns the intents an initiative serves, in the order written.
func viewIntentsOf(pf *portfolio.Portfolio, p *content.Page) []*content.Page {
	var out []*content.Page
	for _, t := range pf.Targets(p, "intents") {
		if t.Kind == content.KindIntent {
			out = append(out, t)
		}
	}
	return out
}

// viewStatuses is the site's status vocabulary, followed by any other
// status an initiative uses, sorted.
func viewStatuses(pf *portfolio.Portfolio) []string {
	out := append([]string(nil), pf.Config.Statuses...)
	var extra []string
	for _, p := range pf.Of(content.KindInitiative) {
		if p.Status != "" && !viewHas(out, p.Status) && !viewHas(extra, p.Status) {
			extra = append(extra, p.Status)
		}
	}
	sort.Strings(extra)
	return append(out, extra...)
}

func viewIndex(list []string) map[string]int {
	m := make(map[string]int, len(list))
	for i, s := range list {
		m[s] = i
	}
	return m
}

func viewHas(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// viewLabel writes a vocabulary word as a label: "mission-oriented" → "Mission-oriented".
func viewLabel(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// viewTermURL links a taxonomy term's page, or "" when it has none.
func viewTermURL(pf *portfolio.Portfolio, tax, term string) string {
	if term == "" || len(pf.TermPages(tax, content.Slugify(term))) == 0 {
		return ""
	}
	return viewSectionURL(pf, portfolio.TermPath(tax, term))
}

// viewCellURL links the initiatives of an intent that have a status: the
// group on the intent's page (MatrixCellPath), in the portfolio's language.
func viewCellURL(pf *portfolio.Portfolio, in *content.Page, status string) string {
	return pf.URL(in) + "#status-" + content.Slugify(status)
}

// viewSectionURL links a page the site makes, in the portfolio's language.
func viewSectionURL(pf *portfolio.Portfolio, sitePath string) string {
	return pf.Config.LangURL(sitePath)
}

func viewByTitle(ps []*content.Page) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Title != ps[j].Title {
			return ps[i].Title < ps[j].Title
		}
		return ps[i].Path() < ps[j].Path()
	})
}

func viewLinks(pf *portfolio.Portfolio, ps []*content.Page) []Link {
	out := make([]Link, len(ps))
	for i, p := range ps {
		out[i] = Link{Text: p.Title, URL: pf.URL(p), Lang: foreign(pf, p)}
	}
	return out
}

func viewCount(w Words, n int, url string) Cell {
	c := Cell{Text: w.Number(n), Num: true}
	if n > 0 {
		c.URL = url
	}
	return c
}

// ---------------------------------------------------------------- matrix

// MatrixCells returns the non-empty cells of the status matrix, intent by
// intent and status by status, each with its initiatives by title and the
// path of the list page StatusMatrix links it to.
func MatrixCells(pf *portfolio.Portfolio) []MatrixCell {
	statuses := viewStatuses(pf)
	grid := matrixGrid(pf, statuses)
	var out []MatrixCell
	for i, in := range viewIntents(pf) {
		for j, st := range statuses {
			if ps := grid[i][j]; len(ps) > 0 {
				out = append(out, MatrixCell{Intent: in, Status: st, Pages: ps, Path: MatrixCellPath(in.Slug, st)})
			}
		}
	}
	return out
}

// matrixGrid holds the initiatives per intent (in viewIntents order) and
// status (in statuses order), by title.
func matrixGrid(pf *portfolio.Portfolio, statuses []string) [][][]*content.Page {
	intents := viewIntents(pf)
	row := map[*content.Page]int{}
	for i, in := range intents {
		row[in] = i
	}
	col := viewIndex(statuses)
	grid := make([][][]*content.Page, len(intents))
	for i := range grid {
		grid[i] = make([][]*content.Page, len(statuses))
	}
	for _, p := range pf.Of(content.KindInitiative) {
		j, ok := col[p.Status]
		if !ok {
			continue
		}
		for _, in := range viewIntentsOf(pf, p) {
			i := row[in]
			if len(grid[i][j]) == 0 || grid[i][j][len(grid[i][j])-1] != p {
				grid[i][j] = append(grid[i][j], p)
			}
		}
	}
	for i := range grid {
		for j := range grid[i] {
			viewByTitle(grid[i][j])
		}
	}
	return grid
}

// StatusMatrix counts initiatives by intent (rows) and status (columns,
// in the vocabulary's order). Every non-empty count links to the list at
// MatrixCellPath; intents link to their pages and statuses to their
// taxonomy pages.
//
// Words, when given, are the site's (English otherwise); so for every view.
func StatusMatrix(pf *portfolio.Portfolio, words ...Words) Chart {
	w := first(words)
	statuses := viewStatuses(pf)
	intents := viewIntents(pf)
	grid := matrixGrid(pf, statuses)
	all := pf.Of(content.KindInitiative)

	colTotals := make([]int, len(statuses))
	col := viewIndex(statuses)
	for _, p := range all {
		if j, ok := col[p.Status]; ok {
			colTotals[j]++
		}
	}
	rowTotals := make([]int, len(intents))
	maxN := 0
	for i := range grid {
		for j := range grid[i] {
			rowTotals[i] += len(grid[i][j])
			maxN = max(maxN, len(grid[i][j]))
		}
	}

	// Table.
	t := Table{Caption: w.T("views.matrix.caption"), Head: []string{w.T("views.head.intent")}}
	for _, st := range statuses {
		t.Head = append(t.Head, label(w, "status", st))
	}
	t.Head = append(t.Head, w.T("views.all"))
	for i, in := range intents {
		r := Row{Head: Cell{Text: in.Title, URL: pf.URL(in), Lang: foreign(pf, in)}}
		for j, st := range statuses {
			r.Cells = append(r.Cells, viewCount(w, len(grid[i][j]), viewCellURL(pf, in, st)))
		}
		r.Cells = append(r.Cells, Cell{Text: w.Number(rowTotals[i]), Num: true})
		t.Rows = append(t.Rows, r)
	}
	t.Foot = []Cell{{Text: w.T("views.all-initiatives")}}
	for j, st := range statuses {
		t.Foot = append(t.Foot, Cell{Text: w.Number(colTotals[j]), URL: viewTermURL(pf, "status", st), Num: true})
	}
	t.Foot = append(t.Foot, Cell{Text: w.Number(len(all)), Num: true})

	// Picture.
	const rowH, headH, pad = 36.0, 40.0, 4.0
	labelW := 140.0
	for _, in := range intents {
		labelW = max(labelW, chartBoldWidth(in.Title, chartFontSize)+20)
	}
	labelW = min(labelW, 300)
	colW := 64.0
	for _, st := range statuses {
		colW = max(colW, chartBoldWidth(label(w, "status", st), chartSmallSize)+12)
	}
	width := labelW + colW*float64(len(statuses)+1) + pad
	h := headH + rowH*float64(len(intents)+1) + pad
	desc := w.Tf("views.matrix.desc", w.Plural("count.intent", len(intents)), w.Plural("count.status", len(statuses)))
	var c chartBuf
	c.start(MatrixID, "pv-matrix", width, h, t.Caption, desc, true)

	// Column heads.
	c.open("g", "class", "pv-head")
	for j, st := range statuses {
		x := labelW + colW*float64(j)
		name := label(w, "status", st)
		if u := viewTermURL(pf, "status", st); u != "" {
			c.link(u, w.Tf("views.matrix.status-link", word(w, "status", st), w.Plural("count.initiative", colTotals[j])), "pv-link")
			c.hit(x, 0, colW, headH)
			c.text(x+colW/2, headH-12, name, "text-anchor", "middle", "font-size", chartNum(chartSmallSize), "font-weight", "600")
			c.endLink()
		} else {
			c.text(x+colW/2, headH-12, name, "text-anchor", "middle", "font-size", chartNum(chartSmallSize), "font-weight", "600", "fill", chartMuted)
		}
	}
	c.text(labelW+colW*float64(len(statuses))+colW/2, headH-12, w.T("views.all"), "text-anchor", "middle", "font-size", chartNum(chartSmallSize), "font-weight", "600")
	c.close("g")

	cell := func(x, y float64, n int, href, label string, bold bool) {
		cx, cy := x+colW/2, y+rowH/2+4.5
		if n == 0 {
			c.el("rect", "x", chartNum(x+2), "y", chartNum(y+2), "width", chartNum(colW-4), "height", chartNum(rowH-4),
				"fill", chartInkLight, "stroke", chartGrid, "class", "pv-cell pv-empty")
			c.text(cx, cy, w.Number(0), "text-anchor", "middle", "fill", chartMuted, "class", "pv-count")
			return
		}
		step := int(math.Ceil(float64(n)/float64(maxN)*float64(len(chartHeat)))) - 1
		step = max(0, min(step, len(chartHeat)-1))
		fill := chartHeat[step]
		if href != "" {
			c.link(href, label, "pv-link")
		}
		c.el("rect", "x", chartNum(x+2), "y", chartNum(y+2), "width", chartNum(colW-4), "height", chartNum(rowH-4),
			"fill", fill, "stroke", chartRule, "class", "pv-cell pv-heat"+chartInt(step))
		weight := ""
		if bold {
			weight = "700"
		}
		c.text(cx, cy, w.Number(n), "text-anchor", "middle", "fill", chartInk(fill), "font-weight", weight, "class", "pv-count")
		if href != "" {
			c.endLink()
		}
	}
	for i, in := range intents {
		y := headH + rowH*float64(i)
		c.open("g", "class", "pv-row")
		c.link(pf.URL(in), in.Title, "pv-link")
		c.hit(0, y, labelW, rowH)
		c.text(4, y+rowH/2+4.5, chartFitBold(in.Title, labelW-14, chartFontSize), langOf(pf, in, "font-weight", "600")...)
		c.endLink()
		for j, st := range statuses {
			n := len(grid[i][j])
			name := w.Tf("views.matrix.cell", in.Title, word(w, "status", st), w.Plural("count.initiative", n))
			cell(labelW+colW*float64(j), y, n, viewCellURL(pf, in, st), name, false)
		}
		c.text(labelW+colW*float64(len(statuses))+colW/2, y+rowH/2+4.5, w.Number(rowTotals[i]), "text-anchor", "middle", "font-weight", "700", "class", "pv-total")
		c.close("g")
	}
	// Totals row.
	y := headH + rowH*float64(len(intents))
	c.el("line", "x1", "0", "x2", chartNum(width-pad), "y1", chartNum(y+1), "y2", chartNum(y+1), "stroke", chartRule, "class", "pv-rule")
	c.open("g", "class", "pv-row pv-totals")
	c.text(4, y+rowH/2+4.5, w.T("views.all-initiatives"), "font-weight", "700")
	for j := range statuses {
		c.text(labelW+colW*float64(j)+colW/2, y+rowH/2+4.5, w.Number(colTotals[j]), "text-anchor", "middle", "font-weight", "700", "class", "pv-total")
	}
	c.text(labelW+colW*float64(len(statuses))+colW/2, y+rowH/2+4.5, w.Number(len(all)), "text-anchor", "middle", "font-weight", "700", "class", "pv-total")
	c.close("g")
	c.close("svg")
	return Chart{SVG: template.HTML(c.String()), Table: t, Empty: len(all) == 0}
}

// ---------------------------------------------------------------- facets

// FacetBalance shows the OPSI facets as bars of initiatives, stacked by
// status: how the portfolio balances enhancement, mission-oriented,
// adaptive and anticipatory innovation, and how far each has come.
func FacetBalance(pf *portfolio.Portfolio, words ...Words) Chart {
	wd := first(words)
	statuses := viewStatuses(pf)
	col := viewIndex(statuses)
	facets := append([]string(nil), content.Facets...)
	var extra []string
	unset := false
	for _, p := range pf.Of(content.KindInitiative) {
		switch {
		case p.Facet == "":
			unset = true
		case !viewHas(facets, p.Facet) && !viewHas(extra, p.Facet):
			extra = append(extra, p.Facet)
		}
	}
	sort.Strings(extra)
	facets = append(facets, extra...)
	if unset {
		facets = append(facets, "")
	}
	row := viewIndex(facets)
	counts := make([][]int, len(facets))
	totals := make([]int, len(facets))
	for i := range counts {
		counts[i] = make([]int, len(statuses))
	}
	colTotals := make([]int, len(statuses))
	for _, p := range pf.Of(content.KindInitiative) {
		j, ok := col[p.Status]
		if !ok {
			continue
		}
		i := row[p.Facet]
		counts[i][j]++
		totals[i]++
		colTotals[j]++
	}
	name := func(f string) string {
		if f == "" {
			return wd.T("views.facets.unset")
		}
		return label(wd, "views.facet", f)
	}

	t := Table{Caption: wd.T("views.facets.caption"), Head: []string{wd.T("views.head.facet")}}
	for _, st := range statuses {
		t.Head = append(t.Head, label(wd, "status", st))
	}
	t.Head = append(t.Head, wd.T("views.all"))
	grand := 0
	for i, f := range facets {
		r := Row{Head: Cell{Text: name(f), URL: viewTermURL(pf, "facet", f)}}
		for j := range statuses {
			r.Cells = append(r.Cells, Cell{Text: wd.Number(counts[i][j]), Num: true})
		}
		r.Cells = append(r.Cells, Cell{Text: wd.Number(totals[i]), Num: true})
		t.Rows = append(t.Rows, r)
		grand += totals[i]
	}
	t.Foot = []Cell{{Text: wd.T("views.all-initiatives")}}
	for j := range statuses {
		t.Foot = append(t.Foot, Cell{Text: wd.Number(colTotals[j]), Num: true})
	}
	t.Foot = append(t.Foot, Cell{Text: wd.Number(grand), Num: true})

	const w, rowH, barH, plotW, gap = 880.0, 44.0, 26.0, 600.0, 2.0
	labelW := w - plotW - 60
	maxT := 1
	for _, n := range totals {
		maxT = max(maxT, n)
	}
	scale := plotW / float64(maxT)

	// The legend lists the statuses that occur.
	var items []chartLegendItem
	for j, st := range statuses {
		if colTotals[j] == 0 {
			continue
		}
		items = append(items, chartLegendItem{label: label(wd, "status", st), swatch: func(c *chartBuf, x, y float64) {
			c.el("rect", "x", chartNum(x), "y", chartNum(y), "width", "14", "height", "14", "fill", "url(#"+FacetsID+"-p"+chartInt(j)+")", "stroke", chartInkDark, "stroke-width", "0.5")
		}})
	}
	var probe chartBuf
	legendH := probe.legend(0, 0, w-labelW, items)
	h := 8 + rowH*float64(len(facets)) + 12 + legendH

	var stWords []string
	for _, st := range statuses {
		stWords = append(stWords, word(wd, "status", st))
	}
	desc := wd.Tf("views.facets.desc", strings.Join(stWords, ", "))
	var c chartBuf
	c.start(FacetsID, "pv-facets", w, h, t.Caption, desc, true)
	cols := make([]string, len(statuses))
	for j := range statuses {
		cols[j] = chartStatusColor(j)
	}
	c.patterns(FacetsID, cols)
	for i, f := range facets {
		y := 8 + rowH*float64(i)
		c.open("g", "class", "pv-row")
		if u := viewTermURL(pf, "facet", f); u != "" {
			c.link(u, wd.Tf("views.facets.link", name(f), wd.Plural("count.initiative", totals[i])), "pv-link")
			c.hit(0, y, labelW, rowH)
			c.text(4, y+rowH/2+4.5, chartFitBold(name(f), labelW-12, chartFontSize), "font-weight", "600")
			c.endLink()
		} else {
			c.text(4, y+rowH/2+4.5, chartFitBold(name(f), labelW-12, chartFontSize), "font-weight", "600", "fill", chartMuted)
		}
		x := labelW
		by := y + (rowH-barH)/2
		c.el("line", "x1", chartNum(labelW), "x2", chartNum(labelW), "y1", chartNum(y+4), "y2", chartNum(y+rowH-4), "stroke", chartRule, "class", "pv-axis")
		for j, st := range statuses {
			n := counts[i][j]
			if n == 0 {
				continue
			}
			sw := float64(n)*scale - gap
			c.open("g", "class", "pv-seg")
			c.el("rect", "x", chartNum(x+gap/2), "y", chartNum(by), "width", chartNum(max(sw, 1.5)), "height", chartNum(barH),
				"fill", "url(#"+FacetsID+"-p"+chartInt(j)+")", "class", "pv-bar")
			c.tip(wd.Tf("views.facets.tip", name(f), word(wd, "status", st), wd.Plural("count.initiative", n)))
			count := wd.Number(n)
			if chartTextWidth(count, chartSmallSize)+8 <= sw {
				ink := chartInk(cols[j])
				// A solid plate behind the number keeps it legible on the texture.
				tw := chartTextWidth(count, chartSmallSize) + 6
				c.el("rect", "x", chartNum(x+gap/2+sw/2-tw/2), "y", chartNum(by+barH/2-8), "width", chartNum(tw), "height", "16", "rx", "3", "fill", cols[j], "class", "pv-plate")
				c.text(x+gap/2+sw/2, by+barH/2+4, count, "text-anchor", "middle", "font-size", chartNum(chartSmallSize), "font-weight", "700", "fill", ink, "class", "pv-count")
			}
			c.close("g")
			x += float64(n) * scale
		}
		c.text(x+8, by+barH/2+4.5, wd.Number(totals[i]), "font-weight", "700", "class", "pv-total")
		c.close("g")
	}
	c.legend(labelW, 8+rowH*float64(len(facets))+12, w-labelW, items)
	c.close("svg")
	return Chart{SVG: template.HTML(c.String()), Table: t, Empty: len(pf.Of(content.KindInitiative)) == 0}
}

// ---------------------------------------------------------------- timeline

// viewAsOf is the newest date the content records (page dates, updates,
// status changes, story collection), which stands for "now" in the
// timeline so that the same content always draws the same picture.
func viewAsOf(pf *portfolio.Portfolio) time.Time {
	var t time.Time
	see := func(d content.Date) {
		if d.After(t) {
			t = d.Time
		}
	}
	for _, p := range pf.Pages {
		see(p.Date)
		see(p.Updated)
		for _, h := range p.StatusHistory {
			see(h.Date)
		}
		if p.Collected != nil {
			see(p.Collected.Date)
		}
	}
	if t.IsZero() {
		for _, p := range pf.Of(content.KindInitiative) {
			see(p.Start)
			see(p.End)
		}
	}
	return t
}

// viewEnded says whether a status means the initiative is over.
func viewEnded(status string) bool {
	switch status {
	case "stopped", "completed", "ended", "closed", "cancelled", "canceled":
		return true
	}
	return false
}

type viewSpan struct {
	p          *content.Page
	start, end time.Time // end is zero while open
	changes    []content.StatusChange
	decisions  []*content.Page
}

// viewSpans works out when each initiative ran: from its start (or its
// first status change) to its end (or the change that ended it), with its
// status changes and the dated decisions about it, in date order.
func viewSpans(pf *portfolio.Portfolio) []viewSpan {
	var out []viewSpan
	for _, p := range pf.Of(content.KindInitiative) {
		s := viewSpan{p: p, start: p.Start.Time, end: p.End.Time}
		for _, h := range p.StatusHistory {
			if !h.Date.IsZero() {
				s.changes = append(s.changes, h)
			}
		}
		sort.SliceStable(s.changes, func(i, j int) bool { return s.changes[i].Date.Before(s.changes[j].Date.Time) })
		if len(s.changes) > 0 && (s.start.IsZero() || s.changes[0].Date.Before(s.start)) {
			// The history may begin before the recorded start (exploring first).
			s.start = s.changes[0].Date.Time
		}
		if s.end.IsZero() && viewEnded(p.Status) && len(s.changes) > 0 && s.changes[len(s.changes)-1].Status == p.Status {
			s.end = s.changes[len(s.changes)-1].Date.Time
		}
		ds := pf.Referrers(p, content.KindDecision, "initiatives")
		for _, d := range pf.Targets(p, "status_history.decision") {
			if d.Kind == content.KindDecision && !viewHasPage(ds, d) {
				ds = append(ds, d)
			}
		}
		for _, d := range ds {
			if !d.Date.IsZero() {
				s.decisions = append(s.decisions, d)
			}
		}
		sort.SliceStable(s.decisions, func(i, j int) bool {
			a, b := s.decisions[i], s.decisions[j]
			if !a.Date.Equal(b.Date.Time) {
				return a.Date.Before(b.Date.Time)
			}
			return a.Slug < b.Slug
		})
		out = append(out, s)
	}
	return out
}

func viewHasPage(list []*content.Page, p *content.Page) bool {
	for _, q := range list {
		if q == p {
			return true
		}
	}
	return false
}

// Timeline draws initiatives as bars from start to end, coloured by status
// over time, with status changes marked by shape and decisions pinned
// above them, on a year axis. An open initiative runs to the newest date in
// the content. Beyond TimelineDetailLimit initiatives it shows, per intent
// and year, how many initiatives were under way.
func Timeline(pf *portfolio.Portfolio, words ...Words) Chart {
	spans := viewSpans(pf)
	asOf := viewAsOf(pf)
	if len(spans) > TimelineDetailLimit {
		return timelineYears(pf, first(words), spans, asOf)
	}
	return timelineDetail(pf, first(words), spans, asOf)
}

// timelineRange is the years the timeline spans: from 1 January of the
// first start to 1 January after the last date shown.
func timelineRange(spans []viewSpan, asOf time.Time) (time.Time, time.Time) {
	var lo, hi time.Time
	see := func(t time.Time) {
		if t.IsZero() {
			return
		}
		if lo.IsZero() || t.Before(lo) {
			lo = t
		}
		if t.After(hi) {
			hi = t
		}
	}
	for _, s := range spans {
		see(s.start)
		see(s.end)
		for _, d := range s.decisions {
			see(d.Date.Time)
		}
	}
	see(asOf)
	if lo.IsZero() {
		return lo, hi
	}
	return time.Date(lo.Year(), 1, 1, 0, 0, 0, 0, time.UTC), time.Date(hi.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC)
}

func timelineDetail(pf *portfolio.Portfolio, wd Words, spans []viewSpan, asOf time.Time) Chart {
	statuses := viewStatuses(pf)
	col := viewIndex(statuses)
	t0, t1 := timelineRange(spans, asOf)

	// Groups: each initiative once, under the first intent it serves.
	intents := viewIntents(pf)
	groupOf := map[*content.Page]int{}
	for i, in := range intents {
		groupOf[in] = i
	}
	groups := make([][]viewSpan, len(intents)+1)
	for _, s := range spans {
		g := len(intents)
		if ins := viewIntentsOf(pf, s.p); len(ins) > 0 {
			g = groupOf[ins[0]]
		}
		groups[g] = append(groups[g], s)
	}
	for _, g := range groups {
		sort.SliceStable(g, func(i, j int) bool {
			a, b := g[i], g[j]
			if a.start.IsZero() != b.start.IsZero() {
				return b.start.IsZero()
			}
			if !a.start.Equal(b.start) {
				return a.start.Before(b.start)
			}
			return a.p.Title < b.p.Title
		})
	}

	// Table: one row per initiative, in the picture's order.
	t := Table{Caption: wd.T("views.timeline.caption"), Head: []string{wd.T("views.head.initiative"), wd.T("views.head.intents"), wd.T("views.head.start"),
		wd.T("views.head.end"), wd.T("views.head.status"), wd.T("views.head.changes"), wd.T("views.head.decisions")}}
	for _, g := range groups {
		for _, s := range g {
			r := Row{Head: Cell{Text: s.p.Title, URL: pf.URL(s.p), Lang: foreign(pf, s.p)}}
			r.Cells = append(r.Cells, Cell{Links: viewLinks(pf, viewIntentsOf(pf, s.p))})
			start, end := wd.T("views.timeline.not-recorded"), wd.T("views.timeline.ongoing")
			if !s.start.IsZero() {
				start = s.start.Format("2006-01-02")
			}
			if !s.end.IsZero() {
				end = s.end.Format("2006-01-02")
				if s.end.After(asOf) {
					end = wd.Tf("views.timeline.planned-end", end)
				}
			}
			r.Cells = append(r.Cells, Cell{Text: start}, Cell{Text: end}, Cell{Text: word(wd, "status", s.p.Status)})
			var ch []string
			for _, h := range s.changes {
				ch = append(ch, wd.Tf("views.timeline.change", word(wd, "status", h.Status), h.Date.String()))
			}
			r.Cells = append(r.Cells, Cell{Text: strings.Join(ch, "; ")})
			var dl []Link
			for _, d := range s.decisions {
				text := wd.Tf("views.timeline.decision-cell", d.Date.String(), d.Title)
				if earlier := timelineAdapts(pf, d); earlier != nil {
					text = wd.Tf("views.timeline.adaptation-cell", d.Date.String(), d.Title, earlier.Title)
				}
				dl = append(dl, Link{Text: text, URL: pf.URL(d), Lang: foreign(pf, d)})
			}
			r.Cells = append(r.Cells, Cell{Links: dl})
			t.Rows = append(t.Rows, r)
		}
	}

	const w, topH, groupH, rowH, barH, right = 960.0, 48.0, 30.0, 30.0, 10.0, 96.0
	labelW := 230.0
	x0, x1 := labelW+12, w-right
	span := t1.Sub(t0).Hours()
	xOf := func(d time.Time) float64 {
		if span <= 0 {
			return x0
		}
		return x0 + (x1-x0)*d.Sub(t0).Hours()/span
	}
	nGroups, nRows := 0, 0
	for _, g := range groups {
		if len(g) > 0 {
			nGroups++
			nRows += len(g)
		}
	}
	plotH := groupH*float64(nGroups) + rowH*float64(nRows)

	// Legend: the statuses that occur, and the marks.
	used := make([]bool, len(statuses))
	for _, s := range spans {
		if j, ok := col[s.p.Status]; ok {
			used[j] = true
		}
		for _, h := range s.changes {
			if j, ok := col[h.Status]; ok {
				used[j] = true
			}
		}
	}
	var items []chartLegendItem
	for j, st := range statuses {
		if !used[j] {
			continue
		}
		items = append(items, chartLegendItem{label: label(wd, "status", st), swatch: func(c *chartBuf, x, y float64) {
			c.el("rect", "x", chartNum(x-3), "y", chartNum(y+2), "width", "20", "height", "10", "fill", chartStatusColor(j))
			c.marker(j, x+7, y+7, 5.5, chartStatusColor(j), "pv-mark")
		}})
	}
	items = append(items,
		chartLegendItem{label: wd.T("views.timeline.legend.decision"), swatch: func(c *chartBuf, x, y float64) { timelinePin(c, x+7, y, y+14) }},
		chartLegendItem{label: wd.T("views.timeline.legend.adaptation"), swatch: func(c *chartBuf, x, y float64) { timelineAdaptPin(c, x+7, y, y+14) }},
		chartLegendItem{label: wd.T("views.timeline.legend.no-status"), swatch: func(c *chartBuf, x, y float64) {
			c.el("rect", "x", chartNum(x-3), "y", chartNum(y+2), "width", "20", "height", "10", "fill", chartNeutral)
		}},
		chartLegendItem{label: wd.T("views.timeline.legend.planned"), swatch: func(c *chartBuf, x, y float64) {
			c.el("rect", "x", chartNum(x-3), "y", chartNum(y+2.5), "width", "20", "height", "9", "fill", chartInkLight, "stroke", chartNeutral, "stroke-width", "1.5", "stroke-dasharray", "3 2")
		}},
		chartLegendItem{label: wd.T("views.timeline.legend.running"), swatch: func(c *chartBuf, x, y float64) {
			c.el("polygon", "points", chartNum(x+4)+","+chartNum(y+1)+" "+chartNum(x+14)+","+chartNum(y+7)+" "+chartNum(x+4)+","+chartNum(y+13), "fill", chartNeutral)
		}},
	)
	var probe chartBuf
	legendH := probe.legend(0, 0, w-12, items)
	h := topH + plotH + 26 + 12 + legendH

	desc := wd.Tf("views.timeline.desc", chartInt(t0.Year()), chartInt(t1.Year()-1), wd.Plural("count.initiative", len(spans)), wd.Date(asOf))
	var c chartBuf
	c.start(TimelineID, "pv-timeline", w, h, t.Caption, desc, true)

	// Year axis and gridlines.
	c.open("g", "class", "pv-axis")
	years := t1.Year() - t0.Year()
	every := 1
	for years/every > 12 {
		every++
	}
	for y := t0.Year(); y <= t1.Year(); y++ {
		x := xOf(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))
		c.el("line", "x1", chartNum(x), "x2", chartNum(x), "y1", chartNum(topH-6), "y2", chartNum(topH+plotH+4), "stroke", chartGrid, "class", "pv-grid")
		if y < t1.Year() && (y-t0.Year())%every == 0 {
			mid := xOf(time.Date(y, 7, 1, 0, 0, 0, 0, time.UTC))
			c.text(mid, topH-12, chartInt(y), "text-anchor", "middle", "font-size", chartNum(chartSmallSize), "font-weight", "600", "fill", chartMuted)
			c.text(mid, topH+plotH+20, chartInt(y), "text-anchor", "middle", "font-size", chartNum(chartSmallSize), "font-weight", "600", "fill", chartMuted)
		}
	}
	if !asOf.IsZero() {
		xa := xOf(asOf)
		c.el("line", "x1", chartNum(xa), "x2", chartNum(xa), "y1", chartNum(topH-26), "y2", chartNum(topH+plotH+4), "stroke", chartMuted, "stroke-dasharray", "4 3", "class", "pv-asof")
		label, anchor, lx := wd.Tf("views.timeline.as-of", wd.Date(asOf)), "start", xa+4
		if lx+chartTextWidth(label, chartSmallSize) > w {
			anchor, lx = "end", xa-4
		}
		c.text(lx, topH-30, label, "text-anchor", anchor, "font-size", chartNum(chartSmallSize), "fill", chartMuted, "class", "pv-asof-label")
	}
	c.close("g")

	y := topH
	for gi, g := range groups {
		if len(g) == 0 {
			continue
		}
		c.open("g", "class", "pv-group")
		if gi < len(intents) {
			in := intents[gi]
			c.link(pf.URL(in), in.Title, "pv-link")
			c.hit(0, y, labelW, groupH)
			c.text(0, y+groupH-10, chartFitBold(in.Title, labelW, chartFontSize), langOf(pf, in, "font-weight", "700")...)
			c.endLink()
		} else {
			c.text(0, y+groupH-10, wd.T("views.no-intent"), "font-weight", "700", "fill", chartMuted)
		}
		c.el("line", "x1", chartNum(labelW+12), "x2", chartNum(x1), "y1", chartNum(y+groupH-6), "y2", chartNum(y+groupH-6), "stroke", chartGrid, "class", "pv-grid")
		y += groupH
		for _, s := range g {
			timelineRow(&c, pf, wd, s, col, y, labelW, x1, rowH, barH, asOf, xOf)
			y += rowH
		}
		c.close("g")
	}
	c.legend(12, topH+plotH+38, w-12, items)
	c.close("svg")
	return Chart{SVG: template.HTML(c.String()), Table: t, Empty: len(spans) == 0}
}

// timelinePin draws a decision's pin: a stem from top to bottom under a
// downward triangle.
func timelinePin(c *chartBuf, x, top, bottom float64) {
	c.el("line", "x1", chartNum(x), "x2", chartNum(x), "y1", chartNum(top+5), "y2", chartNum(bottom), "stroke", chartInkDark, "stroke-width", "1.5", "class", "pv-pin")
	c.el("polygon", "points", chartNum(x-5)+","+chartNum(top)+" "+chartNum(x+5)+","+chartNum(top)+" "+chartNum(x)+","+chartNum(top+7),
		"fill", chartInkDark, "stroke", chartInkLight, "stroke-width", "1", "class", "pv-pin")
}

// timelineAdapts is the published decision d changed (its `supersedes`),
// or nil.
func timelineAdapts(pf *portfolio.Portfolio, d *content.Page) *content.Page {
	if t := pf.Targets(d, "supersedes"); len(t) > 0 {
		return t[0]
	}
	return nil
}

// timelineAdaptPin draws an adaptation's pin: a decision's stem under a
// hollow diamond, told apart from a decision's solid triangle by shape.
func timelineAdaptPin(c *chartBuf, x, top, bottom float64) {
	c.el("line", "x1", chartNum(x), "x2", chartNum(x), "y1", chartNum(top+9), "y2", chartNum(bottom), "stroke", chartInkDark, "stroke-width", "1.5", "class", "pv-pin")
	c.el("polygon", "points", chartNum(x)+","+chartNum(top)+" "+chartNum(x+5)+","+chartNum(top+4.5)+" "+chartNum(x)+","+chartNum(top+9)+" "+chartNum(x-5)+","+chartNum(top+4.5),
		"fill", chartInkLight, "stroke", chartInkDark, "stroke-width", "2", "class", "pv-pin pv-adapt")
}

func timelineRow(c *chartBuf, pf *portfolio.Portfolio, wd Words, s viewSpan, col map[string]int, y, labelW, x1, rowH, barH float64, asOf time.Time, xOf func(time.Time) float64) {
	by := y + rowH - barH - 6
	mid := by + barH/2
	st := word(wd, "status", s.p.Status)
	var name string
	switch {
	case s.start.IsZero():
		name = wd.Tf("views.timeline.row.undated", s.p.Title, st)
	case !s.end.IsZero() && s.end.After(asOf):
		name = wd.Tf("views.timeline.row.planned", s.p.Title, st, wd.Date(s.start), wd.Date(s.end))
	case !s.end.IsZero():
		name = wd.Tf("views.timeline.row.ended", s.p.Title, st, wd.Date(s.start), wd.Date(s.end))
	default:
		name = wd.Tf("views.timeline.row.running", s.p.Title, st, wd.Date(s.start))
	}
	c.open("g", "class", "pv-row")
	c.link(pf.URL(s.p), name, "pv-link pv-initiative")
	c.hit(0, y, x1+6, rowH)
	c.text(12, by+barH/2+4.5, chartFit(s.p.Title, labelW-12, chartFontSize), langOf(pf, s.p)...)
	statusX := labelW + 20
	if !s.start.IsZero() {
		solidEnd := asOf
		if !s.end.IsZero() && s.end.Before(asOf) {
			solidEnd = s.end
		}
		// Segments: status over time.
		type seg struct {
			from, to time.Time
			status   string
		}
		var segs []seg
		cur, curStatus := s.start, ""
		if len(s.changes) == 0 {
			curStatus = s.p.Status
		}
		for _, h := range s.changes {
			at := h.Date.Time
			if at.Before(s.start) {
				at = s.start
			}
			if at.After(solidEnd) {
				break
			}
			if at.After(cur) {
				segs = append(segs, seg{cur, at, curStatus})
			}
			cur, curStatus = at, h.Status
		}
		if solidEnd.After(cur) {
			segs = append(segs, seg{cur, solidEnd, curStatus})
		}
		c.open("g", "class", "pv-bar")
		for _, sg := range segs {
			fill := chartNeutral
			if j, ok := col[sg.status]; ok && sg.status != "" {
				fill = chartStatusColor(j)
			}
			xa, xb := xOf(sg.from), xOf(sg.to)
			c.el("rect", "x", chartNum(xa), "y", chartNum(by), "width", chartNum(max(xb-xa-1, 1)), "height", chartNum(barH), "fill", fill, "class", "pv-seg")
		}
		c.close("g")
		barEnd := xOf(solidEnd)
		if !s.start.Before(asOf) {
			barEnd = xOf(s.start)
		}
		// Planned part.
		if !s.end.IsZero() && s.end.After(asOf) {
			from := asOf
			if s.start.After(asOf) {
				from = s.start
			}
			xa, xb := xOf(from), xOf(s.end)
			c.el("rect", "x", chartNum(xa+1), "y", chartNum(by+0.75), "width", chartNum(max(xb-xa-1, 2)), "height", chartNum(barH-1.5),
				"fill", chartInkLight, "stroke", chartNeutral, "stroke-width", "1.5", "stroke-dasharray", "3 2", "class", "pv-planned")
			barEnd = xb
		} else if s.end.IsZero() && !viewEnded(s.p.Status) {
			// Still running: an arrow at the as-of date.
			fill := chartNeutral
			if j, ok := col[s.p.Status]; ok {
				fill = chartStatusColor(j)
			}
			c.el("polygon", "points", chartNum(barEnd)+","+chartNum(by-3)+" "+chartNum(barEnd+8)+","+chartNum(mid)+" "+chartNum(barEnd)+","+chartNum(by+barH+3),
				"fill", fill, "class", "pv-open")
			barEnd += 8
		}
		// Status changes.
		for _, h := range s.changes {
			j, ok := col[h.Status]
			if !ok {
				j = -1
			}
			c.open("g", "class", "pv-change")
			c.marker(j, xOf(h.Date.Time), mid, 5.5, chartStatusColor(j), "pv-mark")
			c.tip(wd.Tf("views.timeline.change", label(wd, "status", h.Status), wd.Date(h.Date.Time)))
			c.close("g")
		}
		statusX = barEnd + 8
	}
	status := st
	if s.start.IsZero() {
		status = wd.Tf("views.timeline.no-dates", st)
	}
	c.text(statusX, by+barH/2+4, status, "font-size", chartNum(chartSmallSize), "fill", chartMuted, "class", "pv-status")
	c.endLink()
	for _, d := range s.decisions {
		x := xOf(d.Date.Time)
		if earlier := timelineAdapts(pf, d); earlier != nil {
			// A decision that changed an earlier one: adaptation, not failure.
			c.link(pf.URL(d), wd.Tf("views.timeline.adaptation", wd.Date(d.Date.Time), d.Title, earlier.Title), "pv-link pv-decision pv-adaptation")
			c.hit(x-12, y+rowH-barH-6-24+8, 24, 24)
			timelineAdaptPin(c, x, y+1, mid)
			c.endLink()
			continue
		}
		c.link(pf.URL(d), wd.Tf("views.timeline.decision", wd.Date(d.Date.Time), d.Title), "pv-link pv-decision")
		c.hit(x-12, y+rowH-barH-6-24+8, 24, 24)
		timelinePin(c, x, y+1, mid)
		c.endLink()
	}
	c.close("g")
}

// timelineYears is the timeline of a large portfolio: per intent and year,
// the number of initiatives under way, and the decisions of each year.
func timelineYears(pf *portfolio.Portfolio, wd Words, spans []viewSpan, asOf time.Time) Chart {
	t0, t1 := timelineRange(spans, asOf)
	if !asOf.IsZero() && t1.Year() > asOf.Year()+1 {
		// Counting stops at the newest date the content knows of.
		t1 = time.Date(asOf.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	years := []int{}
	for y := t0.Year(); y < t1.Year(); y++ {
		years = append(years, y)
	}
	active := func(s viewSpan, y int) bool {
		if s.start.IsZero() || s.start.Year() > y {
			return false
		}
		end := s.end
		if end.IsZero() {
			if viewEnded(s.p.Status) {
				return s.start.Year() == y
			}
			end = asOf
		}
		return end.Year() >= y
	}
	intents := viewIntents(pf)
	counts := make([][]int, len(intents))
	all := make([]int, len(years))
	row := map[*content.Page]int{}
	for i, in := range intents {
		counts[i] = make([]int, len(years))
		row[in] = i
	}
	for _, s := range spans {
		for _, in := range viewIntentsOf(pf, s.p) {
			for k, y := range years {
				if active(s, y) {
					counts[row[in]][k]++
				}
			}
		}
	}
	for _, s := range spans {
		for k, y := range years {
			if active(s, y) {
				all[k]++
			}
		}
	}
	decisions := make([]int, len(years))
	for _, d := range pf.Of(content.KindDecision) {
		if !d.Date.IsZero() {
			if k := d.Date.Year() - t0.Year(); k >= 0 && k < len(years) {
				decisions[k]++
			}
		}
	}

	t := Table{Caption: wd.T("views.timeline.years-caption"), Head: []string{wd.T("views.head.intent")}}
	for _, y := range years {
		t.Head = append(t.Head, chartInt(y))
	}
	for i, in := range intents {
		r := Row{Head: Cell{Text: in.Title, URL: pf.URL(in), Lang: foreign(pf, in)}}
		for k := range years {
			r.Cells = append(r.Cells, Cell{Text: wd.Number(counts[i][k]), Num: true})
		}
		t.Rows = append(t.Rows, r)
	}
	dr := Row{Head: Cell{Text: wd.T("views.timeline.decisions-taken")}}
	for k := range years {
		dr.Cells = append(dr.Cells, Cell{Text: wd.Number(decisions[k]), Num: true})
	}
	t.Rows = append(t.Rows, dr)
	t.Foot = []Cell{{Text: wd.T("views.all-initiatives")}}
	for k := range years {
		t.Foot = append(t.Foot, Cell{Text: wd.Number(all[k]), Num: true})
	}

	const w, topH, rowH = 960.0, 30.0, 34.0
	labelW := 230.0
	colW := (w - labelW - 12) / float64(max(len(years), 1))
	maxN := 1
	for i := range counts {
		for _, n := range counts[i] {
			maxN = max(maxN, n)
		}
	}
	maxAll, maxD := max(1, slicesMax(all)), max(1, slicesMax(decisions))
	nRows := len(intents) + 2
	h := topH + rowH*float64(nRows) + 12
	desc := wd.Tf("views.timeline.years-desc", chartInt(t0.Year()), chartInt(t1.Year()-1), wd.Plural("count.initiative", len(spans)))
	var c chartBuf
	c.start(TimelineID, "pv-timeline pv-timeline-years", w, h, t.Caption, desc, true)
	c.open("g", "class", "pv-axis")
	for k, y := range years {
		c.text(labelW+12+colW*(float64(k)+0.5), topH-12, chartInt(y), "text-anchor", "middle", "font-size", chartNum(chartSmallSize), "font-weight", "600", "fill", chartMuted)
	}
	c.close("g")
	bars := func(y float64, ns []int, top int, fill string) {
		for k, n := range ns {
			x := labelW + 12 + colW*float64(k)
			bh := (rowH - 16) * float64(n) / float64(top)
			if n > 0 {
				c.el("rect", "x", chartNum(x+colW*0.2), "y", chartNum(y+rowH-2-bh), "width", chartNum(colW*0.6), "height", chartNum(max(bh, 1.5)), "fill", fill, "class", "pv-bar")
			}
			c.text(x+colW/2, y+rowH-4-bh-3, wd.Number(n), "text-anchor", "middle", "font-size", chartNum(chartSmallSize), "fill", chartMuted, "class", "pv-count")
		}
		c.el("line", "x1", chartNum(labelW+12), "x2", chartNum(w), "y1", chartNum(y+rowH-1.5), "y2", chartNum(y+rowH-1.5), "stroke", chartRule, "class", "pv-axis")
	}
	for i, in := range intents {
		y := topH + rowH*float64(i)
		c.open("g", "class", "pv-row")
		c.link(pf.URL(in), wd.Tf("views.timeline.years-link", in.Title), "pv-link")
		c.hit(0, y, labelW, rowH)
		c.text(0, y+rowH-8, chartFitBold(in.Title, labelW, chartFontSize), langOf(pf, in, "font-weight", "600")...)
		c.endLink()
		bars(y, counts[i], maxN, chartFlowColors[0])
		c.close("g")
	}
	y := topH + rowH*float64(len(intents))
	c.open("g", "class", "pv-row pv-totals")
	c.text(0, y+rowH-8, wd.T("views.all-initiatives"), "font-weight", "700")
	bars(y, all, maxAll, chartFlowColors[3])
	c.close("g")
	y += rowH
	c.open("g", "class", "pv-row pv-totals")
	c.text(0, y+rowH-8, wd.T("views.timeline.decisions-taken"), "font-weight", "700")
	bars(y, decisions, maxD, chartInkDark)
	c.close("g")
	c.close("svg")
	return Chart{SVG: template.HTML(c.String()), Table: t, Empty: len(spans) == 0}
}

func slicesMax(ns []int) int {
	m := 0
	for _, n := range ns {
		m = max(m, n)
	}
	return m
}

// ---------------------------------------------------------------- funding

// The most nodes a funding column shows; the smallest beyond are grouped
// into one "other" node.
const (
	fundingMaxSources     = 8
	fundingMaxPools       = 6
	fundingMaxInitiatives = 12
	fundingMaxIntents     = 10
)

type fundingLine struct {
	currency   string
	source     *content.Page
	sourceID   string // as a money.Scope names it
	sourceName string
	pool       string
	initiative *content.Page
	amount     float64
}

type fundingNode struct {
	key, label, url, role string
	lang                  string // of label, a page's title in another language than the picture's
	col                   int
	amount                float64
	others                int // how many nodes an "other" node stands for
	y, h                  float64
	inOff, outOff         float64
}

type fundingFlow struct {
	from, to *fundingNode
	amount   float64
}

// fundingLines aggregates the funding lines of all initiatives by currency,
// funder, pool and initiative.
func fundingLines(pf *portfolio.Portfolio) []fundingLine {
	orgs := pf.Of(content.KindOrganisation)
	findOrg := func(slug string) *content.Page {
		if p := pf.Page(content.KindOrganisation, slug); p != nil {
			return p
		}
		n := portfolio.Normalize(slug)
		for _, o := range orgs {
			if portfolio.Normalize(o.Slug) == n {
				return o
			}
		}
		return nil
	}
	type key struct {
		cur, src, pool string
		ini            *content.Page
	}
	idx := map[key]int{}
	var out []fundingLine
	for _, p := range pf.Of(content.KindInitiative) {
		for _, f := range p.Funding {
			if f.Amount <= 0 || f.Currency == "" {
				continue
			}
			cur := strings.ToUpper(strings.TrimSpace(f.Currency))
			k := key{cur, f.Source, strings.TrimSpace(f.Pool), p}
			if i, ok := idx[k]; ok {
				out[i].amount += f.Amount
				continue
			}
			l := fundingLine{currency: cur, source: findOrg(f.Source), sourceID: f.Source, sourceName: f.Source, pool: k.pool, initiative: p, amount: f.Amount}
			if l.source != nil {
				l.sourceName = l.source.Title
				l.sourceID = l.source.StableID()
			}
			idx[k] = len(out)
			out = append(out, l)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch {
		case a.currency != b.currency:
			return a.currency < b.currency
		case a.amount != b.amount:
			return a.amount > b.amount
		case a.initiative.Title != b.initiative.Title:
			return a.initiative.Title < b.initiative.Title
		case a.sourceName != b.sourceName:
			return a.sourceName < b.sourceName
		}
		return a.pool < b.pool
	})
	return out
}

// fundingPoolPage is the published page about a pooled fund: one whose
// slug is the pool's name as a slug.
func fundingPoolPage(pf *portfolio.Portfolio, pool string) *content.Page {
	if pool == "" {
		return nil
	}
	return pf.Page(content.KindPage, content.Slugify(pool))
}

// FundingFlows draws, per currency, a Sankey diagram of the money from
// funders through pooled funds (or directly) to initiatives, and on to the
// intents they serve; an initiative's money is split evenly among its
// intents. The biggest nodes of each column are drawn, the rest grouped as
// "other". The table lists every funding line, totalled per currency.
func FundingFlows(pf *portfolio.Portfolio, words ...Words) Chart {
	wd := first(words)
	lines := fundingLines(pf)
	var currencies []string
	totals := map[string]float64{}
	for _, l := range lines {
		if _, ok := totals[l.currency]; !ok {
			currencies = append(currencies, l.currency)
		}
		totals[l.currency] += l.amount
	}
	sort.SliceStable(currencies, func(i, j int) bool {
		if totals[currencies[i]] != totals[currencies[j]] {
			return totals[currencies[i]] > totals[currencies[j]]
		}
		return currencies[i] < currencies[j]
	})

	t := Table{Caption: wd.T("views.funding.caption"), Head: []string{wd.T("views.head.funder"), wd.T("views.head.pool"), wd.T("views.head.initiative"),
		wd.T("views.head.intents"), wd.T("views.head.amount")}}
	for _, cur := range currencies {
		for _, l := range lines {
			if l.currency != cur {
				continue
			}
			r := Row{Head: Cell{Text: l.sourceName}}
			scope := money.Scope{Initiative: l.initiative.StableID(), Source: l.sourceID, Pool: "-", Currency: l.currency}
			if l.pool != "" {
				scope.Pool = content.Slugify(l.pool)
			}
			if l.source != nil {
				r.Head.URL, r.Head.Lang = pf.URL(l.source), foreign(pf, l.source)
			}
			pool := Cell{Text: l.pool}
			if l.pool == "" {
				pool.Text = wd.T("views.funding.direct")
			} else if pp := fundingPoolPage(pf, l.pool); pp != nil {
				pool.URL = pf.URL(pp)
			}
			r.Cells = append(r.Cells, pool,
				Cell{Text: l.initiative.Title, URL: pf.URL(l.initiative), Lang: foreign(pf, l.initiative)},
				Cell{Links: viewLinks(pf, viewIntentsOf(pf, l.initiative))},
				Cell{Text: wd.Money(l.amount, l.currency), Num: true, Money: scope.String(), Value: l.amount})
			t.Rows = append(t.Rows, r)
		}
	}
	var sums []string
	for _, cur := range currencies {
		sums = append(sums, wd.Money(totals[cur], cur))
	}
	if len(currencies) == 1 {
		cur := currencies[0]
		t.Foot = []Cell{{Text: wd.T("views.funding.total")}, {}, {}, {}, {Text: sums[0], Num: true, Money: money.Scope{Currency: cur}.String(), Value: totals[cur]}}
	} else if len(sums) > 0 {
		t.Foot = []Cell{{Text: wd.T("views.funding.total")}, {}, {}, {}, {Text: strings.Join(sums, "; "), Num: true}}
	}

	var c chartBuf
	var body chartBuf
	y, w := 0.0, 320.0
	for _, cur := range currencies {
		ph, pw := fundingPanel(&body, pf, wd, lines, cur, totals[cur], y)
		y += ph
		w = max(w, pw)
	}
	if len(currencies) == 0 {
		body.text(0, 20, wd.T("views.funding.none"), "fill", chartMuted)
		y = 32
	}
	desc := wd.Tf("views.funding.desc", strings.Join(currencies, ", "), strings.Join(sums, "; "))
	if len(currencies) == 0 {
		desc = wd.T("views.funding.none")
	}
	c.start(FundingID, "pv-funding", w, y, t.Caption, desc, len(currencies) > 0)
	c.raw(body.String())
	c.close("svg")
	return Chart{SVG: template.HTML(c.String()), Table: t, Empty: len(lines) == 0}
}

// fundingPanel draws the Sankey of one currency with its top at y0 and
// returns its height and width.
func fundingPanel(c *chartBuf, pf *portfolio.Portfolio, wd Words, all []fundingLine, cur string, total, y0 float64) (float64, float64) {
	var lines []fundingLine
	for _, l := range all {
		if l.currency == cur {
			lines = append(lines, l)
		}
	}
	// Columns: raw nodes by key, then grouped.
	type raw struct {
		key, label, url, lang string
		amount                float64
	}
	cols := make([]map[string]*raw, 4)
	for i := range cols {
		cols[i] = map[string]*raw{}
	}
	add := func(col int, key, label, url, lang string, amount float64) {
		r := cols[col][key]
		if r == nil {
			r = &raw{key: key, label: label, url: url, lang: lang}
			cols[col][key] = r
		}
		r.amount += amount
	}
	srcKey := func(l fundingLine) (string, string) {
		if l.source != nil {
			return "org:" + l.source.Slug, pf.URL(l.source)
		}
		return "name:" + l.sourceName, ""
	}
	poolKey := func(l fundingLine) (string, string, string) {
		if l.pool == "" {
			return "", wd.T("views.funding.direct-funding"), ""
		}
		u := ""
		if pp := fundingPoolPage(pf, l.pool); pp != nil {
			u = pf.URL(pp)
		}
		return "pool:" + l.pool, l.pool, u
	}
	type share struct {
		in     *content.Page
		amount float64
	}
	sharesOf := func(l fundingLine) []share {
		ins := viewIntentsOf(pf, l.initiative)
		if len(ins) == 0 {
			return []share{{nil, l.amount}}
		}
		out := make([]share, len(ins))
		for i, in := range ins {
			out[i] = share{in, l.amount / float64(len(ins))}
		}
		return out
	}
	intentKey := func(in *content.Page) (string, string, string) {
		if in == nil {
			return "", wd.T("views.no-intent"), ""
		}
		return "intent:" + in.Slug, in.Title, pf.URL(in)
	}
	for _, l := range lines {
		k, u := srcKey(l)
		add(0, k, l.sourceName, u, foreign(pf, l.source), l.amount)
		pk, pl, pu := poolKey(l)
		add(1, pk, pl, pu, "", l.amount)
		add(2, "ini:"+l.initiative.Slug, l.initiative.Title, pf.URL(l.initiative), foreign(pf, l.initiative), l.amount)
		for _, s := range sharesOf(l) {
			ik, il, iu := intentKey(s.in)
			add(3, ik, il, iu, foreign(pf, s.in), s.amount)
		}
	}
	limits := []int{fundingMaxSources, fundingMaxPools, fundingMaxInitiatives, fundingMaxIntents}
	otherLabel := []string{"count.other-funder", "count.other-fund", "count.other-initiative", "count.other-intent"}
	roles := []string{wd.T("views.funding.role.funder"), wd.T("views.funding.role.pool"), wd.T("views.funding.role.initiative"), wd.T("views.funding.role.intent")}
	nodes := make([][]*fundingNode, 4)
	byKey := make([]map[string]*fundingNode, 4)
	for ci := range cols {
		byKey[ci] = map[string]*fundingNode{}
		var rs []*raw
		for _, r := range cols[ci] {
			rs = append(rs, r)
		}
		sort.Slice(rs, func(i, j int) bool {
			if rs[i].amount != rs[j].amount {
				return rs[i].amount > rs[j].amount
			}
			if rs[i].label != rs[j].label {
				return rs[i].label < rs[j].label
			}
			return rs[i].key < rs[j].key
		})
		keep := len(rs)
		if keep > limits[ci] {
			keep = limits[ci] - 1
		}
		for _, r := range rs[:keep] {
			n := &fundingNode{key: r.key, label: r.label, url: r.url, lang: r.lang, col: ci, role: roles[ci]}
			nodes[ci] = append(nodes[ci], n)
			byKey[ci][r.key] = n
		}
		if keep < len(rs) {
			o := &fundingNode{key: "\x00other", col: ci, others: len(rs) - keep, role: roles[ci]}
			o.label = wd.Plural(otherLabel[ci], o.others)
			nodes[ci] = append(nodes[ci], o)
			for _, r := range rs[keep:] {
				byKey[ci][r.key] = o
			}
		}
	}
	// Flows between grouped nodes, in first-seen order (deterministic: lines are sorted).
	type fk struct{ from, to *fundingNode }
	fidx := map[fk]int{}
	var flows []*fundingFlow
	flow := func(from, to *fundingNode, amount float64) {
		k := fk{from, to}
		if i, ok := fidx[k]; ok {
			flows[i].amount += amount
			return
		}
		fidx[k] = len(flows)
		flows = append(flows, &fundingFlow{from, to, amount})
	}
	for _, l := range lines {
		sk, _ := srcKey(l)
		pk, _, _ := poolKey(l)
		s, p, i := byKey[0][sk], byKey[1][pk], byKey[2]["ini:"+l.initiative.Slug]
		s.amount += l.amount
		p.amount += l.amount
		i.amount += l.amount
		flow(s, p, l.amount)
		flow(p, i, l.amount)
		for _, sh := range sharesOf(l) {
			ik, _, _ := intentKey(sh.in)
			n := byKey[3][ik]
			n.amount += sh.amount
			flow(i, n, sh.amount)
		}
	}

	// Initiatives sit next to the intent they give most to, biggest first,
	// which keeps the bands to the intents from crossing more than they must.
	primary := map[*fundingNode]int{}
	best := map[*fundingNode]float64{}
	for _, f := range flows {
		if f.from.col != 2 {
			continue
		}
		at := 0
		for k, n := range nodes[3] {
			if n == f.to {
				at = k
			}
		}
		if f.amount > best[f.from] || (f.amount == best[f.from] && at < primary[f.from]) {
			best[f.from], primary[f.from] = f.amount, at
		}
	}
	sort.SliceStable(nodes[2], func(i, j int) bool {
		a, b := nodes[2][i], nodes[2][j]
		if (a.others > 0) != (b.others > 0) {
			return b.others > 0
		}
		return primary[a] < primary[b]
	})

	// Layout.
	const nodeW, gap, headH, minH = 14.0, 14.0, 62.0, 3.0
	maxN := 0
	for _, ns := range nodes {
		maxN = max(maxN, len(ns))
	}
	plotH := max(220, float64(maxN)*42)
	scale := (plotH - gap*float64(maxN-1)) / total
	// Each column is as far from the next as its labels need, within limits.
	labelW := make([]float64, 4)
	for ci, limit := range []float64{230, 220, 240, 250} {
		for _, n := range nodes[ci] {
			labelW[ci] = max(labelW[ci], chartBoldWidth(n.label, chartFontSize)+chartTextWidth(" "+wd.MoneyShort(n.amount, cur), chartFontSize))
		}
		labelW[ci] = min(max(labelW[ci]+2, 80), limit)
	}
	xs := make([]float64, 4)
	xs[0] = labelW[0] + 8
	xs[1] = xs[0] + nodeW + 100
	xs[2] = xs[1] + nodeW + 6 + labelW[1] + 56
	xs[3] = xs[2] + nodeW + 6 + labelW[2] + 56
	w := xs[3] + nodeW + 6 + labelW[3] + 16
	top := y0 + headH
	for _, ns := range nodes {
		sum := 0.0
		for _, n := range ns {
			n.h = max(n.amount*scale, minH)
			sum += n.h
		}
		// A column with fewer nodes spreads them out (up to three gaps
		// apart), which leaves its long names room for a second line.
		g := gap
		if len(ns) > 1 {
			g = min(max(gap, (plotH-sum)/float64(len(ns)-1)), 3*gap)
		}
		sum += g * float64(len(ns)-1)
		y := top + (plotH-sum)/2
		for _, n := range ns {
			n.y = y
			y += n.h + g
		}
	}
	// Bands leave and enter a node in the order of the nodes at their other end.
	sort.SliceStable(flows, func(i, j int) bool {
		a, b := flows[i], flows[j]
		if a.from.col != b.from.col {
			return a.from.col < b.from.col
		}
		if a.from.y != b.from.y {
			return a.from.y < b.from.y
		}
		return a.to.y < b.to.y
	})
	type band struct {
		f      *fundingFlow
		y0, y1 float64
	}
	bands := make([]band, len(flows))
	for i, f := range flows {
		bands[i].f = f
		bands[i].y0 = f.from.y + f.from.outOff
		f.from.outOff += f.amount * scale
	}
	order := make([]int, len(flows))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := flows[order[i]], flows[order[j]]
		if a.to.col != b.to.col {
			return a.to.col < b.to.col
		}
		if a.to.y != b.to.y {
			return a.to.y < b.to.y
		}
		return a.from.y < b.from.y
	})
	for _, i := range order {
		f := flows[i]
		bands[i].y1 = f.to.y + f.to.inOff
		f.to.inOff += f.amount * scale
	}

	// Heading.
	c.open("g", "class", "pv-panel")
	c.text(0, y0+18, wd.Tf("views.funding.panel", cur, wd.Money(total, cur)), "font-weight", "700", "class", "pv-panel-title")
	heads := []string{wd.T("views.funding.col.funders"), wd.T("views.funding.col.pools"), wd.T("views.funding.col.initiatives"), wd.T("views.funding.col.intents")}
	for ci, hd := range heads {
		if ci == 0 {
			c.text(xs[0]+nodeW, y0+42, hd, "text-anchor", "end", "font-size", chartNum(chartSmallSize), "font-weight", "600", "fill", chartMuted)
		} else {
			c.text(xs[ci], y0+42, hd, "font-size", chartNum(chartSmallSize), "font-weight", "600", "fill", chartMuted)
		}
	}
	// Bands.
	c.open("g", "class", "pv-flows")
	for _, b := range bands {
		f := b.f
		th := f.amount * scale
		xa, xb := xs[f.from.col]+nodeW, xs[f.to.col]
		xm := (xa + xb) / 2
		d := "M" + chartNum(xa) + "," + chartNum(b.y0) +
			"C" + chartNum(xm) + "," + chartNum(b.y0) + " " + chartNum(xm) + "," + chartNum(b.y1) + " " + chartNum(xb) + "," + chartNum(b.y1) +
			"V" + chartNum(b.y1+th) +
			"C" + chartNum(xm) + "," + chartNum(b.y1+th) + " " + chartNum(xm) + "," + chartNum(b.y0+th) + " " + chartNum(xa) + "," + chartNum(b.y0+th) + "Z"
		c.open("path", "d", d, "fill", chartFlowFill, "fill-opacity", "0.3", "stroke", chartFlowEdge, "stroke-opacity", "0.55", "stroke-width", "0.6", "class", "pv-flow")
		c.tip(wd.Tf("views.funding.flow", f.from.label, f.to.label, wd.Money(f.amount, cur)))
		c.close("path")
	}
	c.close("g")
	// Nodes and labels. A name too long for its column takes a second line
	// where the nodes above and below leave room for it, rather than be cut.
	// A label of one line reaches from 9 above its node's middle to 8
	// below; of two lines, from 13 above to 15 below.
	const lineH, above1, below1, above2, below2 = 15.0, 9.0, 8.0, 13.0, 15.0
	for ci, ns := range nodes {
		prevBottom := math.Inf(-1) // the bottom of the label above
		for k, n := range ns {
			mid := n.y + n.h/2
			nextTop := math.Inf(1)
			if k+1 < len(ns) {
				nextTop = ns[k+1].y + ns[k+1].h/2 - above1
			}
			roomFor2 := mid-above2 > prevBottom && mid+below2 < nextTop
			fill := chartFlowColors[ci]
			class := "pv-node pv-node-" + chartInt(ci)
			if n.others > 0 || n.key == "" {
				fill = chartNeutral
				class += " pv-other"
			}
			amount := wd.MoneyShort(n.amount, cur)
			avail := max(labelW[ci]-chartTextWidth(" "+amount, chartFontSize), 40)
			name := chartFitBold(n.label, avail, chartFontSize)
			var second string // the name's second line, if it has one
			if name != n.label && roomFor2 {
				if first, rest := chartSplitBold(n.label, labelW[ci], chartFontSize); rest != "" {
					name, second = first, chartFitBold(rest, avail, chartFontSize)
				}
			}
			prevBottom = mid + below1
			if second != "" {
				prevBottom = mid + below2
			}
			lastW := chartBoldWidth(name, chartFontSize)
			if second != "" {
				lastW = chartBoldWidth(second, chartFontSize)
			}
			textW := max(chartBoldWidth(name, chartFontSize), lastW+chartTextWidth(" "+amount, chartFontSize))
			tx, anchor := xs[ci]+nodeW+6, "start"
			if ci == 0 {
				tx, anchor = xs[ci]-6, "end"
			}
			cy := n.y + n.h/2
			full := wd.Tf("views.funding.node", n.label, n.role, wd.Money(n.amount, cur))
			if n.url != "" {
				c.link(n.url, full, "pv-link")
				hw := textW + nodeW + 10
				hx := xs[ci]
				if ci == 0 {
					hx = xs[ci] + nodeW - hw
				}
				if second != "" {
					c.hit(hx, min(n.y, cy-lineH), hw, max(n.h, 2*lineH+2))
				} else {
					c.hit(hx, min(n.y, cy-12), hw, max(n.h, 24))
				}
			} else {
				c.open("g", "class", "pv-nolink")
			}
			c.open("rect", "x", chartNum(xs[ci]), "y", chartNum(n.y), "width", chartNum(nodeW), "height", chartNum(n.h), "fill", fill, "class", class)
			c.tip(full)
			c.close("rect")
			halo := []string{"stroke", chartInkLight, "stroke-width", "3", "stroke-linejoin", "round", "paint-order", "stroke"}
			if ci == 0 {
				halo = nil
			}
			lang := ""
			if n.lang != "" {
				lang = ` lang="` + html.EscapeString(n.lang) + `"`
			}
			if second == "" {
				c.open("text", append([]string{"x", chartNum(tx), "y", chartNum(cy + 4.5), "text-anchor", anchor, "class", "pv-label"}, halo...)...)
				c.raw(`<tspan font-weight="600"`, lang, `>`, html.EscapeString(name), `</tspan> <tspan fill="`, chartMuted, `">`, html.EscapeString(amount), "</tspan>")
			} else {
				c.open("text", append([]string{"x", chartNum(tx), "y", chartNum(cy - 3), "text-anchor", anchor, "class", "pv-label"}, halo...)...)
				// A space between the lines, so that the link's text reads as
				// its name does (WCAG 2.5.3); where the line does not end it.
				endSp, startSp := " ", ""
				if anchor == "end" {
					endSp, startSp = "", " "
				}
				c.raw(`<tspan font-weight="600"`, lang, `>`, html.EscapeString(name), `</tspan>`, endSp, `<tspan x="`, chartNum(tx), `" dy="`, chartNum(lineH), `">`, startSp, `<tspan font-weight="600"`, lang, `>`,
					html.EscapeString(second), `</tspan> <tspan fill="`, chartMuted, `">`, html.EscapeString(amount), "</tspan></tspan>")
			}
			c.close("text")
			if c.inLink > 0 {
				c.visible = append(c.visible, name)
				if second != "" {
					c.visible = append(c.visible, second)
				}
				c.visible = append(c.visible, amount)
			}
			if n.url != "" {
				c.endLink()
			} else {
				c.close("g")
			}
		}
	}
	c.close("g")
	return headH + plotH + 28, w
}

// ---------------------------------------------------------------- risks

// RiskOverview counts initiatives by risk type (rows) and level (columns):
// a dot per cell whose area is the count, with the count written beside it.
// The table lists the initiatives behind each count.
func RiskOverview(pf *portfolio.Portfolio, words ...Words) Chart {
	wd := first(words)
	types := append([]string(nil), content.RiskTypes...)
	levels := append([]string(nil), content.Levels...)
	var extraT []string
	unrated := false
	for _, p := range pf.Of(content.KindInitiative) {
		for _, r := range p.Risks {
			if r.Type != "" && !viewHas(types, r.Type) && !viewHas(extraT, r.Type) {
				extraT = append(extraT, r.Type)
			}
			if r.Level == "" {
				unrated = true
			}
		}
	}
	sort.Strings(extraT)
	types = append(types, extraT...)
	var extraL []string
	for _, p := range pf.Of(content.KindInitiative) {
		for _, r := range p.Risks {
			if r.Level != "" && !viewHas(levels, r.Level) && !viewHas(extraL, r.Level) {
				extraL = append(extraL, r.Level)
			}
		}
	}
	sort.Strings(extraL)
	levels = append(levels, extraL...)
	if unrated {
		levels = append(levels, "")
	}
	ti, li := viewIndex(types), viewIndex(levels)
	cells := make([][][]*content.Page, len(types))
	for i := range cells {
		cells[i] = make([][]*content.Page, len(levels))
	}
	for _, p := range pf.Of(content.KindInitiative) {
		for _, r := range p.Risks {
			i, ok := ti[r.Type]
			if !ok {
				continue
			}
			j := li[r.Level]
			if !viewHasPage(cells[i][j], p) {
				cells[i][j] = append(cells[i][j], p)
			}
		}
	}
	rowT := make([]int, len(types))
	colT := make([]int, len(levels))
	maxN, grand := 1, 0
	for i := range cells {
		for j := range cells[i] {
			viewByTitle(cells[i][j])
			n := len(cells[i][j])
			rowT[i] += n
			colT[j] += n
			grand += n
			maxN = max(maxN, n)
		}
	}
	levelName := func(l string) string {
		if l == "" {
			return wd.T("views.risks.not-rated")
		}
		return label(wd, "views.level", l)
	}
	levelWord := func(l string) string {
		if l == "" {
			return wd.T("word.level.not-rated")
		}
		return word(wd, "level", l)
	}
	t := Table{Caption: wd.T("views.risks.caption"), Head: []string{wd.T("views.head.risk")}}
	for _, l := range levels {
		t.Head = append(t.Head, levelName(l))
	}
	t.Head = append(t.Head, wd.T("views.all"))
	for i, ty := range types {
		r := Row{Head: Cell{Text: label(wd, "risk", ty)}}
		for j := range levels {
			r.Cells = append(r.Cells, Cell{Text: wd.Number(len(cells[i][j])), Num: true, Links: viewLinks(pf, cells[i][j])})
		}
		r.Cells = append(r.Cells, Cell{Text: wd.Number(rowT[i]), Num: true})
		t.Rows = append(t.Rows, r)
	}
	t.Foot = []Cell{{Text: wd.T("views.risks.all")}}
	for j := range levels {
		t.Foot = append(t.Foot, Cell{Text: wd.Number(colT[j]), Num: true})
	}
	t.Foot = append(t.Foot, Cell{Text: wd.Number(grand), Num: true})

	const rowH, headH, colW, maxR = 46.0, 40.0, 112.0, 18.0
	labelW := 150.0
	w := labelW + colW*float64(len(levels)+1)
	h := headH + rowH*float64(len(types)+1) + 4
	var lvWords []string
	for _, l := range levels {
		lvWords = append(lvWords, word(wd, "level", l))
	}
	desc := wd.Tf("views.risks.desc", wd.Plural("count.risk-type", len(types)), strings.Join(lvWords, ", "))
	var c chartBuf
	c.start(RisksID, "pv-risks", w, h, t.Caption, desc, false)
	c.open("g", "class", "pv-head")
	for j, l := range levels {
		x := labelW + colW*float64(j) + colW/2
		c.el("circle", "cx", chartNum(x-chartBoldWidth(levelName(l), chartSmallSize)/2-10), "cy", chartNum(headH-16), "r", "5", "fill", chartLevelColor(l), "class", "pv-dot")
		c.text(x, headH-12, levelName(l), "text-anchor", "middle", "font-size", chartNum(chartSmallSize), "font-weight", "600")
	}
	c.text(labelW+colW*float64(len(levels))+colW/2, headH-12, wd.T("views.all"), "text-anchor", "middle", "font-size", chartNum(chartSmallSize), "font-weight", "600")
	c.close("g")
	for i, ty := range types {
		y := headH + rowH*float64(i)
		c.open("g", "class", "pv-row")
		c.text(4, y+rowH/2+4.5, label(wd, "risk", ty), "font-weight", "600")
		for j, l := range levels {
			x := labelW + colW*float64(j)
			n := len(cells[i][j])
			c.open("g", "class", "pv-cell")
			c.el("rect", "x", chartNum(x+2), "y", chartNum(y+2), "width", chartNum(colW-4), "height", chartNum(rowH-4), "fill", chartInkLight, "stroke", chartGrid)
			if n > 0 {
				r := math.Max(3, maxR*math.Sqrt(float64(n)/float64(maxN)))
				c.el("circle", "cx", chartNum(x+colW/2-10), "cy", chartNum(y+rowH/2), "r", chartNum(r), "fill", chartLevelColor(l), "class", "pv-dot")
				c.text(x+colW/2+14, y+rowH/2+4.5, wd.Number(n), "font-weight", "700", "class", "pv-count")
				var names []string
				for k, p := range cells[i][j] {
					if k == 8 {
						names = append(names, wd.Tf("map.more", n-8))
						break
					}
					names = append(names, p.Title)
				}
				c.tip(wd.Tf("views.risks.tip", label(wd, "risk", ty), levelWord(l), strings.Join(names, ", ")))
			} else {
				c.text(x+colW/2, y+rowH/2+4.5, wd.Number(0), "text-anchor", "middle", "fill", chartMuted, "class", "pv-count")
			}
			c.close("g")
		}
		c.text(labelW+colW*float64(len(levels))+colW/2, y+rowH/2+4.5, wd.Number(rowT[i]), "text-anchor", "middle", "font-weight", "700", "class", "pv-total")
		c.close("g")
	}
	y := headH + rowH*float64(len(types))
	c.el("line", "x1", "0", "x2", chartNum(w), "y1", chartNum(y+1), "y2", chartNum(y+1), "stroke", chartRule, "class", "pv-rule")
	c.open("g", "class", "pv-row pv-totals")
	c.text(4, y+rowH/2+4.5, wd.T("views.risks.all"), "font-weight", "700")
	for j := range levels {
		c.text(labelW+colW*float64(j)+colW/2, y+rowH/2+4.5, wd.Number(colT[j]), "text-anchor", "middle", "font-weight", "700", "class", "pv-total")
	}
	c.text(labelW+colW*float64(len(levels))+colW/2, y+rowH/2+4.5, wd.Number(grand), "text-anchor", "middle", "font-weight", "700", "class", "pv-total")
	c.close("g")
	c.close("svg")
	return Chart{SVG: template.HTML(c.String()), Table: t, Empty: grand == 0}
}
