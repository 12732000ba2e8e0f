package visual

// Intent maps: IntentMap (the whole portfolio, /map/ and the home page),
// IntentFocus (an intent's page) and EgoMap (an initiative's page). Each
// returns a Picture: the SVG, laid out deterministically (the same
// portfolio gives the same bytes), and its text equivalent with the same
// links. Every node is a real link, named for screen readers; status is
// told by a shape as well as in the name (svg.go has the shapes, the
// palette and the class names the theme styles).

import (
	"fmt"
	"html/template"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// Picture is a laid-out SVG picture and its text equivalent.
type Picture struct {
	// SVG is a complete <svg> element: every text escaped, no script, no
	// style element or attribute, so it passes a strict Content-Security-Policy.
	SVG template.HTML
	// Text is the text equivalent, with the same links as the SVG.
	Text Outline
	// Width and Height are the picture's size in CSS pixels (its viewBox).
	Width, Height int

	scene *scene
}

// Outline is a nested list: intent → initiatives (with status), and so on.
type Outline struct{ Items []OutlineItem }

// OutlineItem is one entry of an outline. An item without URL is a plain
// heading for its children.
type OutlineItem struct {
	Label string
	URL   string
	// Lang is the language of Label, a page's title, when it is not the
	// picture's (an untranslated page), and LangNote says so in the
	// picture's language: "in English".
	Lang, LangNote string
	Note           string // e.g. "piloting · also serves Clean air"
	Status         string // an initiative's status, for the theme's status badge
	Children       []OutlineItem
}

// URLs returns every link of the outline, in order, once each.
func (o Outline) URLs() []string {
	var out []string
	seen := map[string]bool{}
	var walk func([]OutlineItem)
	walk = func(items []OutlineItem) {
		for _, it := range items {
			if it.URL != "" && !seen[it.URL] {
				seen[it.URL] = true
				out = append(out, it.URL)
			}
			walk(it.Children)
		}
	}
	walk(o.Items)
	return out
}

// MapOptions control the portfolio's intent map.
type MapOptions struct {
	// ID is the id of the <svg> element and the prefix of the ids inside
	// it; it must be unique on the page. Default "intent-map".
	ID string
	// Compact draws the home page's version: smaller, without the system
	// and count line on each initiative and without the relations between
	// initiatives.
	Compact bool
	// Max is the number of initiatives drawn one by one; above it the map
	// draws the best-linked initiatives of each intent and an "and N more"
	// link per intent. Default 60, or 30 when Compact.
	Max int
	// Words are the counted words and legend labels in the site's
	// language; nil gives English.
	Words Words
}

// IntentMap draws the whole portfolio: intents as hubs on an ellipse,
// initiatives between the intents they serve, relations between them.
func IntentMap(pf *portfolio.Portfolio, opt MapOptions) Picture {
	if opt.ID == "" {
		opt.ID = "intent-map"
	}
	if opt.Max <= 0 {
		opt.Max = 60
		if opt.Compact {
			opt.Max = 30
		}
	}
	b := newBuilder(pf, opt.ID, opt.Compact, opt.Words)
	intents := b.intents()
	if len(intents) == 0 {
		return Picture{}
	}
	all := pf.Of(content.KindInitiative)
	if len(intents) > MaxHubs {
		intents, all = b.topIntents(intents, all)
	}
	visible := map[*content.Page]bool{}
	aggregate := len(all) > opt.Max
	if !aggregate {
		for _, p := range all {
			visible[p] = true
		}
	} else {
		per := opt.Max / len(intents)
		if per < 2 {
			per = 2
		}
		for _, in := range intents {
			for i, p := range b.ranked(b.servedBy(in)) {
				if i >= per {
					break
				}
				visible[p] = true
			}
		}
	}

	// Hubs, in reading order, each followed by the initiatives it is the
	// first intent of: this is the keyboard order and the outline's order.
	hubIdx := map[*content.Page]int{}
	hubOf := map[*content.Page]*content.Page{} // initiative → its first hub
	for _, in := range intents {
		hubIdx[in] = -1
	}
	served := map[*content.Page][]*content.Page{}
	for _, p := range all {
		if !visible[p] {
			continue
		}
		var its []*content.Page
		for _, in := range intents {
			for _, t := range pf.Targets(p, "intents") {
				if t == in {
					its = append(its, in)
				}
			}
		}
		served[p] = its
		if len(its) > 0 {
			hubOf[p] = its[0]
		}
	}
	more := map[*content.Page]int{}
	var outline []OutlineItem
	for _, in := range intents {
		hubIdx[in] = b.addHub(in, aggregate)
		item := b.pageItem(in, b.intentNote(in))
		refs := b.sorted(b.servedBy(in))
		for _, p := range refs {
			if !visible[p] {
				more[in]++
				continue
			}
			item.Children = append(item.Children, b.initiativeItem(p, in))
			if hubOf[p] == in {
				b.addCard(p, served[p])
			}
		}
		if more[in] > 0 {
			b.addMore(in, more[in])
			item.Children = append(item.Children, OutlineItem{Label: b.words.Tf("map.more", more[in]), URL: pf.URL(in),
				Note: b.moreName(in, more[in])})
		}
		outline = append(outline, item)
	}
	var orphans []OutlineItem
	for _, p := range all {
		if visible[p] && hubOf[p] == nil {
			b.addCard(p, nil)
			orphans = append(orphans, b.initiativeItem(p, nil))
		}
	}
	if len(orphans) > 0 {
		outline = append(outline, OutlineItem{Label: b.words.T("map.orphans"), Children: orphans})
	}

	// Where the hubs go: an ellipse, in the order that keeps intents that
	// share initiatives (or are parent and child) next to each other.
	n := len(intents)
	w := make([][]float64, n)
	for i := range w {
		w[i] = make([]float64, n)
	}
	pos := map[*content.Page]int{}
	for i, in := range intents {
		pos[in] = i
	}
	for _, p := range all {
		if !visible[p] {
			continue
		}
		its := served[p]
		for i := range its {
			for j := i + 1; j < len(its); j++ {
				w[pos[its[i]]][pos[its[j]]]++
				w[pos[its[j]]][pos[its[i]]]++
			}
		}
	}
	for _, in := range intents {
		for _, par := range pf.Targets(in, "parent") {
			if j, ok := pos[par]; ok {
				w[pos[in]][j] += 2
				w[j][pos[in]] += 2
			}
		}
	}
	order := orderCircle(n, w)
	sc := b.sc
	// Size: the rim must hold the hubs and their own initiatives; the
	// inside must hold the shared initiatives with room to spare.
	rim, inner := 0.0, 0.0
	for _, in := range intents {
		rim += sc.nodes[hubIdx[in]].w + 60
	}
	for _, nd := range sc.nodes {
		if nd.kind == nodeInitiative && len(nd.intent) > 1 {
			inner += (nd.w + 20) * (nd.h + 20)
		}
	}
	const aspect = 0.62
	rx := math.Max(rim/(2*math.Pi), math.Sqrt(2.2*inner/(math.Pi*aspect)))
	rx = math.Max(rx, 220)
	ry := rx * aspect
	if n == 1 {
		rx, ry = 0, 0
	}
	start := -math.Pi / 2 // the first hub at the top
	if n == 2 {
		start = math.Pi // two hubs side by side, as wide as the box they are shown in
	}
	for slot, i := range order {
		a := start + 2*math.Pi*float64(slot)/float64(n)
		h := sc.nodes[hubIdx[intents[i]]]
		h.x, h.y = rx*math.Cos(a), ry*math.Sin(a)
		h.tx, h.ty = h.x, h.y
		h.fixed = true
	}
	b.placeCards(hubIdx, intents)

	// Edges: serving, relations between drawn initiatives, intent parents.
	b.serveEdges(hubIdx, intents)
	if !opt.Compact {
		b.relationEdges()
	}
	for _, in := range intents {
		for _, par := range pf.Targets(in, "parent") {
			if j, ok := hubIdx[par]; ok {
				sc.edges = append(sc.edges, edge{a: hubIdx[in], b: j, kind: edgeParent})
			}
		}
	}
	sc.relax(160)

	title := b.words.Tf("map.title-of", b.siteTitle())
	desc := b.words.Tf("map.desc", b.words.Plural("count.intent", n), b.words.Plural("count.initiative", len(all)))
	if aggregate {
		desc = b.words.Tf("map.desc-aggregate", b.words.Plural("count.intent", n), b.words.Plural("count.initiative", len(all)), opt.Max/len(intents))
	}
	return b.picture(title, desc, Outline{Items: outline})
}

// IntentFocus draws one intent's own map: the intent at the centre, the
// initiatives serving it, the other intents they also serve, the intents
// inside it (and the one it sits in), and the initiatives related to its
// own. Words, when given, are the site's (English otherwise).
func IntentFocus(pf *portfolio.Portfolio, intent *content.Page, words ...Words) Picture {
	b := newBuilder(pf, "intent-map-"+intent.Slug, false, first(words))
	sc := b.sc
	const max = 40
	focal := b.addHub(intent, false)
	fh := sc.nodes[focal]
	fh.fixed = true
	item := b.pageItem(intent, b.intentNote(intent))

	own := b.sorted(b.servedBy(intent))
	shown := b.ranked(own)
	if len(shown) > max {
		shown = shown[:max]
	}
	isShown := map[*content.Page]bool{}
	for _, p := range shown {
		isShown[p] = true
	}
	// The other hubs: parent, children, then the other intents served.
	var others []*content.Page
	addOther := func(p *content.Page) {
		if p != intent && !slices.Contains(others, p) {
			others = append(others, p)
		}
	}
	for _, p := range pf.Targets(intent, "parent") {
		addOther(p)
	}
	children := pf.Referrers(intent, content.KindIntent, "parent")
	for _, p := range children {
		addOther(p)
	}
	for _, p := range own {
		if isShown[p] {
			for _, t := range pf.Targets(p, "intents") {
				addOther(t)
			}
		}
	}
	hubIdx := map[*content.Page]int{intent: focal}
	var hidden int
	for _, p := range own {
		if !isShown[p] {
			hidden++
			continue
		}
		item.Children = append(item.Children, b.initiativeItem(p, intent))
		var its []*content.Page
		its = append(its, intent)
		for _, t := range pf.Targets(p, "intents") {
			if t != intent {
				its = append(its, t)
			}
		}
		b.addCard(p, its)
	}
	if hidden > 0 {
		b.addMore(intent, hidden)
		item.Children = append(item.Children, OutlineItem{Label: b.words.Tf("map.more", hidden), URL: pf.URL(intent)})
	}
	outline := []OutlineItem{item}

	// Related initiatives that do not serve this intent.
	var rel []OutlineItem
	for _, p := range shown {
		for _, r := range pf.RelatedOf(p) {
			if _, drawn := b.idx[r.Page]; isShown[r.Page] || drawn || len(rel) >= 24 {
				continue
			}
			isShown[r.Page] = true
			b.addCard(r.Page, nil)
			rel = append(rel, b.initiativeItem(r.Page, nil))
		}
	}
	var hubs []OutlineItem
	for _, o := range others {
		hubIdx[o] = b.addHub(o, false)
		sc.nodes[hubIdx[o]].fixed = true
		note := b.words.T("map.focus.also-served")
		switch {
		case slices.Contains(children, o):
			note = b.words.T("map.focus.child")
		case slices.Contains(pf.Targets(intent, "parent"), o):
			note = b.words.T("map.focus.parent")
		}
		hubs = append(hubs, b.pageItem(o, note))
	}
	if len(hubs) > 0 {
		outline = append(outline, OutlineItem{Label: b.words.T("map.connected"), Children: hubs})
	}
	if len(rel) > 0 {
		outline = append(outline, OutlineItem{Label: b.words.T("map.related"), Children: rel})
	}

	// Other hubs on an ellipse around the focal one, ordered to keep those
	// sharing initiatives together.
	n := len(others)
	w := make([][]float64, n)
	for i := range w {
		w[i] = make([]float64, n)
	}
	for _, p := range shown {
		ts := pf.Targets(p, "intents")
		for i := range ts {
			for j := range ts {
				a, ok1 := indexOf(others, ts[i])
				c, ok2 := indexOf(others, ts[j])
				if ok1 && ok2 && a != c {
					w[a][c]++
				}
			}
		}
	}
	order := orderCircle(n, w)
	area := 0.0
	for _, nd := range sc.nodes {
		if nd.kind != nodeIntent {
			area += (nd.w + 20) * (nd.h + 20)
		}
	}
	rx := math.Max(260, math.Sqrt(2.4*area/(math.Pi*0.62)))
	ry := rx * 0.62
	for slot, i := range order {
		a := -math.Pi/2 + 2*math.Pi*float64(slot)/float64(n)
		h := sc.nodes[hubIdx[others[i]]]
		h.x, h.y = rx*math.Cos(a), ry*math.Sin(a)
		h.tx, h.ty = h.x, h.y
	}
	all := append([]*content.Page{intent}, others...)
	b.placeCards(hubIdx, all)
	b.serveEdges(hubIdx, all)
	b.relationEdges()
	for _, c := range children {
		sc.edges = append(sc.edges, edge{a: hubIdx[c], b: focal, kind: edgeParent})
	}
	for _, p := range pf.Targets(intent, "parent") {
		sc.edges = append(sc.edges, edge{a: focal, b: hubIdx[p], kind: edgeParent})
	}
	sc.relax(160)
	desc := b.words.Tf("map.focus.desc", intent.Title, b.words.Plural("count.initiative", len(own)))
	return b.picture(b.words.Tf("map.focus.title", intent.Title), desc, Outline{Items: outline})
}

// EgoMap draws an initiative with its neighbourhood: the intents it
// serves, the initiatives related to it (told apart by relation type) and
// its learnings. Words, when given, are the site's (English otherwise).
func EgoMap(pf *portfolio.Portfolio, initiative *content.Page, words ...Words) Picture {
	b := newBuilder(pf, "ego-map-"+initiative.Slug, false, first(words))
	sc := b.sc
	intents := pf.Targets(initiative, "intents")
	self := b.addCard(initiative, intents)
	sc.nodes[self].focus = true
	sc.nodes[self].fixed = true
	item := b.pageItem(initiative, b.initiativeNote(initiative, nil))
	item.Status = initiative.Status

	var around []int
	var serves, related, learned []OutlineItem
	hubIdx := map[*content.Page]int{}
	for _, in := range intents {
		hubIdx[in] = b.addHub(in, false)
		around = append(around, hubIdx[in])
		serves = append(serves, b.pageItem(in, ""))
	}
	for _, r := range pf.RelatedOf(initiative) {
		i := b.addCard(r.Page, nil)
		around = append(around, i)
		it := b.initiativeItem(r.Page, nil)
		it.Note = b.relationPhrase(r.Relation, r.Inverse) + " · " + it.Note
		related = append(related, it)
	}
	for _, l := range pf.Referrers(initiative, content.KindLearning, "initiatives") {
		i := b.addLearning(l)
		around = append(around, i)
		sc.edges = append(sc.edges, edge{a: i, b: self, kind: edgeLearning})
		learned = append(learned, b.pageItem(l, b.learningNote(l)))
	}
	if len(serves) > 0 {
		item.Children = append(item.Children, OutlineItem{Label: b.words.T("map.ego.serves"), Children: serves})
	}
	if len(related) > 0 {
		item.Children = append(item.Children, OutlineItem{Label: b.words.T("map.related"), Children: related})
	}
	if len(learned) > 0 {
		item.Children = append(item.Children, OutlineItem{Label: b.words.T("map.ego.learnings"), Children: learned})
	}
	// Neighbours around an ellipse: intents at the top, related initiatives
	// next, learnings at the bottom.
	area := 0.0
	for _, i := range around {
		area += (sc.nodes[i].w + 30) * (sc.nodes[i].h + 30)
	}
	rx := math.Max(240, math.Sqrt(1.6*area/(math.Pi*0.55)))
	ry := rx * 0.55
	k := len(around)
	for j, i := range around {
		a := -math.Pi/2 + 2*math.Pi*(float64(j)-float64(len(intents)-1)/2)/float64(k)
		nd := sc.nodes[i]
		nd.x, nd.y = rx*math.Cos(a), ry*math.Sin(a)
		nd.tx, nd.ty = nd.x, nd.y
		if nd.kind == nodeIntent {
			nd.fixed = true
		}
	}
	for _, in := range intents {
		sc.edges = append(sc.edges, edge{a: self, b: hubIdx[in], kind: edgeServes, color: sc.nodes[hubIdx[in]].color})
	}
	b.relationEdges()
	sc.relax(120)
	desc := b.words.Tf("map.ego.desc", initiative.Title, b.words.Plural("count.intent", len(intents)),
		b.words.Plural("count.related-initiative", len(related)), b.words.Plural("count.learning", len(learned)))
	return b.picture(b.words.Tf("map.ego.title", initiative.Title), desc, Outline{Items: []OutlineItem{item}})
}

// builder collects a scene's nodes and what they stand for.
type builder struct {
	pf      *portfolio.Portfolio
	id      string
	compact bool
	sc      *scene
	idx     map[*content.Page]int // node of an initiative card
	rank    map[string]int        // status order
	systems *systemPalette
	shared  *shared
	words   Words
}

// servedBy returns the initiatives that serve intent in (a shared slice).
func (b *builder) servedBy(in *content.Page) []*content.Page { return b.shared.servedBy(b.pf, in) }

func newBuilder(pf *portfolio.Portfolio, id string, compact bool, w Words) *builder {
	b := &builder{pf: pf, id: id, compact: compact, words: first([]Words{w}), sc: &scene{}, idx: map[*content.Page]int{}, rank: map[string]int{}}
	for i, s := range b.statuses() {
		b.rank[s] = i
	}
	b.shared = sharedOf(pf)
	b.systems = b.shared.palette
	return b
}

func (b *builder) statuses() []string {
	if b.pf.Config != nil && len(b.pf.Config.Statuses) > 0 {
		return b.pf.Config.Statuses
	}
	return []string{"idea", "exploring", "prototyping", "piloting", "scaling", "embedded", "paused", "stopped", "completed"}
}

func (b *builder) siteTitle() string {
	if b.pf.Config != nil && b.pf.Config.Title != "" {
		return b.pf.Config.Title
	}
	return b.words.T("map.the-portfolio")
}

// intents returns the intents in reading order: weight, then title.
func (b *builder) intents() []*content.Page {
	ps := append([]*content.Page(nil), b.pf.Of(content.KindIntent)...)
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Weight != ps[j].Weight {
			return ps[i].Weight < ps[j].Weight
		}
		return ps[i].Title < ps[j].Title
	})
	return ps
}

