package server

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/render"
)

//go:embed assets/live.js assets/live.css
var assets embed.FS

// Prefix is where the server's own files live, outside any site's paths.
const Prefix = "/__trellis/"

// csp is the site's Content-Security-Policy without upgrade-insecure-requests,
// which would send the preview's plain-HTTP requests to https://.
var csp = strings.TrimSuffix(strings.TrimSpace(strings.ReplaceAll(render.ContentSecurityPolicy, "upgrade-insecure-requests", "")), ";")

// Handler serves the site being previewed and the live-reload endpoints.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(s.serveHTTP)
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	for _, kv := range render.SecurityHeaders {
		h.Set(kv[0], kv[1])
	}
	h.Set("Content-Security-Policy", csp)
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.URL.Path == Prefix+"events" {
		s.serveEvents(w, r)
		return
	}
	select {
	case s.sem <- struct{}{}:
		defer func() { <-s.sem }()
	case <-r.Context().Done():
		return
	}
	if rc := http.NewResponseController(w); rc != nil {
		rc.SetWriteDeadline(time.Now().Add(30 * time.Second))
	}
	switch r.URL.Path {
	case Prefix + "live.js", Prefix + "live.css":
		data, _ := assets.ReadFile("assets/" + path.Base(r.URL.Path))
		s.write(w, r, http.StatusOK, path.Base(r.URL.Path), data, 0)
		return
	}
	st := s.state.Load()
	if st == nil {
		http.Error(w, "the site is being built", http.StatusServiceUnavailable)
		return
	}
	if st.site == nil {
		s.write(w, r, http.StatusInternalServerError, "error.html", s.errorPage(st.gen, st.diags), st.gen)
		return
	}
	if r.URL.Path == SuggestionsPath && st.pf != nil {
		s.serveSuggestions(w, r, st)
		return
	}
	name, redirect, ok := resolvePath(st.base, r.URL.Path, st.site.has)
	switch {
	case redirect != "":
		if r.URL.RawQuery != "" {
			redirect += "?" + r.URL.RawQuery
		}
		h.Set("Location", redirect)
		w.WriteHeader(http.StatusMovedPermanently)
	case ok:
		s.serveFile(w, r, st, http.StatusOK, name)
	case st.site.has("404.html"):
		s.serveFile(w, r, st, http.StatusNotFound, "404.html")
	default:
		http.Error(w, "404 page not found", http.StatusNotFound)
	}
}

// serveFile sends one of the site's files, rendering it first if need be.
// A view that cannot be rendered is an error page with the reason, and the
// browser's overlay shows it too.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, st *state, code int, name string) {
	data, _, err := st.site.get(name)
	if err != nil {
		diags := diag.List{renderDiag(st.theme, err)}
		s.renderFailed(st, diags[0])
		s.write(w, r, http.StatusInternalServerError, "error.html", s.errorPage(st.gen, diags), st.gen)
		return
	}
	s.write(w, r, code, name, data, st.gen)
}

// resolvePath maps a request path to a built file: the file itself, or a
// folder's index.html. redirect is set when the path names a folder
// without its trailing slash, or is the base path without it.
func resolvePath(base, p string, has func(string) bool) (name, redirect string, ok bool) {
	if strings.ContainsAny(p, "\\\x00") || !strings.HasPrefix(p, "/") {
		return "", "", false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "." || seg == ".." {
			return "", "", false
		}
	}
	if p+"/" == base {
		return "", base, false
	}
	if !strings.HasPrefix(p, base) {
		return "", "", false
	}
	rel := p[len(base):]
	if strings.Contains(rel, "//") {
		return "", "", false
	}
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	if !strings.HasSuffix(rel, "index.html") && has(rel+"/index.html") {
		// A folder: views are known without making the batches.
		return "", p + "/", false
	}
	if has(rel) {
		return rel, "", true
	}
	return "", "", false
}

// contentType is a file's media type by its extension.
func contentType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".json", ".jsonld":
		return "application/json"
	case ".xml":
		return "application/xml"
	case ".atom":
		return "application/atom+xml"
	case ".svg":
		return "image/svg+xml"
	case ".csv":
		return "text/csv; charset=utf-8"
	case ".txt", "":
		return "text/plain; charset=utf-8"
	case ".webmanifest":
		return "application/manifest+json"
	case ".md":
		return "text/markdown; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

var bodyEnd = []byte("</body>")

