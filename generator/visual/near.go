package visual

import (
	"math"
	"math/bits"
)

// boxGrid is the broad phase of the separation: it finds, for a box, the
// boxes that may overlap it (with the gap added), so that a pass looks at
// a few pairs instead of all of them. The plane is cut into columns and
// rows; each column and each row holds the set (a bitset over box indexes)
// of the boxes whose span, widened by half the gap and a little more,
// reaches into it. Two boxes that overlap share a column and a row, so the
// boxes in both a column and a row of a box are a superset of those that
// overlap it. The sets follow the boxes as they move.
type boxGrid struct {
	n              int     // boxes
	words          int     // uint64 words per set
	pad            float64 // widening of each side of a box
	x0, y0, ix, iy float64 // origin and the inverse of the cell size
	nc, nr         int     // columns and rows
	cols, rows     []uint64
	cover          [][4]int // per box: first and last column, first and last row
	mask           []uint64 // scratch: the candidates of one box
	one            bool     // a single cell: the mask holds every box
}

// maxCells is the most columns (and rows) of a grid.
const maxCells = 32

// smallScene is the most boxes that make do with one cell.
const smallScene = 12

// fit fits the grid to the boxes where they are now. A grid of few boxes
// is one cell: every box is near every other.
func (g *boxGrid) fit(bs []body, gap float64) {
	n := len(bs)
	g.n, g.words = n, (n+63)/64
	if g.one = n <= smallScene; g.one {
		g.mask = resize(g.mask, g.words)
		for i := range n {
			g.mask[i/64] |= 1 << (i % 64)
		}
		return
	}
	g.pad = gap/2 + 0.5
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	sw, sh := 0.0, 0.0
	for i := range bs {
		b := &bs[i]
		minX, maxX = min(minX, b.x-b.w/2), max(maxX, b.x+b.w/2)
		minY, maxY = min(minY, b.y-b.h/2), max(maxY, b.y+b.h/2)
		sw += b.w
		sh += b.h
	}
	// Cells about half as wide and as tall as the average box.
	cw, ch := max(sw/float64(n)/2, 8), max(sh/float64(n), 8)
	g.x0, g.y0 = minX-g.pad, minY-g.pad
	g.ix, g.iy = 1/cw, 1/ch
	g.nc = min(maxCells, max(1, int((maxX-minX+2*g.pad)*g.ix)+1))
	g.nr = min(maxCells, max(1, int((maxY-minY+2*g.pad)*g.iy)+1))
	g.cols = resize(g.cols, g.nc*g.words)
	g.rows = resize(g.rows, g.nr*g.words)
	g.mask = resize(g.mask, g.words)
	if cap(g.cover) < n {
		g.cover = make([][4]int, n)
	}
	g.cover = g.cover[:n]
	for i := range bs {
		g.cover[i] = g.cells(&bs[i])
		g.set(i, g.cover[i], true)
	}
}

func resize(s []uint64, n int) []uint64 {
	if cap(s) < n {
		return make([]uint64, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// cells returns the columns and rows a box's widened span reaches into;
// a box beyond the grid counts in its border cells. Cells grow with the
// coordinate, so two spans that meet share a cell.
func (g *boxGrid) cells(b *body) [4]int {
	return [4]int{
		cell((b.x-b.w/2-g.pad-g.x0)*g.ix, g.nc), cell((b.x+b.w/2+g.pad-g.x0)*g.ix, g.nc),
		cell((b.y-b.h/2-g.pad-g.y0)*g.iy, g.nr), cell((b.y+b.h/2+g.pad-g.y0)*g.iy, g.nr),
	}
}

// cell is the cell at k cell sizes from the origin, within 0 to n-1.
func cell(k float64, n int) int {
	switch {
	case !(k > 0): // also NaN
		return 0
	case k >= float64(n-1):
		return n - 1
	}
	return int(k)
}

// set adds box i to (or removes it from) the cells of c.
func (g *boxGrid) set(i int, c [4]int, on bool) {
	w, bit := i/64, uint64(1)<<(i%64)
	for k := c[0]; k <= c[1]; k++ {
		if on {
			g.cols[k*g.words+w] |= bit
		} else {
			g.cols[k*g.words+w] &^= bit
		}
	}
	for k := c[2]; k <= c[3]; k++ {
		if on {
			g.rows[k*g.words+w] |= bit
		} else {
			g.rows[k*g.words+w] &^= bit
		}
	}
}

// refresh updates the cells of every box, after the boxes moved.
func (g *boxGrid) refresh(bs []body) {
	for i := range bs {
		g.moved(i, &bs[i])
	}
}

// moved updates the cells of box i after it moved.
func (g *boxGrid) moved(i int, b *body) {
	if g.one {
		return
	}
	c := g.cells(b)
	if c != g.cover[i] {
		g.set(i, g.cover[i], false)
		g.set(i, c, true)
		g.cover[i] = c
	}
}

// near fills g.mask with the boxes that share a column and a row with box i.
func (g *boxGrid) near(i int) {
	if !g.one {
		g.union(g.cover[i])
	}
}

// union fills g.mask with the boxes in one of the columns c[0] to c[1] and
// in one of the rows c[2] to c[3].
func (g *boxGrid) union(c [4]int) {
	if g.one {
		return
	}
	for w := range g.mask {
		var xs, ys uint64
		for k := c[0]; k <= c[1]; k++ {
			xs |= g.cols[k*g.words+w]
		}
		for k := c[2]; k <= c[3]; k++ {
			ys |= g.rows[k*g.words+w]
		}
		g.mask[w] = xs & ys
	}
}

// within fills g.mask with the boxes that share a column and a row with
// the rectangle from (x0, y0) to (x1, y1): a superset of the boxes it meets.
func (g *boxGrid) within(x0, y0, x1, y1 float64) {
	if g.one {
		return
	}
	c := [4]int{cell((x0-g.x0)*g.ix, g.nc), cell((x1-g.x0)*g.ix, g.nc), cell((y0-g.y0)*g.iy, g.nr), cell((y1-g.y0)*g.iy, g.nr)}
	g.union(c)
}

// next returns the first box of g.mask with an index of at least j, or -1.
func (g *boxGrid) next(j int) int {
	if g.one {
		if j < g.n {
			return j
		}
		return -1
	}
	for w := j / 64; w < len(g.mask); w++ {
		m := g.mask[w]
		if w == j/64 {
			m &^= uint64(1)<<(j%64) - 1
		}
		if m != 0 {
			return w*64 + bits.TrailingZeros64(m)
		}
	}
	return -1
}