// MaxHubs is the most intents the portfolio map draws. A portfolio with more
// is drawn by its most-served intents; every intent keeps its own map on its
// page, and the lists of intents and initiatives name them all.
const MaxHubs = 24

// topIntents keeps the MaxHubs intents served by the most initiatives (ties
// in reading order) and the initiatives that serve at least one of them.
func (b *builder) topIntents(intents, all []*content.Page) ([]*content.Page, []*content.Page) {
	served := map[*content.Page]int{}
	for _, p := range all {
		for _, in := range b.pf.Targets(p, "intents") {
			served[in]++
		}
	}
	ranked := append([]*content.Page(nil), intents...)
	sort.SliceStable(ranked, func(i, j int) bool { return served[ranked[i]] > served[ranked[j]] })
	keep := map[*content.Page]bool{}
	for _, in := range ranked[:MaxHubs] {
		keep[in] = true
	}
	var kept []*content.Page
	for _, in := range intents {
		if keep[in] {
			kept = append(kept, in)
		}
	}
	var inits []*content.Page
	for _, p := range all {
		for _, in := range b.pf.Targets(p, "intents") {
			if keep[in] {
				inits = append(inits, p)
				break
			}
		}
	}
	return kept, inits
}

// sorted orders initiatives by status, then title, like the intent page.
func (b *builder) sorted(ps []*content.Page) []*content.Page {
	out := append([]*content.Page(nil), ps...)
	sort.SliceStable(out, func(i, j int) bool {
		if b.rank[out[i].Status] != b.rank[out[j].Status] {
			return b.rank[out[i].Status] < b.rank[out[j].Status]
		}
		if out[i].Title != out[j].Title {
			return out[i].Title < out[j].Title
		}
		return out[i].Slug < out[j].Slug
	})
	return out
}

