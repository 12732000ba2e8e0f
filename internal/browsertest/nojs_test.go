package browsertest

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"golang.org/x/net/html"
)

// The main navigation must reach every kind's list and the search page.
var wantNav = []string{"/intents/", "/initiatives/", "/learnings/", "/decisions/", "/narratives/", "/sources/", "/search/"}

// TestScriptsAreOff proves that the no-JS tab really runs no script: a
// same-origin script that the CSP allows would change the title.
func TestScriptsAreOff(t *testing.T) {
	t.Parallel() // see the package documentation
	ctx := newTab(t, false)
	open(t, ctx, "/__probe/js.html")
	doc := renderedDOM(t, ctx)
	titles := all(doc, tag("title"))
	if len(titles) != 1 || text(titles[0]) != "scripts off" {
		t.Fatalf("the probe script ran in the no-JS tab (title %q); the no-JS tests would prove nothing", text(titles[0]))
	}
	// And the same page in a tab with scripts on runs it.
	on := newTab(t, true)
	open(t, on, "/__probe/js.html")
	doc = renderedDOM(t, on)
	if got := text(all(doc, tag("title"))[0]); got != "scripts on" {
		t.Fatalf("the probe script did not run with scripts on (title %q)", got)
	}
}

// checkCommon checks what every page of the site has with scripts off: one
// non-empty h1 inside main, some main text, the main navigation, and the skip
// link as the first focusable element, pointing at main.
func checkCommon(t *testing.T, doc *html.Node, path string) (main *html.Node) {
	t.Helper()
	mains := all(doc, tag("main"))
	if len(mains) != 1 {
		t.Fatalf("%s: %d <main> elements, want 1", path, len(mains))
	}
	main = mains[0]
	if id, _ := attr(main, "id"); id != "main" {
		t.Errorf("%s: <main> has id %q, want \"main\" (the skip link's target)", path, id)
	}
	h1s := all(doc, tag("h1"))
	if len(h1s) != 1 {
		t.Fatalf("%s: %d <h1> elements, want 1", path, len(h1s))
	}
	if len(all(main, tag("h1"))) != 1 {
		t.Errorf("%s: the h1 is not inside <main>", path)
	}
	if text(h1s[0]) == "" {
		t.Errorf("%s: the h1 is empty", path)
	}
	if n := len(text(main)); n < 80 {
		t.Errorf("%s: <main> has only %d characters of text: %q", path, n, text(main))
	}

	navs := all(doc, hasAttr("nav", "aria-label", "Main"))
	if len(navs) != 1 {
		t.Fatalf("%s: %d <nav aria-label=Main>, want 1", path, len(navs))
	}
	var hrefs []string
	for _, a := range all(navs[0], tag("a")) {
		href, _ := attr(a, "href")
		hrefs = append(hrefs, href)
		if text(a) == "" {
			t.Errorf("%s: main navigation link %s has no text", path, href)
		}
	}
	for _, want := range wantNav {
		if !slices.Contains(hrefs, want) {
			t.Errorf("%s: main navigation lacks a link to %s (has %v)", path, want, hrefs)
		}
	}

	focus := all(doc, focusable)
	if len(focus) == 0 {
		t.Fatalf("%s: nothing is focusable", path)
	}
	first := focus[0]
	href, _ := attr(first, "href")
	if first.Data != "a" || href != "#main" {
		t.Errorf("%s: the first focusable element is <%s href=%q> %q, want the skip link to #main", path, first.Data, href, text(first))
	}
	return main
}

// TestNoJSHome opens the home page with scripts off.
func TestNoJSHome(t *testing.T) {
	t.Parallel() // see the package documentation
	ctx := newTab(t, false)
	if st := open(t, ctx, "/"); st != 200 {
		t.Fatalf("home: HTTP %d", st)
	}
	doc := renderedDOM(t, ctx)
	main := checkCommon(t, doc, "/")
	if got := text(all(doc, tag("h1"))[0]); got != "Riverford Climate & Wellbeing Portfolio" {
		t.Errorf("home h1 = %q", got)
	}
	// The home page links to the intents and to initiatives.
	var intents, initiatives int
	for _, a := range all(main, tag("a")) {
		href, _ := attr(a, "href")
		if strings.HasPrefix(href, "/intents/") && href != "/intents/" {
			intents++
		}
		if strings.HasPrefix(href, "/initiatives/") || strings.HasPrefix(href, "/status/") {
			initiatives++
		}
	}
	if intents == 0 || initiatives == 0 {
		t.Errorf("home main links to %d intents and %d initiatives/status pages; want some of each", intents, initiatives)
	}
	if crumbs := all(doc, hasAttr("nav", "aria-label", "Breadcrumb")); len(crumbs) != 0 {
		t.Errorf("home has breadcrumbs")
	}
	skipLinkWorks(t, ctx, "/")
}

