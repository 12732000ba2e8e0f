package analysis_test

import (
	"testing"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/analysis"
)

func TestHeldOutLinks(t *testing.T) {
	pf, diags := generator.Load(generator.Options{Source: "../..", Now: now, NoGitDates: true})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	for _, r := range []analysis.Ranking{analysis.ModelRanking, analysis.TagRanking, analysis.TermRanking} {
		ev := analysis.Evaluate(pf, r, 5, 18)
		t.Logf("%-12s links %d queries %d P@5 %.3f R@5 %.3f found %.3f", ev.Method, ev.Links, ev.Queries, ev.PrecisionAt5, ev.RecallAt5, ev.Found)
	}
}
