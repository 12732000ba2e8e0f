package browsertest

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/internal/hostile"
)

// metaCSP is the theme's policy element, which the no-policy server takes
// out of every page.
var metaCSP = regexp.MustCompile(`(?i)<meta\s+http-equiv="?content-security-policy"?[^>]*>`)

// noPolicyHandler serves a built site as a host that sets no headers would,
// and with the theme's <meta> policy taken out of every page too: no
// Content-Security-Policy at all, so that what a payload could do is not
// hidden by the policy. A page that still names a policy after that is
// answered with a 500, so that a new form of the element cannot slip by.
// Under /__hostile_probe/ it serves a page that does everything the test
// must see.
func noPolicyHandler(dir string) http.Handler {
	files := siteHandlerWith(dir, "")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/__hostile_probe/" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>probe</title></head><body>`+
				`<p>probe</p><img src="https://evil.example/probe.png" alt=""><script>console.log("probe ran"); alert("probe")</script></body></html>`)
			return
		}
		rec := httptest.NewRecorder()
		files.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			body = metaCSP.ReplaceAll(body, nil)
			if bytes.Contains(bytes.ToLower(body), []byte("content-security-policy")) && bytes.Contains(bytes.ToLower(body), []byte("http-equiv")) {
				http.Error(w, "the page still carries a policy: update metaCSP", http.StatusInternalServerError)
				return
			}
		}
		for k, v := range rec.Header() {
			if k != "Content-Length" {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(rec.Code)
		w.Write(body)
	})
}

// payloadWatch collects what a payload that ran would do in a tab: a
// dialog (dismissed, so the page goes on), a console message, an uncaught
// exception or a log entry other than a failed load, a request to another
// host, a navigation of the page away from the test host or of any frame
// in it.
type payloadWatch struct {
	mu    sync.Mutex
	host  string
	page  string
	found []string
	nets  int // failed loads: a sanitised <img src=x>, not a payload
}

func (w *payloadWatch) add(format string, args ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.found = append(w.found, w.page+": "+fmt.Sprintf(format, args...))
}

func (w *payloadWatch) setPage(p string) {
	w.mu.Lock()
	w.page = p
	w.mu.Unlock()
}

func (w *payloadWatch) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.found
	w.found = nil
	return out
}

// offHost says whether a URL the browser asked for leaves the test host.
func (w *payloadWatch) offHost(raw string) bool {
	if strings.HasPrefix(raw, "data:image/") || raw == "about:blank" {
		return false
	}
	u, err := url.Parse(raw)
	return err != nil || u.Host != w.host || (u.Scheme != "http" && u.Scheme != "https")
}

func watchPayloads(t *testing.T, ctx context.Context, host string) *payloadWatch {
	t.Helper()
	w := &payloadWatch{host: host}
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *page.EventJavascriptDialogOpening:
			w.add("a %s dialog: %q", ev.Type, ev.Message)
			// Dismissed, so that the page goes on; a leave-page question
			// is answered yes, so that the next page opens.
			accept := ev.Type == page.DialogTypeBeforeunload
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: accept})
		case *runtime.EventConsoleAPICalled:
			w.add("console.%s: %s", ev.Type, consoleText(ev))
		case *runtime.EventExceptionThrown:
			w.add("%s", exceptionText(ev.ExceptionDetails))
		case *log.EventEntryAdded:
			if e := ev.Entry; e != nil {
				if e.Source == log.EntrySourceNetwork {
					w.mu.Lock()
					w.nets++
					w.mu.Unlock()
				} else if e.Level == log.EntryLevelError || e.Level == log.EntryLevelWarning {
					// Verbose entries are the browser's own notes (a slow
					// handler on a loaded machine), not a payload's.
					w.add("log %s/%s: %s %s", e.Source, e.Level, e.Text, e.URL)
				}
			}
		case *network.EventRequestWillBeSent:
			if w.offHost(ev.Request.URL) {
				w.add("a request off the test host: %s (%s)", ev.Request.URL, ev.Type)
			}
		case *page.EventFrameNavigated:
			switch {
			case ev.Frame.ParentID != "":
				w.add("a frame in the page navigated to %s", ev.Frame.URL)
			case w.offHost(ev.Frame.URL):
				w.add("the page navigated away to %s", ev.Frame.URL)
			}
		case *page.EventFrameAttached:
			w.add("a frame was attached to the page")
		}
	})
	if err != nil {
		t.Fatalf("listening to the tab: %v", err)
	}
	if _, err := chromedp.Call(ctx, log.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("Log.enable: %v", err)
	}
	if _, err := chromedp.Call(ctx, runtime.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("Runtime.enable: %v", err)
	}
	return w
}

