package visual

import (
	"html"
	"html/template"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// Colours. Every colour that carries meaning has a contrast of at least
// 3:1 against white and against what it touches (WCAG 1.4.11); text has
// 4.5:1. The tests compute the ratios.
const (
	ink    = "#1b1f24" // text, relation lines, status shapes on white
	muted  = "#4a5360" // second lines of text
	paper  = "#ffffff"
	wash   = "#f3f5f7" // learning cards
	border = "#767f8a" // card outlines (3:1 on white)
	rule   = "#5f6b78" // intent-to-intent lines
)

// IntentColors are the theme's colour tokens for intents (site.css
// .color-*), each dark enough for white text on it.
var IntentColors = []struct{ Token, Hex string }{
	{"teal", "#00594f"}, {"indigo", "#3730a3"}, {"amber", "#8a5300"}, {"rose", "#9f1239"},
	{"green", "#2f6b1f"}, {"violet", "#6b21a8"}, {"blue", "#1d4e89"}, {"orange", "#9a3412"},
}

// SystemColors colour an initiative's stripe by its main (first) system;
// the most common systems of the portfolio get them in order, the rest
// share OtherSystem. They keep 3:1 against the white card they sit on.
var SystemColors = []string{"#0b63c4", "#c2410c", "#15803d", "#b91c1c", "#7e22ce", "#0e7490", "#a16207", "#be185d"}

// OtherSystem is the stripe of initiatives whose system has no colour of its own.
const OtherSystem = "#6b7280"

// intentColor is the hex colour of an intent: its `color` token, or the
// next token not taken by another intent, in slug order.
func intentColor(pf *portfolio.Portfolio, in *content.Page) string {
	if c, ok := tokenHex(in.Color); ok {
		return c
	}
	taken := map[string]bool{}
	for _, p := range pf.Of(content.KindIntent) {
		if c, ok := tokenHex(p.Color); ok {
			taken[c] = true
		}
	}
	k := 0
	for _, p := range pf.Of(content.KindIntent) {
		if _, ok := tokenHex(p.Color); ok {
			continue
		}
		var free []string
		for _, c := range IntentColors {
			if !taken[c.Hex] {
				free = append(free, c.Hex)
			}
		}
		if len(free) == 0 {
			for _, c := range IntentColors {
				free = append(free, c.Hex)
			}
		}
		if p == in {
			return free[k%len(free)]
		}
		k++
	}
	return IntentColors[0].Hex
}

func tokenHex(token string) (string, bool) {
	for _, c := range IntentColors {
		if c.Token == strings.ToLower(strings.TrimSpace(token)) {
			return c.Hex, true
		}
	}
	return "", false
}

// systemPalette gives the systems their colours: by how many initiatives
// name it first, then by name.
type systemPalette struct {
	names  []string // systems with a colour of their own, in palette order
	byName map[string]string
	other  bool // some initiative's system has no colour of its own
}

// shared is what every picture of a portfolio has in common, worked out
// once per portfolio: the system palette, the initiatives serving each
// intent (a hub's count, asked for by every page that draws the hub) and
// the numbers of learnings, decisions and stories of each initiative
// (asked for by every page that draws its card).
type shared struct {
	palette *systemPalette
	mu      sync.Mutex
	served  map[*content.Page][]*content.Page
	count   map[*content.Page][3]int
}

func sharedOf(pf *portfolio.Portfolio) *shared {
	paletteCache.Lock()
	defer paletteCache.Unlock()
	if paletteCache.pf == pf {
		return paletteCache.s
	}
	s := &shared{palette: computeSystemPalette(pf), served: map[*content.Page][]*content.Page{}, count: map[*content.Page][3]int{}}
	paletteCache.pf, paletteCache.s = pf, s
	return s
}

// servedBy returns the initiatives that serve intent in, in the order of
// pf.Referrers; the slice is shared and must not be changed.
func (s *shared) servedBy(pf *portfolio.Portfolio, in *content.Page) []*content.Page {
	s.mu.Lock()
	defer s.mu.Unlock()
	refs, ok := s.served[in]
	if !ok {
		refs = pf.Referrers(in, content.KindInitiative, "intents")
		s.served[in] = refs
	}
	return refs
}

// counts returns the numbers of learnings, decisions and stories about p.
func (s *shared) counts(pf *portfolio.Portfolio, p *content.Page) [3]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.count[p]
	if !ok {
		c = [3]int{len(pf.Referrers(p, content.KindLearning, "initiatives")),
			len(pf.Referrers(p, content.KindDecision, "initiatives")),
			len(pf.Referrers(p, content.KindNarrative, "initiatives"))}
		s.count[p] = c
	}
	return c
}