// ranked orders initiatives by how well linked they are (learnings,
// decisions, stories, relations), then title.
func (b *builder) ranked(ps []*content.Page) []*content.Page {
	out := append([]*content.Page(nil), ps...)
	score := map[*content.Page]int{}
	for _, p := range out {
		l, d, s := b.counts(p)
		score[p] = l + d + s + len(b.pf.RelatedOf(p))
	}
	sort.SliceStable(out, func(i, j int) bool {
		if score[out[i]] != score[out[j]] {
			return score[out[i]] > score[out[j]]
		}
		if out[i].Title != out[j].Title {
			return out[i].Title < out[j].Title
		}
		return out[i].Slug < out[j].Slug
	})
	return out
}

// counts returns the numbers of learnings, decisions and stories about p.
// The pictures of a portfolio ask for them many times per initiative:
// they are worked out once (see shared).
func (b *builder) counts(p *content.Page) (l, d, s int) {
	c := b.shared.counts(b.pf, p)
	return c[0], c[1], c[2]
}

func (b *builder) nextID() string { return "n" + strconv.Itoa(len(b.sc.nodes)) }

// addHub adds an intent's hub and returns its index.
func (b *builder) addHub(in *content.Page, withCounts bool) int {
	refs := b.servedBy(in)
	n := &node{kind: nodeIntent, id: b.nextID(), url: b.pf.URL(in), slug: in.Slug, intent: []string{in.Slug},
		lines: wrap(in.Title, 22), size: 14, bold: true, color: intentColor(b.pf, in)}
	if b.compact {
		n.size = 13
	}
	n.meta = b.words.Plural("count.initiative", len(refs))
	n.name = b.words.Tf("map.hub.name", in.Title, n.meta)
	defer b.foreign(n, in)
	if withCounts {
		for _, st := range b.statuses() {
			c := 0
			for _, p := range refs {
				if p.Status == st {
					c++
				}
			}
			if c > 0 {
				n.counts = append(n.counts, statusCount{st, c})
				n.name += ", " + b.words.Tf("map.hub.status-count", c, word(b.words, "status", st))
			}
		}
	}
	tw := 0.0
	for _, l := range n.lines {
		tw = math.Max(tw, textWidth(l, n.size, true))
	}
	tw = math.Max(tw, textWidth(n.meta, 11, false))
	cw := 0.0
	for _, c := range n.counts {
		cw += 18 + textWidth(fmt.Sprint(c.n), 11, false) + 8
	}
	tw = math.Max(tw, cw)
	n.w = math.Ceil(tw + 24)
	n.h = 10 + float64(len(n.lines))*(n.size+3) + 15 + 6
	if len(n.counts) > 0 {
		n.h += 18
	}
	b.sc.nodes = append(b.sc.nodes, n)
	return len(b.sc.nodes) - 1
}

