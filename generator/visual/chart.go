package visual

// Shared drawing helpers of the portfolio views (views.go): an SVG writer
// with escaped attributes and fixed number formatting, the palettes and
// their contrast arithmetic, marker shapes, fill patterns and legends.
// Every name here starts with "chart" so that it cannot clash with the
// intent map's helpers in the same package.

import (
	"bytes"
	"html"
	"math"
	"strconv"
	"strings"
	"unicode"
)

const (
	chartFontFamily = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"
	chartFontSize   = 13.0
	chartSmallSize  = 11.0

	chartInkDark  = "#111111" // text on white and on mid-tone fills
	chartInkLight = "#ffffff" // text on dark fills
	chartMuted    = "#545b66" // secondary text: 6.9:1 on white
	chartRule     = "#8a93a3" // cell borders and axes: 3.1:1 on white
	chartGrid     = "#d5dae1" // decorative gridlines; never carry meaning
	chartNeutral  = "#6b7785" // "other" and unknown: 4.6:1 on white
	chartHit      = "#ffffff" // fill of invisible hit areas (fill-opacity 0)
)

// chartStatusColors colour the statuses in vocabulary order. Each is at
// least 3:1 against white, and each against the next is at least 3:1 too
// (mid tones alternate with dark ones), so neighbouring statuses stay
// apart even where a separator is lost; a longer vocabulary cycles through
// them and is told apart by its pattern, shape and label.
var chartStatusColors = []string{
	"#a95fd0", // violet (mid)
	"#32246e", // indigo (dark)
	"#d9641a", // orange (mid)
	"#1e3a5f", // navy (dark)
	"#2b9a68", // green (mid)
	"#0f3d22", // forest (dark)
	"#b98500", // ochre (mid)
	"#6b1414", // maroon (dark)
	"#7a8a99", // slate (mid)
}

// chartHeat is the sequential ramp of the count matrices, lightest first.
// The light steps are below 3:1 against white, which is why every cell also
// has a chartRule border and its count written in it.
var chartHeat = []string{"#eef2f8", "#d3e0ef", "#a9c4e2", "#5b8fc4", "#2f6aa6", "#1d4b80"}

// chartLevelColor colours a risk level; each is at least 3:1 against white.
func chartLevelColor(level string) string {
	switch level {
	case "low":
		return "#2f6aa6"
	case "medium":
		return "#b35c00"
	case "high":
		return "#9b1c1c"
	}
	return chartNeutral
}

// Colours of the funding flow columns, each at least 3:1 against white.
var chartFlowColors = []string{"#1d4b80", "#b35c00", "#2b7a5a", "#32246e"}

// chartFlowFill is the flows' fill and chartFlowEdge their outline, which
// is at least 3:1 against white so that a band's edges are seen.
const (
	chartFlowFill = "#5b8fc4"
	chartFlowEdge = "#2f6aa6"
)

// chartStatusColor is the colour of the i-th status of the vocabulary.
func chartStatusColor(i int) string {
	if i < 0 {
		return chartNeutral
	}
	return chartStatusColors[i%len(chartStatusColors)]
}

// chartBuf writes SVG. Attribute values are escaped; numbers go through
// chartNum, so that the same input always gives the same bytes.
type chartBuf struct {
	b bytes.Buffer
	// inLink counts open links: inside one, no <title> tooltips are
	// written, since their text would count as the link's visible text.
	inLink int
	// The open link: where its content begins in b, its attributes, and
	// the texts drawn inside it so far.
	starts             []int
	href, label, class string
	visible            []string
}

func (c *chartBuf) raw(s ...string) {
	for _, p := range s {
		c.b.WriteString(p)
	}
}

// open writes a start tag with attributes given as name, value pairs;
// pairs with an empty value are left out.
func (c *chartBuf) open(name string, kv ...string) {
	c.b.WriteByte('<')
	c.b.WriteString(name)
	c.attrs(kv)
	c.b.WriteByte('>')
}

// el writes an empty element.
func (c *chartBuf) el(name string, kv ...string) {
	c.b.WriteByte('<')
	c.b.WriteString(name)
	c.attrs(kv)
	c.b.WriteString("/>")
}

func (c *chartBuf) close(name string) { c.raw("</", name, ">") }