// paletteCache holds what the pictures of the last portfolio drawn share;
// a dev server builds one portfolio after another, so one entry is enough.
var paletteCache struct {
	sync.Mutex
	pf *portfolio.Portfolio
	s  *shared
}

func computeSystemPalette(pf *portfolio.Portfolio) *systemPalette {
	count := map[string]int{}
	label := map[string]string{}
	for _, p := range pf.Of(content.KindInitiative) {
		if len(p.Systems) > 0 {
			s := content.Slugify(p.Systems[0])
			count[s]++
			if label[s] == "" {
				label[s] = p.Systems[0]
			}
		}
	}
	var slugs []string
	for s := range count {
		slugs = append(slugs, s)
	}
	sort.Slice(slugs, func(i, j int) bool {
		if count[slugs[i]] != count[slugs[j]] {
			return count[slugs[i]] > count[slugs[j]]
		}
		return slugs[i] < slugs[j]
	})
	sp := &systemPalette{byName: map[string]string{}}
	for i, s := range slugs {
		if i < len(SystemColors) {
			sp.byName[s] = SystemColors[i]
			sp.names = append(sp.names, label[s])
		}
	}
	return sp
}

func (sp *systemPalette) color(system string) string {
	if c, ok := sp.byName[content.Slugify(system)]; ok {
		return c
	}
	return OtherSystem
}

// Relation styles: each relation type has its own dash pattern, and the
// directed ones an arrowhead, so that none is told by colour.
// The legend names each with the string map.legend.rel.<relation>.
var relationStyles = []struct {
	Rel, Dash string
	Arrow     bool
}{
	{"builds-on", "", true},
	{"complements", "1 5", false},
	{"tension-with", "9 4 2 4", false},
	{"spun-out-of", "7 4", true},
	{"part-of", "14 3 3 3 3 3", true},
	{"related", "", false},
}

func relationStyle(rel string) (dash string, arrow bool) {
	for _, s := range relationStyles {
		if s.Rel == rel {
			return s.Dash, s.Arrow
		}
	}
	return "3 3", false
}

// f formats a coordinate with one decimal, the same on every run.
func f(x float64) string {
	k := math.Round(x * 10)
	if k == 0 {
		return "0"
	}
	if math.Abs(k) < 1e15 {
		var buf [24]byte
		return string(appendTenths(buf[:0], int64(k)))
	}
	return strconv.FormatFloat(k/10, 'f', -1, 64)
}

// num writes f(x).
func num(b *strings.Builder, x float64) {
	if k := math.Round(x * 10); k != 0 && math.Abs(k) < 1e15 {
		var buf [24]byte
		b.Write(appendTenths(buf[:0], int64(k)))
		return
	}
	b.WriteString(f(x))
}

// appendTenths appends k/10 in decimal, without a trailing ".0". With at
// most 15 significant digits, k/10 is what FormatFloat(k/10, 'f', -1, 64)
// writes: its shortest form is its own digits.
func appendTenths(dst []byte, k int64) []byte {
	if k < 0 {
		dst = append(dst, '-')
		k = -k
	}
	dst = strconv.AppendInt(dst, k/10, 10)
	if d := k % 10; d != 0 {
		dst = append(dst, '.', byte('0'+d))
	}
	return dst
}

func esc(s string) string { return html.EscapeString(s) }