// addCard adds an initiative's card, serving the given intents (those drawn).
func (b *builder) addCard(p *content.Page, intents []*content.Page) int {
	l, d, s := b.counts(p)
	n := &node{kind: nodeInitiative, id: b.nextID(), url: b.pf.URL(p), slug: p.Slug, status: p.Status,
		lines: wrap(p.Title, 24), size: 13, bold: true}
	if b.compact {
		n.lines = wrap(p.Title, 22)
		n.size = 12
	}
	for _, in := range b.pf.Targets(p, "intents") {
		n.intent = append(n.intent, in.Slug)
	}
	for _, sys := range p.Systems {
		if s := content.Slugify(sys); s != "" && !slices.Contains(n.system, s) {
			n.system = append(n.system, s)
		}
	}
	sysName := ""
	if len(p.Systems) > 0 {
		sysName = p.Systems[0]
	}
	n.color = b.systems.color(sysName)
	var parts []string
	if sysName != "" {
		parts = append(parts, sysName)
	}
	if c := b.countWords(l, d, s, " · "); c != "" {
		parts = append(parts, c)
	}
	if !b.compact {
		n.meta = strings.Join(parts, " · ")
	}
	n.name = b.initiativeName(p)
	b.foreign(n, p)
	tw := 0.0
	for _, ln := range n.lines {
		tw = math.Max(tw, textWidth(ln, n.size, true))
	}
	if n.meta != "" {
		tw = math.Max(tw, textWidth(n.meta, 11, false))
	}
	n.w = math.Ceil(tw + 36)
	n.h = 8 + float64(len(n.lines))*(n.size+3) + 6
	if n.meta != "" {
		n.h += 14
	}
	n.h = math.Max(n.h, 28)
	b.sc.nodes = append(b.sc.nodes, n)
	b.idx[p] = len(b.sc.nodes) - 1
	return len(b.sc.nodes) - 1
}