func (c *chartBuf) attrs(kv []string) {
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			continue
		}
		c.raw(" ", kv[i], `="`, html.EscapeString(kv[i+1]), `"`)
	}
}

// text writes a text element holding s, escaped.
func (c *chartBuf) text(x, y float64, s string, kv ...string) {
	c.open("text", append([]string{"x", chartNum(x), "y", chartNum(y)}, kv...)...)
	c.b.WriteString(html.EscapeString(s))
	if c.inLink > 0 {
		c.visible = append(c.visible, s)
		// Separate the texts of one link as words: assistive technology
		// reads them run together otherwise, and minifiers strip spaces.
		c.b.WriteString(wordGap)
	}
	c.close("text")
}

// wordGap ends a text that is followed by another text of the same link:
// a no-break space, which minifiers keep and which draws nothing.
const wordGap = "\u00a0"

// tip writes a <title> child: the tooltip of the element it is in.
func (c *chartBuf) tip(s string) {
	if c.inLink > 0 {
		return
	}
	c.raw("<title>", html.EscapeString(s), "</title>")
}

// link opens an <a> to href named label; close it with c.endLink. The
// link is written when it is closed: its name must contain the text drawn
// inside it, so speech users can name the link by what they see (WCAG
// 2.5.3, label in name), and only then is that text known.
func (c *chartBuf) link(href, label, class string) {
	c.starts = append(c.starts, c.b.Len())
	c.href, c.label, c.class, c.visible = href, label, class, nil
	c.inLink++
}

// endLink closes a link opened with link: the link's content, written
// since, is moved after its start tag. Only the content is copied, so a
// picture of many links is written in time linear in its size.
func (c *chartBuf) endLink() {
	start := c.starts[len(c.starts)-1]
	c.starts = c.starts[:len(c.starts)-1]
	inner := string(c.b.Bytes()[start:])
	c.b.Truncate(start)
	c.inLink--
	c.open("a", "href", c.href, "aria-label", labelInName(c.label, c.visible), "class", c.class)
	c.b.WriteString(inner)
	c.close("a")
}

// labelInName returns label when it already holds the visible texts, in
// order, as words; otherwise the visible texts followed by label.
func labelInName(label string, visible []string) string {
	shown := strings.TrimSpace(strings.Join(visible, " "))
	if shown == "" || strings.Contains(curate(label), curate(shown)) {
		return label
	}
	return shown + " — " + label
}

// curate lowers a text and drops its punctuation, the way accessibility
// checkers compare a link's name with its visible text.
func curate(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsPunct(r):
		case unicode.IsSpace(r) || r == '\u00a0':
			space = b.Len() > 0
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// hit writes an invisible rectangle that makes a link's target at least
// as large as the box given.
func (c *chartBuf) hit(x, y, w, h float64) {
	c.el("rect", "x", chartNum(x), "y", chartNum(y), "width", chartNum(w), "height", chartNum(h),
		"fill", chartHit, "fill-opacity", "0", "class", "pv-hit")
}

// start opens the <svg> element with its title and description. Pictures
// with links take role group, so that assistive technology reaches the
// links inside (role img would hide them); pictures without links take img.
func (c *chartBuf) start(id, class string, w, h float64, title, desc string, links bool) {
	role := "img"
	if links {
		role = "group"
	}
	c.open("svg", "xmlns", "http://www.w3.org/2000/svg", "class", "pv "+class, "id", id,
		"viewBox", "0 0 "+chartNum(w)+" "+chartNum(h), "width", chartNum(w), "height", chartNum(h),
		"role", role, "aria-labelledby", id+"-title "+id+"-desc",
		"font-family", chartFontFamily, "font-size", chartNum(chartFontSize), "fill", chartInkDark)
	c.raw(`<title id="`, html.EscapeString(id), `-title">`, html.EscapeString(title), "</title>")
	c.raw(`<desc id="`, html.EscapeString(id), `-desc">`, html.EscapeString(desc), "</desc>")
}

func (c *chartBuf) String() string { return c.b.String() }

// chartNum formats a coordinate with at most one decimal, never as "-0".
func chartNum(f float64) string {
	v := math.Round(f*10) / 10
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return "0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// chartInt formats a count.
func chartInt(n int) string { return strconv.Itoa(n) }

// chartTextWidth estimates the width of s set in the charts' sans-serif
// font at size; close enough to lay labels out without a font file. It
// errs on the wide side (DejaVu Sans, the widest common fallback), so that
// narrower system fonts only leave more room.
func chartTextWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case strings.ContainsRune("ijlI.,:;'!|ft()[] ", r):
			w += 0.32
		case strings.ContainsRune("mwMW@%", r):
			w += 0.9
		case r >= 'A' && r <= 'Z':
			w += 0.7
		case r >= '0' && r <= '9':
			w += 0.64
		case r == '€' || r == '£' || r == '$':
			w += 0.64
		default:
			w += 0.58
		}
	}
	return w * size
}

