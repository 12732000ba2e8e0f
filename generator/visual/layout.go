package visual

import (
	"math"
	"strings"
	"unicode/utf8"
)

// The layout works on a scene: boxes (intent hubs and initiative cards) with
// an ideal position each, and the edges between them. Positions come from
// the structure of the portfolio (hubs on an ellipse in an order that keeps
// related intents side by side, cards at the centroid of the hubs they
// serve); then a fixed number of relaxation steps pull every free box
// towards its ideal position while pushing overlapping boxes apart and
// boxes off edges they do not belong to; a last pass removes every
// remaining overlap. Nothing is random and nothing depends on map order, so
// the same portfolio always gives the same coordinates.

// nodeKind is what a box shows.
type nodeKind int

const (
	nodeIntent nodeKind = iota
	nodeInitiative
	nodeMore // "and 43 more": a link to an intent's page
	nodeLearning
)

// node is one box of the picture, placed by its centre.
type node struct {
	kind   nodeKind
	id     string // "n3": data-node, and the edges' data-from/data-to
	url    string
	name   string   // accessible name
	lines  []string // visible label, wrapped
	meta   string   // second, smaller line: system and counts
	size   float64  // font size of lines
	bold   bool
	status string // initiative status
	slug   string
	intent []string // slugs of the intents it serves (filters)
	system []string // system slugs (filters)
	color  string   // hub fill, card stripe
	focus  bool     // the ego map's own initiative
	counts []statusCount
	lang   string // the language of its title, when not the picture's

	w, h   float64
	x, y   float64 // centre
	tx, ty float64 // ideal centre
	fixed  bool
}

// langAttr marks the title of a node in another language than the
// picture's (an untranslated page): ` lang="en"`.
func (n *node) langAttr() string {
	if n.lang == "" {
		return ""
	}
	return ` lang="` + esc(n.lang) + `"`
}

type statusCount struct {
	status string
	n      int
}

func (n *node) box() rect { return rect{n.x - n.w/2, n.y - n.h/2, n.w, n.h} }

// edgeKind is what an edge means.
type edgeKind int

const (
	edgeServes   edgeKind = iota // initiative → intent
	edgeRelation                 // initiative → initiative, qualified by rel
	edgeParent                   // intent → parent intent
	edgeLearning                 // learning → initiative
)

type edge struct {
	a, b  int // node indexes; a is the declaring side
	kind  edgeKind
	rel   string // relation type for edgeRelation
	color string
	bend  float64 // curvature of relation edges, as a share of the length
}

type scene struct {
	nodes []*node
	edges []edge
	cx    float64 // centre of the hub ellipse
	cy    float64
}

type point struct{ x, y float64 }

type rect struct{ x, y, w, h float64 }

// overlaps reports whether two rectangles share area, with gap added around a.
func (a rect) overlaps(b rect, gap float64) bool {
	return a.x-gap < b.x+b.w && b.x < a.x+a.w+gap && a.y-gap < b.y+b.h && b.y < a.y+a.h+gap
}

// textWidth estimates the width of s set in a sans-serif face at size px.
// The per-glyph widths are those of Helvetica/Arial rounded up, with a
// margin for wider faces (DejaVu Sans) so that labels stay inside their boxes.
func textWidth(s string, size float64, bold bool) float64 {
	em := 0.0
	for _, r := range s {
		if r < utf8.RuneSelf {
			em += asciiEm[r]
			continue
		}
		em += runeEm(r)
	}
	if bold {
		em *= 1.12
	}
	return em * size * 1.06
}

// runeEm is the width of a glyph in ems.
func runeEm(r rune) float64 {
	switch {
	case strings.ContainsRune("ijl.,:;'|!", r):
		return 0.28
	case strings.ContainsRune("ftrI()[]- ", r):
		return 0.36
	case r == 'm' || r == 'w':
		return 0.86
	case r == 'M' || r == 'W':
		return 0.94
	case r >= 'A' && r <= 'Z':
		return 0.70
	case r >= '0' && r <= '9':
		return 0.60
	case r == '—' || r == '…':
		return 1.0
	case r == '·':
		return 0.36
	case r < utf8.RuneSelf:
		return 0.58
	}
	return 0.66
}