// addMore adds the "and N more" link of an intent.
func (b *builder) addMore(in *content.Page, count int) int {
	n := &node{kind: nodeMore, id: b.nextID(), url: b.pf.URL(in), slug: in.Slug, intent: []string{in.Slug},
		lines: []string{b.words.Tf("map.more-arrow", count)}, size: 12, color: intentColor(b.pf, in)}
	n.name = b.moreName(in, count)
	n.w = math.Ceil(textWidth(n.lines[0], 12, false) + 24)
	n.h = 28
	b.sc.nodes = append(b.sc.nodes, n)
	return len(b.sc.nodes) - 1
}

// addLearning adds a learning's card.
func (b *builder) addLearning(l *content.Page) int {
	n := &node{kind: nodeLearning, id: b.nextID(), url: b.pf.URL(l), slug: l.Slug, lines: wrap(l.Title, 26), size: 12, meta: b.learningNote(l)}
	n.name = b.words.Tf("map.learning.name", l.Title, n.meta)
	b.foreign(n, l)
	tw := textWidth(n.meta, 11, false)
	for _, ln := range n.lines {
		tw = math.Max(tw, textWidth(ln, n.size, false))
	}
	n.w = math.Ceil(tw + 34)
	n.h = 8 + float64(len(n.lines))*(n.size+3) + 14 + 6
	b.sc.nodes = append(b.sc.nodes, n)
	return len(b.sc.nodes) - 1
}