// TestHostileCorpusWithoutPolicy builds the hostile corpus
// (internal/hostile: 500 and more payloads through every door) and opens
// every page of it in Chromium with scripts on and no
// Content-Security-Policy, neither header nor <meta>: what would run on a
// host that sets none. Any dialog, console message, uncaught exception,
// request to another host or navigation away fails it. A probe page that
// does each of these first shows that the watch sees them.
func TestHostileCorpusWithoutPolicy(t *testing.T) {
	t.Parallel()             // see the package documentation
	first := newTab(t, true) // skips or fails the test as any browser test would
	dir := t.TempDir()
	src, dest := filepath.Join(dir, "site"), filepath.Join(dir, "public")
	c, err := hostile.Write("../../generator/testdata/hostile", src)
	if err != nil {
		t.Fatal(err)
	}
	res, err := generator.Build(generator.Options{Source: src, Destination: dest, Now: buildTime})
	if err != nil {
		t.Fatalf("building the hostile corpus: %v\n%v", err, res.Diags)
	}
	var pages []string
	filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(dest, p)
			pages = append(pages, urlPath(filepath.ToSlash(rel)))
		}
		return nil
	})
	sort.Strings(pages)
	srv := httptest.NewServer(noPolicyHandler(dest))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")

	type tabWatch struct {
		ctx context.Context
		w   *payloadWatch
	}
	var tws []tabWatch
	for i := range crawlTabs {
		ctx := first
		if i > 0 {
			ctx = newTab(t, true)
		}
		tws = append(tws, tabWatch{ctx, watchPayloads(t, ctx, host)})
	}

	// The watch sees a payload that runs.
	probe := tws[0]
	probe.w.setPage("/__hostile_probe/")
	if _, err := tabOf(t, probe.ctx).Open(srv.URL + "/__hostile_probe/"); err != nil {
		t.Fatal(err)
	}
	seen := strings.Join(probe.w.take(), "\n")
	for _, want := range []string{"alert dialog", "console.log", "a request off the test host: https://evil.example/probe.png"} {
		if !strings.Contains(seen, want) {
			t.Fatalf("the probe page's %q was not seen; the watch saw:\n%s", want, seen)
		}
	}

	var mu sync.Mutex
	var found, failed []string
	nets := 0
	paths := make(chan string)
	var wg sync.WaitGroup
	for _, tw := range tws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tab := tabOf(t, tw.ctx)
			for p := range paths {
				tw.w.setPage(p)
				resp, err := tab.Open(srv.URL + p)
				mu.Lock()
				switch {
				case err != nil:
					failed = append(failed, fmt.Sprintf("%s: %v", p, err))
				case resp != nil && resp.Status != 200 && !(p == "/404.html" && resp.Status == 404):
					failed = append(failed, fmt.Sprintf("%s: HTTP %d", p, resp.Status))
				}
				found = append(found, tw.w.take()...)
				mu.Unlock()
			}
			mu.Lock()
			found = append(found, tw.w.take()...)
			nets += tw.w.nets
			mu.Unlock()
		}()
	}
	for _, p := range pages {
		paths <- p
	}
	close(paths)
	wg.Wait()
	sort.Strings(found)
	for _, f := range failed {
		t.Error(f)
	}
	for _, f := range found {
		t.Errorf("a payload ran: %s", f)
	}
	t.Logf("%d pages of the hostile corpus (%d payloads, %d placements) opened with no policy; %d failed loads (sanitised addresses) logged", len(pages), c.Distinct(), len(c.Payloads), nets)
	if len(pages) < 50 {
		t.Errorf("only %d pages: the hostile build looks broken", len(pages))
	}
}
