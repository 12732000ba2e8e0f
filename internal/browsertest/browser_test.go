// Package browsertest checks the example site in a real browser: it works
// with JavaScript off, a strict Content-Security-Policy needs no exception,
// axe-core finds no WCAG 2.2 AA violation and html-validate finds no invalid
// HTML. See DESIGN.md, "Quality bars".
//
// The tests need Debian's chromium-headless-shell or chromium (and chromium
// itself for TestIconsLoad) and, for axe-core and html-validate, `npm ci`
// in this folder. Without them a test skips
// locally and fails when the CI environment variable is set. Every page is
// judged once it has settled (internal/headless); time limits scale with
// TRELLIS_TEST_TIMEOUT_SCALE.
//
// The tests run in parallel, each with tabs of its own in one shared
// browser, up to 8 at once (or as many as go test's -parallel says): most
// of a browser test's time is spent waiting for pages to settle, and on a
// loaded machine the more of its processes are ready to run, the larger
// the share of the cores the suite gets.
package browsertest

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/internal/headless"
	"github.com/trellis-ssg/trellis/internal/testtimeout"
)

// CSP is the policy the server sends with every response. The site must need
// no exception to it: no inline script, no inline style, nothing from another
// origin but the recordings a story links to (media-src https:, as in the
// policy the generator writes to _headers: a story's audio or video may live
// on the organisation's media host, and plays only when the reader asks).
const CSP = "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; media-src 'self' https:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

// buildTime is the fixed "now" of the build, so the output does not depend on
// the day the tests run.
var buildTime = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)

var (
	siteDir string // the built example site
	baseURL string // where the test server serves it, without a trailing slash
)

// parallelTests is how many tests run at once by default.
const parallelTests = 8

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	// The browser tests mostly wait for pages to settle, so more of them
	// run at once than go test's default (as many as cores), unless
	// -parallel says how many.
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given {
		flag.Set("test.parallel", strconv.Itoa(max(parallelTests, runtime.GOMAXPROCS(0))))
	}
	tmp, err := os.MkdirTemp("", "trellis-browsertest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmp)
	siteDir = filepath.Join(tmp, "site")
	start := time.Now()
	res, err := generator.Build(generator.Options{Source: "../..", Destination: siteDir, Now: buildTime})
	if err != nil {
		fmt.Fprintf(os.Stderr, "browsertest: building the example site: %v\n", err)
		for _, d := range res.Diags {
			fmt.Fprintln(os.Stderr, d)
		}
		return 1
	}
	fmt.Fprintf(os.Stderr, "browsertest: built the example site in %v\n", time.Since(start).Round(time.Millisecond))

	srv := httptest.NewServer(siteHandler(siteDir))
	defer srv.Close()
	baseURL = srv.URL

	defer closeBrowser()
	return m.Run()
}

// siteHandler serves the built site as a static host would, with the strict
// CSP on every response and 404.html for a missing page. Under /__probe/ it
// serves a few pages of its own that the tests use to prove that their
// detectors work.
func siteHandler(dir string) http.Handler { return siteHandlerWith(dir, CSP) }

// siteHandlerWith is siteHandler with the given Content-Security-Policy
// header, or none when csp is "" (a host that ignores _headers).
func siteHandlerWith(dir, csp string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if csp != "" {
			h.Set("Content-Security-Policy", csp)
		}
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-store")
		if strings.HasPrefix(r.URL.Path, "/__probe/") {
			serveProbe(w, r)
			return
		}
		name := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(r.URL.Path, "/")))
		if strings.HasSuffix(r.URL.Path, "/") {
			name = filepath.Join(name, "index.html")
		}
		if st, err := os.Stat(name); err != nil || st.IsDir() {
			if err == nil && !strings.HasSuffix(r.URL.Path, "/") {
				http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
				return
			}
			body, err := os.ReadFile(filepath.Join(dir, "404.html"))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			h.Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			w.Write(body)
			return
		}
		files.ServeHTTP(w, r)
	})
}