// chartBoldWidth estimates the width of s set bold.
func chartBoldWidth(s string, size float64) float64 { return chartTextWidth(s, size) * 1.15 }

// chartFitBold is chartFit for bold text.
func chartFitBold(s string, width, size float64) string { return chartFit(s, width/1.15, size) }

// chartSplitBold splits bold text s between words into a first line as
// long as fits width and the rest, at least its last word, which goes on
// the second line with what follows it; rest is "" when s is one word, or
// its first word does not fit.
func chartSplitBold(s string, width, size float64) (first, rest string) {
	words := strings.Fields(s)
	n := 0
	for n < len(words)-1 && chartBoldWidth(strings.Join(words[:n+1], " "), size) <= width {
		n++
	}
	if n == 0 {
		return s, ""
	}
	return strings.Join(words[:n], " "), strings.Join(words[n:], " ")
}

// chartFit shortens s with an ellipsis to fit width at size.
func chartFit(s string, width, size float64) string {
	if chartTextWidth(s, size) <= width {
		return s
	}
	// Cut between words where possible: a link's visible text must be made
	// of whole words of its accessible name (WCAG 2.5.3, label in name).
	rs := []rune(s)
	for n := len(rs) - 1; n > 0; n-- {
		if rs[n] != ' ' {
			continue
		}
		t := strings.TrimRight(string(rs[:n]), " ,;:-–") + "…"
		if chartTextWidth(t, size) <= width {
			return t
		}
	}
	for n := len(rs) - 1; n > 0; n-- {
		t := strings.TrimRight(string(rs[:n]), " ,;:-–") + "…"
		if chartTextWidth(t, size) <= width {
			return t
		}
	}
	return "…"
}