// glyph draws a status shape of radius r centred on (cx, cy), in fg over bg:
//
//	idea        dotted circle      exploring  circle
//	prototyping diamond            piloting   filled diamond
//	scaling     half-filled circle embedded   filled square
//	paused      two bars           stopped    filled square with a cross
//	completed   filled circle      any other  square outline
func glyph(b *strings.Builder, status string, cx, cy, r float64, fg, bg string) {
	x, y := f(cx), f(cy)
	sq := func(fill string) {
		b.WriteString(`<rect x="`)
		num(b, cx-r*0.85)
		b.WriteString(`" y="`)
		num(b, cy-r*0.85)
		b.WriteString(`" width="`)
		num(b, r*1.7)
		b.WriteString(`" height="`)
		num(b, r*1.7)
		b.WriteString(`" fill="`)
		b.WriteString(fill)
		b.WriteString(`" stroke="`)
		b.WriteString(fg)
		b.WriteString(`" stroke-width="1.5"/>`)
	}
	// ring is the circle of the statuses drawn as one; tail ends it after
	// the stroke colour.
	ring := func(tail string) {
		b.WriteString(`<circle cx="`)
		b.WriteString(x)
		b.WriteString(`" cy="`)
		b.WriteString(y)
		b.WriteString(`" r="`)
		num(b, r-0.5)
		b.WriteString(`" fill="`)
		b.WriteString(bg)
		b.WriteString(`" stroke="`)
		b.WriteString(fg)
		b.WriteString(tail)
	}
	diamond := func(fill string) {
		b.WriteString(`<path d="M`)
		b.WriteString(x)
		b.WriteString(` `)
		num(b, cy-r*1.1)
		b.WriteString(`L`)
		num(b, cx+r*1.1)
		b.WriteString(` `)
		b.WriteString(y)
		b.WriteString(`L`)
		b.WriteString(x)
		b.WriteString(` `)
		num(b, cy+r*1.1)
		b.WriteString(`L`)
		num(b, cx-r*1.1)
		b.WriteString(` `)
		b.WriteString(y)
		b.WriteString(`Z" fill="`)
		b.WriteString(fill)
		b.WriteString(`" stroke="`)
		b.WriteString(fg)
		b.WriteString(`" stroke-width="1.5"/>`)
	}
	switch status {
	case "idea":
		ring(`" stroke-width="2" stroke-dasharray="1.6 2"/>`)
	case "exploring":
		ring(`" stroke-width="2"/>`)
	case "prototyping":
		diamond(bg)
	case "piloting":
		diamond(fg)
	case "scaling":
		ring(`" stroke-width="2"/>`)
		b.WriteString(`<path d="M`)
		b.WriteString(x)
		b.WriteString(` `)
		num(b, cy-r+0.5)
		b.WriteString(`A`)
		num(b, r-0.5)
		b.WriteString(` `)
		num(b, r-0.5)
		b.WriteString(` 0 0 1 `)
		b.WriteString(x)
		b.WriteString(` `)
		num(b, cy+r-0.5)
		b.WriteString(`Z" fill="`)
		b.WriteString(fg)
		b.WriteString(`"/>`)
	case "embedded":
		sq(fg)
	case "paused":
		b.WriteString(`<rect x="`)
		num(b, cx-r*0.8)
		b.WriteString(`" y="`)
		num(b, cy-r)
		b.WriteString(`" width="`)
		num(b, r*0.55)
		b.WriteString(`" height="`)
		num(b, r*2)
		b.WriteString(`" fill="`)
		b.WriteString(fg)
		b.WriteString(`"/><rect x="`)
		num(b, cx+r*0.25)
		b.WriteString(`" y="`)
		num(b, cy-r)
		b.WriteString(`" width="`)
		num(b, r*0.55)
		b.WriteString(`" height="`)
		num(b, r*2)
		b.WriteString(`" fill="`)
		b.WriteString(fg)
		b.WriteString(`"/>`)
	case "stopped":
		sq(fg)
		d := r * 0.5
		b.WriteString(`<path d="M`)
		num(b, cx-d)
		b.WriteString(` `)
		num(b, cy-d)
		b.WriteString(`L`)
		num(b, cx+d)
		b.WriteString(` `)
		num(b, cy+d)
		b.WriteString(`M`)
		num(b, cx+d)
		b.WriteString(` `)
		num(b, cy-d)
		b.WriteString(`L`)
		num(b, cx-d)
		b.WriteString(` `)
		num(b, cy+d)
		b.WriteString(`" stroke="`)
		b.WriteString(bg)
		b.WriteString(`" stroke-width="1.8"/>`)
	case "completed":
		b.WriteString(`<circle cx="`)
		b.WriteString(x)
		b.WriteString(`" cy="`)
		b.WriteString(y)
		b.WriteString(`" r="`)
		num(b, r)
		b.WriteString(`" fill="`)
		b.WriteString(fg)
		b.WriteString(`"/>`)
	default:
		sq(bg)
	}
}

