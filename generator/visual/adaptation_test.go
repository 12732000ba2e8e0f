package visual

import (
	"regexp"
	"strings"
	"testing"
)

// TestTimelineMarksAdaptation: on the example's timeline, the decision
// that changed an earlier one (adapt-eastbank-low-traffic supersedes
// start-eastbank-low-traffic) is drawn and named as an adaptation, by
// shape and in words, in the picture and its table; the decision it
// changed, and decisions that change none, are plain decisions; the
// legend explains the mark.
func TestTimelineMarksAdaptation(t *testing.T) {
	c := Timeline(examplePortfolio(t))
	svg := string(c.SVG)
	links := regexp.MustCompile(`<a [^>]*class="([^"]*)"[^>]*>`).FindAllString(svg, -1)
	adapt, plain := 0, 0
	for _, a := range links {
		switch {
		case strings.Contains(a, "pv-adaptation"):
			adapt++
			if !strings.Contains(a, "/decisions/adapt-eastbank-low-traffic/") {
				t.Errorf("marked as an adaptation: %s", a)
			}
			if !strings.Contains(a, "Adaptation of") || !strings.Contains(a, "changing") {
				t.Errorf("an adaptation's link does not say so: %s", a)
			}
		case strings.Contains(a, "pv-decision"):
			plain++
			if strings.Contains(a, "/decisions/adapt-eastbank-low-traffic/") {
				t.Errorf("the adaptation is drawn as a plain decision: %s", a)
			}
		}
	}
	if adapt == 0 || plain == 0 {
		t.Errorf("%d adaptations and %d plain decisions drawn", adapt, plain)
	}
	if !strings.Contains(svg, "pv-adapt") || !strings.Contains(svg, "Adaptation: a decision that changed an earlier one") {
		t.Error("no adaptation mark or legend")
	}
	found := false
	for _, r := range c.Table.Rows {
		for _, cell := range r.Cells {
			for _, l := range cell.Links {
				if strings.Contains(l.URL, "adapt-eastbank-low-traffic") {
					found = true
					if !strings.Contains(l.Text, "(adaptation of") {
						t.Errorf("the table names the adaptation %q", l.Text)
					}
				}
			}
		}
	}
	if !found {
		t.Error("the table does not list the adaptation")
	}
}
