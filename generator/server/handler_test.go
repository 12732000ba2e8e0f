package server

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestPaths(t *testing.T) {
	for _, base := range []string{"/", "/portfolio/"} {
		t.Run(base, func(t *testing.T) {
			dir := writeSite(t, 20, 5, "https://example.org"+base)
			s, err := New(Options{Source: dir, Now: func() time.Time { return testNow }})
			must(t, err)
			if info := s.Build(); !info.OK {
				t.Fatal(info.Diags)
			}
			h := s.Handler()
			_, page := firstInitiative(t, dir)
			pageURL := base + strings.TrimSuffix(page, "index.html")
			cases := []struct {
				method, target string
				code           int
				ctype          string
				location       string
				body           string
			}{
				{"GET", base, 200, "text/html; charset=utf-8", "", `<script src="/__trellis/live.js" data-build="1" defer></script></body>`},
				{"GET", pageURL, 200, "text/html; charset=utf-8", "", "</html>"},
				{"GET", strings.TrimSuffix(pageURL, "/"), 301, "", pageURL, ""},
				{"GET", strings.TrimSuffix(pageURL, "/") + "?q=1", 301, "", pageURL + "?q=1", ""},
				{"HEAD", pageURL, 200, "text/html; charset=utf-8", "", ""},
				{"GET", base + "feed.xml", 200, "application/xml", "", "<feed"},
				{"GET", base + "robots.txt", 0, "", "", ""},
				{"GET", base + "no/such/page/", 404, "text/html; charset=utf-8", "", "live.js"},
				{"GET", base + "../site.yaml", 404, "", "", ""},
				{"GET", base + "%2e%2e/site.yaml", 404, "", "", ""},
				{"GET", base + "%2E%2E/%2E%2E/etc/passwd", 404, "", "", ""},
				{"GET", base + "initiatives/..%2f..%2fsite.yaml", 404, "", "", ""},
				{"GET", base + "./index.html", 404, "", "", ""},
				{"GET", base + "site.yaml", 404, "", "", ""},
				{"GET", base + "content/", 404, "", "", ""},
				{"GET", base + "content/initiatives/", 404, "", "", ""},
				{"GET", base + "assets/", 404, "", "", ""},
				{"GET", base + "initiatives//", 404, "", "", ""},
				{"POST", base, 405, "", "", ""},
				{"GET", "/__trellis/live.js", 200, "text/javascript; charset=utf-8", "", "EventSource"},
				{"GET", "/__trellis/live.css", 200, "text/css; charset=utf-8", "", ".trellis-overlay"},
			}
			if base != "/" {
				cases = append(cases,
					struct {
						method, target string
						code           int
						ctype          string
						location       string
						body           string
					}{"GET", strings.TrimSuffix(base, "/"), 301, "", base, ""},
					struct {
						method, target string
						code           int
						ctype          string
						location       string
						body           string
					}{"GET", "/" + strings.TrimPrefix(pageURL, base), 404, "", "", ""})
			}
			for _, c := range cases {
				req := httptest.NewRequest(c.method, "http://localhost"+c.target, nil)
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				res := w.Result()
				body := w.Body.String()
				if c.code == 0 {
					continue // may or may not exist
				}
				if res.StatusCode != c.code {
					t.Errorf("%s %s: status %d, want %d", c.method, c.target, res.StatusCode, c.code)
				}
				if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
					t.Errorf("%s %s: Cache-Control %q", c.method, c.target, cc)
				}
				if res.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(res.Header.Get("Content-Security-Policy"), "script-src 'self'") {
					t.Errorf("%s %s: security headers missing", c.method, c.target)
				}
				if c.ctype != "" && res.Header.Get("Content-Type") != c.ctype {
					t.Errorf("%s %s: Content-Type %q, want %q", c.method, c.target, res.Header.Get("Content-Type"), c.ctype)
				}
				if c.location != "" && res.Header.Get("Location") != c.location {
					t.Errorf("%s %s: Location %q, want %q", c.method, c.target, res.Header.Get("Location"), c.location)
				}
				if c.body != "" && !strings.Contains(body, c.body) {
					t.Errorf("%s %s: body lacks %q", c.method, c.target, c.body)
				}
				if c.code == 404 && strings.Contains(body, "base_url") {
					t.Errorf("%s %s: served a source file", c.method, c.target)
				}
				if c.method == "HEAD" && body != "" {
					t.Errorf("HEAD %s: has a body", c.target)
				}
			}
			if n := strings.Count(string(s.Files()["index.html"]), "__trellis"); n != 0 {
				t.Errorf("the built site has the live-reload script")
			}
		})
	}
}