// picture lays out the legend, writes the SVG and returns the picture.
func (b *builder) picture(title, desc string, outline Outline) Picture {
	sc := b.sc
	sc.widen(minWidth-32, 1.3)
	// Bounds of the drawing.
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, n := range sc.nodes {
		r := n.box()
		minX, minY = math.Min(minX, r.x), math.Min(minY, r.y)
		maxX, maxY = math.Max(maxX, r.x+r.w), math.Max(maxY, r.y+r.h)
	}
	for _, e := range sc.edges {
		for _, p := range sc.path(e) {
			minX, minY = math.Min(minX, p.x), math.Min(minY, p.y)
			maxX, maxY = math.Max(maxX, p.x), math.Max(maxY, p.y)
		}
	}
	const margin = 16
	minX, minY = math.Floor(minX-margin), math.Floor(minY-margin)
	maxX = math.Ceil(maxX + margin)
	width := maxX - minX
	if width < minWidth {
		minX -= math.Floor((minWidth - width) / 2)
		width = minWidth
		maxX = minX + width
	}
	var legend strings.Builder
	lh := b.legend(&legend, minX+margin, math.Ceil(maxY+margin), width-2*margin)
	maxY = math.Ceil(maxY + margin + lh + margin)
	height := maxY - minY

	var s strings.Builder
	s.Grow(2048 + 1024*len(sc.nodes) + 256*len(sc.edges) + legend.Len())
	id := esc(b.id)
	class := "imap"
	if b.compact {
		class += " imap-compact"
	}
	s.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" id="`)
	s.WriteString(id)
	s.WriteString(`" class="`)
	s.WriteString(class)
	s.WriteString(`" viewBox="`)
	num(&s, minX)
	s.WriteString(` `)
	num(&s, minY)
	s.WriteString(` `)
	num(&s, width)
	s.WriteString(` `)
	num(&s, height)
	// The intrinsic size is the viewBox's scaled so that the smallest text
	// (11) shows at 12 CSS pixels: where the theme shows the picture at
	// its own size (a phone's narrow screen, scrolling sideways), every
	// label stays readable.
	s.WriteString(`" width="`)
	num(&s, math.Ceil(width*readable))
	s.WriteString(`" height="`)
	num(&s, math.Ceil(height*readable))
	s.WriteString(`" role="graphics-document document" aria-labelledby="`)
	s.WriteString(id)
	s.WriteString(`-title" aria-describedby="`)
	s.WriteString(id)
	s.WriteString(`-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" data-map="">`)
	s.WriteString(`<title id="`)
	s.WriteString(id)
	s.WriteString(`-title">`)
	s.WriteString(esc(title))
	s.WriteString(`</title><desc id="`)
	s.WriteString(id)
	s.WriteString(`-desc">`)
	s.WriteString(esc(desc))
	s.WriteString(`</desc>`)
	s.WriteString(`<defs><marker id="`)
	s.WriteString(id)
	s.WriteString(`-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10Z" fill="`)
	s.WriteString(muted)
	s.WriteString(`"/></marker></defs>`)
	s.WriteString(`<rect class="imap-bg" x="`)
	num(&s, minX)
	s.WriteString(`" y="`)
	num(&s, minY)
	s.WriteString(`" width="`)
	num(&s, width)
	s.WriteString(`" height="`)
	num(&s, height)
	s.WriteString(`" fill="`)
	s.WriteString(paper)
	s.WriteString(`"/>`)

	s.WriteString(`<g class="imap-edges" aria-hidden="true">`)
	for _, e := range sc.edges {
		b.edgeSVG(&s, e)
	}
	s.WriteString(`</g><g class="imap-nodes">`)
	for _, n := range sc.nodes {
		b.nodeSVG(&s, n)
	}
	s.WriteString(`</g>`)
	s.WriteString(legend.String())
	s.WriteString(`</svg>`)
	return Picture{SVG: template.HTML(s.String()), Text: outline, Width: int(width), Height: int(height), scene: sc}
}

// boxRect writes a <rect> of class at r with corner radius rx and fill,
// leaving the fill's quote open: the caller ends it with `"/>` or goes on
// with more attributes.
func boxRect(s *strings.Builder, class string, r rect, rx, fill string) {
	s.WriteString(`<rect class="`)
	s.WriteString(class)
	s.WriteString(`" x="`)
	num(s, r.x)
	s.WriteString(`" y="`)
	num(s, r.y)
	s.WriteString(`" width="`)
	num(s, r.w)
	s.WriteString(`" height="`)
	num(s, r.h)
	s.WriteString(`" rx="`)
	s.WriteString(rx)
	s.WriteString(`" fill="`)
	s.WriteString(fill)
}

