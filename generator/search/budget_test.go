package search_test

import (
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/trellis-ssg/trellis/generator/portfolio"
	"github.com/trellis-ssg/trellis/generator/search"
)

// shown is how many results search.js shows before "Show more"; it
// downloads the fragments holding them.
const shown = 20

// transfer returns the bytes a browser downloads for a query (raw,
// uncompressed: hosts gzip, but the budget counts what they would send
// without it): the script, meta.json, the shards of its words and every
// fragment holding one of the first results shown.
func transfer(t *testing.T, ix *search.Index, script int, q string, f search.Filters) (total int, files []string) {
	t.Helper()
	names, err := ix.Needs(q, f, shown)
	if err != nil {
		t.Fatal(err)
	}
	total = script
	for _, n := range names {
		data := ix.File(n)
		if data == nil {
			t.Fatalf("query %q needs %s, which the index does not have", q, n)
		}
		total += len(data)
	}
	return total, names
}

func scriptSize(t *testing.T) int {
	t.Helper()
	js, err := os.ReadFile(scriptPath)
	if err != nil {
		t.Fatal(err)
	}
	return len(js)
}

// budget checks that every query stays under limit bytes, and logs what
// each one costs.
func budget(t *testing.T, pf *portfolio.Portfolio, limit int, queries []string, filters ...search.Filters) {
	start := time.Now()
	ix := search.Build(pf)
	built := time.Since(start)
	script := scriptSize(t)
	meta := len(ix.File("search/meta.json"))
	var all, biggestShard, biggestFrag int
	for _, f := range ix.Files() {
		all += len(f.Data)
		switch {
		case strings.HasPrefix(f.Name, "search/t/"):
			biggestShard = max(biggestShard, len(f.Data))
		case strings.HasPrefix(f.Name, "search/p/"):
			biggestFrag = max(biggestFrag, len(f.Data))
		}
	}
	t.Logf("%d pages: built in %v; %d files, %d bytes in all; script %d, meta.json %d, largest shard %d, largest fragment %d",
		len(pf.Pages), built.Round(time.Millisecond), len(ix.Files()), all, script, meta, biggestShard, biggestFrag)
	if len(filters) == 0 {
		filters = []search.Filters{{}}
	}
	for _, q := range queries {
		for _, f := range filters {
			total, names := transfer(t, ix, script, q, f)
			res, _ := ix.Search(q, f)
			sort.Strings(names)
			t.Logf("  %-22q %+v: %7d bytes, %d results, %d files", q, f, total, len(res), len(names))
			if total > limit {
				t.Errorf("query %q %+v transfers %d bytes, over the budget of %d: %v", q, f, total, limit, names)
			}
		}
	}
}

func TestBudgetExample(t *testing.T) {
	budget(t, example(t), 100_000, []string{"bike library", "bike lib", "air quality", "healthy ageing", "school streets", "co", "heat"},
		search.Filters{}, search.Filters{Kind: "initiative"}, search.Filters{Intent: "clean-air", System: "transport"})
}

func TestBudget10000(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a 10,000-page portfolio")
	}
	start := time.Now()
	pf := generate(t, 10_000)
	t.Logf("generated and resolved 10,000 pages in %v", time.Since(start).Round(time.Millisecond))
	budget(t, pf, 300_000, []string{"bike library", "garden heat", "street school", "bike lib", "co", "heat wave", "community ownership"},
		search.Filters{}, search.Filters{Kind: "initiative", Status: "piloting"})
}