// write sends a file; HTML gets the live-reload script before </body>.
func (s *Server) write(w http.ResponseWriter, r *http.Request, code int, name string, data []byte, gen int64) {
	h := w.Header()
	h.Set("Content-Type", contentType(name))
	if path.Ext(name) == ".html" {
		data = inject(data, gen)
	}
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// inject adds the live-reload script to an HTML page, before its last
// </body>, or at the end when it has none.
func inject(page []byte, gen int64) []byte {
	tag := fmt.Sprintf(`<script src="%slive.js" data-build="%d" defer></script>`, Prefix, gen)
	i := bytes.LastIndex(page, bodyEnd)
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// Problem is a diagnostic as the browser gets it.
type Problem struct {
	diag.Diagnostic
	Excerpt string `json:"excerpt,omitempty"` // the source line it is about
}

func (s *Server) problems(diags diag.List) []Problem {
	lines := map[string][]string{}
	out := make([]Problem, 0, len(diags))
	for _, d := range diags {
		p := Problem{Diagnostic: d}
		if d.Line > 0 && d.File != "" && !strings.Contains(d.File, "..") {
			ls, ok := lines[d.File]
			if !ok {
				if data, err := os.ReadFile(filepath.Join(s.opt.Source, filepath.FromSlash(d.File))); err == nil && len(data) <= 8<<20 {
					ls = strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
				}
				lines[d.File] = ls
			}
			if d.Line <= len(ls) {
				ex := strings.TrimRight(ls[d.Line-1], " \t")
				if len(ex) > 240 {
					ex = ex[:240] + "…"
				}
				p.Excerpt = strings.ToValidUTF8(ex, "�")
			}
		}
		out = append(out, p)
	}
	return out
}

func (s *Server) errorJSON(gen int64, diags diag.List) string {
	data, _ := json.Marshal(struct {
		Build       int64     `json:"build"`
		Diagnostics []Problem `json:"diagnostics"`
	}{gen, s.problems(diags)})
	return string(data)
}

var errorTmpl = template.Must(template.New("error").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>The site has errors — trellis serve</title>
<link rel="stylesheet" href="{{.Prefix}}live.css">
</head>
<body class="trellis-error-page">
<main>
<h1>The site has {{.Errors}} {{if eq .Errors 1}}error{{else}}errors{{end}}</h1>
<p>Fix them and save: this page reloads when the site builds.</p>
<ol class="trellis-problems">
{{range .Problems}}<li class="trellis-{{.Severity}}"><p class="trellis-where">{{.File}}{{if .Line}}:{{.Line}}{{if .Col}}:{{.Col}}{{end}}{{end}} <span class="trellis-code">{{.Severity}} {{.Code}}</span></p>
<p class="trellis-message">{{.Message}}</p>
{{with .Excerpt}}<pre class="trellis-excerpt"><code>{{.}}</code></pre>{{end}}
{{with .Hint}}<p class="trellis-hint">hint: {{.}}</p>{{end}}</li>
{{end}}</ol>
</main>
</body>
</html>
`))

// errorPage lists a broken build's diagnostics, for page loads before the
// first good build and views that failed to render.
func (s *Server) errorPage(gen int64, diags diag.List) []byte {
	var b bytes.Buffer
	e, _ := diags.Count()
	errorTmpl.Execute(&b, map[string]any{"Prefix": Prefix, "Errors": e, "Problems": s.problems(diags)})
	return b.Bytes()
}

// event is one Server-Sent Event.
type event struct {
	name, data string
}

// hub hands events to every open stream.
type hub struct {
	mu     sync.Mutex
	subs   map[chan event]struct{}
	closed bool
}

func newHub() *hub { return &hub{subs: map[chan event]struct{}{}} }

func (h *hub) subscribe() (chan event, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, false
	}
	c := make(chan event, 16)
	h.subs[c] = struct{}{}
	return c, true
}

// streams is the number of open event streams.
func (h *hub) streams() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

func (h *hub) unsubscribe(c chan event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.subs[c]; ok {
		delete(h.subs, c)
		close(c)
	}
}

// send queues e on every stream; a stream too slow to take it is closed,
// and its browser reconnects and catches up.
func (h *hub) send(e event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.subs {
		select {
		case c <- e:
		default:
			delete(h.subs, c)
			close(c)
		}
	}
}

func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for c := range h.subs {
		delete(h.subs, c)
		close(c)
	}
}

// serveEvents is the event stream: "reload" after each good build is
// swapped in, "error" with the diagnostics after each failed one. A client
// that says which build its page came from (?since=N) is told at once when
// a newer one is being served, and every client is told at once when the
// site is broken.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	select {
	case s.events <- struct{}{}:
		defer func() { <-s.events }()
	default:
		http.Error(w, "too many event streams", http.StatusServiceUnavailable)
		return
	}
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c, ok := s.hub.subscribe()
	if !ok {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer s.hub.unsubscribe(c)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 1000\n\n")
	if st := s.state.Load(); st != nil {
		since, err := strconv.ParseInt(r.URL.Query().Get("since"), 10, 64)
		switch {
		case st.failed:
			writeEvent(w, event{name: "error", data: s.errorJSON(st.gen, st.diags)})
		case err == nil && since < st.gen && st.site != nil:
			writeEvent(w, event{name: "reload", data: fmt.Sprintf(`{"build":%d}`, st.gen)})
		}
	}
	fl.Flush()
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
			fl.Flush()
		case e, ok := <-c:
			if !ok {
				return
			}
			writeEvent(w, e)
			fl.Flush()
		}
	}
}

func writeEvent(w http.ResponseWriter, e event) {
	fmt.Fprintf(w, "event: %s\n", e.name)
	for _, line := range strings.Split(e.data, "\n") {
		fmt.Fprintf(w, "data: %s\n", line)
	}
	fmt.Fprint(w, "\n")
}
