package visual

import (
	"math"
	"math/rand"
	"strconv"
	"testing"
)

// The brute-force versions of the layout's geometry, as they were before
// the quick tests and the grid: the fast ones must give the same answers.

func segmentHitsRectBrute(p, q point, r rect, inset float64) bool {
	r = rect{r.x + inset, r.y + inset, r.w - 2*inset, r.h - 2*inset}
	if r.w <= 0 || r.h <= 0 {
		return false
	}
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

func polylinesCrossBrute(a, b []point) bool {
	for i := 1; i < len(a); i++ {
		for j := 1; j < len(b); j++ {
			if segmentsCross(a[i-1], a[i], b[j-1], b[j]) {
				return true
			}
		}
	}
	return false
}

// separateBrute looks at every pair.
func separateBrute(bs []body, gap, share float64) bool {
	moved := false
	for i := range bs {
		a := &bs[i]
		for j := i + 1; j < len(bs); j++ {
			b := &bs[j]
			if a.fixed && b.fixed {
				continue
			}
			dx, dy := b.x-a.x, b.y-a.y
			ox := (a.w+b.w)/2 + gap - math.Abs(dx)
			oy := (a.h+b.h)/2 + gap - math.Abs(dy)
			if ox <= 0 || oy <= 0 {
				continue
			}
			moved = true
			var mx, my float64
			if ox < oy {
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

// coord draws a coordinate: often a whole or half number, so that boxes
// touch and segments run along borders, sometimes any number.
func coord(r *rand.Rand, span float64) float64 {
	switch r.Intn(3) {
	case 0:
		return float64(r.Intn(int(span)))
	case 1:
		return float64(r.Intn(int(2*span))) / 2
	}
	return r.Float64() * span
}

func TestSegmentHitsRectMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	hits := 0
	for k := 0; k < 200000; k++ {
		p := point{coord(r, 60) - 10, coord(r, 60) - 10}
		q := point{coord(r, 60) - 10, coord(r, 60) - 10}
		switch r.Intn(6) {
		case 0:
			q.x = p.x // vertical
		case 1:
			q.y = p.y // horizontal
		case 2:
			q = p // a point
		}
		box := rect{coord(r, 30), coord(r, 30), coord(r, 20), coord(r, 20)}
		inset := float64(r.Intn(4))
		want := segmentHitsRectBrute(p, q, box, inset)
		if got := segmentHitsRect(p, q, box, inset); got != want {
			t.Fatalf("segmentHitsRect(%v, %v, %v, %v) = %v, want %v", p, q, box, inset, got, want)
		}
		if want {
			hits++
		}
	}
	if hits < 10000 {
		t.Errorf("only %d hits: the cases do not test much", hits)
	}
}

func TestPolylinesCrossMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	line := func() []point {
		pts := make([]point, 2+r.Intn(8))
		for i := range pts {
			pts[i] = point{coord(r, 100), coord(r, 100)}
		}
		return pts
	}
	crosses := 0
	for k := 0; k < 50000; k++ {
		a, b := line(), line()
		want := polylinesCrossBrute(a, b)
		if got := polylinesCross(a, b); got != want {
			t.Fatalf("polylinesCross(%v, %v) = %v, want %v", a, b, got, want)
		}
		if want {
			crosses++
		}
	}
	if crosses < 5000 {
		t.Errorf("only %d crossings: the cases do not test much", crosses)
	}
}

// randomBodies is a scene of n boxes of card and hub sizes in a plane of
// the given size, some fixed.
func randomBodies(r *rand.Rand, n int, size float64) []body {
	bs := make([]body, n)
	for i := range bs {
		bs[i] = body{x: coord(r, size) - size/2, y: coord(r, size*0.6) - size*0.3,
			w: float64(60 + r.Intn(150)), h: float64(28 + 16*r.Intn(4)), fixed: r.Intn(5) == 0}
		bs[i].tx, bs[i].ty = bs[i].x, bs[i].y
	}
	return bs
}

func TestBoxGridFindsEveryOverlap(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	const gap = 10
	for k := 0; k < 300; k++ {
		n := 1 + r.Intn(140)
		bs := randomBodies(r, n, 200+float64(r.Intn(1500)))
		var g boxGrid
		g.fit(bs, gap)
		for round := 0; round < 4; round++ {
			for i := range bs {
				g.near(i)
				for j := range bs {
					a, b := &bs[i], &bs[j]
					ox := (a.w+b.w)/2 + gap - math.Abs(b.x-a.x)
					oy := (a.h+b.h)/2 + gap - math.Abs(b.y-a.y)
					if ox > 0 && oy > 0 && g.mask[j/64]&(1<<(j%64)) == 0 {
						t.Fatalf("scene %d round %d: boxes %d and %d overlap but the grid does not pair them", k, round, i, j)
					}
				}
			}
			// A rectangle finds every box it meets.
			x0, y0 := coord(r, 800)-400, coord(r, 500)-250
			x1, y1 := x0+coord(r, 400), y0+coord(r, 300)
			g.within(x0, y0, x1, y1)
			for j := range bs {
				b := bs[j].box()
				if b.x <= x1 && x0 <= b.x+b.w && b.y <= y1 && y0 <= b.y+b.h && g.mask[j/64]&(1<<(j%64)) == 0 {
					t.Fatalf("scene %d round %d: box %d meets the rectangle but the grid leaves it out", k, round, j)
				}
			}
			// Move some boxes, some far off the grid, and tell the grid:
			// box by box, or all at once.
			all := round%2 == 1
			for i := range bs {
				if r.Intn(3) == 0 {
					bs[i].x += (r.Float64() - 0.5) * 400 * float64(1+r.Intn(5))
					bs[i].y += (r.Float64() - 0.5) * 200
					if !all {
						g.moved(i, &bs[i])
					}
				}
			}
			if all {
				g.refresh(bs)
			}
		}
	}
}

func TestSeparateMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	const gap = 10
	for k := 0; k < 200; k++ {
		n := 1 + r.Intn(120)
		// Crowded scenes: many boxes overlap, and some are pushed far.
		bs := randomBodies(r, n, 100+float64(n)*8*r.Float64())
		want := append([]body(nil), bs...)
		var g boxGrid
		for pass := 0; pass < 30; pass++ {
			share := 0.6
			if pass >= 20 {
				share = 1
			}
			g.fit(bs, gap)
			got, exp := separate(bs, &g, gap, share), separateBrute(want, gap, share)
			if got != exp {
				t.Fatalf("scene %d pass %d: separate = %v, brute force %v", k, pass, got, exp)
			}
			for i := range bs {
				if bs[i] != want[i] {
					t.Fatalf("scene %d pass %d: box %d at %v, brute force %v", k, pass, i, bs[i], want[i])
				}
			}
		}
	}
}

func TestEscapeMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	for k := 0; k < 100; k++ {
		n := 1 + r.Intn(100)
		bs := randomBodies(r, n, 100+float64(n)*6*r.Float64())
		want := append([]body(nil), bs...)
		var g boxGrid
		g.fit(bs, 10)
		escape(bs, &g, 10)
		escapeBrute(want, 10)
		for i := range bs {
			if bs[i] != want[i] {
				t.Fatalf("scene %d: box %d at %v, brute force %v", k, i, bs[i], want[i])
			}
		}
	}
}

// escapeBrute tests every box against every other.
func escapeBrute(bs []body, gap float64) {
	free := func(i int) bool {
		for j := range bs {
			if j != i && bs[i].box().overlaps(bs[j].box(), gap/2) {
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
			if free(i) {
				break
			}
		}
	}
}

func TestClearEdgesMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for k := 0; k < 200; k++ {
		n := 2 + r.Intn(100)
		bs := randomBodies(r, n, 300+float64(n)*10)
		s := &scene{}
		for i := 0; i < n+r.Intn(2*n); i++ {
			a, b := r.Intn(n), r.Intn(n)
			if a == b {
				continue
			}
			s.edges = append(s.edges, edge{a: a, b: b, kind: edgeKind(r.Intn(4))})
		}
		want := append([]body(nil), bs...)
		var g boxGrid
		for round := 0; round < 5; round++ {
			g.fit(bs, 10)
			s.clearEdges(bs, &g, 0.5)
			clearEdgesBrute(s.edges, want, 0.5)
			for i := range bs {
				if bs[i] != want[i] {
					t.Fatalf("scene %d round %d: box %d at %v, brute force %v", k, round, i, bs[i], want[i])
				}
			}
		}
	}
}

// clearEdgesBrute tests every box against every edge.
func clearEdgesBrute(edges []edge, bs []body, share float64) {
	for ei, e := range edges {
		if e.kind == edgeRelation {
			continue
		}
		p, q := point{bs[e.a].x, bs[e.a].y}, point{bs[e.b].x, bs[e.b].y}
		for ni := range bs {
			n := &bs[ni]
			if n.fixed || ni == e.a || ni == e.b || !segmentHitsRectBrute(p, q, n.box(), 4) {
				continue
			}
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
			need := math.Abs(nx)*n.w/2 + math.Abs(ny)*n.h/2 + 6 - math.Abs(side)
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

func TestRelaxAtRestStaysPut(t *testing.T) {
	// Boxes far apart at their ideal centres: the relaxation leaves them.
	s := &scene{}
	for i := 0; i < 6; i++ {
		a := float64(i) * math.Pi / 3
		n := &node{w: 120, h: 40, x: 400 * math.Cos(a), y: 300 * math.Sin(a), fixed: i == 0}
		n.tx, n.ty = n.x, n.y
		s.nodes = append(s.nodes, n)
	}
	s.relax(120)
	for i, n := range s.nodes {
		if n.x != n.tx || n.y != n.ty {
			t.Errorf("box %d moved to %v,%v from %v,%v", i, n.x, n.y, n.tx, n.ty)
		}
	}
}

func TestCoordinateFormat(t *testing.T) {
	r := rand.New(rand.NewSource(6))
	want := func(x float64) string {
		x = math.Round(x*10) / 10
		if x == 0 {
			return "0"
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	cases := []float64{0, -0.0, 0.04, -0.04, 0.05, -0.05, 0.15, 1, -1, 12.25, -12.35, 99999.95, 1e14, -1e14, 1e15, 3e17, math.Inf(1), math.NaN()}
	for k := 0; k < 200000; k++ {
		x := (r.Float64() - 0.5) * math.Pow(10, float64(r.Intn(9)))
		if r.Intn(4) == 0 {
			x = math.Round(x*100) / 100
		}
		cases = append(cases, x)
	}
	for _, x := range cases {
		if got, w := f(x), want(x); got != w {
			t.Fatalf("f(%v) = %q, want %q", x, got, w)
		}
	}
}

func TestTextWidthTable(t *testing.T) {
	for _, s := range []string{"", "Bike library", "WWW mmm iii", "School Streets & <gates> — 3 L · 2 D…", "Ünïcödé ßtraße", "0123456789 ()[]-!|"} {
		em := 0.0
		for _, r := range s {
			em += runeEm(r)
		}
		for _, bold := range []bool{false, true} {
			want := em
			if bold {
				want *= 1.12
			}
			want = want * 13 * 1.06
			if got := textWidth(s, 13, bold); got != want {
				t.Errorf("textWidth(%q, bold %v) = %v, want %v", s, bold, got, want)
			}
		}
	}
}
