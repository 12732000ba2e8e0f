package generator_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/corpus"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// Benchmarks of the whole pipeline on generated corpora. Each corpus is
// written once per test binary, and only when a benchmark that needs it
// runs, so `go test ./...` stays fast; TestMain deletes them.

func TestMain(m *testing.M) {
	code := m.Run()
	corpus.RemoveCached()
	os.Exit(code)
}

var benchNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

func benchCorpus(b *testing.B, n int) string {
	b.Helper()
	dir, err := corpus.Cached(n, 1)
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

// benchPages is TRELLIS_BENCH_PAGES, or def.
func benchPages(b *testing.B, def int) int {
	n, err := corpus.PagesFromEnv(def)
	if err != nil {
		b.Fatal(err)
	}
	return n
}

func benchBuild(b *testing.B, n int) {
	src := benchCorpus(b, n)
	dest, err := os.MkdirTemp("", "trellis-bench-public-")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(dest)
	dest = filepath.Join(dest, "public")
	b.ReportAllocs()
	var res generator.Result
	for b.Loop() {
		res, err = generator.Build(generator.Options{Source: src, Destination: dest, Now: benchNow})
		if err != nil {
			b.Fatalf("build: %v (%d diagnostics)", err, len(res.Diags))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/page")
	b.ReportMetric(float64(res.Stats.Files), "files")
}

// BenchmarkBuild1000 is a full build (load, resolve, render, minify,
// publish) of a 1,000-page corpus.
func BenchmarkBuild1000(b *testing.B) { benchBuild(b, 1000) }

// BenchmarkBuild10000 is the same at 10,000 pages; time per page should match
// BenchmarkBuild1000's.
func BenchmarkBuild10000(b *testing.B) { benchBuild(b, 10000) }

// BenchmarkResolve is the portfolio stage alone: references, backlinks,
// taxonomies and checks, on pages loaded once.
func BenchmarkResolve(b *testing.B) {
	n := benchPages(b, 1000)
	src := benchCorpus(b, n)
	cfg, diags := config.Load(src)
	set, d := content.Load(src, cfg.ContentDir, content.Options{Statuses: cfg.Statuses, Now: benchNow, Languages: cfg.Languages.Codes()})
	if diags = append(diags, d...); diags.HasErrors() {
		b.Fatal("the corpus has errors")
	}
	b.ReportAllocs()
	for b.Loop() {
		pf, diags := portfolio.Resolve(cfg, set, benchNow)
		if diags.HasErrors() || len(pf.Pages) != n {
			b.Fatalf("%d pages, errors: %v", len(pf.Pages), diags.HasErrors())
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/page")
}