// The probe pages. csp.html breaks the policy on purpose, so that the CSP test
// can show that it sees violations at all. js.html loads a same-origin script
// that changes the title, so that the no-JS tests can show that scripts are
// really off.
func serveProbe(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/__probe/csp.html":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>probe</title><style>p{color:red}</style></head><body><p style="color:blue">probe</p><script>document.title="inline ran"</script></body></html>`)
	case "/__probe/js.html":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>scripts off</title><script src="/__probe/js.js"></script></head><body><p>probe</p></body></html>`)
	case "/__probe/js.js":
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, `document.title = "scripts on";`)
	default:
		http.NotFound(w, r)
	}
}

// missing skips the test locally and fails it in CI.
func missing(t *testing.T, format string, args ...any) {
	t.Helper()
	headless.Missing(t, format, args...)
}

// ---------------------------------------------------------------------------
// The browser

var (
	browserOnce sync.Once
	browserCtx  context.Context
	browserStop = func() {}
	browserErr  error
	browserPath string

	tabs sync.Map // a tab's context → its *headless.Tab
)

func startBrowser() {
	browserPath = headless.Path()
	if browserPath == "" {
		browserErr = errors.New(headless.NotFound)
		return
	}
	browserCtx, browserStop, browserErr = headless.Start(browserPath)
}

func closeBrowser() { browserStop() }

// testLimit bounds each test's use of the browser, scaled by
// TRELLIS_TEST_TIMEOUT_SCALE; each navigation has its own limit too. It is
// a guard against a browser that stopped answering, just under go test's
// own limit of 10 minutes for the package, not a measure of speed: on a
// loaded machine a test may need most of it.
var testLimit = 9 * time.Minute

// newTab opens a tab in the shared browser, at 1280x900, with scripts on or
// off. The tab closes when the test ends.
func newTab(t *testing.T, scripts bool) context.Context {
	t.Helper()
	return newTabWith(t, scripts)
}

// newTabWith is newTab with options for the tab, such as
// chromedp.WithNewBrowserContext() for a tab that shares no cache or
// cookie with the others.
func newTabWith(t *testing.T, scripts bool, opts ...chromedp.ContextOption) context.Context {
	t.Helper()
	browserOnce.Do(startBrowser)
	if browserErr != nil {
		if browserPath == "" {
			missing(t, "%v", browserErr)
		}
		t.Fatal(browserErr)
	}
	return newTabIn(t, browserCtx, scripts, opts...)
}

// newTabIn is newTabWith in the browser of bctx.
func newTabIn(t *testing.T, bctx context.Context, scripts bool, opts ...chromedp.ContextOption) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(bctx, opts...)
	t.Cleanup(cancel)
	// A deadline for the whole test, but derived after the tab exists so that
	// it does not stop the browser.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	tctx, tcancel := context.WithTimeout(ctx, testtimeout.Scaled(testLimit))
	t.Cleanup(tcancel)
	if _, err := chromedp.Call(tctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatalf("focus emulation: %v", err)
	}
	if !scripts {
		if _, err := chromedp.Call(tctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatalf("turning scripts off: %v", err)
		}
	}
	tab, err := headless.Watch(tctx, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	tabs.Store(tctx, tab)
	t.Cleanup(func() { tabs.Delete(tctx) })
	return tctx
}

// tabOf is the tab newTab made for ctx.
func tabOf(t *testing.T, ctx context.Context) *headless.Tab {
	t.Helper()
	tab, ok := tabs.Load(ctx)
	if !ok {
		t.Fatal("not a context newTab made")
	}
	return tab.(*headless.Tab)
}

// open navigates the tab to the path, waits until the page has settled (see
// headless.Tab) and returns the HTTP status.
func open(t *testing.T, ctx context.Context, path string) int64 {
	t.Helper()
	resp, err := tabOf(t, ctx).Open(baseURL + path)
	if err != nil {
		t.Fatal(err)
	}
	if resp == nil {
		return 0
	}
	return resp.Status
}

// follow runs actions that navigate the tab (a click, a key) and waits until
// the new page has settled.
func follow(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if _, err := tabOf(t, ctx).Follow(actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// renderedDOM returns the document as the browser has it, read through the
// DOM domain of the protocol, so that it needs no script in the page.
func renderedDOM(t *testing.T, ctx context.Context) *html.Node {
	t.Helper()
	doc, err := chromedp.Call(ctx, dom.GetDocument, dom.GetDocumentParams{Depth: new(int64(0))})
	if err != nil {
		t.Fatalf("DOM.getDocument: %v", err)
	}
	out, err := chromedp.Call(ctx, dom.GetOuterHTML, dom.GetOuterHTMLParams{BackendNodeID: doc.Root.BackendNodeID})
	if err != nil {
		t.Fatalf("DOM.getOuterHTML: %v", err)
	}
	n, err := html.Parse(strings.NewReader(out.OuterHTML))
	if err != nil {
		t.Fatalf("parsing the rendered DOM: %v", err)
	}
	return n
}

// currentURL reads the tab's URL from its navigation history (no script).
func currentURL(t *testing.T, ctx context.Context) string {
	t.Helper()
	h, err := chromedp.Call(ctx, page.GetNavigationHistory, cdp.Empty{})
	if err != nil {
		t.Fatalf("Page.getNavigationHistory: %v", err)
	}
	if h.CurrentIndex < 0 || int(h.CurrentIndex) >= len(h.Entries) {
		t.Fatalf("navigation history has no current entry")
	}
	return h.Entries[h.CurrentIndex].URL
}

// ---------------------------------------------------------------------------
// The output

// htmlFiles lists every .html file of the built site, relative and sorted.
func htmlFiles(t testing.TB) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(siteDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(siteDir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	if len(out) < 20 {
		t.Fatalf("the example site has only %d HTML files; the build looks broken", len(out))
	}
	return out
}

// urlPath turns a file of the output into the path a browser asks for.
func urlPath(rel string) string {
	if rel == "index.html" {
		return "/"
	}
	if strings.HasSuffix(rel, "/index.html") {
		return "/" + strings.TrimSuffix(rel, "index.html")
	}
	return "/" + rel
}

// firstPageOf returns the URL path of the first page in a folder of the
// output, such as "initiatives".
func firstPageOf(t testing.TB, folder string) string {
	t.Helper()
	for _, f := range htmlFiles(t) {
		if strings.HasPrefix(f, folder+"/") && f != folder+"/index.html" && strings.Count(f, "/") == 2 {
			if isAlias(t, f) {
				continue
			}
			return urlPath(f)
		}
	}
	t.Fatalf("no page in %s/", folder)
	return ""
}

func isAlias(t testing.TB, rel string) bool {
	b, err := os.ReadFile(filepath.Join(siteDir, rel))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Contains(string(b), `http-equiv=refresh`) || strings.Contains(string(b), `http-equiv="refresh"`)
}

// ---------------------------------------------------------------------------
// HTML helpers on golang.org/x/net/html trees

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

// all returns the elements for which match is true, in document order.
func all(root *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	walk(root, func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
	})
	return out
}

func tag(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

func hasAttr(name, key, val string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		v, ok := attr(n, key)
		return n.Data == name && ok && v == val
	}
}

// text is the element's text with white space collapsed.
func text(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			b.WriteByte(' ')
		}
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// focusable reports whether the element is in the sequential focus order.
func focusable(n *html.Node) bool {
	if ti, ok := attr(n, "tabindex"); ok {
		return !strings.HasPrefix(strings.TrimSpace(ti), "-")
	}
	switch n.Data {
	case "a", "area":
		_, ok := attr(n, "href")
		return ok
	case "button", "select", "textarea", "iframe", "summary":
		_, disabled := attr(n, "disabled")
		return !disabled
	case "input":
		typ, _ := attr(n, "type")
		_, disabled := attr(n, "disabled")
		return typ != "hidden" && !disabled
	}
	return false
}