// asciiEm holds runeEm of the ASCII glyphs.
var asciiEm = func() (t [utf8.RuneSelf]float64) {
	for r := range t {
		t[r] = runeEm(rune(r))
	}
	return t
}()

// wrap breaks s into lines of at most max runes, at spaces, and at most
// three lines; a longer text ends with an ellipsis.
func wrap(s string, max int) []string {
	words := strings.Fields(s)
	var lines []string
	cur := ""
	for _, w := range words {
		switch {
		case cur == "":
			cur = w
		case utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(w) <= max:
			cur += " " + w
		default:
			lines = append(lines, cur)
			cur = w
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	if len(lines) > 3 {
		lines = append(lines[:2], lines[2]+"…")
	}
	return lines
}

// orderCircle returns the order of n hubs around the ellipse that keeps
// strongly connected hubs close: it minimises the sum over pairs of
// weight × distance around the circle. Exhaustive up to 8 hubs (the first
// hub stays first, so rotations are not tried twice), then pairwise swaps
// until no swap improves. Ties keep the earliest order found.
func orderCircle(n int, w [][]float64) []int {
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	if n <= 3 {
		return order
	}
	cost := func(o []int) float64 {
		c := 0.0
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				d := j - i
				if n-d < d {
					d = n - d
				}
				c += w[o[i]][o[j]] * float64(d*d)
			}
		}
		return c
	}
	best := append([]int(nil), order...)
	bestCost := cost(order)
	if n <= 8 {
		perm := append([]int(nil), order...)
		var rec func(k int)
		rec = func(k int) {
			if k == n {
				if c := cost(perm); c < bestCost-1e-9 {
					bestCost = c
					copy(best, perm)
				}
				return
			}
			for i := k; i < n; i++ {
				perm[k], perm[i] = perm[i], perm[k]
				rec(k + 1)
				perm[k], perm[i] = perm[i], perm[k]
			}
		}
		rec(1)
		return best
	}
	if n > maxSwapHubs {
		return greedyCircle(n, w)
	}
	// Pairwise swaps, each judged by the full cost: O(n⁴) a pass, so only
	// for a few dozen hubs and a bounded number of passes.
	for pass, improved := 0, true; improved && pass < 4; pass++ {
		improved = false
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				best[i], best[j] = best[j], best[i]
				if c := cost(best); c < bestCost-1e-9 {
					bestCost = c
					improved = true
				} else {
					best[i], best[j] = best[j], best[i]
				}
			}
		}
	}
	return best
}

// maxSwapHubs is the most hubs ordered by pairwise swaps; more are ordered
// greedily.
const maxSwapHubs = 24

// greedyCircle orders many hubs in O(n²): start from the most connected hub
// and keep appending the unplaced hub most connected to the last one placed
// (ties to the lowest index), so strongly linked hubs end up neighbours.
func greedyCircle(n int, w [][]float64) []int {
	placed := make([]bool, n)
	order := make([]int, 0, n)
	start, bestSum := 0, -1.0
	for i := 0; i < n; i++ {
		sum := 0.0
		for j := 0; j < n; j++ {
			sum += w[i][j]
		}
		if sum > bestSum {
			start, bestSum = i, sum
		}
	}
	order = append(order, start)
	placed[start] = true
	for len(order) < n {
		last := order[len(order)-1]
		next, nextW := -1, -1.0
		for j := 0; j < n; j++ {
			if !placed[j] && w[last][j] > nextW {
				next, nextW = j, w[last][j]
			}
		}
		order = append(order, next)
		placed[next] = true
	}
	return order
}

