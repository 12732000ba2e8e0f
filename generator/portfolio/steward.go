package portfolio

import (
	"time"

	"github.com/trellis-ssg/trellis/generator/content"
)

// Stewardship is what a careful steward's checks find: pages that are not
// wrong, but leave the public record thinner than it should be. The
// checks warn editors about each (check.go); the health page
// (generator/analysis) shows the public the same findings.
type Stewardship struct {
	// NoRecentLearning are the active initiatives that started more than
	// the site's learning period ago (health.learning_within, a year by
	// default) and have no learning dated within it.
	NoRecentLearning []*content.Page
	// WithoutEvidence are the decisions that cite no learning or story.
	WithoutEvidence []*content.Page
	// Undecided are the status changes that needed a decision (scaling,
	// settling, pausing, stopping) and record none.
	Undecided []StatusStep
}

// StatusStep is one status change of an initiative.
type StatusStep struct {
	Page   *content.Page
	Change content.StatusChange
}

// Stewardship runs the steward's checks as of now, in page order.
func (pf *Portfolio) Stewardship(now time.Time) Stewardship {
	var s Stewardship
	since := pf.Config.Health.LearningPeriod().Before(now)
	for _, p := range pf.Pages {
		switch p.Kind {
		case content.KindInitiative:
			for _, h := range p.StatusHistory {
				if h.Decision == "" && needsDecision(h.Status) {
					s.Undecided = append(s.Undecided, StatusStep{p, h})
				}
			}
			// Without a start date it is not known to have run for the period.
			if active(p.Status) && !p.Start.IsZero() && p.Start.Before(since) && !pf.learnedSince(p, since) {
				s.NoRecentLearning = append(s.NoRecentLearning, p)
			}
		case content.KindDecision:
			if len(p.Learnings) == 0 && len(p.Narratives) == 0 {
				s.WithoutEvidence = append(s.WithoutEvidence, p)
			}
		}
	}
	return s
}

// learnedSince reports whether a learning about p is dated after since.
func (pf *Portfolio) learnedSince(p *content.Page, since time.Time) bool {
	for _, l := range pf.Referrers(p, content.KindLearning) {
		if l.Date.After(since) {
			return true
		}
	}
	return false
}

// Active reports whether an initiative in this status is expected to be
// learning: exploring, prototyping, piloting or scaling.
func Active(status string) bool { return active(status) }

// HealthLists are the names of the health page's lists of pages, each at
// /health/NAME/ (generator/analysis computes what they list).
var HealthLists = []string{
	"no-recent-learning", "decisions-without-evidence", "changes-without-decision", "thin-intents", "unfunded",
	"updated-recently", "updated-earlier", "not-updated", "undated",
}

// Day is the day the portfolio was judged on (consent, staleness), at
// midnight UTC: what the health page counts as now, so that builds on the
// same day give the same page.
func (pf *Portfolio) Day() time.Time { return pf.asOf }

func midnight(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
