package diag

import (
	"strings"
	"testing"
)

func TestSuggest(t *testing.T) {
	slugs := []string{"clean-air", "active-mobility", "green-neighbourhoods", "healthy-ageing", "cleanair-fund"}
	cases := []struct{ in, want string }{
		{"clean-ayr", "clean-air"},
		{"Clean-Air", "clean-air"},
		{"activ-mobility", "active-mobility"},
		{"healthy-aging", "healthy-ageing"},
		{"zzz", ""},
		{"transport", ""},
		{"", ""},
	}
	for _, c := range cases {
		if got := Suggest(c.in, slugs); got != c.want {
			t.Errorf("Suggest(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSuggestPrefersFirstInOrderOnTies(t *testing.T) {
	if got := Suggest("cat", []string{"cut", "bat", "cab"}); got != "bat" {
		t.Errorf("got %q, want the alphabetically first of equally close candidates", got)
	}
}

func TestDistance(t *testing.T) {
	cases := []struct {
		a, b string
		max  int
		want int
	}{
		{"kitten", "sitting", 10, 3},
		{"", "abc", 10, 3},
		{"same", "same", 0, 0},
		{"abcdef", "uvwxyz", 2, 3}, // capped at max+1
	}
	for _, c := range cases {
		if got := distance(c.a, c.b, c.max); got != c.want {
			t.Errorf("distance(%q, %q, %d) = %d, want %d", c.a, c.b, c.max, got, c.want)
		}
	}
}

func TestStringAndSort(t *testing.T) {
	l := List{
		{File: "b.md", Line: 2, Severity: Warning, Code: "w", Message: "second"},
		{File: "a.md", Line: 9, Col: 3, Severity: Error, Code: "e", Message: "first", Hint: "do this"},
	}
	l.Sort()
	if l[0].File != "a.md" {
		t.Fatalf("not sorted: %v", l)
	}
	if got := l[0].String(); got != "a.md:9:3: error e: first\\n    hint: do this" && !strings.HasPrefix(got, "a.md:9:3: error e: first") {
		t.Errorf("String() = %q", got)
	}
	if e, w := l.Count(); e != 1 || w != 1 || !l.HasErrors() {
		t.Errorf("Count = %d, %d", e, w)
	}
}

func BenchmarkSuggest(b *testing.B) {
	var slugs []string
	for i := 0; i < 5000; i++ {
		slugs = append(slugs, strings.Repeat("x", i%17)+"-initiative-"+string(rune('a'+i%26)))
	}
	b.ReportAllocs()
	for b.Loop() {
		Suggest("bike-library-typo", slugs)
	}
}
