package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/trellis-ssg/trellis/generator/diag"
)

// History configures each page's public history: its status changes and
// decisions merged with the commits that changed its file.
type History struct {
	// PrivatePrefix leaves out of the history every commit whose first
	// line begins with it (any case); default "[private]".
	PrivatePrefix string `yaml:"private_prefix"`
	// PrivateTrailer leaves out every commit whose message ends with this
	// trailer ("Private: yes"); default "Private".
	PrivateTrailer string `yaml:"private_trailer"`
	// CommitURL, when set, links each change to its commit: a URL with
	// {hash} where the commit's hash goes, such as
	// https://github.com/council/portfolio/commit/{hash}.
	CommitURL string `yaml:"commit_url"`
}

// Health sets the thresholds of the portfolio health page (/health/).
// Periods are written "12 months", "90 days", "2 years", "6 weeks" or in
// ISO 8601 ("P1Y", "P90D").
type Health struct {
	// LearningWithin: an active initiative that has run longer than this
	// with no learning recorded within it is reported; default 12 months.
	LearningWithin string `yaml:"learning_within"`
	// ConsentRenewal: a story whose consent expires within this period is
	// counted as awaiting renewal; default 90 days.
	ConsentRenewal string `yaml:"consent_renewal"`
	// ThinIntent: an intent served by this many initiatives or fewer is
	// reported; default 1.
	ThinIntent string `yaml:"thin_intent"`
	// Recent and StaleAfter divide the pages by their last update: within
	// Recent (default 3 months), up to StaleAfter (default 12 months), and
	// older.
	Recent     string `yaml:"recent"`
	StaleAfter string `yaml:"stale_after"`

	learning, consent, recent, stale Period
	thin                             int
}

// Period is a length of calendar time: years, months and days.
type Period struct{ Years, Months, Days int }

// Before is the moment a period before t.
func (p Period) Before(t time.Time) time.Time { return t.AddDate(-p.Years, -p.Months, -p.Days) }

// After is the moment a period after t.
func (p Period) After(t time.Time) time.Time { return t.AddDate(p.Years, p.Months, p.Days) }

// LearningPeriod is the period an active initiative should have learned within.
func (h Health) LearningPeriod() Period { return h.learning }

// ConsentPeriod is how long before expiry a story's consent awaits renewal.
func (h Health) ConsentPeriod() Period { return h.consent }

// RecentPeriod is the age within which a page counts as recently updated.
func (h Health) RecentPeriod() Period { return h.recent }

// StalePeriod is the age beyond which a page counts as not updated.
func (h Health) StalePeriod() Period { return h.stale }

// ThinLimit is the most initiatives an intent may have and still be reported as thinly served.
func (h Health) ThinLimit() int { return h.thin }

// healthDefaults are the thresholds of a site.yaml that sets none.
var healthDefaults = struct{ learning, consent, recent, stale Period }{
	Period{Months: 12}, Period{Days: 90}, Period{Months: 3}, Period{Months: 12},
}

// fillSense fills the history and health defaults and parses the
// thresholds; validateSense has reported the ones it could not read.
func (c *Config) fillSense() {
	if c.History.PrivatePrefix == "" {
		c.History.PrivatePrefix = "[private]"
	}
	if c.History.PrivateTrailer == "" {
		c.History.PrivateTrailer = "Private"
	}
	h := &c.Health
	h.learning, _ = periodOr(h.LearningWithin, healthDefaults.learning)
	h.consent, _ = periodOr(h.ConsentRenewal, healthDefaults.consent)
	h.recent, _ = periodOr(h.Recent, healthDefaults.recent)
	h.stale, _ = periodOr(h.StaleAfter, healthDefaults.stale)
	h.thin = 1
	if n, err := strconv.Atoi(strings.TrimSpace(h.ThinIntent)); err == nil && n >= 0 {
		h.thin = n
	}
}