// edgeLine writes a straight edge from a to c; tail ends the element
// after the stroke colour's value.
func edgeLine(s *strings.Builder, class, data string, a, c *node, stroke, tail string) {
	s.WriteString(`<line class="imap-edge `)
	s.WriteString(class)
	s.WriteString(`" `)
	s.WriteString(data)
	s.WriteString(` x1="`)
	num(s, a.x)
	s.WriteString(`" y1="`)
	num(s, a.y)
	s.WriteString(`" x2="`)
	num(s, c.x)
	s.WriteString(`" y2="`)
	num(s, c.y)
	s.WriteString(`" stroke="`)
	s.WriteString(stroke)
	s.WriteString(tail)
}

func (b *builder) edgeSVG(s *strings.Builder, e edge) {
	sc := b.sc
	a, c := sc.nodes[e.a], sc.nodes[e.b]
	data := (`data-from="` + a.id + `" data-to="` + c.id + `"`)
	switch e.kind {
	case edgeServes:
		edgeLine(s, "imap-serves", data, a, c, e.color, `" stroke-width="1.75"/>`)
	case edgeParent:
		edgeLine(s, "imap-parent", data, a, c, rule, `" stroke-width="4" stroke-linecap="round"/>`)
	case edgeLearning:
		edgeLine(s, "imap-learning", data, a, c, muted, `" stroke-width="1.5"/>`)
	case edgeRelation:
		dash, arrow := relationStyle(e.rel)
		ctl := sc.control(e)
		p := clip(point{a.x, a.y}, ctl, a.box(), 2)
		q := clip(point{c.x, c.y}, ctl, c.box(), 3)
		s.WriteString(`<path class="imap-edge imap-relation imap-rel-`)
		s.WriteString(esc(e.rel))
		s.WriteString(`" `)
		s.WriteString(data)
		s.WriteString(` data-relation="`)
		s.WriteString(esc(e.rel))
		s.WriteString(`" d="M`)
		num(s, p.x)
		s.WriteString(` `)
		num(s, p.y)
		s.WriteString(`Q`)
		num(s, ctl.x)
		s.WriteString(` `)
		num(s, ctl.y)
		s.WriteString(` `)
		num(s, q.x)
		s.WriteString(` `)
		num(s, q.y)
		s.WriteString(`" fill="none" stroke="`)
		s.WriteString(muted)
		s.WriteString(`"`)
		lineStyle(s, e.rel, dash)
		if arrow {
			s.WriteString(` marker-end="url(#`)
			s.WriteString(esc(b.id))
			s.WriteString(`-arrow)"`)
		}
		s.WriteString(`/>`)
	}
}

// lineStyle writes a relation line's width and dash pattern; dotted lines
// get round caps and a little more weight so that the dots read.
func lineStyle(s *strings.Builder, rel, dash string) {
	switch rel {
	case "complements":
		s.WriteString(` stroke-width="2.5" stroke-linecap="round" stroke-dasharray="`)
		s.WriteString(dash)
		s.WriteString(`"`)
		return
	case "related":
		s.WriteString(` stroke-width="1"`)
		return
	}
	s.WriteString(` stroke-width="1.75"`)
	if dash != "" {
		s.WriteString(` stroke-dasharray="`)
		s.WriteString(dash)
		s.WriteString(`"`)
	}
}

// clip moves a line's end from the centre of box r to its border, on the
// way towards "towards".
func clip(centre, towards point, r rect, pad float64) point {
	dx, dy := towards.x-centre.x, towards.y-centre.y
	t := math.Inf(1)
	if math.Abs(dx) > 1e-9 {
		t = math.Min(t, (r.w/2+pad)/math.Abs(dx))
	}
	if math.Abs(dy) > 1e-9 {
		t = math.Min(t, (r.h/2+pad)/math.Abs(dy))
	}
	if math.IsInf(t, 1) || t > 1 {
		return centre
	}
	return point{centre.x + dx*t, centre.y + dy*t}
}

