// Package server is trellis's live preview for editors (`trellis serve`):
// it builds a site into memory, serves exactly what the build produced,
// watches the site's files, rebuilds on every save and tells the browser
// to reload over Server-Sent Events once the new build is in place.
//
// # Serving
//
// Only files the build wrote are served, from a map swapped atomically
// after each good build: there is no file system behind a request, so no
// path can reach a source file, a folder listing or anything outside the
// site. A path with a "." or ".." segment (plain or %-encoded) is a 404.
// Every response carries Cache-Control: no-store and the site's security
// headers. HTML responses get one tag before </body>, a script from
// /__trellis/live.js; the built site never contains it. The script and its
// stylesheet are embedded here, so the pages' Content-Security-Policy
// (no inline script or style) holds in the preview too.
//
// # Watching
//
// fsnotify watches the content folder (every folder in it, and new ones as
// they appear), the site folder itself (site.yaml, and themes/, content/ and
// archetypes/ appearing), themes/<name>/ and archetypes/. Events are
// batched: a build starts once no relevant event has arrived for the quiet
// period (20 ms by default), so each of an editor's save patterns — write in
// place, write a temporary and rename it over, delete and create, vim's 4913
// probe and backup~, emacs's #autosave# and .#lock, JetBrains's ___jb_tmp___
// and ___jb_old___ — gives one build. Temporary and backup names never
// start a build. With Options.Poll, the same folders are scanned for
// changed sizes and modification times instead, and a batch ends at the
// first scan that finds nothing new.
//
// # Incremental builds
//
// Correctness first: after any sequence of edits the served files and the
// diagnostics are those of a fresh full build, byte for byte
// (TestIncrementalEqualsFullBuild checks this over randomised edit
// sequences). What a build after a change does:
//
//   - Loading. The watcher reports every changed path, so content.Cache
//     (with Trust) reuses the last walk of the content folder and reads only
//     the reported files; a new, removed or moved file walks again, and a
//     full build or a lost event looks at everything. A file whose bytes
//     are unchanged is not parsed, and unchanged pages keep their pointer.
//   - Dates. "Last updated" comes from git history, as in a build. The
//     dates are read from git again only when git's index or HEAD has
//     changed since the last build (a commit, a checkout, a pull), so an
//     edit costs three stat calls; a page whose date changed is a new
//     pointer, like an edited page. A commit shows at the next build.
//     (TestServeEqualsBuildWithGitDates compares every served file with a
//     build's on a site kept in git.)
//   - Linking. When the changed pages differ only in their text (same front
//     matter, headings, and links to the same pages), portfolio.Update swaps
//     them into the last graph instead of resolving it again; otherwise
//     portfolio.Resolve runs.
//   - Planning. render.Plan lists every file without rendering it;
//     after a text-only change render.Replan reuses the last plan's views.
//   - Rendering on demand. The reload event is sent once the new site is
//     planned. A view is rendered when a browser asks for it, or when the
//     warm-up that follows each build (one view at a time, stopped by the
//     next build) reaches it; the site-wide batches (open data, search
//     index, feeds and sitemap) are made on the first request for one of
//     their files. A view rendered by the last build is carried over when
//     it cannot differ: not the changed pages (new pointer, added or
//     removed), not their neighbours in the link graph before or after the
//     change, two steps out (a page shows cards of its neighbours, and a
//     card names that page's own neighbours), and not a list whose pages
//     changed in membership, order or content; views without a page list
//     (home, indexes, redirects, the gallery) are rendered again after any
//     change others can see. When only text changed that no other view shows
//     (neighbourKey), only the changed pages' own views are rendered again.
//     Anything every page shows — the configuration, the newest content
//     date, the taxonomies and their labels — is summed up in a key; when it
//     changes, or the theme, site.yaml or an archetype changes, or the last
//     build failed, nothing is carried over.
//
// Measured (BenchmarkEditTextToReload and BenchmarkEditToReload, generated
// 10,000-page portfolio, shared 2-core machine, from writing the file to the
// reload event, through fsnotify and the 20 ms quiet period): a sentence
// added to an initiative reloads in about 60 ms at the median; a new title,
// which every page listing the initiative shows, in about 0.4 s, most of it
// resolving the whole graph again.
//
// # Errors
//
// A build with errors is not swapped in: the last good site keeps being
// served, and an "error" event carries every diagnostic (file, line,
// column, an excerpt of the source line, hint). The script shows them in an
// overlay built with textContent, and a new page load while the site is
// broken gets them at once when it connects. Before any good build, every
// page is an error page rendered here, escaped, with the same script so it
// reloads when the site is fixed. A view that fails to render (a theme's
// template meeting content it cannot handle) is found by the warm-up or the
// request that asks for it: that page is an error page with the reason, the
// overlay shows it, and the rest of the site is still served.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/portfolio"
	"github.com/trellis-ssg/trellis/generator/render"
)