func (b *builder) learningNote(l *content.Page) string {
	parts := []string{b.words.T("map.learning.word")}
	if l.Type != "" {
		parts = append(parts, word(b.words, "ltype", l.Type))
	}
	if !l.Date.IsZero() {
		parts = append(parts, b.words.MonthShort(l.Date.Time))
	}
	return strings.Join(parts, " · ")
}

// moreName names the link to the initiatives of an intent not drawn.
func (b *builder) moreName(in *content.Page, count int) string {
	return b.words.Tf("map.more-name", b.words.Plural("count.more-initiative", count), in.Title)
}

// initiativeName is a card's accessible name: "Bike library — scaling —
// serves Clean air, Active mobility — 2 learnings, 1 decision, no stories — transport, health".
func (b *builder) initiativeName(p *content.Page) string {
	var its []string
	for _, in := range b.pf.Targets(p, "intents") {
		its = append(its, in.Title)
	}
	parts := []string{p.Title, word(b.words, "status", p.Status)}
	if len(its) > 0 {
		parts = append(parts, b.words.Tf("map.card.serves", strings.Join(its, ", ")))
	}
	l, d, s := b.counts(p)
	if c := b.countWords(l, d, s, ", "); c != "" {
		parts = append(parts, c)
	}
	if len(p.Systems) > 0 {
		parts = append(parts, strings.Join(p.Systems, ", "))
	}
	return strings.Join(parts, " — ")
}

