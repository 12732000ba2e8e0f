package analysis_test

import (
	"testing"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/analysis"
)

// TestHeldOutLinks hides a fifth of the example portfolio's links at a
// time (five folds), and asks each ranking for every page's five
// strongest connections: the suggestions' model must recover more of the
// hidden links than pages' shared tags (the baseline the issue names) and
// their shared places, systems, tags and themes. The figures are logged
// for the note (go test -v -run TestHeldOutLinks).
func TestHeldOutLinks(t *testing.T) {
	pf, diags := generator.Load(generator.Options{Source: "../..", Now: now, NoGitDates: true})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	evs := map[string]analysis.Evaluation{}
	for _, r := range []analysis.Ranking{analysis.ModelRanking, analysis.TagRanking, analysis.TermRanking} {
		ev := analysis.Evaluate(pf, r, 5, 18)
		t.Logf("%-12s links %d queries %d P@5 %.3f R@5 %.3f found %.3f", ev.Method, ev.Links, ev.Queries, ev.PrecisionAt5, ev.RecallAt5, ev.Found)
		if ev.Links < 50 || ev.Queries < 50 {
			t.Fatalf("%s: only %d links and %d queries: the example portfolio is too small to judge", ev.Method, ev.Links, ev.Queries)
		}
		evs[ev.Method] = ev
		if again := analysis.Evaluate(pf, r, 5, 18); again != ev {
			t.Errorf("%s: a second evaluation gave %+v, the first %+v", ev.Method, again, ev)
		}
	}
	model := evs[analysis.ModelRanking.Name()]
	for _, base := range []analysis.Ranking{analysis.TagRanking, analysis.TermRanking} {
		b := evs[base.Name()]
		if model.PrecisionAt5 <= b.PrecisionAt5 || model.RecallAt5 <= b.RecallAt5 {
			t.Errorf("the model (P@5 %.3f, R@5 %.3f) does not beat %s (P@5 %.3f, R@5 %.3f)",
				model.PrecisionAt5, model.RecallAt5, base.Name(), b.PrecisionAt5, b.RecallAt5)
		}
	}
	// Well above the baseline, not by a hair: twice its recall.
	if tags := evs[analysis.TagRanking.Name()]; model.RecallAt5 < 2*tags.RecallAt5 {
		t.Errorf("the model's R@5 %.3f is less than twice the shared tags' %.3f", model.RecallAt5, tags.RecallAt5)
	}
}
