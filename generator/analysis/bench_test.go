package analysis_test

import (
	"fmt"
	"testing"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/analysis"
	"github.com/trellis-ssg/trellis/generator/corpus"
)

// BenchmarkSuggest times the suggestions of a generated portfolio of 1,000
// and 10,000 pages (the model, every page's ranking and the reasons),
// to compare with a build of the same portfolio (generator's
// BenchmarkBuild…): go test -run XXX -bench Suggest -benchtime 1x.
func BenchmarkSuggest(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := b.TempDir()
			if err := corpus.WriteOptions(dir, corpus.Options{Pages: n, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			pf, diags := generator.Load(generator.Options{Source: dir, Now: now, NoGitDates: true})
			if diags.HasErrors() {
				b.Fatal(diags)
			}
			b.ResetTimer()
			for range b.N {
				s := analysis.Suggest(pf, analysis.Options{})
				b.ReportMetric(float64(len(s.All())), "suggestions")
			}
		})
	}
}

// BenchmarkHealthAndHistory times the health figures and every page's
// history of a generated portfolio of 10,000 pages.
func BenchmarkHealthAndHistory(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.WriteOptions(dir, corpus.Options{Pages: 10000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	pf, diags := generator.Load(generator.Options{Source: dir, Now: now, NoGitDates: true})
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	b.ResetTimer()
	for range b.N {
		analysis.HealthOf(pf)
		for _, p := range pf.Pages {
			analysis.HistoryOf(pf, p, 50)
		}
	}
}
