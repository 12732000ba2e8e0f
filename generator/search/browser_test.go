package search_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/trellis-ssg/trellis/generator/search"
	"github.com/trellis-ssg/trellis/internal/headless"
	"github.com/trellis-ssg/trellis/internal/testtimeout"
)

// csp is the site's policy: the search needs no exception to it.
const csp = "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

// searchPage is the markup the search page gives search.js (see the
// package's README note for the lead): a hidden form, a live status and a
// results region, then the no-JS A to Z list.
const searchPage = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Search</title>
<script src="/portfolio/assets/search.js" defer></script></head><body><main>
<h1>Search</h1>
<form id="search" class="search" role="search" action="/portfolio/search/" method="get" data-index="/portfolio/search/" hidden>
<label for="search-q">Search the portfolio</label>
<input id="search-q" name="q" type="search" autocomplete="off" spellcheck="false">
<div class="search-filters" data-filters></div>
<button type="submit">Search</button>
</form>
<p id="search-status" role="status" aria-live="polite"></p>
<div id="search-results"></div>
<h2 id="a-z">All pages, A to Z</h2><ul class="az"><li><a href="/portfolio/initiatives/bike-library/">Bike library</a></li></ul>
</main></body></html>`

func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	exe := headless.Require(t)
	pf := example(t)
	if err := pf.Config.SetBaseURL("https://example.org/portfolio/"); err != nil {
		t.Fatal(err)
	}
	ix := search.Build(pf)
	js, err := os.ReadFile(scriptPath)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"/portfolio/search/": []byte(searchPage), "/portfolio/assets/search.js": js}
	for _, f := range ix.Files() {
		files["/portfolio/"+f.Name] = f.Data
	}
	var fetchedMu sync.Mutex
	var fetched []string
	srv := serveFiles(files, func(p string) {
		fetchedMu.Lock()
		fetched = append(fetched, p)
		fetchedMu.Unlock()
	})
	defer srv.Close()

	ctx, stop, err := headless.Start(exe)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	ctx, tcancel := context.WithTimeout(ctx, testtimeout.Scaled(2*time.Minute))
	defer tcancel()
	tab, err := headless.Watch(ctx, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var problems []string
	report := func(s string) {
		mu.Lock()
		problems = append(problems, s)
		mu.Unlock()
	}
	if err := chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			msg := e.ExceptionDetails.Text
			if e.ExceptionDetails.Exception != nil {
				msg += " " + e.ExceptionDetails.Exception.Description
			}
			report(msg)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				report(fmt.Sprintf("console.%s: %s", e.Type, strings.Join(parts, " ")))
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	bike := "/portfolio/initiatives/bike-library/"
	eval := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return v
	}
	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatal(err)
		}
	}
	// wait waits until the results settle on a state matching want.
	wait := func(what string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](what)); err != nil {
			mu.Lock()
			defer mu.Unlock()
			t.Fatalf("waiting for %s: %v (problems: %v; results: %s)", what, err, problems, eval(`location.href + ' ' + document.title + ' ' + (document.querySelector('#search-status') || {}).textContent`))
		}
	}
	const firstLink = `(document.querySelector('#search-results a') || {getAttribute: () => ''}).getAttribute('href')`
	type_ := func(q string) {
		t.Helper()
		eval(`(() => { const i = document.querySelector('#search-q'); i.focus(); i.value = ''; return '' })()`)
		do(chromedp.KeyEvent(q))
	}

	// A linkable query: a word from the initiative's body.
	if _, err := tab.Open(srv.URL + "/portfolio/search/?q=helmet"); err != nil {
		t.Fatal(err)
	}
	wait(`document.querySelectorAll('#search-results a').length > 0`)
	if first, status, hidden := eval(firstLink), eval(`document.querySelector('#search-status').textContent`), eval(`String(document.querySelector('#search').hidden)`); first != bike || !strings.Contains(status, "result") || hidden != "false" {
		t.Errorf("?q=helmet: first %q, status %q, form hidden %s", first, status, hidden)
	}
	if v := eval(`document.querySelector('#search-q').value`); v != "helmet" {
		t.Errorf("the box shows %q, want the query of the URL", v)
	}

	// The passage under the result is the sentence around the word found,
	// not the summary, with the word marked.
	wait(`Array.from(document.querySelectorAll('#search-results .search-excerpt mark')).some(m => m.textContent === 'helmet')`)
	if ex := eval(`document.querySelector('#search-results .search-excerpt').textContent`); !strings.Contains(ex, "a lesson, a helmet, a lock") {
		t.Errorf("?q=helmet: the passage is %q", ex)
	}

	// Typing, with a prefix; matches are marked; the URL follows.
	type_("helmet lesso")
	wait(`location.search === '?q=helmet+lesso' && Array.from(document.querySelectorAll('#search-results mark')).some(m => m.textContent === 'lesson')`)
	marks := eval(`Array.from(document.querySelectorAll('#search-results mark')).map(m => m.textContent.toLowerCase()).join(' ')`)
	if first := eval(firstLink); first != bike || !strings.Contains(marks, "lesson") {
		t.Errorf("typing \"helmet lesso\": first %q, marks %q", first, marks)
	}

	// A filter: the kind select narrows the results and the URL says so.
	type_("bike")
	wait(`location.search === '?q=bike' && document.querySelectorAll('#search-results a').length > 1 && !document.querySelector('#search-results mark[class]') && Array.from(document.querySelectorAll('#search-results mark')).every(m => m.textContent.toLowerCase().startsWith('bike'))`)
	// Keyboard: down from the box to the first result, down, up, Escape.
	eval(`(() => { document.querySelector('#search-q').focus(); return '' })()`)
	do(chromedp.KeyEvent(kb.ArrowDown))
	a1 := eval(`document.activeElement.getAttribute('href') || ''`)
	do(chromedp.KeyEvent(kb.ArrowDown))
	if a := eval(`document.activeElement.getAttribute('href') || ''`); a == a1 || a == "" {
		t.Errorf("ArrowDown from the first result does not reach the second: %q", a)
	}
	do(chromedp.KeyEvent(kb.ArrowUp))
	a2 := eval(`document.activeElement.getAttribute('href') || ''`)
	do(chromedp.KeyEvent(kb.Escape))
	active := eval(`document.activeElement.id`)
	if a1 == "" || a2 != a1 || active != "search-q" {
		t.Errorf("keyboard: down %q, down-up %q, escape %q", a1, a2, active)
	}

	eval(`(() => { const s = document.querySelector('#filter-kind'); s.value = 'learning'; s.dispatchEvent(new Event('change')); return '' })()`)
	wait(`location.search.includes('kind=learning') && Array.from(document.querySelectorAll('#search-results a')).every(a => a.getAttribute('href').startsWith('/portfolio/learnings/'))`)
	if n := eval(`String(document.querySelectorAll('#search-results a').length)`); n == "0" {
		t.Error("kind=learning: no results")
	}
	// One ranked list, each result labelled with its kind.
	if lists, kinds := eval(`String(document.querySelectorAll('#search-results ol').length)`), eval(`Array.from(new Set(Array.from(document.querySelectorAll('#search-results .search-kind')).map(k => k.textContent))).join('|')`); lists != "1" || kinds != "Learning" {
		t.Errorf("kind=learning: %s lists, kind labels %q; want one list labelled Learning", lists, kinds)
	}

	// The reader queries, typed into the page: each finds its page among
	// the first three links shown, in one ranking over every kind.
	for _, rq := range readerQueries(t) {
		if _, err := tab.Open(srv.URL + "/portfolio/search/?q=" + url.QueryEscape(rq.Q)); err != nil {
			t.Fatal(err)
		}
		wait(`document.querySelectorAll('#search-results a.search-title').length > 0`)
		top := eval(`Array.from(document.querySelectorAll('#search-results a.search-title')).slice(0, 3).map(a => a.getAttribute('href')).join(' ')`)
		if !slices.Contains(strings.Fields(top), "/portfolio"+rq.Want) {
			t.Errorf("reader-queries.txt:%d: in Chromium %q shows first %s, want %s among them", rq.Line, rq.Q, top, rq.Want)
		}
	}

	// Enter follows the focused result.
	eval(`(() => { document.querySelector('#search-results a').focus(); return '' })()`)
	target := eval(`document.activeElement.getAttribute('href')`)
	if _, err := tab.Follow(chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatalf("Enter on the result %s: %v", target, err)
	}
	if p := eval(`location.pathname`); p != target || target == "" {
		t.Errorf("Enter on a result went to %s, want %s", p, target)
	}
	mu.Lock()
	defer mu.Unlock()
	fetchedMu.Lock()
	defer fetchedMu.Unlock()
	if len(problems) > 0 {
		t.Errorf("the page reported problems: %v", problems)
	}
	for _, f := range fetched {
		if strings.Contains(f, "/search/p/") || strings.Contains(f, "/search/t/") || strings.Contains(f, "/search/x/") || strings.HasSuffix(f, "meta.json") || strings.HasSuffix(f, ".js") || strings.HasSuffix(f, "/") {
			continue
		}
		t.Errorf("unexpected request %s", f)
	}
}

// serveFiles serves files by path with the site's policy and their types;
// seen, if not nil, is told of each path served.
func serveFiles(files map[string][]byte, seen func(path string)) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if seen != nil {
			seen(r.URL.Path)
		}
		w.Header().Set("Content-Security-Policy", csp)
		switch {
		case strings.HasSuffix(r.URL.Path, ".js"):
			w.Header().Set("Content-Type", "text/javascript")
		case strings.HasSuffix(r.URL.Path, ".json"):
			w.Header().Set("Content-Type", "application/json")
		default:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		w.Write(data)
	}))
}
