package analysis

import (
	"slices"
	"sort"
	"time"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// Figure is one number of the health page and the pages behind it.
type Figure struct {
	// Key names the figure: its strings in the theme (health.KEY), its
	// list page (/health/KEY/) and its element id.
	Key string
	// Count is the figure; Of, when not zero, what it is a share of.
	Count, Of int
	// Pages are the pages behind the figure, in the site's order.
	Pages []*content.Page
	// CountOnly marks a figure whose pages are never named (stories'
	// consent): it has no list.
	CountOnly bool
	// Steps are the status changes behind the "undecided" figure.
	Steps []portfolio.StatusStep
}

// Listed reports whether the figure has a list page (at
// /health/KEY/, one of portfolio.HealthLists): whether its pages may be named.
func (f Figure) Listed() bool { return !f.CountOnly }

// The keys of the health figures, in the order the page shows them.
const (
	HealthNoRecentLearning = "no-recent-learning"
	HealthWithoutEvidence  = "decisions-without-evidence"
	HealthUndecided        = "changes-without-decision"
	HealthThinIntents      = "thin-intents"
	HealthUnfunded         = "unfunded"
	HealthConsentRenewal   = "consent-renewal"
	HealthConsentLapsed    = "consent-lapsed"
	HealthUpdatedRecent    = "updated-recently"
	HealthUpdatedYear      = "updated-earlier"
	HealthUpdatedStale     = "not-updated"
	HealthUndated          = "undated"
)

// Health is how complete and current the portfolio's public record is.
type Health struct {
	// AsOf is the day the figures were judged on.
	AsOf time.Time
	// Record are the figures about what the record lacks: initiatives
	// without a recent learning, decisions without evidence, status
	// changes without a decision, thinly served intents, initiatives
	// without funding.
	Record []Figure
	// Consent counts the stories awaiting consent renewal, and those not
	// published because their consent lapsed or was withdrawn. Counts
	// only: the stories are never named.
	Consent []Figure
	// Updated divides the pages by their last update: recently, within
	// the stale threshold, before it, and never dated.
	Updated []Figure
	// Funding is, per year, how many initiatives report funding for it.
	Funding []FundingYear
}

// FundingYear is the funding reported for one year.
type FundingYear struct {
	Year        int // 0 for funding lines without a year
	Initiatives []*content.Page
	Lines       int
}

// Figures are all figures with a list page, in the page's order.
func (h Health) Figures() []Figure {
	var out []Figure
	for _, fs := range [][]Figure{h.Record, h.Updated} {
		for _, f := range fs {
			if f.Listed() {
				out = append(out, f)
			}
		}
	}
	return out
}

// Figure returns the figure with key, and whether there is one.
func (h Health) Figure(key string) (Figure, bool) {
	for _, fs := range [][]Figure{h.Record, h.Consent, h.Updated} {
		for _, f := range fs {
			if f.Key == key {
				return f, true
			}
		}
	}
	return Figure{}, false
}

// HealthOf judges the portfolio as of its day (portfolio.Day) with the
// thresholds of site.yaml's health section. The first three figures are
// the steward's checks (portfolio.Stewardship), which editors see as
// warnings: the page shows the public the same findings.
func HealthOf(pf *portfolio.Portfolio) Health {
	now := pf.Day()
	cfg := pf.Config.Health
	h := Health{AsOf: now}
	st := pf.Stewardship(now)
	initiatives := pf.Of(content.KindInitiative)

	activeN := 0
	for _, p := range initiatives {
		if portfolio.Active(p.Status) {
			activeN++
		}
	}
	undecided := Figure{Key: HealthUndecided, Count: len(st.Undecided), Steps: st.Undecided}
	changes := 0
	for _, p := range initiatives {
		changes += len(p.StatusHistory)
	}
	undecided.Of = changes
	for _, s := range st.Undecided {
		if !slices.Contains(undecided.Pages, s.Page) {
			undecided.Pages = append(undecided.Pages, s.Page)
		}
	}

	var thin []*content.Page
	for _, in := range pf.Of(content.KindIntent) {
		if len(pf.Referrers(in, content.KindInitiative, "intents")) <= cfg.ThinLimit() {
			thin = append(thin, in)
		}
	}
	var unfunded []*content.Page
	years := map[int]*FundingYear{}
	for _, p := range initiatives {
		if len(p.Funding) == 0 {
			unfunded = append(unfunded, p)
		}
		for _, f := range p.Funding {
			y := years[f.Year]
			if y == nil {
				y = &FundingYear{Year: f.Year}
				years[f.Year] = y
			}
			y.Lines++
			if !slices.Contains(y.Initiatives, p) {
				y.Initiatives = append(y.Initiatives, p)
			}
		}
	}
	for _, y := range years {
		h.Funding = append(h.Funding, *y)
	}
	// Years in order, lines without a year last.
	sort.Slice(h.Funding, func(i, j int) bool {
		a, b := h.Funding[i].Year, h.Funding[j].Year
		if (a == 0) != (b == 0) {
			return b == 0
		}
		return a < b
	})

	h.Record = []Figure{
		{Key: HealthNoRecentLearning, Count: len(st.NoRecentLearning), Of: activeN, Pages: st.NoRecentLearning},
		{Key: HealthWithoutEvidence, Count: len(st.WithoutEvidence), Of: len(pf.Of(content.KindDecision)), Pages: st.WithoutEvidence},
		undecided,
		{Key: HealthThinIntents, Count: len(thin), Of: len(pf.Of(content.KindIntent)), Pages: thin},
		{Key: HealthUnfunded, Count: len(unfunded), Of: len(initiatives), Pages: unfunded},
	}

	renewBy := cfg.ConsentPeriod().After(now)
	renewal, lapsed := 0, 0
	for _, p := range pf.Of(content.KindNarrative) {
		if e := p.Consent.Expires; !e.IsZero() && !e.After(renewBy) {
			renewal++
		}
	}
	for _, p := range pf.Withheld {
		if p.Kind == content.KindNarrative {
			lapsed++
		}
	}
	h.Consent = []Figure{
		{Key: HealthConsentRenewal, Count: renewal, Of: len(pf.Of(content.KindNarrative)), CountOnly: true},
		{Key: HealthConsentLapsed, Count: lapsed, CountOnly: true},
	}

	recent, stale := cfg.RecentPeriod().Before(now), cfg.StalePeriod().Before(now)
	buckets := [4][]*content.Page{}
	all := 0
	for _, p := range pf.Pages {
		if p.Kind == content.KindPage {
			continue
		}
		all++
		u := p.LastUpdated()
		switch {
		case u.IsZero():
			buckets[3] = append(buckets[3], p)
		case !u.Before(recent):
			buckets[0] = append(buckets[0], p)
		case !u.Before(stale):
			buckets[1] = append(buckets[1], p)
		default:
			buckets[2] = append(buckets[2], p)
		}
	}
	for i, key := range []string{HealthUpdatedRecent, HealthUpdatedYear, HealthUpdatedStale, HealthUndated} {
		h.Updated = append(h.Updated, Figure{Key: key, Count: len(buckets[i]), Of: all, Pages: buckets[i]})
	}
	return h
}