// validateSense reports thresholds that are not periods or numbers, and a
// commit URL or trailer that cannot work.
func (c *Config) validateSense(diags *diag.List) {
	for _, t := range []struct{ key, value string }{
		{"health.learning_within", c.Health.LearningWithin},
		{"health.consent_renewal", c.Health.ConsentRenewal},
		{"health.recent", c.Health.Recent},
		{"health.stale_after", c.Health.StaleAfter},
	} {
		if _, err := periodOr(t.value, Period{}); err != nil {
			diags.Errorf(FileName, c.Line(t.key), "config-period", "write a period such as 12 months, 90 days, 2 years or P1Y",
				"%s: %v", t.key, err)
		}
	}
	if s := strings.TrimSpace(c.Health.ThinIntent); s != "" {
		if n, err := strconv.Atoi(s); err != nil || n < 0 {
			diags.Errorf(FileName, c.Line("health.thin_intent"), "config-number", "write a whole number of initiatives, such as 1",
				"health.thin_intent: %q is not a number of initiatives", c.Health.ThinIntent)
		}
	}
	if !trailerKey(c.History.PrivateTrailer) {
		diags.Errorf(FileName, c.Line("history.private_trailer"), "config-value", "a trailer's name is letters, digits and hyphens, such as Private",
			"history.private_trailer %q is not a trailer's name", c.History.PrivateTrailer)
	}
	if u := c.History.CommitURL; u != "" {
		if !strings.Contains(u, "{hash}") {
			diags.Errorf(FileName, c.Line("history.commit_url"), "config-value", "put {hash} where the commit's hash goes: https://github.com/council/portfolio/commit/{hash}",
				"history.commit_url has no {hash}")
		} else if msg := menuURLProblem(strings.ReplaceAll(u, "{hash}", "0")); msg != "" || !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
			diags.Errorf(FileName, c.Line("history.commit_url"), "config-value", "write an https:// address with {hash} in it",
				"history.commit_url is not a web address")
		}
	}
}

// CommitLink is the address of a commit when history.commit_url is set, or "".
func (c *Config) CommitLink(hash string) string {
	if c.History.CommitURL == "" || hash == "" {
		return ""
	}
	return strings.ReplaceAll(c.History.CommitURL, "{hash}", hash)
}

func trailerKey(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// periodOr reads a period, or gives def for an empty one.
func periodOr(s string, def Period) (Period, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return def, nil
	}
	return ParsePeriod(s)
}

// ParsePeriod reads a period: a number and a unit ("12 months", "90 days",
// "1 year", "6 weeks") or an ISO 8601 duration of years, months, weeks and
// days ("P1Y6M", "P90D").
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(s)
	if u := strings.ToUpper(s); strings.HasPrefix(u, "P") && len(u) > 1 {
		var p Period
		num := ""
		for _, r := range u[1:] {
			switch {
			case r >= '0' && r <= '9':
				num += string(r)
				continue
			case num == "":
				return Period{}, fmt.Errorf("%q is not a period", s)
			}
			n, _ := strconv.Atoi(num)
			num = ""
			switch r {
			case 'Y':
				p.Years += n
			case 'M':
				p.Months += n
			case 'W':
				p.Days += 7 * n
			case 'D':
				p.Days += n
			default:
				return Period{}, fmt.Errorf("%q is not a period of years, months, weeks or days", s)
			}
		}
		if num != "" {
			return Period{}, fmt.Errorf("%q is not a period", s)
		}
		return p, nil
	}
	fields := strings.Fields(s)
	if len(fields) != 2 {
		return Period{}, fmt.Errorf("%q is not a period", s)
	}
	n, err := strconv.Atoi(fields[0])
	if err != nil || n < 0 {
		return Period{}, fmt.Errorf("%q is not a period: %q is not a whole number", s, fields[0])
	}
	switch strings.TrimSuffix(strings.ToLower(fields[1]), "s") {
	case "day":
		return Period{Days: n}, nil
	case "week":
		return Period{Days: 7 * n}, nil
	case "month":
		return Period{Months: n}, nil
	case "year":
		return Period{Years: n}, nil
	}
	return Period{}, fmt.Errorf("%q is not a period: the unit is days, weeks, months or years", s)
}
