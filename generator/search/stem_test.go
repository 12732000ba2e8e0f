package search

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// stemVectors reads testdata/snowball-english.txt: the Snowball project's
// own vocabulary for the English stemmer, each word with its stem.
func stemVectors(t testing.TB) [][2]string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "snowball-english.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][2]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		w, s, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			t.Fatalf("snowball-english.txt: bad line %q", sc.Text())
		}
		out = append(out, [2]string{w, s})
	}
	if len(out) < 29000 {
		t.Fatalf("snowball-english.txt has %d words", len(out))
	}
	return out
}

// TestStemVectors: the Go stemmer gives the Snowball project's stem of
// every word of its vocabulary (search.js is held to the same file by
// TestScriptStemVectors).
func TestStemVectors(t *testing.T) {
	an := newAnalyzer("en")
	bad := 0
	for _, v := range stemVectors(t) {
		if got := an.stem(v[0]); got != v[1] {
			if bad++; bad <= 20 {
				t.Errorf("stem(%q) = %q, want %q", v[0], got, v[1])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d words stemmed differently", bad)
	}
	// Not stemmed: other languages, and words with letters outside a–z.
	if got := newAnalyzer("fr").stem("stopped"); got != "stopped" {
		t.Errorf("a French site stems %q", got)
	}
	if got := an.stem("ελληνικές"); got != "ελληνικές" {
		t.Errorf("a Greek word is stemmed to %q", got)
	}
}