// initiativeItem is an initiative's outline entry, under intent (or none).
func (b *builder) initiativeItem(p *content.Page, under *content.Page) OutlineItem {
	it := b.pageItem(p, b.initiativeNote(p, under))
	it.Status = p.Status
	return it
}

// pageItem is a page's outline entry, its title marked when the page is in
// another language than the picture's.
func (b *builder) pageItem(p *content.Page, note string) OutlineItem {
	it := OutlineItem{Label: p.Title, URL: b.pf.URL(p), Note: note}
	if b.pf.Foreign(p) {
		it.Lang, it.LangNote = p.Lang, b.inLanguage(p.Lang)
	}
	return it
}

// inLanguage says that a page is in another language: "in English".
func (b *builder) inLanguage(code string) string { return inLanguage(b.words, code) }

func inLanguage(w Words, code string) string { return w.Tf("lang.in", w.LanguageName(code)) }

// foreign marks a node of a page in another language than the picture's:
// its title's language, and a note in its accessible name.
func (b *builder) foreign(n *node, p *content.Page) {
	if b.pf.Foreign(p) {
		n.lang = p.Lang
		n.name += " (" + b.inLanguage(p.Lang) + ")"
	}
}

func (b *builder) initiativeNote(p *content.Page, under *content.Page) string {
	parts := []string{word(b.words, "status", p.Status)}
	var also []string
	for _, in := range b.pf.Targets(p, "intents") {
		if in != under {
			also = append(also, in.Title)
		}
	}
	if len(also) > 0 {
		key := "map.card.serves"
		if under != nil {
			key = "map.card.also-serves"
		}
		parts = append(parts, b.words.Tf(key, strings.Join(also, ", ")))
	}
	l, d, s := b.counts(p)
	if c := b.countWords(l, d, s, ", "); c != "" {
		parts = append(parts, c)
	}
	return strings.Join(parts, " · ")
}

func (b *builder) intentNote(in *content.Page) string {
	n := len(b.servedBy(in))
	note := b.words.Plural("count.initiative", n)
	for _, par := range b.pf.Targets(in, "parent") {
		note += " · " + b.words.Tf("map.inside", par.Title)
	}
	return note
}

