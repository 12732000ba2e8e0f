package portfolio_test

import (
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator/diag"
)

func TestStatusWithoutDecision(t *testing.T) {
	for _, tc := range []struct {
		name, status, history string
		warn                  bool
	}{
		{"stopped without a decision", "stopped", "  - {status: piloting, date: 2024-01-01}\n  - {status: stopped, date: 2025-01-01}\n", true},
		{"stopped with a decision", "stopped", "  - {status: piloting, date: 2024-01-01}\n  - {status: stopped, date: 2025-01-01, decision: stop-it}\n", false},
		{"scaling without a decision", "scaling", "  - {status: scaling, date: 2025-05-01}\n", true},
		{"piloting needs no decision", "piloting", "  - {status: piloting, date: 2025-05-01}\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := resolve(t, map[string]string{
				"content/intents/clean-air.md": intentMD,
				"content/initiatives/x.md":     initiative("X", tc.status, "clean-air", "status_history:\n"+tc.history, ""),
				"content/decisions/stop-it.md": "---\ntitle: Stop it\ndate: 2025-01-01\noutcome: stop\ninitiatives: [x]\nlearnings: [l]\n---\n",
				"content/learnings/l.md":       "---\ntitle: L\ndate: 2025-05-01\ninitiatives: [x]\n---\n",
			}, nil)
			if diags.HasErrors() {
				t.Fatalf("unexpected errors:\n%s", diags.String())
			}
			if !tc.warn {
				none(t, diags, "status-without-decision")
				return
			}
			d := only(t, diags, "status-without-decision")
			at(t, d, "content/initiatives/x.md", 6, -1, diag.Warning)
			if !strings.Contains(d.Message, tc.status) || !strings.Contains(d.Message, "2025-") {
				t.Errorf("%s: should name the status and the date", d)
			}
		})
	}
}

func TestDecisionWithoutEvidence(t *testing.T) {
	for _, tc := range []struct {
		name, extra string
		warn        bool
	}{
		{"no evidence", "", true},
		{"learnings", "learnings: [l]\n", false},
		{"narratives", "narratives: [n]\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := resolve(t, map[string]string{
				"content/intents/clean-air.md": intentMD,
				"content/learnings/l.md":       "---\ntitle: L\ndate: 2025-05-01\nintents: [clean-air]\n---\n",
				"content/narratives/n.md":      narrative("N", ""),
				"content/decisions/d.md":       "---\ntitle: D\ndate: 2025-01-01\noutcome: continue\n" + tc.extra + "---\n",
			}, nil)
			if diags.HasErrors() {
				t.Fatalf("unexpected errors:\n%s", diags.String())
			}
			if !tc.warn {
				none(t, diags, "decision-without-evidence")
				return
			}
			at(t, only(t, diags, "decision-without-evidence"), "content/decisions/d.md", 4, -1, diag.Warning)
		})
	}
}

func TestNoRecentLearning(t *testing.T) {
	// now is 2025-06-01: a year ago is 2024-06-01.
	for _, tc := range []struct {
		name, status, start string
		learning            string // the learning's date and what it refers by; "" for none
		warn                bool
	}{
		{"old and silent", "piloting", "2023-01-01", "", true},
		{"recent learning", "piloting", "2023-01-01", "date: 2025-03-01\ninitiatives: [x]\n", false},
		{"only an old learning", "scaling", "2023-01-01", "date: 2024-01-01\ninitiatives: [x]\n", true},
		{"recent learning mentions it in its text", "exploring", "2023-01-01", "date: 2025-03-01\nintents: [clean-air]\n---\nAbout [[x]].\n", false},
		{"recent learning about something else", "piloting", "2023-01-01", "date: 2025-03-01\nintents: [clean-air]\n", true},
		{"started this year", "piloting", "2025-01-01", "", false},
		{"not active", "completed", "2023-01-01", "", false},
		{"just an idea", "idea", "2023-01-01", "", false},
		{"no start date", "piloting", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			extra := ""
			if tc.start != "" {
				extra = "start: " + tc.start + "\n"
			}
			site := map[string]string{
				"content/intents/clean-air.md": intentMD,
				"content/initiatives/x.md":     initiative("X", tc.status, "clean-air", extra, ""),
			}
			if tc.learning != "" {
				l := "---\ntitle: L\n" + tc.learning
				if !strings.Contains(tc.learning, "---") {
					l += "---\n"
				}
				site["content/learnings/l.md"] = l
			}
			_, diags := resolve(t, site, nil)
			if !tc.warn {
				none(t, diags, "no-recent-learning")
				return
			}
			d := only(t, diags, "no-recent-learning")
			at(t, d, "content/initiatives/x.md", 4, -1, diag.Warning)
			if !strings.Contains(d.Message, tc.status) {
				t.Errorf("%s: should name the status", d)
			}
		})
	}
}
