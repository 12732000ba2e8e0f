package portfolio

import (
	"time"

	"github.com/trellis-ssg/trellis/generator/content"
)

// ReviewOverdue reports whether decision p was to be reviewed by a day
// that has passed (the day the portfolio was linked) and no later decision
// has followed it: none supersedes it, and none dated after it is about
// one of its initiatives.
func (pf *Portfolio) ReviewOverdue(p *content.Page) bool {
	if p.Kind != content.KindDecision || p.ReviewBy.IsZero() {
		return false
	}
	today, err := time.Parse("2006-01-02", pf.day)
	if err != nil || !p.ReviewBy.Before(today) {
		return false
	}
	if len(pf.Referrers(p, content.KindDecision, "supersedes")) > 0 {
		return false
	}
	for _, ini := range pf.Targets(p, "initiatives") {
		for _, d := range pf.Referrers(ini, content.KindDecision, "initiatives") {
			if d != p && d.Date.After(p.Date.Time) {
				return false
			}
		}
	}
	return true
}
