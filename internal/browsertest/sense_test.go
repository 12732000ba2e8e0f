package browsertest

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestNoJSHealth: with scripts off, "About the data" shows its figures,
// each a link to the list of pages behind it, and its charts' tables; a
// figure's list names its pages; the footer reaches the page.
func TestNoJSHealth(t *testing.T) {
	t.Parallel() // see the package documentation
	const path = "/health/"
	ctx := newTab(t, false)
	if st := open(t, ctx, path); st != 200 {
		t.Fatalf("%s: HTTP %d", path, st)
	}
	doc := renderedDOM(t, ctx)
	main := checkCommon(t, doc, path)
	var lists []string
	for _, a := range all(main, tag("a")) {
		if h := hrefOf(a); strings.HasPrefix(h, "/health/") && h != "/health/" && !strings.Contains(h, "#") {
			lists = append(lists, h)
		}
	}
	if len(lists) < 5 {
		t.Fatalf("%s: %d links to figures' lists, want at least 5: %v", path, len(lists), lists)
	}
	if tables := all(main, tag("table")); len(tables) < 3 {
		t.Errorf("%s: %d tables, want the three charts' tables", path, len(tables))
	}
	for _, want := range []string{"decisions-without-evidence", "not-updated"} {
		found := false
		for _, l := range lists {
			found = found || l == "/health/"+want+"/"
		}
		if !found {
			t.Errorf("%s: no link to /health/%s/", path, want)
		}
	}
	footer := all(doc, tag("footer"))
	if len(footer) == 0 || len(all(footer[0], func(n *html.Node) bool { return n.Data == "a" && hrefOf(n) == "/health/" })) == 0 {
		t.Errorf("the footer does not link %s", path)
	}

	const list = "/health/decisions-without-evidence/"
	if st := open(t, ctx, list); st != 200 {
		t.Fatalf("%s: HTTP %d", list, st)
	}
	lm := checkCommon(t, renderedDOM(t, ctx), list)
	decisions := 0
	for _, a := range all(lm, tag("a")) {
		if strings.HasPrefix(hrefOf(a), "/decisions/") {
			decisions++
		}
	}
	if !strings.Contains(strings.ToLower(text(lm)), "decision") {
		t.Errorf("%s: says nothing of decisions: %q", list, text(lm))
	}
	t.Logf("%s lists %d decisions", list, decisions)
}

// TestNoJSHistory: with scripts off, an initiative's page shows its
// history (status changes with their decisions, and what changed in its
// file) and links its history feed, which the head also announces.
func TestNoJSHistory(t *testing.T) {
	t.Parallel() // see the package documentation
	const path = "/initiatives/bike-library/"
	ctx := newTab(t, false)
	if st := open(t, ctx, path); st != 200 {
		t.Fatalf("%s: HTTP %d", path, st)
	}
	doc := renderedDOM(t, ctx)
	main := checkCommon(t, doc, path)
	var sec *html.Node
	for _, s := range all(main, tag("section")) {
		if v, _ := attr(s, "aria-labelledby"); v == "page-history" {
			sec = s
		}
	}
	if sec == nil {
		t.Fatalf("%s: no History section", path)
	}
	entries := all(sec, tag("li"))
	if len(entries) < 3 {
		t.Errorf("%s: %d history entries, want the three status changes at least", path, len(entries))
	}
	for _, li := range entries {
		if id, _ := attr(li, "id"); !strings.HasPrefix(id, "change-") {
			t.Errorf("%s: a history entry without its change's id: %q", path, text(li))
		}
	}
	if !strings.Contains(text(sec), "Scale the bike library") {
		t.Errorf("%s: the history does not name the decision to scale", path)
	}
	feed := all(doc, func(n *html.Node) bool {
		rel, _ := attr(n, "rel")
		return n.Data == "link" && rel == "alternate" && hrefOf(n) == path+"history.xml"
	})
	if len(feed) != 1 || len(all(sec, func(n *html.Node) bool { return n.Data == "a" && hrefOf(n) == path+"history.xml" })) != 1 {
		t.Errorf("%s: the history feed is not announced in the head and linked in the section", path)
	}
	if st := open(t, ctx, path+"history.xml"); st != 200 {
		t.Errorf("%shistory.xml: HTTP %d", path, st)
	}
}
