package render_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/render"
)

// TestLearnedOnIntent: an intent's page gathers what its initiatives have
// learned, high confidence first and newest first within it, each
// learning followed by the decisions it informed, and a decision that
// changed an earlier one said to be an adaptation.
func TestLearnedOnIntent(t *testing.T) {
	pf, diags := generator.Load(generator.Options{Source: "../..", Now: now, NoGitDates: true})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	theme, err := render.LoadTheme(render.ThemeFS("../..", "default"), "en")
	if err != nil {
		t.Fatal(err)
	}
	out := &render.Memory{}
	if _, err := render.New(theme).Render(pf, "../..", out); err != nil {
		t.Fatal(err)
	}
	page := string(out.Files["intents/active-mobility/index.html"])
	start := strings.Index(page, `<section class="learned"`)
	if start < 0 {
		t.Fatal(`the intent's page has no "What we have learned"`)
	}
	sec := page[start : start+strings.Index(page[start:], "</section>")]
	// The groups, in order of confidence.
	groups := regexp.MustCompile(`<h3 id="learned-(\w+)"`).FindAllStringSubmatch(sec, -1)
	var order []string
	for _, g := range groups {
		order = append(order, g[1])
	}
	rank := map[string]int{"high": 1, "medium": 2, "low": 3, "unstated": 4}
	for i := range order {
		if rank[order[i]] == 0 || i > 0 && rank[order[i]] <= rank[order[i-1]] {
			t.Errorf("groups in the order %v, want high, medium, low, unstated", order)
			break
		}
	}
	if len(order) < 2 || order[0] != "high" {
		t.Errorf("groups %v: want high confidence first, and more than one group", order)
	}
	// Within a group, newest first.
	high := sec[:strings.Index(sec, `id="learned-medium"`)]
	dates := regexp.MustCompile(`<a href="/learnings/[^"]+">[^<]*</a> <span class="meta">· <time datetime="([0-9-]+)"`).FindAllStringSubmatch(high, -1)
	for i := 1; i < len(dates); i++ {
		if dates[i][1] > dates[i-1][1] {
			t.Errorf("high confidence learnings not newest first: %s after %s", dates[i][1], dates[i-1][1])
		}
	}
	if len(dates) < 2 {
		t.Errorf("only %d dated high-confidence learnings", len(dates))
	}
	// Evidence to decision: the carers' learning informed the adaptation,
	// which changed the decision to start the trial.
	carers := sec[strings.Index(sec, "/learnings/carers-need-access-in-low-traffic-zones/"):]
	carers = carers[:strings.Index(carers, "</ul>")]
	for _, want := range []string{`href="/decisions/adapt-eastbank-low-traffic/"`, `class="adapts"`, `href="/decisions/start-eastbank-low-traffic/"`} {
		if !strings.Contains(carers, want) {
			t.Errorf("the carers' learning lacks %s:\n%s", want, carers)
		}
	}
}
