package search

import (
	"fmt"
	"strings"
)

// alphabet is the 64 characters page lists are written in; none of them
// needs escaping in JSON or in a URL.
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

var alphabetIndex = func() [256]int8 {
	var t [256]int8
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(alphabet); i++ {
		t[alphabet[i]] = int8(i)
	}
	return t
}()

// putVarint writes n as 5 bits per character, low bits first; the sixth bit
// (32) says another character follows.
func putVarint(b *strings.Builder, n int) {
	for n >= 32 {
		b.WriteByte(alphabet[n&31|32])
		n >>= 5
	}
	b.WriteByte(alphabet[n])
}

// EncodeList writes an ascending list of page numbers in the shortest of
// three forms, told apart by the first character:
//
//	"d" gaps:   for each page, the number of pages skipped since the previous one (varints);
//	"r" runs:   for each run of consecutive pages, the pages skipped before it and its length minus one;
//	"b" bitset: the first page (varint), then 6 pages per character from it, low bit first.
//
// Ties go to the earlier form, so the output is deterministic.
func EncodeList(pages []int) string {
	var d, r, bs strings.Builder
	d.WriteByte('d')
	prev := -1
	for _, p := range pages {
		putVarint(&d, p-prev-1)
		prev = p
	}
	r.WriteByte('r')
	next := 0
	for i := 0; i < len(pages); {
		j := i
		for j+1 < len(pages) && pages[j+1] == pages[j]+1 {
			j++
		}
		putVarint(&r, pages[i]-next)
		putVarint(&r, pages[j]-pages[i])
		next = pages[j] + 1
		i = j + 1
	}
	best := d.String()
	if r.Len() < len(best) {
		best = r.String()
	}
	if len(pages) > 0 {
		bs.WriteByte('b')
		start := pages[0]
		putVarint(&bs, start)
		span := pages[len(pages)-1] - start + 1
		if 1+(span+5)/6 < len(best) {
			chars := make([]byte, (span+5)/6)
			for _, p := range pages {
				o := p - start
				chars[o/6] |= 1 << (o % 6)
			}
			for _, c := range chars {
				bs.WriteByte(alphabet[c])
			}
			if bs.Len() < len(best) {
				best = bs.String()
			}
		}
	}
	return best
}

// DecodeList reads a list written by EncodeList.
func DecodeList(s string) ([]int, error) {
	if s == "" {
		return nil, fmt.Errorf("empty page list")
	}
	i := 1
	num := func() (int, error) {
		n, shift := 0, 0
		for {
			if i >= len(s) {
				return 0, fmt.Errorf("page list %q ends inside a number", s)
			}
			c := alphabetIndex[s[i]]
			i++
			if c < 0 {
				return 0, fmt.Errorf("page list %q has a stray character", s)
			}
			n |= int(c&31) << shift
			shift += 5
			if c&32 == 0 {
				return n, nil
			}
		}
	}
	var out []int
	switch s[0] {
	case 'd':
		p := -1
		for i < len(s) {
			n, err := num()
			if err != nil {
				return nil, err
			}
			p += n + 1
			out = append(out, p)
		}
	case 'r':
		next := 0
		for i < len(s) {
			gap, err := num()
			if err != nil {
				return nil, err
			}
			l, err := num()
			if err != nil {
				return nil, err
			}
			a := next + gap
			for k := 0; k <= l; k++ {
				out = append(out, a+k)
			}
			next = a + l + 1
		}
	case 'b':
		start, err := num()
		if err != nil {
			return nil, err
		}
		for base := start; i < len(s); i, base = i+1, base+6 {
			c := alphabetIndex[s[i]]
			if c < 0 {
				return nil, fmt.Errorf("page list %q has a stray character", s)
			}
			for k := 0; k < 6; k++ {
				if c>>k&1 == 1 {
					out = append(out, base+k)
				}
			}
		}
	default:
		return nil, fmt.Errorf("page list %q: unknown form %q", s, s[0])
	}
	return out, nil
}
