package portfolio

import (
	"time"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
)

// check adds the warnings a careful steward wants: things that are not
// wrong, but leave the public record thinner than it should be.
func (pf *Portfolio) check(diags *diag.List, now time.Time) {
	pf.checkAliases(diags)
	s := pf.Stewardship(midnight(now))
	for _, st := range s.Undecided {
		diags.Warnf(st.Page.File, st.Page.Line("status_history"), "status-without-decision",
			"add `decision:` with the decision's slug, or record the decision in decisions/",
			"status changed to %q on %s without a recorded decision", st.Change.Status, st.Change.Date)
	}
	within := pf.Config.Health.LearningWithin
	if within == "" {
		within = "12 months"
	}
	for _, p := range s.NoRecentLearning {
		diags.Warnf(p.File, p.Line("status"), "no-recent-learning",
			"write down what the initiative has learned in learnings/", "no learning about this %s initiative in the last %s", p.Status, within)
	}
	for _, p := range s.WithoutEvidence {
		diags.Warnf(p.File, p.Line("outcome"), "decision-without-evidence",
			"add `learnings:` or `narratives:` that the decision rests on", "the decision cites no evidence")
	}
	for _, p := range pf.Of(content.KindDecision) {
		if pf.ReviewOverdue(p) {
			diags.Warnf(p.File, p.Line("review_by"), "review-overdue",
				"record the review as a new decision about the same initiatives (or one that `supersedes:` this), or move `review_by:`",
				"the review was due by %s and no later decision has followed", p.ReviewBy)
		}
	}
}

// active reports whether an initiative in this status is expected to be learning.
func active(status string) bool {
	switch status {
	case "exploring", "prototyping", "piloting", "scaling":
		return true
	}
	return false
}

// needsDecision reports whether moving to a status is a decision the public
// should be able to read: scaling up, settling, pausing or stopping.
func needsDecision(status string) bool {
	switch status {
	case "scaling", "embedded", "paused", "stopped", "completed":
		return true
	}
	return false
}

// checkAliases reports an alias that would overwrite a page, a list or
// another alias: a redirect must never replace content.
func (pf *Portfolio) checkAliases(diags *diag.List) {
	taken := map[string]string{"": "the home page"}
	for _, p := range pf.Pages {
		taken[p.Path()] = p.File
	}
	for _, k := range content.Kinds {
		taken[k.Folder()+"/"] = "the list of " + k.Folder()
	}
	for _, t := range Taxonomies {
		taken[t+"/"] = "the " + t + " index"
		for term := range pf.terms[t] {
			taken[TermPath(t, term)] = "a " + t + " page"
		}
	}
	for _, special := range []string{"search/", "accessibility/", "assets/", "data/", "map/", "views/", "changes/", "health/"} {
		taken[special] = "a page trellis generates"
	}
	for _, p := range pf.Pages {
		for _, a := range p.Aliases {
			if by, ok := taken[a]; ok {
				diags.Errorf(p.File, p.Line("aliases"), "alias-collision", "remove the alias, or choose another old URL",
					"alias /%s is the address of %s", a, by)
				continue
			}
			taken[a] = "an alias of " + p.File
		}
	}
}
