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

	w, h   float64
	x, y   float64 // centre
	tx, ty float64 // ideal centre
	fixed  bool
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
		switch {
		case strings.ContainsRune("ijl.,:;'|!", r):
			em += 0.28
		case strings.ContainsRune("ftrI()[]- ", r):
			em += 0.36
		case r == 'm' || r == 'w':
			em += 0.86
		case r == 'M' || r == 'W':
			em += 0.94
		case r >= 'A' && r <= 'Z':
			em += 0.70
		case r >= '0' && r <= '9':
			em += 0.60
		case r == '—' || r == '…':
			em += 1.0
		case r == '·':
			em += 0.36
		case r < utf8.RuneSelf:
			em += 0.58
		default:
			em += 0.66
		}
	}
	if bold {
		em *= 1.12
	}
	return em * size * 1.06
}

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
	for it := 0; it < steps; it++ {
		pull := 0.12 * (1 - float64(it)/float64(steps))
		for _, n := range s.nodes {
			if !n.fixed {
				n.x += (n.tx - n.x) * pull
				n.y += (n.ty - n.y) * pull
			}
		}
		if it%2 == 1 {
			s.clearEdges(0.5)
		}
		s.separate(gap, 0.6)
	}
	for i := 0; i < 400; i++ {
		if !s.separate(gap, 1) {
			break
		}
	}
	s.escape(gap)
	s.chooseBends()
}

// escape moves every box that still overlaps another (when the separation
// did not settle, boxes squeezed between fixed hubs) to the nearest free
// spot on a spiral around it; the spiral grows until it finds one.
func (s *scene) escape(gap float64) {
	free := func(n *node) bool {
		for _, o := range s.nodes {
			if o != n && n.box().overlaps(o.box(), gap/2) {
				return false
			}
		}
		return true
	}
	for _, n := range s.nodes {
		if n.fixed || free(n) {
			continue
		}
		x0, y0 := n.x, n.y
		for k := 1; k < 100000; k++ {
			a := float64(k) * 0.5
			r := 4 * math.Sqrt(float64(k)) * 3
			n.x, n.y = x0+r*math.Cos(a), y0+r*0.6*math.Sin(a)
			if free(n) {
				break
			}
		}
	}
}

// separate pushes every overlapping pair of boxes apart along the axis of
// least overlap, by share of that overlap; it reports whether any overlapped.
func (s *scene) separate(gap, share float64) bool {
	moved := false
	ns := s.nodes
	for i := 0; i < len(ns); i++ {
		a := ns[i]
		for j := i + 1; j < len(ns); j++ {
			b := ns[j]
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
		}
	}
	return moved
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
// do not end at them.
func (s *scene) clearEdges(share float64) {
	for ei, e := range s.edges {
		if e.kind == edgeRelation {
			continue
		}
		a, b := s.nodes[e.a], s.nodes[e.b]
		p, q := point{a.x, a.y}, point{b.x, b.y}
		for ni, n := range s.nodes {
			if n.fixed || ni == e.a || ni == e.b {
				continue
			}
			r := n.box()
			if !segmentHitsRect(p, q, r, 4) {
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
		}
	}
}

// segmentHitsRect reports whether segment pq passes through r shrunk by inset.
func segmentHitsRect(p, q point, r rect, inset float64) bool {
	r = rect{r.x + inset, r.y + inset, r.w - 2*inset, r.h - 2*inset}
	if r.w <= 0 || r.h <= 0 {
		return false
	}
	// Liang–Barsky clipping.
	t0, t1 := 0.0, 1.0
	dx, dy := q.x-p.x, q.y-p.y
	for _, c := range [4][2]float64{{-dx, p.x - r.x}, {dx, r.x + r.w - p.x}, {-dy, p.y - r.y}, {dy, r.y + r.h - p.y}} {
		pp, qq := c[0], c[1]
		if pp == 0 {
			if qq < 0 {
				return false
			}
			continue
		}
		t := qq / pp
		if pp < 0 {
			if t > t1 {
				return false
			}
			if t > t0 {
				t0 = t
			}
		} else {
			if t < t0 {
				return false
			}
			if t < t1 {
				t1 = t
			}
		}
	}
	return t0 < t1
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
func (s *scene) path(e edge) []point {
	a, b := s.nodes[e.a], s.nodes[e.b]
	p, q := point{a.x, a.y}, point{b.x, b.y}
	if e.bend == 0 {
		return []point{p, q}
	}
	c := s.control(e)
	out := make([]point, 0, 9)
	for i := 0; i <= 8; i++ {
		t := float64(i) / 8
		u := 1 - t
		out = append(out, point{u*u*p.x + 2*u*t*c.x + t*t*q.x, u*u*p.y + 2*u*t*c.y + t*t*q.y})
	}
	return out
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

// chooseBends curves each relation to the side where it crosses fewer
// edges and passes under fewer boxes; two passes, in edge order.
func (s *scene) chooseBends() {
	cost := func(i int) int {
		e := s.edges[i]
		pi := s.path(e)
		c := 0
		for j, o := range s.edges {
			if j == i || o.a == e.a || o.a == e.b || o.b == e.a || o.b == e.b {
				continue
			}
			if polylinesCross(pi, s.path(o)) {
				c++
			}
		}
		for ni, n := range s.nodes {
			if ni == e.a || ni == e.b {
				continue
			}
			for k := 1; k < len(pi); k++ {
				if segmentHitsRect(pi[k-1], pi[k], n.box(), 2) {
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
			s.edges[i].bend = b
			plus := cost(i)
			s.edges[i].bend = -b
			if minus := cost(i); minus >= plus {
				s.edges[i].bend = b
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

func polylinesCross(a, b []point) bool {
	for i := 1; i < len(a); i++ {
		for j := 1; j < len(b); j++ {
			if segmentsCross(a[i-1], a[i], b[j-1], b[j]) {
				return true
			}
		}
	}
	return false
}