// relax moves the free nodes: steps of attraction to their ideal position,
// separation of overlapping boxes and pushing boxes off edges that pass
// under them, then a separation-only pass until nothing overlaps.
func (s *scene) relax(steps int) {
	const gap = 10.0
	// The steps work on a compact copy of the boxes, written back at the end.
	bs := make([]body, len(s.nodes))
	for i, n := range s.nodes {
		bs[i] = body{x: n.x, y: n.y, w: n.w, h: n.h, tx: n.tx, ty: n.ty, fixed: n.fixed}
	}
	var g boxGrid
	atRest := 0 // steps in a row that left every free box at its ideal centre
	for it := 0; it < steps; it++ {
		pull := 0.12 * (1 - float64(it)/float64(steps))
		for i := range bs {
			if b := &bs[i]; !b.fixed {
				b.x += (b.tx - b.x) * pull
				b.y += (b.ty - b.y) * pull
			}
		}
		// The grid follows the pull; fitting it anew now and then keeps
		// its cells about the size of the boxes where they are.
		if it%8 == 0 {
			g.fit(bs, gap)
		} else {
			g.refresh(bs)
		}
		if it%2 == 1 {
			s.clearEdges(bs, &g, 0.5)
		}
		separate(bs, &g, gap, 0.6)
		// With every free box at its ideal centre the pull does nothing, so
		// a step does the same whatever its number but for its parity
		// (edges are cleared every other step). Once three steps in a row
		// have ended there, the last two, one of each parity, left the
		// boxes where they were, and so would every later step: the loop
		// ends, with the same result.
		if atIdeal(bs) {
			if atRest++; atRest == 3 {
				break
			}
		} else {
			atRest = 0
		}
	}
	// Then the separation alone, until nothing overlaps. It may not get
	// there: boxes squeezed between others are pushed to and fro for
	// ever, and a column of boxes pressed together creeps apart by
	// hundredths of a pixel a pass. So the passes also end once one moves
	// no box by more than settled, the resolution of the drawing; escape
	// then finds a place for every box that still overlaps.
	const settled = 0.1
	before := make([]point, len(bs))
	g.fit(bs, gap)
	for i := 0; i < 400; i++ {
		for k := range bs {
			before[k] = point{bs[k].x, bs[k].y}
		}
		if !separate(bs, &g, gap, 1) || largestMove(bs, before) <= settled {
			break
		}
	}
	escape(bs, &g, gap)
	for i, n := range s.nodes {
		n.x, n.y = bs[i].x, bs[i].y
	}
	s.chooseBends()
}

// atIdeal reports whether every free box is exactly at its ideal centre.
func atIdeal(bs []body) bool {
	for i := range bs {
		if b := &bs[i]; !b.fixed && (b.x != b.tx || b.y != b.ty) {
			return false
		}
	}
	return true
}

// body is a node's box as the relaxation moves it.
type body struct {
	x, y, w, h float64 // centre and size
	tx, ty     float64 // ideal centre
	fixed      bool
}

func (b *body) box() rect { return rect{b.x - b.w/2, b.y - b.h/2, b.w, b.h} }

// escape moves every box that still overlaps another (when the separation
// did not settle, boxes squeezed between fixed hubs) to the nearest free
// spot on a spiral around it; the spiral grows until it finds one.
// The grid g must know where the boxes are.
func escape(bs []body, g *boxGrid, gap float64) {
	free := func(i int) bool {
		r := bs[i].box()
		g.near(i)
		for j := g.next(0); j >= 0; j = g.next(j + 1) {
			if j != i && r.overlaps(bs[j].box(), gap/2) {
				return false
			}
		}
		return true
	}
	for i := range bs {
		n := &bs[i]
		if n.fixed || free(i) {
			continue
		}
		x0, y0 := n.x, n.y
		for k := 1; k < 100000; k++ {
			a := float64(k) * 0.5
			r := 4 * math.Sqrt(float64(k)) * 3
			n.x, n.y = x0+r*math.Cos(a), y0+r*0.6*math.Sin(a)
			g.moved(i, n)
			if free(i) {
				break
			}
		}
	}
}

