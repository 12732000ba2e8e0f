package content

import "testing"

// TestParseMark: a baseline or target as editors write it gives its
// number and the year written after it.
func TestParseMark(t *testing.T) {
	for _, c := range []struct {
		in   string
		v    float64
		yr   int
		okay bool
	}{
		{"31% (2023)", 31, 2023, true},
		{"50% by 2030", 50, 2030, true},
		{"0 by 2028", 0, 2028, true},
		{"9.6 years (2020–2022)", 9.6, 2022, true},
		{"1,200 people", 1200, 0, true},
		{"2030", 2030, 0, true},
		{"about a third (2023)", 0, 0, false},
		{"", 0, 0, false},
	} {
		v, yr, ok := ParseMark(c.in)
		if v != c.v || yr != c.yr || ok != c.okay {
			t.Errorf("ParseMark(%q) = %v, %d, %v; want %v, %d, %v", c.in, v, yr, ok, c.v, c.yr, c.okay)
		}
	}
}