// skipLinkWorks presses Tab on a fresh page, expects the skip link to have the
// focus, presses Enter and expects main to have the focus.
func skipLinkWorks(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatal(err)
	}
	role, name := focused(t, ctx)
	if role != "link" || name != "Skip to content" {
		t.Errorf("%s: after one Tab the focus is on %s %q, want the link \"Skip to content\"", path, role, name)
		return
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	if u := currentURL(t, ctx); !strings.HasSuffix(u, "#main") {
		t.Errorf("%s: after Enter on the skip link the URL is %s, want …#main", path, u)
	}
	if role, _ := focused(t, ctx); role != "main" {
		t.Errorf("%s: after Enter on the skip link the focus is on %q, want main", path, role)
	}
}

// focused returns the role and name of the element that has the focus,
// from the accessibility tree (no script in the page); "", "" when none has
// it. It asks for that one node, not the whole tree, so that a test can
// press Tab through a large page.
func focused(t *testing.T, ctx context.Context) (role, name string) {
	t.Helper()
	// chromedp asks for the document itself after some DOM events, which
	// ends the node ids of an earlier answer: then ask again.
	for try := 1; ; try++ {
		role, name, err := focusedNode(ctx)
		if err == nil {
			return role, name
		}
		if try == 5 || !strings.Contains(err.Error(), "Could not find node with given id") {
			t.Fatalf("reading the focus: %v", err)
		}
	}
}

func focusedNode(ctx context.Context) (role, name string, err error) {
	doc, err := chromedp.Call(ctx, dom.GetDocument, dom.GetDocumentParams{Depth: new(int64(0))})
	if err != nil {
		return "", "", err
	}
	q, err := chromedp.Call(ctx, dom.QuerySelector, dom.QuerySelectorParams{NodeID: doc.Root.NodeID, Selector: ":focus"})
	if err != nil || q.NodeID == 0 {
		return "", "", err
	}
	tree, err := chromedp.Call(ctx, accessibility.GetPartialAXTree, accessibility.GetPartialAXTreeParams{NodeID: q.NodeID, FetchRelatives: new(false)})
	if err != nil || len(tree.Nodes) == 0 {
		return "", "", err
	}
	n := tree.Nodes[0]
	if n.Role != nil {
		role = strings.Trim(string(n.Role.Value), `"`)
	}
	if n.Name != nil {
		name = strings.Trim(string(n.Name.Value), `"`)
	}
	return role, name, nil
}