// separate pushes every overlapping pair of boxes apart along the axis of
// least overlap, by share of that overlap; it reports whether any overlapped.
// Pairs are taken in index order; the grid g, which must know where the
// boxes are, leaves out the pairs that cannot overlap, which changes
// nothing. The grid follows the boxes that separate moves.
func separate(bs []body, g *boxGrid, gap, share float64) bool {
	moved := false
	for i := range bs {
		a := &bs[i]
		g.near(i)
		for j := i + 1; j < len(bs); j++ {
			if !g.one {
				if j = g.next(j); j < 0 {
					break
				}
			}
			b := &bs[j]
			if a.fixed && b.fixed {
				continue
			}
			dx := b.x - a.x
			dy := b.y - a.y
			ox := (a.w+b.w)/2 + gap - math.Abs(dx)
			oy := (a.h+b.h)/2 + gap - math.Abs(dy)
			if ox <= 0 || oy <= 0 {
				continue
			}
			moved = true
			// Move along the cheaper axis; wide boxes make vertical moves
			// cheaper, which keeps clusters compact.
			var mx, my float64
			if ox < oy*1.0 {
				mx = ox * sign(dx, i, j) * share
			} else {
				my = oy * sign(dy, i, j) * share
			}
			switch {
			case a.fixed:
				b.x += mx
				b.y += my
			case b.fixed:
				a.x -= mx
				a.y -= my
			default:
				a.x -= mx / 2
				a.y -= my / 2
				b.x += mx / 2
				b.y += my / 2
			}
			g.moved(j, b)
			if !a.fixed {
				// Box a has other neighbours now.
				g.moved(i, a)
				g.near(i)
			}
		}
	}
	return moved
}

// largestMove is the longest way, along either axis, that a box has gone
// from where it was in before.
func largestMove(bs []body, before []point) float64 {
	d := 0.0
	for k := range bs {
		d = max(d, math.Abs(bs[k].x-before[k].x), math.Abs(bs[k].y-before[k].y))
	}
	return d
}

// sign is the direction to push b away from a; coincident boxes are told
// apart by their order.
func sign(d float64, i, j int) float64 {
	switch {
	case d > 1e-9:
		return 1
	case d < -1e-9:
		return -1
	case i < j:
		return 1
	}
	return -1
}

// clearEdges pushes free boxes off the straight edges that cross them but
// do not end at them. The grid g, which must know where the boxes are,
// leaves out the boxes far from an edge; it follows the boxes pushed.
func (s *scene) clearEdges(bs []body, g *boxGrid, share float64) {
	const inset = 4
	for ei, e := range s.edges {
		if e.kind == edgeRelation {
			continue
		}
		a, b := &bs[e.a], &bs[e.b]
		p, q := point{a.x, a.y}, point{b.x, b.y}
		x0, x1 := math.Min(p.x, q.x), math.Max(p.x, q.x)
		y0, y1 := math.Min(p.y, q.y), math.Max(p.y, q.y)
		g.within(x0, y0, x1, y1)
		for ni := g.next(0); ni >= 0; ni = g.next(ni + 1) {
			n := &bs[ni]
			if n.fixed || ni == e.a || ni == e.b {
				continue
			}
			r := n.box()
			// The same quick test as segmentHitsRect's, without the call.
			rx, ry := r.x+inset, r.y+inset
			rw, rh := r.w-2*inset, r.h-2*inset
			if x1 < rx || x0 > rx+rw || y1 < ry || y0 > ry+rh || !segmentHitsRect(p, q, r, inset) {
				continue
			}
			// Perpendicular from the segment to the centre of the box.
			vx, vy := q.x-p.x, q.y-p.y
			l := math.Hypot(vx, vy)
			if l < 1e-9 {
				continue
			}
			nx, ny := -vy/l, vx/l
			side := (n.x-p.x)*nx + (n.y-p.y)*ny
			if math.Abs(side) < 1e-9 {
				if ei%2 == 0 {
					side = 1
				} else {
					side = -1
				}
			}
			// Enough to clear the half-extent of the box along the normal.
			ext := math.Abs(nx)*n.w/2 + math.Abs(ny)*n.h/2 + 6
			need := ext - math.Abs(side)
			if need <= 0 {
				continue
			}
			dir := 1.0
			if side < 0 {
				dir = -1
			}
			n.x += nx * dir * need * share
			n.y += ny * dir * need * share
			g.moved(ni, n)
		}
	}
}

