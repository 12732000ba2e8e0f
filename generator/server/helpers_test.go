package server

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/corpus"
	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/portfolio"
	"github.com/trellis-ssg/trellis/generator/render"
	"github.com/trellis-ssg/trellis/internal/testtimeout"
)

// testNow is the moment every test build judges consent and staleness against.
var testNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// wait is how long a test waits for something that should happen at once,
// scaled by TRELLIS_TEST_TIMEOUT_SCALE.
var wait = testtimeout.Scaled(60 * time.Second)

// whole makes a save while the server's watcher waits, so that the watcher
// sees the save whole however long it takes on a loaded machine: what the
// tests check is what a whole save gives, not whether the test's own file
// operations were quicker than the quiet period. New sets the hold up.
func whole(s *Server, save func()) {
	s.watchHold.Lock()
	defer s.watchHold.Unlock()
	save()
}

// writeSite writes a generated site of n pages into a new folder.
func writeSite(t testing.TB, n int, seed int64, base string) string {
	t.Helper()
	dir := t.TempDir()
	if err := corpus.WriteOptions(dir, corpus.Options{Pages: n, Seed: seed, BaseURL: base}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// setConfig replaces a site.yaml key's line.
func setConfig(t testing.TB, dir, key, value string) {
	t.Helper()
	file := filepath.Join(dir, "site.yaml")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	found := false
	for i, l := range lines {
		if strings.HasPrefix(l, key+":") {
			lines[i] = key + ": " + value
			found = true
		}
	}
	if !found {
		lines = append(lines, key+": "+value)
	}
	if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
}

// recorder counts builds through Options.OnBuild.
type recorder struct {
	mu     sync.Mutex
	builds []BuildInfo
	ch     chan BuildInfo
}

func newRecorder() *recorder { return &recorder{ch: make(chan BuildInfo, 100)} }

func (r *recorder) hook(b BuildInfo) {
	r.mu.Lock()
	r.builds = append(r.builds, b)
	r.mu.Unlock()
	r.ch <- b
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.builds)
}

// next waits for the next build.
func (r *recorder) next(t testing.TB) BuildInfo {
	t.Helper()
	select {
	case b := <-r.ch:
		return b
	case <-time.After(wait):
		t.Fatal("no build came")
	}
	return BuildInfo{}
}

// none checks that no build comes while the watcher has time for several
// quiet periods.
func (r *recorder) none(t testing.TB, quiet time.Duration) {
	t.Helper()
	select {
	case b := <-r.ch:
		t.Fatalf("unexpected build %d, for %v", b.Gen, b.Changed)
	case <-time.After(10 * quiet):
	}
}

// startWatching builds the site and watches it until the test ends.
func startWatching(t testing.TB, opt Options) (*Server, *recorder) {
	t.Helper()
	rec := newRecorder()
	opt.OnBuild = rec.hook
	if opt.Now == nil {
		opt.Now = func() time.Time { return testNow }
	}
	s, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	s.watchHold = new(sync.Mutex)
	if info := s.Build(); !info.OK {
		t.Fatalf("first build failed: %v", info.Diags)
	}
	<-rec.ch
	rec.mu.Lock()
	rec.builds = nil
	rec.mu.Unlock()
	ready := make(chan struct{})
	s.watchReady = func() { close(ready) }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := s.Watch(ctx); err != nil {
			t.Errorf("watch: %v", err)
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case <-ready:
	case <-time.After(wait):
		t.Fatal("the watcher did not start")
	}
	return s, rec
}

// fullBuild builds dir from scratch into memory, as `trellis build` would.
func fullBuild(t testing.TB, dir string, now time.Time, baseURL string) (map[string][]byte, diag.List) {
	t.Helper()
	cfg, diags := config.Load(dir)
	if baseURL != "" {
		cfg.SetBaseURL(baseURL)
	}
	set, d := content.Load(dir, cfg.ContentDir, content.Options{Statuses: cfg.Statuses, Now: now, Languages: cfg.Languages.Codes()})
	diags = append(diags, d...)
	pf, d := portfolio.Resolve(cfg, set, now)
	diags = append(diags, d...)
	diags.Sort()
	if diags.HasErrors() {
		return nil, diags
	}
	theme, err := render.LoadTheme(render.ThemeFS(dir, cfg.Theme), cfg.LanguageCodes()...)
	if err != nil {
		t.Fatal(err)
	}
	var m render.Memory
	if _, err := render.New(theme).Render(pf, dir, &m); err != nil {
		t.Fatal(err)
	}
	return m.Files, diags
}

// diffFiles describes how two sites differ, or returns "".
func diffFiles(got, want map[string][]byte) string {
	var out []string
	for name, w := range want {
		g, ok := got[name]
		switch {
		case !ok:
			out = append(out, "missing "+name)
		case !bytes.Equal(g, w):
			out = append(out, "differs "+name+": "+firstDiff(g, w))
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			out = append(out, "extra "+name)
		}
	}
	sort.Strings(out)
	if len(out) > 10 {
		out = append(out[:10], "…")
	}
	return strings.Join(out, "\n")
}

func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-60)
	return "got …" + string(a[from:min(len(a), i+60)]) + "… want …" + string(b[from:min(len(b), i+60)]) + "…"
}

// pageFiles lists the site's page files, site-relative.
func pageFiles(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			r, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(r))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// replaceLine replaces the first front matter line starting with key+": ".
func replaceLine(src, key, line string) (string, bool) {
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, key+": ") {
			lines[i] = line
			return strings.Join(lines, "\n"), true
		}
	}
	return src, false
}
