package generator_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/trellis-ssg/trellis/generator/diag"
)

// TestReviewOverdueShown: a decision whose review_by has passed with no
// later decision (Adapt the Eastbank trial, due by 2025-11-30) says
// "review overdue" on its page and in the decision log, and the build
// warns; decisions reviewed or superseded since do not.
func TestReviewOverdueShown(t *testing.T) {
	out, res := buildExample(t, "")
	warned := 0
	for _, d := range res.Diags {
		if d.Code == "review-overdue" {
			warned++
			if d.File != "content/decisions/adapt-eastbank-low-traffic.md" || d.Line != 14 || d.Severity != diag.Warning {
				t.Errorf("review-overdue: %s", d)
			}
		}
	}
	if warned != 1 {
		t.Errorf("%d review-overdue warnings, want 1", warned)
	}
	overdue := func(p string) bool {
		t.Helper()
		return strings.Contains(text(page(t, out, p)), "review overdue")
	}
	if !overdue("/decisions/adapt-eastbank-low-traffic/") {
		t.Error("the overdue decision's page does not say so")
	}
	for _, p := range []string{"/decisions/start-eastbank-low-traffic/", "/decisions/scale-bike-library/", "/decisions/reallocate-sensor-budget/"} {
		if overdue(p) {
			t.Errorf("%s says review overdue: it was superseded, is not due yet, or a later decision followed", p)
		}
	}
	log := section(page(t, out, "/decisions/"), "g-2024")
	if log == nil || !strings.Contains(text(log), "review overdue") {
		t.Error("the decision log does not mark the overdue decision")
	}
	if n := strings.Count(text(page(t, out, "/decisions/")), "review overdue"); n != 1 {
		t.Errorf("the decision log marks %d decisions overdue, want 1", n)
	}
}

// TestSignalObservationsShown: a signal with observations shows its latest
// value against baseline and target, a chart and the table of every
// measurement; open data carries them.
func TestSignalObservationsShown(t *testing.T) {
	out, _ := buildExample(t, "")
	doc := page(t, out, "/intents/active-mobility/")
	signals := section(doc, "signals")
	if signals == nil {
		t.Fatal("no signals section")
	}
	txt := text(signals)
	for _, want := range []string{"Latest", "61%", "47% (2023)", "70% by 2030", "Every measurement", "not measured yet"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the signals section lacks %q", want)
		}
	}
	svg := false
	walkNodes(signals, func(n *html.Node) {
		if n.Data == "svg" {
			if id, _ := attr(n, "id"); strings.HasPrefix(id, "signal-") {
				svg = true
			}
		}
	})
	if !svg {
		t.Error("no chart of the signal's measurements")
	}
	b, err := os.ReadFile(filepath.Join(out, "data", "portfolio.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"observations"`) || !strings.Contains(string(b), `"61%"`) {
		t.Error("portfolio.json does not carry the observations")
	}
}
