package headless

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// server serves the pages the tests below open, and counts the requests
// for each path.
type server struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

const pageHTML = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s</title><link rel="icon" href="data:,"></head><body><p>%s</p>%s</body></html>`

func newServer(t *testing.T) *server {
	s := &server{hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		n := s.hits[r.URL.Path]
		s.mu.Unlock()
		w.Header().Set("Cache-Control", "no-store")
		html := func(title, extra string) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, pageHTML, title, title, extra)
		}
		switch r.URL.Path {
		case "/drop-once/":
			// The first time, a response the browser does not show as a
			// page: it aborts the navigation (net::ERR_ABORTED).
			if n == 1 {
				w.WriteHeader(http.StatusNoContent)
				return
			}
			html("kept", "")
		case "/drop-always/":
			w.WriteHeader(http.StatusNoContent)
		case "/moved/":
			html("moved", "")
			// An alias's redirect page, as the theme writes it.
			fmt.Fprint(w, `<meta http-equiv="refresh" content="0; url=/target/">`)
		case "/target/":
			html("target", "")
		case "/late/":
			// A request a script makes after the load, once the page has
			// been idle a moment.
			html("late", `<script src="/late.js"></script>`)
		case "/late.js":
			w.Header().Set("Content-Type", "text/javascript")
			fmt.Fprint(w, `addEventListener("load", () => setTimeout(() => fetch("/late.json").then(r => r.json()).then(t => { document.title = t }), 300))`)
		case "/late.json":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `"fetched"`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// newTab starts a browser for the test and follows its first tab.
func newTab(t *testing.T) (*Tab, *[]string) {
	exe := Require(t)
	ctx, stop, err := Start(exe)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	var logs []string
	var mu sync.Mutex
	tab, err := Watch(ctx, func(format string, args ...any) {
		mu.Lock()
		logs = append(logs, fmt.Sprintf(format, args...))
		mu.Unlock()
		t.Logf(format, args...)
	})
	if err != nil {
		t.Fatal(err)
	}
	return tab, &logs
}

// TestOpenRetriesAnAbortedNavigation: a page the server drops once (a 204
// the browser aborts) opens on the second try, with the reason logged; a
// page dropped every time fails after two tries, naming the page.
func TestOpenRetriesAnAbortedNavigation(t *testing.T) {
	s := newServer(t)
	tab, logs := newTab(t)

	resp, err := tab.Open(s.URL + "/drop-once/")
	if err != nil {
		t.Fatalf("a page dropped once: %v", err)
	}
	if resp == nil || resp.Status != 200 {
		t.Fatalf("a page dropped once: response %+v, want the second try's 200", resp)
	}
	if n := s.count("/drop-once/"); n != 2 {
		t.Errorf("the page dropped once was asked for %d times, want 2", n)
	}
	if len(*logs) != 1 || !strings.Contains((*logs)[0], "/drop-once/") || !strings.Contains((*logs)[0], "net::ERR_ABORTED") {
		t.Errorf("logged %q, want one line naming the page and the reason", *logs)
	}
	if title, err := chromedp.Run(tab.Context(), chromedp.Title()); err != nil || title != "kept" {
		t.Errorf("after the retry the tab shows %q (%v), want the page", title, err)
	}

	_, err = tab.Open(s.URL + "/drop-always/")
	if err == nil || !strings.Contains(err.Error(), s.URL+"/drop-always/") || !strings.Contains(err.Error(), "aborted the navigation twice") {
		t.Fatalf("a page dropped every time: %v, want an error naming it and saying it was aborted twice", err)
	}
	if n := s.count("/drop-always/"); n != 2 {
		t.Errorf("the page dropped every time was asked for %d times, want 2", n)
	}
}

// TestOpenFollowsAnImmediateRefresh: an alias's redirect page has settled
// when the page it leads to has, so that the next navigation does not race
// the refresh (which the browser would abort).
func TestOpenFollowsAnImmediateRefresh(t *testing.T) {
	s := newServer(t)
	tab, _ := newTab(t)
	if _, err := tab.Open(s.URL + "/moved/"); err != nil {
		t.Fatal(err)
	}
	if n := s.count("/target/"); n != 1 {
		t.Fatalf("the refresh's target was asked for %d times when Open returned, want 1", n)
	}
	loc, err := chromedp.Run(tab.Context(), chromedp.Location())
	if err != nil || loc != s.URL+"/target/" {
		t.Errorf("the tab is at %s (%v), want the refresh's target", loc, err)
	}
}

// TestOpenWaitsForTheNetwork: a request a script makes a moment after the
// load has been answered and used when Open returns.
func TestOpenWaitsForTheNetwork(t *testing.T) {
	s := newServer(t)
	tab, _ := newTab(t)
	if _, err := tab.Open(s.URL + "/late/"); err != nil {
		t.Fatal(err)
	}
	if n := s.count("/late.json"); n != 1 {
		t.Fatalf("the late request was made %d times when Open returned, want 1", n)
	}
	if title, err := chromedp.Run(tab.Context(), chromedp.Title()); err != nil || title != "fetched" {
		t.Errorf("the page's title is %q (%v), want the late response's", title, err)
	}
}
