package search_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator/search"
)

// readerQuery is a question a reader types and the page it must find.
type readerQuery struct {
	Q, Want string
	Line    int
}

// readerQueries reads testdata/reader-queries.txt.
func readerQueries(t testing.TB) []readerQuery {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "reader-queries.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []readerQuery
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		q, want, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("reader-queries.txt:%d: no tab between the query and the page", n)
		}
		out = append(out, readerQuery{q, want, n})
	}
	if len(out) < 30 {
		t.Fatalf("reader-queries.txt has %d queries, want at least 30", len(out))
	}
	return out
}

// TestReaderQueries: every reader query finds its page in its first three
// results (issue 21: one ranking across kinds, stemming, field weights).
func TestReaderQueries(t *testing.T) {
	pf := example(t)
	ix := search.Build(pf)
	top1 := 0
	for _, rq := range readerQueries(t) {
		res := find(t, ix, rq.Q, search.Filters{})
		rank := -1
		for i, r := range res {
			if r.URL == rq.Want {
				rank = i + 1
				break
			}
		}
		if rank == 1 {
			top1++
		}
		if rank < 1 || rank > 3 {
			var got []string
			for i := 0; i < len(res) && i < 5; i++ {
				got = append(got, res[i].URL)
			}
			t.Errorf("reader-queries.txt:%d: %q finds %s at %d, want among the first 3; first: %v", rq.Line, rq.Q, rq.Want, rank, got)
		}
	}
	t.Logf("%d queries, %d with the page first", len(readerQueries(t)), top1)
}

// TestSnippet: the passage under a result is the sentence with the most
// of the query's words, cut around the first of them when long; a page
// with none of the words in its text (a title or facet match) has none.
func TestSnippet(t *testing.T) {
	pf := example(t)
	ix := search.Build(pf)
	page := map[string]int{}
	for i, p := range pf.Pages {
		page[pf.URL(p)] = i
	}
	snip := func(url, q string) string {
		t.Helper()
		n, ok := page[url]
		if !ok {
			t.Fatalf("no page %s", url)
		}
		s, err := ix.Snippet(n, q)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := snip("/initiatives/bike-library/", "helmet"); !strings.Contains(s, "a lesson, a helmet, a lock") {
		t.Errorf("helmet: passage %q", s)
	}
	// The decision's context names the council; its summary does not.
	if s := snip("/decisions/stop-citizen-air-sensors/", "council stopped the air sensors"); !strings.Contains(s, "no council decision had used the data") {
		t.Errorf("council stopped the air sensors: passage %q", s)
	}
	if s := snip("/initiatives/bike-library/", "zzzzqx"); s != "" {
		t.Errorf("a word not in the page gives the passage %q", s)
	}
	// Every passage of every reader query is at most snippetLen characters
	// and says where it was cut.
	for _, rq := range readerQueries(t) {
		for _, r := range find(t, ix, rq.Q, search.Filters{}) {
			s, _ := ix.Snippet(r.Page, rq.Q)
			if n := len([]rune(s)); n > 222 {
				t.Errorf("%q on %s: a passage of %d characters", rq.Q, r.URL, n)
			}
		}
	}
}