// TestNoJSInitiative opens an initiative with scripts off, checks its
// breadcrumbs, follows its link to an intent and checks that the intent lists
// the initiative back.
func TestNoJSInitiative(t *testing.T) {
	t.Parallel() // see the package documentation
	const path = "/initiatives/bike-library/"
	ctx := newTab(t, false)
	if st := open(t, ctx, path); st != 200 {
		t.Fatalf("%s: HTTP %d", path, st)
	}
	doc := renderedDOM(t, ctx)
	main := checkCommon(t, doc, path)
	title := text(all(doc, tag("h1"))[0])
	if title != "Bike library" {
		t.Errorf("%s: h1 = %q, want \"Bike library\"", path, title)
	}
	if !strings.Contains(text(main), "borrow a bike") {
		t.Errorf("%s: main lacks the summary text", path)
	}

	crumbs := all(doc, hasAttr("nav", "aria-label", "Breadcrumb"))
	if len(crumbs) != 1 {
		t.Fatalf("%s: %d breadcrumb navs, want 1", path, len(crumbs))
	}
	items := all(crumbs[0], tag("li"))
	var got []string
	for _, li := range items {
		got = append(got, text(li))
	}
	if len(items) != 3 || got[0] != "Home" || got[1] != "Initiatives" || got[2] != title {
		t.Errorf("%s: breadcrumbs %q, want [Home Initiatives %s]", path, got, title)
	} else {
		if a := all(items[0], tag("a")); len(a) != 1 || hrefOf(a[0]) != "/" {
			t.Errorf("%s: the Home crumb does not link to /", path)
		}
		if a := all(items[1], tag("a")); len(a) != 1 || hrefOf(a[0]) != "/initiatives/" {
			t.Errorf("%s: the Initiatives crumb does not link to /initiatives/", path)
		}
		if cur := all(items[2], func(n *html.Node) bool { v, _ := attr(n, "aria-current"); return v == "page" }); len(cur) != 1 {
			t.Errorf("%s: the last crumb has no aria-current=page", path)
		}
		if a := all(items[2], tag("a")); len(a) != 0 {
			t.Errorf("%s: the current page's crumb is a link", path)
		}
	}
	skipLinkWorks(t, ctx, path)

	// Follow the first link to an intent, by a real click.
	var intentHref, intentText string
	for _, a := range all(main, tag("a")) {
		if h := hrefOf(a); strings.HasPrefix(h, "/intents/") && h != "/intents/" {
			intentHref, intentText = h, text(a)
			break
		}
	}
	if intentHref == "" {
		t.Fatalf("%s: no link to an intent in main", path)
	}
	click := clickSelector(t, ctx, `main a[href="`+intentHref+`"]`)
	follow(t, ctx, "clicking "+intentHref, click)
	u, err := url.Parse(currentURL(t, ctx))
	if err != nil || u.Path != intentHref {
		t.Fatalf("after the click the tab is at %v, want %s", u, intentHref)
	}
	idoc := renderedDOM(t, ctx)
	imain := checkCommon(t, idoc, intentHref)
	if h1 := text(all(idoc, tag("h1"))[0]); h1 != intentText {
		t.Errorf("%s: h1 %q, want the link text %q", intentHref, h1, intentText)
	}
	var back bool
	for _, sec := range all(imain, hasAttr("section", "aria-labelledby", "initiatives")) {
		for _, a := range all(sec, tag("a")) {
			if hrefOf(a) == path && text(a) == title {
				back = true
			}
		}
	}
	if !back {
		t.Errorf("%s does not list %s (%q) among its initiatives", intentHref, path, title)
	}
}

func hrefOf(n *html.Node) string {
	h, _ := attr(n, "href")
	return h
}

// clickSelector makes an action that clicks the centre of the first element
// the CSS selector matches, through the DOM and Input domains only:
// chromedp.Click checks visibility with a script, which never runs here.
func clickSelector(t *testing.T, ctx context.Context, selector string) chromedp.Action[chromedp.Void] {
	t.Helper()
	doc, err := chromedp.Call(ctx, dom.GetDocument, dom.GetDocumentParams{})
	if err != nil {
		t.Fatalf("DOM.getDocument: %v", err)
	}
	q, err := chromedp.Call(ctx, dom.QuerySelector, dom.QuerySelectorParams{NodeID: doc.Root.NodeID, Selector: selector})
	if err != nil || q.NodeID == 0 {
		t.Fatalf("no element matches %s: %v", selector, err)
	}
	if _, err := chromedp.Call(ctx, dom.ScrollIntoViewIfNeeded, dom.ScrollIntoViewIfNeededParams{NodeID: q.NodeID}); err != nil {
		t.Fatalf("scrolling %s into view: %v", selector, err)
	}
	quads, err := chromedp.Call(ctx, dom.GetContentQuads, dom.GetContentQuadsParams{NodeID: q.NodeID})
	if err != nil || len(quads.Quads) == 0 || len(quads.Quads[0]) != 8 {
		t.Fatalf("%s has no box: %v", selector, err)
	}
	var x, y float64
	for i := 0; i < 8; i += 2 {
		x += quads.Quads[0][i] / 4
		y += quads.Quads[0][i+1] / 4
	}
	return chromedp.MouseClickXY(x, y)
}