func (b *builder) nodeSVG(s *strings.Builder, n *node) {
	r := n.box()
	class := "imap-node"
	switch n.kind {
	case nodeIntent:
		class += " imap-intent"
	case nodeInitiative:
		class += " imap-initiative status-" + esc(n.status)
	case nodeMore:
		class += " imap-more"
	case nodeLearning:
		class += " imap-learning"
	}
	if n.focus {
		class += " is-focus"
	}
	s.WriteString(`<a href="`)
	s.WriteString(esc(n.url))
	s.WriteString(`" class="`)
	s.WriteString(class)
	s.WriteString(`" id="`)
	s.WriteString(esc(b.id))
	s.WriteString(`-`)
	s.WriteString(n.id)
	s.WriteString(`" data-node="`)
	s.WriteString(n.id)
	s.WriteString(`"`)
	if n.status != "" {
		s.WriteString(` data-status="`)
		s.WriteString(esc(content.Slugify(n.status)))
		s.WriteString(`"`)
	}
	if len(n.system) > 0 {
		s.WriteString(` data-systems="`)
		s.WriteString(esc(strings.Join(n.system, " ")))
		s.WriteString(`"`)
	}
	if len(n.intent) > 0 {
		s.WriteString(` data-intents="`)
		s.WriteString(esc(strings.Join(n.intent, " ")))
		s.WriteString(`"`)
	}
	// The drawing is hidden from assistive technology: the label names the
	// node, beginning with its full title, so speech users can say what they
	// see (WCAG 2.5.3) and screen readers hear it once.
	s.WriteString(` aria-label="`)
	s.WriteString(esc(n.name))
	s.WriteString(`">`)
	// Only the title is drawn inside the link: the link's name begins with
	// it, so speech users can say what they see (WCAG 2.5.3). The other text
	// (counts, systems) is decoration after the link, hidden from assistive
	// technology because the name already says it in words.
	var decor strings.Builder
	d := &decor
	boxRect(s, "imap-focus", rect{r.x - 4, r.y - 4, r.w + 8, r.h + 8}, "8", "none")
	s.WriteString(`"/>`)
	lineH := n.size + 3
	switch n.kind {
	case nodeIntent:
		boxRect(s, "imap-box", r, "8", n.color)
		s.WriteString(`"/>`)
		y := r.y + 10
		for i, l := range n.lines {
			y += lineH - 3
			s.WriteString(`<text` + n.langAttr() + ` x="`)
			num(s, n.x)
			s.WriteString(`" y="`)
			num(s, y)
			s.WriteString(`" text-anchor="middle" font-size="`)
			num(s, n.size)
			s.WriteString(`" font-weight="700" fill="`)
			s.WriteString(paper)
			s.WriteString(`">`)
			s.WriteString(esc(l) + lineGap(i, len(n.lines)))
			s.WriteString(`</text>`)
			y += 3
		}
		y += 13
		d.WriteString(`<text x="`)
		num(d, n.x)
		d.WriteString(`" y="`)
		num(d, y)
		d.WriteString(`" text-anchor="middle" font-size="11" fill="`)
		d.WriteString(paper)
		d.WriteString(`">`)
		d.WriteString(esc(n.meta))
		d.WriteString(`</text>`)
		if len(n.counts) > 0 {
			cw := 0.0
			for _, c := range n.counts {
				cw += 18 + textWidth(strconv.Itoa(c.n), 11, false) + 8
			}
			x := n.x - cw/2
			y += 16
			for _, c := range n.counts {
				glyph(d, c.status, x+7, y-4, 5.5, paper, n.color)
				d.WriteString(`<text x="`)
				num(d, x+16)
				d.WriteString(`" y="`)
				num(d, y)
				d.WriteString(`" font-size="11" fill="`)
				d.WriteString(paper)
				d.WriteString(`">`)
				d.WriteString(strconv.Itoa(c.n))
				d.WriteString(`</text>`)
				x += 18 + textWidth(strconv.Itoa(c.n), 11, false) + 8
			}
		}
	case nodeInitiative, nodeLearning:
		fill, stroke, sw := paper, border, "1"
		if n.kind == nodeLearning {
			fill = wash
		}
		if n.focus {
			stroke, sw = ink, "2.5"
		}
		boxRect(s, "imap-box", r, "5", fill)
		s.WriteString(`" stroke="`)
		s.WriteString(stroke)
		s.WriteString(`" stroke-width="`)
		s.WriteString(sw)
		s.WriteString(`"/>`)
		if n.kind == nodeInitiative {
			s.WriteString(`<path class="imap-stripe" d="M`)
			num(s, r.x+5)
			s.WriteString(` `)
			num(s, r.y)
			s.WriteString(`H`)
			num(s, r.x+6)
			s.WriteString(`V`)
			num(s, r.y+r.h)
			s.WriteString(`H`)
			num(s, r.x+5)
			s.WriteString(`A5 5 0 0 1 `)
			num(s, r.x)
			s.WriteString(` `)
			num(s, r.y+r.h-5)
			s.WriteString(`V`)
			num(s, r.y+5)
			s.WriteString(`A5 5 0 0 1 `)
			num(s, r.x+5)
			s.WriteString(` `)
			num(s, r.y)
			s.WriteString(`Z" fill="`)
			s.WriteString(n.color)
			s.WriteString(`"/>`)
			glyph(s, n.status, r.x+18, r.y+8+lineH/2, 6.5, ink, paper)
		} else {
			// A note: a page with two lines.
			gx, gy := r.x+12, r.y+7+lineH/2-6
			s.WriteString(`<path d="M`)
			num(s, gx)
			s.WriteString(` `)
			num(s, gy)
			s.WriteString(`h10v12h-10ZM`)
			num(s, gx+2)
			s.WriteString(` `)
			num(s, gy+4)
			s.WriteString(`h6M`)
			num(s, gx+2)
			s.WriteString(` `)
			num(s, gy+8)
			s.WriteString(`h6" fill="none" stroke="`)
			s.WriteString(ink)
			s.WriteString(`" stroke-width="1.5"/>`)
		}
		y := r.y + 8
		weight := ""
		if n.bold {
			weight = ` font-weight="700"`
		}
		for i, l := range n.lines {
			y += lineH
			s.WriteString(`<text` + n.langAttr() + ` x="`)
			num(s, r.x+29)
			s.WriteString(`" y="`)
			num(s, y-3.5)
			s.WriteString(`" font-size="`)
			num(s, n.size)
			s.WriteString(`"`)
			s.WriteString(weight)
			s.WriteString(` fill="`)
			s.WriteString(ink)
			s.WriteString(`">`)
			s.WriteString(esc(l) + lineGap(i, len(n.lines)))
			s.WriteString(`</text>`)
		}
		if n.meta != "" {
			y += 13
			d.WriteString(`<text x="`)
			num(d, r.x+29)
			d.WriteString(`" y="`)
			num(d, y-2)
			d.WriteString(`" font-size="11" fill="`)
			d.WriteString(muted)
			d.WriteString(`">`)
			d.WriteString(esc(n.meta))
			d.WriteString(`</text>`)
		}
	case nodeMore:
		boxRect(s, "imap-box", r, "14", paper)
		s.WriteString(`" stroke="`)
		s.WriteString(n.color)
		s.WriteString(`" stroke-width="2" stroke-dasharray="4 3"/>`)
		s.WriteString(`<text x="`)
		num(s, n.x)
		s.WriteString(`" y="`)
		num(s, n.y+4)
		s.WriteString(`" text-anchor="middle" font-size="12" font-weight="700" fill="`)
		s.WriteString(ink)
		s.WriteString(`">`)
		s.WriteString(esc(n.lines[0]))
		s.WriteString(`</text>`)
	}
	s.WriteString(`</a>`)
	if decor.Len() > 0 {
		s.WriteString(`<g class="imap-decor" aria-hidden="true" pointer-events="none">`)
		s.WriteString(decor.String())
		s.WriteString(`</g>`)
	}
}

