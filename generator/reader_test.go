package generator_test

import (
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
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

// TestGlossaryAndReportLinkOnEveryPage: /glossary/ explains the portfolio's
// words and every status from the theme's strings; every page links to it
// from its footer and has "Report a problem with this page", a mail whose
// text carries the page's own address; a list page's lead links its first
// portfolio word to the glossary; the map and each view say how to read
// them.
func TestGlossaryAndReportLinkOnEveryPage(t *testing.T) {
	out, _ := buildExample(t, "")
	g := page(t, out, "/glossary/")
	ids := ids(g)
	for _, id := range []string{"intent", "initiative", "signal", "facet", "pooled-fund", "disbursed", "counts", "status-piloting", "status-embedded", "facet-adaptive"} {
		if !ids[id] {
			t.Errorf("the glossary has no entry #%s", id)
		}
	}
	pages := 0
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Base(p) != "index.html" {
			return err
		}
		rel, _ := filepath.Rel(out, filepath.Dir(p))
		sitePath := "/" + filepath.ToSlash(rel) + "/"
		if rel == "." {
			sitePath = "/"
		}
		doc := parseHTML(t, p)
		refresh := false
		walkNodes(doc, func(n *html.Node) {
			if v, _ := attr(n, "http-equiv"); v == "refresh" {
				refresh = true
			}
		})
		if refresh || strings.HasPrefix(sitePath, "/embed/") || strings.HasPrefix(sitePath, "/cy/embed/") {
			return nil // a redirect of an old address; a page made to be framed by another site
		}
		pages++
		// A Welsh page (under /cy/) links the Welsh glossary.
		glossaryURL := "/glossary/"
		if strings.HasPrefix(sitePath, "/cy/") {
			glossaryURL = "/cy/glossary/"
		}
		report, glossary := "", false
		walkNodes(doc, func(n *html.Node) {
			if n.Data != "a" {
				return
			}
			href, _ := attr(n, "href")
			if c, _ := attr(n.Parent, "class"); c == "report" {
				report = href
			}
			if href == glossaryURL && inFooter(n) {
				glossary = true
			}
		})
		// The mail as a mail program reads it (RFC 6068): to the site's
		// contact, a subject and a body naming the page, and nothing else:
		// a title with "&" or "=" must not end the subject early.
		want := "https://portfolio.riverford.example" + sitePath
		u, err := url.Parse(report)
		q, qerr := url.ParseQuery(u.RawQuery)
		if err != nil || qerr != nil || u.Scheme != "mailto" || u.Opaque != "portfolio@riverford.example" || len(q) != 2 ||
			len(q["subject"]) != 1 || !strings.Contains(q.Get("body"), want) || strings.Contains(u.RawQuery, "+") {
			t.Errorf("%s: report link %q, want a mail with a subject and a body naming %s", sitePath, report, want)
		}
		if sitePath == "/" && !strings.Contains(q.Get("subject"), "Riverford Climate & Wellbeing Portfolio") {
			t.Errorf("/: the report mail's subject is %q, want the page's whole title", q.Get("subject"))
		}
		if !glossary {
			t.Errorf("%s: the footer does not link to the glossary", sitePath)
		}
		return nil
	})
	if pages < 100 {
		t.Fatalf("checked %d pages", pages)
	}
	lead := func(p string) *html.Node {
		var found *html.Node
		walkNodes(page(t, out, p), func(n *html.Node) {
			if c, _ := attr(n, "class"); found == nil && c == "lead" {
				found = n
			}
		})
		return found
	}
	for _, p := range []string{"/intents/", "/initiatives/", "/decisions/", "/map/", "/views/"} {
		if l := lead(p); l == nil || !slices.ContainsFunc(hrefs(l), func(h string) bool { return strings.HasPrefix(h, "/glossary/#") }) {
			t.Errorf("%s: the lead does not link a word to the glossary", p)
		}
	}
	for _, p := range []string{"/map/", "/views/"} {
		if !strings.Contains(text(page(t, out, p)), "How to read this") {
			t.Errorf("%s does not say how to read it", p)
		}
	}
	if n := strings.Count(text(page(t, out, "/views/")), "How to read this"); n != 5 {
		t.Errorf("/views/ says how to read %d views, want 5", n)
	}
}

func inFooter(n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n.Data == "footer" {
			return true
		}
	}
	return false
}