// TestRawTraversal sends paths a client library would clean, over TCP.
func TestRawTraversal(t *testing.T) {
	dir := writeSite(t, 20, 5, "")
	s, err := New(Options{Source: dir, Now: func() time.Time { return testNow }})
	must(t, err)
	s.Build()
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	for _, p := range []string{"/../site.yaml", "/%2e%2e/site.yaml", "/..%2fsite.yaml", "/initiatives/../../site.yaml", "/%2e%2e%2f%2e%2e%2fsite.yaml"} {
		conn, err := net.Dial("tcp", srv.Listener.Addr().String())
		must(t, err)
		io.WriteString(conn, "GET "+p+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		must(t, err)
		body, _ := io.ReadAll(res.Body)
		conn.Close()
		if res.StatusCode != 404 && res.StatusCode != 400 {
			t.Errorf("%s: status %d", p, res.StatusCode)
		}
		if strings.Contains(string(body), "base_url") {
			t.Errorf("%s: served site.yaml", p)
		}
	}
}

// sse reads a stream of Server-Sent Events.
type sse struct {
	events chan [2]string
	cancel func()
}

func openEvents(t testing.TB, url string) *sse {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	res, err := http.DefaultClient.Do(req)
	must(t, err)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("events: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	e := &sse{events: make(chan [2]string, 16), cancel: cancel}
	go func() {
		defer res.Body.Close()
		r := bufio.NewReader(res.Body)
		var name, data string
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				close(e.events)
				return
			}
			line = strings.TrimRight(line, "\n")
			switch {
			case line == "":
				if name != "" {
					e.events <- [2]string{name, data}
				}
				name, data = "", ""
			case strings.HasPrefix(line, "event: "):
				name = line[7:]
			case strings.HasPrefix(line, "data: "):
				data += line[6:]
			}
		}
	}()
	t.Cleanup(cancel)
	return e
}

func (e *sse) next(t testing.TB) (string, string) {
	t.Helper()
	select {
	case ev, ok := <-e.events:
		if !ok {
			t.Fatal("the event stream ended")
		}
		return ev[0], ev[1]
	case <-time.After(wait):
		t.Fatal("no event came")
	}
	return "", ""
}

func (e *sse) none(t *testing.T, d time.Duration) {
	t.Helper()
	select {
	case ev := <-e.events:
		t.Fatalf("unexpected event %s %s", ev[0], ev[1])
	case <-time.After(d):
	}
}

type report struct {
	Build       int64
	Diagnostics []struct {
		File, Code, Message, Hint, Excerpt, Severity string
		Line                                         int
	}
}

func TestEvents(t *testing.T) {
	dir := writeSite(t, 20, 3, "")
	opt := Options{Source: dir, Quiet: 100 * time.Millisecond}
	s, rec := startWatching(t, opt)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close) // after the streams' cleanups
	ev := openEvents(t, srv.URL+"/__trellis/events")
	file, page := firstInitiative(t, dir)

	// An edit: exactly one reload, after the build is served.
	edited := retitled(t, file, "Edited over SSE")
	whole(s, func() { must(t, os.WriteFile(file, edited, 0o644)) })
	name, data := ev.next(t)
	if name != "reload" {
		t.Fatalf("event %q %s, want reload", name, data)
	}
	if !strings.Contains(string(s.Files()[page]), "Edited over SSE") {
		t.Fatal("reload came before the new build was served")
	}
	rec.next(t)
	ev.none(t, 10*opt.Quiet)

	// A broken edit: an error event with the diagnostic; the last good site stays.
	good := retitled(t, file, "Edited over SSE")
	broken := strings.Replace(string(good), "title: ", "title: [unclosed <b>", 1)
	whole(s, func() { must(t, os.WriteFile(file, []byte(broken), 0o644)) })
	name, data = ev.next(t)
	if name != "error" {
		t.Fatalf("event %q, want error", name)
	}
	var r report
	must(t, json.Unmarshal([]byte(data), &r))
	rel, _ := filepath.Rel(dir, file)
	found := false
	for _, d := range r.Diagnostics {
		if d.File == filepath.ToSlash(rel) && d.Severity == "error" && d.Code == "fm-syntax" && d.Line > 0 && d.Hint != "" && d.Excerpt != "" {
			found = true
		}
	}
	if !found {
		t.Fatalf("no diagnostic with file, line, excerpt and hint for %s in %s", rel, data)
	}
	if !strings.Contains(string(s.Files()[page]), "Edited over SSE") {
		t.Fatal("the last good site is not served")
	}
	// A new stream is told at once that the site is broken.
	ev2 := openEvents(t, srv.URL+"/__trellis/events")
	if name, _ := ev2.next(t); name != "error" {
		t.Fatalf("a new stream got %q first, want error", name)
	}
	ev2.cancel()

	// The fix: a reload.
	fixed := retitled(t, file, "Fixed")
	whole(s, func() { must(t, os.WriteFile(file, fixed, 0o644)) })
	name, _ = ev.next(t)
	if name != "reload" {
		t.Fatalf("event %q after the fix, want reload", name)
	}
	if !strings.Contains(string(s.Files()[page]), "Fixed") {
		t.Fatal("the fixed build is not served")
	}

	// A page from an older build is told to reload at once.
	ev3 := openEvents(t, srv.URL+"/__trellis/events?since=1")
	if name, _ := ev3.next(t); name != "reload" {
		t.Fatalf("a stream from build 1 got %q, want reload", name)
	}
}