// chartLuminance is the WCAG relative luminance of a #rrggbb colour.
func chartLuminance(hex string) float64 {
	v, err := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	if err != nil || len(hex) != 7 {
		return 0
	}
	ch := func(x uint64) float64 {
		c := float64(x&255) / 255
		if c <= 0.04045 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(v>>16) + 0.7152*ch(v>>8) + 0.0722*ch(v)
}

// chartContrast is the WCAG contrast ratio of two #rrggbb colours.
func chartContrast(a, b string) float64 {
	x, y := chartLuminance(a), chartLuminance(b)
	if x < y {
		x, y = y, x
	}
	return (x + 0.05) / (y + 0.05)
}

// chartInk is the text colour, dark or light, that reads best on fill.
func chartInk(fill string) string {
	if chartContrast(fill, chartInkDark) >= chartContrast(fill, chartInkLight) {
		return chartInkDark
	}
	return chartInkLight
}

// chartShapes name the marker shapes given to statuses in vocabulary order.
var chartShapes = []string{"circle", "square", "diamond", "triangle", "ring", "down", "plus", "hollow-square", "hollow-diamond"}

// chartMarker draws marker shape i centred on x, y with radius r: solid
// shapes get a white outline so that they stand apart from what is under
// them, hollow ones a thick outline in their colour.
func (c *chartBuf) marker(i int, x, y, r float64, fill, class string) {
	shape := chartShapes[((i%len(chartShapes))+len(chartShapes))%len(chartShapes)]
	solid := []string{"fill", fill, "stroke", chartInkLight, "stroke-width", "1.5", "class", class}
	hollow := []string{"fill", chartInkLight, "stroke", fill, "stroke-width", "2.5", "class", class}
	poly := func(style []string, pts ...float64) {
		var b strings.Builder
		for k := 0; k+1 < len(pts); k += 2 {
			if k > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(chartNum(x + pts[k]*r))
			b.WriteByte(',')
			b.WriteString(chartNum(y + pts[k+1]*r))
		}
		c.el("polygon", append([]string{"points", b.String()}, style...)...)
	}
	switch shape {
	case "circle":
		c.el("circle", append([]string{"cx", chartNum(x), "cy", chartNum(y), "r", chartNum(r)}, solid...)...)
	case "ring":
		c.el("circle", append([]string{"cx", chartNum(x), "cy", chartNum(y), "r", chartNum(r * 0.8)}, hollow...)...)
	case "square":
		poly(solid, -0.85, -0.85, 0.85, -0.85, 0.85, 0.85, -0.85, 0.85)
	case "hollow-square":
		poly(hollow, -0.7, -0.7, 0.7, -0.7, 0.7, 0.7, -0.7, 0.7)
	case "diamond":
		poly(solid, 0, -1.15, 1.15, 0, 0, 1.15, -1.15, 0)
	case "hollow-diamond":
		poly(hollow, 0, -1, 1, 0, 0, 1, -1, 0)
	case "triangle":
		poly(solid, 0, -1.15, 1.1, 0.9, -1.1, 0.9)
	case "down":
		poly(solid, -1.1, -0.9, 1.1, -0.9, 0, 1.15)
	case "plus":
		poly(solid, -0.35, -1.1, 0.35, -1.1, 0.35, -0.35, 1.1, -0.35, 1.1, 0.35, 0.35, 0.35,
			0.35, 1.1, -0.35, 1.1, -0.35, 0.35, -1.1, 0.35, -1.1, -0.35, -0.35, -0.35)
	}
}

// patterns writes a <defs> of fill patterns, one per colour: the colour
// with a texture of its own (plain, stripes, dots, hatching...), so that
// stacked segments differ by more than colour. Pattern i is id prefix-p<i>.
func (c *chartBuf) patterns(prefix string, colors []string) {
	c.open("defs")
	for i, col := range colors {
		ink := chartInk(col)
		c.open("pattern", "id", prefix+"-p"+chartInt(i), "patternUnits", "userSpaceOnUse", "width", "8", "height", "8")
		c.el("rect", "width", "8", "height", "8", "fill", col)
		line := []string{"stroke", ink, "stroke-opacity", "0.5", "stroke-width", "1.3", "fill", "none"}
		dot := []string{"fill", ink, "fill-opacity", "0.55"}
		switch i % 9 {
		case 1:
			c.el("path", append([]string{"d", "M-1,1 l2,-2 M0,8 l8,-8 M7,9 l2,-2"}, line...)...)
		case 2:
			c.el("circle", append([]string{"cx", "4", "cy", "4", "r", "1.3"}, dot...)...)
		case 3:
			c.el("path", append([]string{"d", "M0,4 h8"}, line...)...)
		case 4:
			c.el("path", append([]string{"d", "M-1,7 l2,2 M0,0 l8,8 M7,-1 l2,2"}, line...)...)
		case 5:
			c.el("path", append([]string{"d", "M0,0 l8,8 M8,0 l-8,8"}, line...)...)
		case 6:
			c.el("path", append([]string{"d", "M4,0 v8"}, line...)...)
		case 7:
			c.el("path", append([]string{"d", "M0,4 h8 M4,0 v8"}, line...)...)
		case 8:
			c.el("circle", append([]string{"cx", "4", "cy", "4", "r", "2.1"}, dot...)...)
		}
		c.close("pattern")
	}
	c.close("defs")
}

// chartLegendItem is one entry of a legend: a 14×14 swatch drawn with its
// top left corner at x, y, and a label.
type chartLegendItem struct {
	label  string
	swatch func(c *chartBuf, x, y float64)
}

// legend lays items out in rows from x, y within width and returns the
// height used.
func (c *chartBuf) legend(x, y, width float64, items []chartLegendItem) float64 {
	const row = 22.0
	c.open("g", "class", "pv-legend")
	cx, cy := x, y
	for _, it := range items {
		w := 14 + 6 + chartTextWidth(it.label, chartSmallSize) + 18
		if cx > x && cx+w > x+width {
			cx, cy = x, cy+row
		}
		it.swatch(c, cx, cy)
		c.text(cx+20, cy+11, it.label, "font-size", chartNum(chartSmallSize), "fill", chartMuted)
		cx += w
	}
	c.close("g")
	return cy + row - y
}
