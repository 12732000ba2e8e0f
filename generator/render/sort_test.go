package render

import (
	"cmp"
	"math/rand/v2"
	"strings"
	"testing"
)

// compareFold must order strings exactly as comparing their lower-case
// forms does, which is how lists were sorted before it.
func TestCompareFold(t *testing.T) {
	alphabet := []string{"a", "A", "b", "B", "é", "É", "İ", "ß", "ẞ", "z", " ", "-", "1", "\xff", "Σ", "ς", "σ", ""}
	rng := rand.New(rand.NewPCG(3, 4))
	word := func() string {
		var b strings.Builder
		for range rng.IntN(5) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	for range 20000 {
		a, b := word(), word()
		want := cmp.Compare(strings.ToLower(a), strings.ToLower(b))
		if got := compareFold(a, b); got != want {
			t.Fatalf("compareFold(%q, %q) = %d, want %d", a, b, got, want)
		}
	}
}
