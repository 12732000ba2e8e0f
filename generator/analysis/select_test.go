package analysis

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestStrongest: the quickselect keeps the same candidates as sorting
// all of them and keeping the first k, ties (equal scores) included.
func TestStrongest(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		n := r.IntN(300)
		cs := make([]candidate, n)
		for i := range cs {
			cs[i] = candidate{b: i, score: float64(r.IntN(20))} // many ties
		}
		r.Shuffle(n, func(i, j int) { cs[i], cs[j] = cs[j], cs[i] })
		k := r.IntN(80) + 1
		want := slices.Clone(cs)
		slices.SortFunc(want, byScore)
		want = want[:min(k, n)]
		got := slices.Clone(strongest(slices.Clone(cs), k))
		slices.SortFunc(got, byScore)
		if !slices.Equal(got, want) {
			t.Fatalf("round %d (n %d, k %d): %v, want %v", round, n, k, got, want)
		}
	}
}