func TestErrorPageBeforeFirstGoodBuild(t *testing.T) {
	dir := writeSite(t, 20, 3, "")
	file, _ := firstInitiative(t, dir)
	src, _ := os.ReadFile(file)
	bad, ok := replaceLine(string(src), "intents", `intents: ["<script>alert(1)</script>"]`)
	if !ok {
		t.Fatal("no intents line")
	}
	must(t, os.WriteFile(file, []byte(bad), 0o644))
	s, err := New(Options{Source: dir, Now: func() time.Time { return testNow }})
	must(t, err)
	if info := s.Build(); info.OK {
		t.Fatal("the broken site built")
	}
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	body := w.Body.String()
	if w.Code != 500 {
		t.Errorf("status %d, want 500", w.Code)
	}
	if strings.Contains(body, "<script>alert") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("the excerpt is not shown escaped:\n%s", body)
	}
	rel, _ := filepath.Rel(dir, file)
	if !strings.Contains(body, filepath.ToSlash(rel)) || !strings.Contains(body, "/__trellis/live.js") {
		t.Errorf("the error page lacks the file or the live script:\n%s", body)
	}
}

// TestRenderErrorIsReported: a view that cannot be rendered (here a theme
// override that fails on every initiative) is found by the warm-up after
// the build, shown in the overlay and to streams that connect later, and
// the page is an error page; the site's other pages are still served.
func TestRenderErrorIsReported(t *testing.T) {
	dir := writeSite(t, 20, 3, "")
	layouts := filepath.Join(dir, "themes", "default", "layouts")
	must(t, os.MkdirAll(layouts, 0o755))
	must(t, os.WriteFile(filepath.Join(layouts, "initiative.html"),
		[]byte(`{{define "main"}}<h1>{{.Title}}</h1>{{index .Page.Aliases 99}}{{end}}`), 0o644))
	s, err := New(Options{Source: dir, Now: func() time.Time { return testNow }})
	must(t, err)
	warmed := make(chan int64, 1)
	s.warmed = func(gen int64) { warmed <- gen }
	if info := s.Build(); !info.OK {
		t.Fatalf("the build failed before rendering: %v", info.Diags)
	}
	select {
	case <-warmed:
	case <-time.After(wait):
		t.Fatal("no warm-up")
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	ev := openEvents(t, srv.URL+"/__trellis/events")
	name, data := ev.next(t)
	if name != "error" || !strings.Contains(data, `"code":"render"`) || !strings.Contains(data, "index out of range") {
		t.Fatalf("a new stream got %q %s, want the render error", name, data)
	}
	_, page := firstInitiative(t, dir)
	for path, code := range map[string]int{"/" + strings.TrimSuffix(page, "index.html"): 500, "/": 200, "/intents/": 200} {
		res, err := http.Get(srv.URL + path)
		must(t, err)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != code {
			t.Errorf("GET %s: %d, want %d", path, res.StatusCode, code)
		}
		if code == 500 && !strings.Contains(string(body), "index out of range") {
			t.Errorf("GET %s: the error page does not say why:\n%s", path, body)
		}
	}
}