// segmentHitsRect reports whether segment pq passes through r shrunk by inset.
func segmentHitsRect(p, q point, r rect, inset float64) bool {
	x0, y0 := r.x+inset, r.y+inset
	w, h := r.w-2*inset, r.h-2*inset
	if w <= 0 || h <= 0 {
		return false
	}
	x1, y1 := x0+w, y0+h
	// A segment whose ends are both on the outer side of one border misses
	// the box: most boxes are rejected here, without clipping. The clipping
	// below gives false for these too, so the answer is the same.
	if p.x < x0 && q.x < x0 || p.x > x1 && q.x > x1 || p.y < y0 && q.y < y0 || p.y > y1 && q.y > y1 {
		return false
	}
	// Liang–Barsky clipping against the four borders in turn.
	t0, t1 := 0.0, 1.0
	dx, dy := q.x-p.x, q.y-p.y
	return clipEdge(-dx, p.x-x0, &t0, &t1) && clipEdge(dx, x1-p.x, &t0, &t1) &&
		clipEdge(-dy, p.y-y0, &t0, &t1) && clipEdge(dy, y1-p.y, &t0, &t1) && t0 < t1
}

// clipEdge narrows the parameter interval [t0, t1] of a segment to the
// inner side of one border (Liang–Barsky); it reports false when nothing
// is left.
func clipEdge(pp, qq float64, t0, t1 *float64) bool {
	if pp == 0 {
		return qq >= 0
	}
	t := qq / pp
	if pp < 0 {
		if t > *t1 {
			return false
		}
		if t > *t0 {
			*t0 = t
		}
	} else {
		if t < *t0 {
			return false
		}
		if t < *t1 {
			*t1 = t
		}
	}
	return true
}

// segmentsCross reports whether segments ab and cd cross at a point inside both.
func segmentsCross(a, b, c, d point) bool {
	o := func(p, q, r point) float64 { return (q.x-p.x)*(r.y-p.y) - (q.y-p.y)*(r.x-p.x) }
	d1, d2 := o(c, d, a), o(c, d, b)
	d3, d4 := o(a, b, c), o(a, b, d)
	return (d1 > 1e-9 && d2 < -1e-9 || d1 < -1e-9 && d2 > 1e-9) && (d3 > 1e-9 && d4 < -1e-9 || d3 < -1e-9 && d4 > 1e-9)
}

// path returns the points an edge is drawn through: a straight segment,
// or a quadratic curve sampled in eight pieces.
func (s *scene) path(e edge) []point { return s.appendPath(nil, e) }

// appendPath appends the points of e's path to dst.
func (s *scene) appendPath(dst []point, e edge) []point {
	a, b := s.nodes[e.a], s.nodes[e.b]
	p, q := point{a.x, a.y}, point{b.x, b.y}
	if e.bend == 0 {
		return append(dst, p, q)
	}
	c := s.control(e)
	for i := 0; i <= 8; i++ {
		t := float64(i) / 8
		u := 1 - t
		dst = append(dst, point{u*u*p.x + 2*u*t*c.x + t*t*q.x, u*u*p.y + 2*u*t*c.y + t*t*q.y})
	}
	return dst
}

