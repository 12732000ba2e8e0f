package render

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/corpus"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

func TestParseShard(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Shard
		err  string
	}{
		{"1/1", Shard{1, 1}, ""},
		{"2/3", Shard{2, 3}, ""},
		{" 7/7 ", Shard{7, 7}, ""},
		{"0/3", Shard{}, "counted from 1 to 3"},
		{"4/3", Shard{}, "counted from 1 to 3"},
		{"-1/3", Shard{}, "counted from 1 to 3"},
		{"1/0", Shard{}, "at least one part"},
		{"1/1001", Shard{}, "at most 1000"},
		{"x", Shard{}, "write K/N"},
		{"2", Shard{}, "write K/N"},
		{"2/", Shard{}, "write K/N"},
		{"a/b", Shard{}, "write K/N"},
		{"", Shard{}, "write K/N"},
	} {
		got, err := ParseShard(tc.in)
		switch {
		case tc.err == "" && (err != nil || got != tc.want):
			t.Errorf("ParseShard(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("ParseShard(%q) = %v, %v; want an error saying %q", tc.in, got, err, tc.err)
		}
	}
}

// loadCorpus loads and links a generated portfolio (this package cannot
// import generator, which imports it).
func loadCorpus(t *testing.T, n int) (*portfolio.Portfolio, string) {
	t.Helper()
	dir, err := corpus.Cached(n, 3)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	cfg, diags := config.Load(dir)
	set, d := content.Load(dir, cfg.ContentDir, content.Options{Statuses: cfg.Statuses, Now: now})
	pf, d2 := portfolio.Resolve(cfg, set, now)
	if diags = append(append(diags, d...), d2...); diags.HasErrors() {
		t.Fatalf("corpus: %v", diags)
	}
	return pf, dir
}

// The parts are balanced by expected work, not by count: dealt largest
// first to the least loaded part, no part carries more than one view's
// work over the lightest part with views (a first part whose site-wide
// files are more than its share has none), and the part that has the expensive views has fewer of
// them. Planning the same portfolio twice gives the same parts.
func TestPartsAreBalancedByCost(t *testing.T) {
	pf, dir := loadCorpus(t, 1500)
	theme, err := LoadTheme(ThemeFS(dir, pf.Config.Theme))
	if err != nil {
		t.Fatal(err)
	}
	discard := writeFunc(func(string, []byte) error { return nil })
	plan := func() *Plan {
		p, err := New(theme).Plan(pf, dir, discard)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	p, again := plan(), plan()
	biggest := 0
	for _, j := range p.Views {
		biggest = max(biggest, viewCost(j.View))
	}
	for _, n := range []int{2, 3, 7} {
		load := make([]int, n)
		count := make([]int, n)
		load[0] = p.sharedCost()
		seen := map[string]bool{}
		for k := 1; k <= n; k++ {
			part := p.Part(Shard{k, n})
			names := func(jobs []Job) []string {
				var out []string
				for _, j := range jobs {
					out = append(out, j.Name)
				}
				return out
			}
			if !slices.Equal(names(part), names(again.Part(Shard{k, n}))) {
				t.Errorf("part %d/%d differs between two plans of the same portfolio", k, n)
			}
			for _, j := range part {
				if seen[j.Name] {
					t.Errorf("%s is in two parts of %d", j.Name, n)
				}
				seen[j.Name] = true
				load[k-1] += viewCost(j.View)
				count[k-1]++
			}
		}
		if len(seen) != len(p.Views) {
			t.Errorf("%d parts hold %d views of %d", n, len(seen), len(p.Views))
		}
		lo, hi := -1, 0
		for k := range n {
			if count[k] == 0 {
				continue
			}
			if lo < 0 || load[k] < load[lo] {
				lo = k
			}
			if count[hi] == 0 || load[k] > load[hi] {
				hi = k
			}
		}
		if count[0] == 0 && load[0] < load[hi] {
			t.Errorf("%d parts: the first has no views though its site-wide files (%d) are less work than part %d's views (%d)", n, load[0], hi+1, load[hi])
		}
		if load[hi]-load[lo] > biggest {
			t.Errorf("%d parts: expected work %v (views %v); the heaviest exceeds the lightest by more than the largest view (%d)", n, load, count, biggest)
		}
		if n == 2 && count[0] >= count[1] {
			t.Errorf("2 parts: the first, with the site-wide files, has %d views and the second %d", count[0], count[1])
		}
		t.Logf("%d parts: expected work %v, views %v", n, load, count)
	}
}

// A merge across file systems copies what it cannot link.
func TestPlaceCopiesWhenItCannotLink(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.html")
	if err := os.WriteFile(src, []byte("<p>part</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	defer func(f func(string, string) error) { linkFile = f }(linkFile)
	linkFile = func(string, string) error { return errors.New("cross-device link") }
	d := &Dir{Root: filepath.Join(dir, "out")}
	if err := d.place("a/b/index.html", src); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "out", "a", "b", "index.html"))
	if err != nil || string(got) != "<p>part</p>" {
		t.Fatalf("copied %q, %v", got, err)
	}
	a, _ := os.Stat(src)
	b, _ := os.Stat(filepath.Join(dir, "out", "a", "b", "index.html"))
	if os.SameFile(a, b) {
		t.Error("the copy is the same file as its source")
	}
}
