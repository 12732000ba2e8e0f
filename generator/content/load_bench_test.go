package content_test

import (
	"os"
	"testing"
	"time"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/corpus"
)

// The benchmarks load a generated corpus of TRELLIS_BENCH_PAGES pages
// (default 1,000), written once per test binary, only when a benchmark runs.

func TestMain(m *testing.M) {
	code := m.Run()
	corpus.RemoveCached()
	os.Exit(code)
}

func benchCorpus(b *testing.B) (string, int) {
	b.Helper()
	n, err := corpus.PagesFromEnv(1000)
	if err != nil {
		b.Fatal(err)
	}
	dir, err := corpus.Cached(n, 1)
	if err != nil {
		b.Fatal(err)
	}
	return dir, n
}

func BenchmarkLoad(b *testing.B) {
	dir, n := benchCorpus(b)
	opt := content.Options{Statuses: config.DefaultStatuses, Now: time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)}
	b.ReportAllocs()
	for b.Loop() {
		set, diags := content.Load(dir, "content", opt)
		if diags.HasErrors() || len(set.Pages) != n {
			b.Fatalf("%d pages, errors: %v", len(set.Pages), diags.HasErrors())
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/page")
}