// legend writes the key to the shapes, colours and lines used, flowing in
// rows no wider than width, from (x, y); it returns its height.
func (b *builder) legend(s *strings.Builder, x0, y0, width float64) float64 {
	sc := b.sc
	var statuses []string
	systems := map[string]bool{}
	other := false
	rels := map[string]bool{}
	parent, more := false, false
	for _, n := range sc.nodes {
		for _, c := range n.counts {
			if !slices.Contains(statuses, c.status) {
				statuses = append(statuses, c.status)
			}
		}
		if n.kind == nodeInitiative {
			if !slices.Contains(statuses, n.status) {
				statuses = append(statuses, n.status)
			}
			if n.color == OtherSystem {
				other = true
			} else {
				systems[n.color] = true
			}
		}
		if n.kind == nodeMore {
			more = true
		}
	}
	for _, e := range sc.edges {
		switch e.kind {
		case edgeRelation:
			rels[e.rel] = true
		case edgeParent:
			parent = true
		}
	}
	_ = more
	// Statuses in the vocabulary's order.
	sort.SliceStable(statuses, func(i, j int) bool { return b.rank[statuses[i]] < b.rank[statuses[j]] })

	type item struct {
		w    float64
		draw func(x, y float64)
	}
	var rows [][]item
	heading := func(t string) item {
		return item{textWidth(t, 12, true) + 4, func(x, y float64) {
			s.WriteString(`<text x="`)
			num(s, x)
			s.WriteString(`" y="`)
			num(s, y+4)
			s.WriteString(`" font-size="12" font-weight="700" fill="`)
			s.WriteString(ink)
			s.WriteString(`">`)
			s.WriteString(esc(t))
			s.WriteString(`</text>`)
		}}
	}
	label := func(x, y float64, t string) {
		s.WriteString(`<text x="`)
		num(s, x)
		s.WriteString(`" y="`)
		num(s, y+4)
		s.WriteString(`" font-size="12" fill="`)
		s.WriteString(ink)
		s.WriteString(`">`)
		s.WriteString(esc(t))
		s.WriteString(`</text>`)
	}
	if len(statuses) > 0 {
		row := []item{heading(b.words.T("map.legend.status"))}
		for _, st := range statuses {
			st, name := st, b.words.T("status."+st)
			row = append(row, item{22 + textWidth(name, 12, false), func(x, y float64) {
				glyph(s, st, x+7, y, 6.5, ink, paper)
				label(x+18, y, name)
			}})
		}
		rows = append(rows, row)
	}
	if len(systems) > 0 || other {
		row := []item{heading(b.words.T("map.legend.system"))}
		for i, name := range b.systems.names {
			c := SystemColors[i]
			if !systems[c] {
				continue
			}
			name := name
			row = append(row, item{22 + textWidth(name, 12, false), func(x, y float64) {
				s.WriteString(`<rect x="`)
				num(s, x)
				s.WriteString(`" y="`)
				num(s, y-6)
				s.WriteString(`" width="12" height="12" rx="2" fill="`)
				s.WriteString(c)
				s.WriteString(`"/>`)
				label(x+18, y, name)
			}})
		}
		if other {
			otherName := b.words.T("map.legend.other-systems")
			row = append(row, item{22 + textWidth(otherName, 12, false), func(x, y float64) {
				s.WriteString(`<rect x="`)
				num(s, x)
				s.WriteString(`" y="`)
				num(s, y-6)
				s.WriteString(`" width="12" height="12" rx="2" fill="`)
				s.WriteString(OtherSystem)
				s.WriteString(`"/>`)
				label(x+18, y, otherName)
			}})
		}
		rows = append(rows, row)
	}
	if len(rels) > 0 || parent {
		row := []item{heading(b.words.T("map.legend.lines"))}
		for _, rs := range relationStyles {
			if !rels[rs.Rel] {
				continue
			}
			rs := rs
			name := b.words.T("map.legend.rel." + rs.Rel)
			row = append(row, item{40 + textWidth(name, 12, false), func(x, y float64) {
				s.WriteString(`<path d="M`)
				num(s, x)
				s.WriteString(` `)
				num(s, y)
				s.WriteString(`H`)
				num(s, x+30)
				s.WriteString(`" stroke="`)
				s.WriteString(muted)
				s.WriteString(`"`)
				lineStyle(s, rs.Rel, rs.Dash)
				if rs.Arrow {
					s.WriteString(` marker-end="url(#`)
					s.WriteString(esc(b.id))
					s.WriteString(`-arrow)"`)
				}
				s.WriteString(`/>`)
				label(x+36, y, name)
			}})
		}
		if parent {
			t := b.words.T("map.legend.parent")
			row = append(row, item{40 + textWidth(t, 12, false), func(x, y float64) {
				s.WriteString(`<path d="M`)
				num(s, x+2)
				s.WriteString(` `)
				num(s, y)
				s.WriteString(`H`)
				num(s, x+28)
				s.WriteString(`" stroke="`)
				s.WriteString(rule)
				s.WriteString(`" stroke-width="4" stroke-linecap="round"/>`)
				label(x+36, y, t)
			}})
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return 0
	}
	s.WriteString(`<g class="imap-legend" aria-hidden="true">`)
	const rowH = 22
	y := y0 + 10
	for _, row := range rows {
		x := x0
		for i, it := range row {
			if i > 0 && x+it.w > x0+width {
				y += rowH
				x = x0 + row[0].w + 14
			}
			it.draw(x, y)
			x += it.w + 14
		}
		y += rowH
	}
	s.WriteString(`</g>`)
	return y - y0
}

// luminance is the relative luminance of a #rrggbb colour (WCAG 2).
func luminance(hex string) float64 {
	v, err := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	if err != nil {
		return 0
	}
	ch := func(c uint64) float64 {
		s := float64(c) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(v>>16&0xff) + 0.7152*ch(v>>8&0xff) + 0.0722*ch(v&0xff)
}

// contrast is the WCAG contrast ratio of two #rrggbb colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// lineGap ends every line but the last with a space, so that the lines of a
// wrapped title read as words, not run together, when taken as text.
func lineGap(i, n int) string {
	if i < n-1 {
		return wordGap
	}
	return ""
}
