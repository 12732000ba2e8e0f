package config

import (
	"strings"
	"testing"
)

// TestHealthThresholds: periods in words or ISO 8601 are read; what is
// not a period or a number is an error at its line, naming the key; no
// health section gives the defaults.
func TestHealthThresholds(t *testing.T) {
	c, diags := Parse([]byte("title: T\nhealth:\n  learning_within: 6 months\n  consent_renewal: P2M\n  thin_intent: 2\n  recent: 6 weeks\n"))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	h := c.Health
	if h.LearningPeriod() != (Period{Months: 6}) || h.ConsentPeriod() != (Period{Months: 2}) || h.ThinLimit() != 2 ||
		h.RecentPeriod() != (Period{Days: 42}) || h.StalePeriod() != (Period{Months: 12}) {
		t.Errorf("read %+v %+v %d %+v %+v", h.LearningPeriod(), h.ConsentPeriod(), h.ThinLimit(), h.RecentPeriod(), h.StalePeriod())
	}
	d, _ := Parse([]byte("title: T\n"))
	if d.Health.LearningPeriod() != (Period{Months: 12}) || d.Health.ThinLimit() != 1 || d.Health.ConsentPeriod() != (Period{Days: 90}) {
		t.Errorf("defaults %+v", d.Health)
	}
	_, diags = Parse([]byte("title: T\nhealth:\n  learning_within: soon\n  stale_after: 12 parsecs\n  thin_intent: a few\n  recent: P3X\n"))
	want := map[string]int{"health.learning_within": 3, "health.stale_after": 4, "health.thin_intent": 5, "health.recent": 6}
	for _, d := range diags {
		for key, line := range want {
			if strings.Contains(d.Message, key) && d.Line == line && d.File == FileName && d.Hint != "" {
				delete(want, key)
			}
		}
	}
	for key, line := range want {
		t.Errorf("no diagnostic for %s at line %d: %v", key, line, diags)
	}
}

// TestHistoryConfig: a commit address needs {hash} and to be a web
// address; the private trailer must be a trailer's name.
func TestHistoryConfig(t *testing.T) {
	c, diags := Parse([]byte("title: T\nhistory:\n  commit_url: https://git.example/site/commit/{hash}\n"))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if got := c.CommitLink("abc"); got != "https://git.example/site/commit/abc" {
		t.Errorf("CommitLink: %q", got)
	}
	if c.History.PrivatePrefix != "[private]" || c.History.PrivateTrailer != "Private" {
		t.Errorf("defaults %+v", c.History)
	}
	for _, src := range []string{
		"history:\n  commit_url: https://git.example/site/commit/\n",
		"history:\n  commit_url: javascript:alert(1)//{hash}\n",
		"history:\n  private_trailer: \"Private: yes\"\n",
	} {
		if _, diags := Parse([]byte("title: T\n" + src)); !diags.HasErrors() {
			t.Errorf("%q: no error", src)
		}
	}
}