// control is the control point of a curved edge: off the middle of the
// chord by bend × its length, at most 60 px.
func (s *scene) control(e edge) point {
	a, b := s.nodes[e.a], s.nodes[e.b]
	mx, my := (a.x+b.x)/2, (a.y+b.y)/2
	vx, vy := b.x-a.x, b.y-a.y
	k := e.bend
	if l := math.Hypot(vx, vy); l > 1e-9 && math.Abs(k)*l > 60 {
		k = math.Copysign(60/l, k)
	}
	return point{mx - vy*k, my + vx*k}
}

// bounds is the bounding box of points, as its corners.
type bounds struct{ x0, y0, x1, y1 float64 }

func boundsOf(pts []point) bounds {
	b := bounds{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, p := range pts {
		b.x0, b.y0 = math.Min(b.x0, p.x), math.Min(b.y0, p.y)
		b.x1, b.y1 = math.Max(b.x1, p.x), math.Max(b.y1, p.y)
	}
	return b
}

// meets reports whether two bounding boxes share a point.
func (a bounds) meets(b bounds) bool {
	return a.x0 <= b.x1 && b.x0 <= a.x1 && a.y0 <= b.y1 && b.y0 <= a.y1
}

// misses reports whether a path with bounding box a surely misses r shrunk
// by inset, as segmentHitsRect would find for each of its segments.
func (a bounds) misses(r rect, inset float64) bool {
	x0, y0 := r.x+inset, r.y+inset
	w, h := r.w-2*inset, r.h-2*inset
	return w <= 0 || h <= 0 || a.x1 < x0 || a.x0 > x0+w || a.y1 < y0 || a.y0 > y0+h
}

// chooseBends curves each relation to the side where it crosses fewer
// edges and passes under fewer boxes; two passes, in edge order.
func (s *scene) chooseBends() {
	hasRelation := false
	for _, e := range s.edges {
		hasRelation = hasRelation || e.kind == edgeRelation
	}
	if !hasRelation {
		return
	}
	// The nodes stay put: every path is worked out once, and again only
	// for the relation whose bend is tried.
	paths := make([][]point, len(s.edges))
	boxes := make([]bounds, len(s.edges))
	pts := make([]point, 9*len(s.edges))
	for i, e := range s.edges {
		paths[i] = s.appendPath(pts[9*i:9*i:9*i+9], e)
		boxes[i] = boundsOf(paths[i])
	}
	nodeBoxes := make([]rect, len(s.nodes))
	for i, n := range s.nodes {
		nodeBoxes[i] = n.box()
	}
	setBend := func(i int, bend float64) {
		s.edges[i].bend = bend
		paths[i] = s.appendPath(paths[i][:0], s.edges[i])
		boxes[i] = boundsOf(paths[i])
	}
	cost := func(i int) int {
		e := s.edges[i]
		pi, bi := paths[i], boxes[i]
		c := 0
		for j, o := range s.edges {
			if j == i || o.a == e.a || o.a == e.b || o.b == e.a || o.b == e.b || !bi.meets(boxes[j]) {
				continue
			}
			if polylinesCross(pi, paths[j]) {
				c++
			}
		}
		for ni, r := range nodeBoxes {
			if ni == e.a || ni == e.b || bi.misses(r, 2) {
				continue
			}
			for k := 1; k < len(pi); k++ {
				if segmentHitsRect(pi[k-1], pi[k], r, 2) {
					c += 2
					break
				}
			}
		}
		return c
	}
	for pass := 0; pass < 2; pass++ {
		for i := range s.edges {
			if s.edges[i].kind != edgeRelation {
				continue
			}
			b := math.Abs(s.edges[i].bend)
			setBend(i, b)
			plus := cost(i)
			setBend(i, -b)
			if minus := cost(i); minus >= plus {
				setBend(i, b)
			}
		}
	}
}

// Quality measures how readable a picture is.
type Quality struct {
	// Overlaps counts pairs of boxes (node labels) that share area.
	Overlaps int
	// Crossings counts pairs of edges that cross, not counting edges that
	// meet at a node.
	Crossings int
	// Occlusions counts edges that pass under a box they do not end at.
	Occlusions int
	// Nodes and Edges are the numbers drawn.
	Nodes, Edges int
}

// Measure returns the quality of a picture's layout.
func Measure(p Picture) Quality {
	s := p.scene
	if s == nil {
		return Quality{}
	}
	q := Quality{Nodes: len(s.nodes), Edges: len(s.edges)}
	for i := 0; i < len(s.nodes); i++ {
		for j := i + 1; j < len(s.nodes); j++ {
			if s.nodes[i].box().overlaps(s.nodes[j].box(), 0) {
				q.Overlaps++
			}
		}
	}
	paths := make([][]point, len(s.edges))
	for i, e := range s.edges {
		paths[i] = s.path(e)
	}
	for i := range s.edges {
		for j := i + 1; j < len(s.edges); j++ {
			ei, ej := s.edges[i], s.edges[j]
			if ei.a == ej.a || ei.a == ej.b || ei.b == ej.a || ei.b == ej.b {
				continue
			}
			if polylinesCross(paths[i], paths[j]) {
				q.Crossings++
			}
		}
		for ni, n := range s.nodes {
			if ni == s.edges[i].a || ni == s.edges[i].b {
				continue
			}
			for k := 1; k < len(paths[i]); k++ {
				if segmentHitsRect(paths[i][k-1], paths[i][k], n.box(), 2) {
					q.Occlusions++
					break
				}
			}
		}
	}
	return q
}

// polylinesCross reports whether two polylines cross: some segment of one
// crosses some segment of the other.
func polylinesCross(a, b []point) bool {
	for i := 1; i < len(a); i++ {
		p, q := a[i-1], a[i]
		px0, px1 := math.Min(p.x, q.x), math.Max(p.x, q.x)
		py0, py1 := math.Min(p.y, q.y), math.Max(p.y, q.y)
		for j := 1; j < len(b); j++ {
			r, t := b[j-1], b[j]
			// Segments whose bounding boxes are apart do not cross.
			if r.x < px0 && t.x < px0 || r.x > px1 && t.x > px1 || r.y < py0 && t.y < py0 || r.y > py1 && t.y > py1 {
				continue
			}
			if segmentsCross(p, q, r, t) {
				return true
			}
		}
	}
	return false
}

// minWidth is the narrowest a picture is drawn (its viewBox), in CSS pixels.
const minWidth = 560

// readable is how much a picture's intrinsic size is larger than its
// viewBox: its smallest text, 11 units, shows at 12 CSS pixels.
const readable = 12.0 / 11

// widen spreads the nodes apart sideways when the drawing is narrower than
// minW or than aspect times its height: a small portfolio's map then fills
// the width of the box it is shown in, which is wider than tall, instead of
// standing in a narrow column between empty bands. Node sizes stay; only
// the gaps between them grow, at most threefold.
func (sc *scene) widen(minW, aspect float64) {
	if len(sc.nodes) < 2 {
		return
	}
	minX, maxX, minY, maxY := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	lo, hi := math.Inf(1), math.Inf(-1) // the outermost centres
	for _, n := range sc.nodes {
		r := n.box()
		minX, maxX = math.Min(minX, r.x), math.Max(maxX, r.x+r.w)
		minY, maxY = math.Min(minY, r.y), math.Max(maxY, r.y+r.h)
		lo, hi = math.Min(lo, n.x), math.Max(hi, n.x)
	}
	w, h := maxX-minX, maxY-minY
	target := math.Max(minW, aspect*h)
	span := hi - lo
	if w >= target || span < 1 {
		return
	}
	f := math.Min((span+target-w)/span, 3)
	mid := (lo + hi) / 2
	for _, n := range sc.nodes {
		n.x = mid + (n.x-mid)*f
		n.tx = mid + (n.tx-mid)*f
	}
}