// placeCards sets every card's ideal and first position from the hubs it
// serves: the centroid of two or more hubs; outside its one hub, away from
// the centre; the centre when it serves none drawn.
func (b *builder) placeCards(hubIdx map[*content.Page]int, hubs []*content.Page) {
	sc := b.sc
	slug := map[string]int{}
	for _, h := range hubs {
		slug[h.Slug] = hubIdx[h]
	}
	seen := map[string]int{} // how many cards already aim at the same spot
	for _, n := range sc.nodes {
		if n.kind != nodeInitiative && n.kind != nodeMore || n.fixed {
			continue
		}
		var at []*node
		for _, s := range n.intent {
			if i, ok := slug[s]; ok {
				at = append(at, sc.nodes[i])
			}
		}
		key := strings.Join(n.intent, " ")
		k := seen[key]
		seen[key]++
		switch {
		case len(at) == 0:
			n.tx, n.ty = 0, 0
		case len(at) == 1:
			h := at[0]
			dx, dy := h.x, h.y
			l := math.Hypot(dx, dy)
			if l < 1e-9 {
				// The hub is at the centre: a ring around it.
				a := -math.Pi/2 + float64(k)*2.39996 // golden angle
				dx, dy, l = math.Cos(a), math.Sin(a), 1
			}
			dx, dy = dx/l, dy/l
			ext := math.Abs(dx)*(h.w+n.w)/2 + math.Abs(dy)*(h.h+n.h)/2 + 24
			if n.kind == nodeMore {
				ext += 40
			}
			n.tx, n.ty = h.x+dx*ext, h.y+dy*ext
		default:
			for _, h := range at {
				n.tx += h.x
				n.ty += h.y
			}
			n.tx /= float64(len(at))
			n.ty /= float64(len(at))
		}
		// Start stacked, so the separation opens the stack in a column.
		dir := 1.0
		if n.ty < 0 {
			dir = -1
		}
		n.x = n.tx + float64(k%3-1)*8
		n.y = n.ty + dir*float64(k)*(n.h+10)
	}
	// Related initiatives that serve none of the hubs go beside a card they relate to.
	for _, n := range sc.nodes {
		if n.kind != nodeInitiative || n.fixed || n.tx != 0 || n.ty != 0 || len(sc.nodes) == 0 {
			continue
		}
		p := b.pf.Page(content.KindInitiative, n.slug)
		if p == nil {
			continue
		}
		for _, r := range b.pf.RelatedOf(p) {
			j, ok := b.idx[r.Page]
			if !ok || sc.nodes[j] == n || sc.nodes[j].tx == 0 && sc.nodes[j].ty == 0 {
				continue
			}
			m := sc.nodes[j]
			l := math.Hypot(m.tx, m.ty)
			if l < 1e-9 {
				continue
			}
			n.tx, n.ty = m.tx+m.tx/l*(n.w+m.w)/2, m.ty+m.ty/l*(n.h+m.h+40)
			n.x, n.y = n.tx, n.ty
			break
		}
	}
}

// serveEdges joins every card to the hubs drawn that it serves.
func (b *builder) serveEdges(hubIdx map[*content.Page]int, hubs []*content.Page) {
	sc := b.sc
	for i, n := range sc.nodes {
		if n.kind != nodeInitiative && n.kind != nodeMore {
			continue
		}
		for _, s := range n.intent {
			for _, h := range hubs {
				if h.Slug == s {
					sc.edges = append(sc.edges, edge{a: i, b: hubIdx[h], kind: edgeServes, color: sc.nodes[hubIdx[h]].color})
				}
			}
		}
	}
}

// relationEdges draws the relations between initiatives that are drawn,
// once per pair and relation, from the side that declared it.
func (b *builder) relationEdges() {
	sc := b.sc
	type key struct {
		a, b int
		rel  string
	}
	seen := map[key]bool{}
	for i, n := range sc.nodes {
		if n.kind != nodeInitiative {
			continue
		}
		p := b.pf.Page(content.KindInitiative, n.slug)
		for _, e := range b.pf.Out(p) {
			if e.Field != "related.to" {
				continue
			}
			j, ok := b.idx[e.To]
			if !ok {
				continue
			}
			lo, hi := i, j
			if lo > hi {
				lo, hi = hi, lo
			}
			rel := e.Relation
			if rel == "" {
				rel = "related"
			}
			// A pair joined twice with the same relation is drawn once,
			// and so is an unqualified relation beside a qualified one.
			if seen[key{lo, hi, rel}] || rel == "related" && seen[key{lo, hi, "*"}] {
				continue
			}
			seen[key{lo, hi, rel}] = true
			seen[key{lo, hi, "*"}] = true
			sc.edges = append(sc.edges, edge{a: i, b: j, kind: edgeRelation, rel: rel, bend: 0.18})
		}
	}
}

// relationPhrase says how a relation reads from the page that shows it:
// map.relation.<rel>, or map.relation.<rel>.inverse seen from the other
// side.
func (b *builder) relationPhrase(rel string, inverse bool) string {
	if rel == "" {
		rel = "related"
	}
	key := "map.relation." + rel
	if inverse && has(b.words, key+".inverse") {
		key += ".inverse"
	}
	if has(b.words, key) {
		return b.words.T(key)
	}
	return strings.ReplaceAll(rel, "-", " ")
}

func indexOf(list []*content.Page, p *content.Page) (int, bool) {
	for i, q := range list {
		if q == p {
			return i, true
		}
	}
	return -1, false
}