// Options configure a Server.
type Options struct {
	Source string // the site folder
	// BaseURL overrides site.yaml's base_url. When empty and the server
	// listens (Serve), the base URL is http://<listen address> followed by
	// the path of site.yaml's base_url, so the site is served under its path.
	BaseURL string
	Drafts  bool
	// Poll, when positive, scans for changes at this interval instead of
	// using file system events.
	Poll time.Duration
	// Quiet is how long no event must arrive before a batch is built;
	// default 20 ms: an editor's save is a burst of events a few
	// milliseconds long.
	Quiet time.Duration
	// Now gives the moment each build judges consent and staleness against;
	// default time.Now.
	Now func() time.Time
	// Full turns incremental rendering off (every build renders everything).
	Full bool
	// Log receives a line per build; nil is silent.
	Log io.Writer
	// OnBuild, when set, is called after each build has been swapped in
	// and announced.
	OnBuild func(BuildInfo)
	// MaxConns bounds concurrent requests (default 64); MaxEvents bounds
	// open event streams (default 32).
	MaxConns, MaxEvents int
}

// Server is a live preview of one site.
type Server struct {
	opt   Options
	addr  string // host:port once listening
	cache *content.Cache
	hub   *hub
	state atomic.Pointer[state]
	gen   atomic.Int64

	buildMu  sync.Mutex
	renderer *render.Renderer
	themeKey string
	last     *last

	sem    chan struct{}
	events chan struct{}

	watchReady func()          // tests: called once the watcher sees changes
	warmed     func(gen int64) // tests: called when build gen's warm-up ends
	// tests: held by the watcher while it handles an event or scans, so
	// that a test makes a save whole before the watcher looks at it (a
	// test's save can stall longer than the quiet period on a loaded machine).
	watchHold *sync.Mutex
}

// state is what is being served.
type state struct {
	gen    int64
	site   *site                // the last good build; nil before the first
	pf     *portfolio.Portfolio // its portfolio, for the editors' panels
	base   string               // its base path, "/" or "/portfolio/"
	theme  string               // its theme's name
	failed bool                 // the latest build had errors
	diags  diag.List            // the latest build's diagnostics
}

// New returns a server for the site in opt.Source. It builds nothing yet.
func New(opt Options) (*Server, error) {
	if opt.Source == "" {
		opt.Source = "."
	}
	if fi, err := os.Stat(opt.Source); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", opt.Source)
	}
	if opt.Quiet <= 0 {
		opt.Quiet = 20 * time.Millisecond
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.MaxConns <= 0 {
		opt.MaxConns = 64
	}
	if opt.MaxEvents <= 0 {
		opt.MaxEvents = 32
	}
	cache := content.NewCache()
	// The watcher reports every change (and asks for a full build when
	// it may have lost some), so unchanged files are not looked at.
	cache.Trust(true)
	return &Server{opt: opt, cache: cache, hub: newHub(),
		sem: make(chan struct{}, opt.MaxConns), events: make(chan struct{}, opt.MaxEvents)}, nil
}

// Build runs a full build now and swaps it in when it is good.
func (s *Server) Build() BuildInfo { return s.build(changes{full: true}) }

// Files renders every file being served (the last good build) and returns
// them by site path.
func (s *Server) Files() map[string][]byte {
	if st := s.state.Load(); st != nil && st.site != nil {
		files, _ := st.site.all()
		return files
	}
	return nil
}

func (s *Server) logBuild(info BuildInfo) {
	if s.opt.Log == nil {
		return
	}
	e, w := info.Diags.Count()
	if !info.OK {
		fmt.Fprintf(s.opt.Log, "build %d failed: %d errors, %d warnings; still serving the last good site\n", info.Gen, e, w)
		for _, d := range info.Diags {
			if d.Severity == diag.Error {
				fmt.Fprintln(s.opt.Log, "  "+d.String())
			}
		}
		return
	}
	how := "full"
	switch {
	case info.Incremental && info.Updated:
		how = "incremental, text only"
	case info.Incremental:
		how = "incremental"
	}
	fmt.Fprintf(s.opt.Log, "build %d: %s, %s parsed, %s to render on request, %d reused, %s, %d ms\n",
		info.Gen, how, count(info.Parsed, "page"), count(info.Rendered, "view"), info.Reused, count(w, "warning"), info.Duration.Milliseconds())
}

// count writes n things, in the singular when there is one.
func count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// Serve builds the site, listens on ln and watches for changes until ctx
// ends. The base URL follows ln's address unless Options.BaseURL is set.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	s.addr = ln.Addr().String()
	s.Build()
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    32 << 10,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	werr := make(chan error, 1)
	go func() { werr <- s.Watch(ctx) }()
	serr := make(chan error, 1)
	go func() { serr <- srv.Serve(ln) }()
	select {
	case <-ctx.Done():
	case err := <-werr:
		if err != nil {
			srv.Close()
			return err
		}
		<-ctx.Done()
	case err := <-serr:
		return err
	}
	s.hub.close()
	shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		srv.Close()
	}
	if err := <-serr; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// site is a path under the site folder, slash-separated.
func (s *Server) rel(p string) string {
	r, err := filepath.Rel(s.opt.Source, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(r)
}
