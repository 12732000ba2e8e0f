package server

import (
	"context"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/trellis-ssg/trellis/generator/analysis"
	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
)

// ignoredName says whether a file name is an editor's temporary, backup or
// lock file, or the system's, rather than part of the site: what
// content.Ignored skips, and vim's write-probe files (4913, 5036, ...).
func ignoredName(name string) bool {
	if content.Ignored(name) {
		return true
	}
	if name != "" && strings.Trim(name, "0123456789") == "" {
		return true // vim's probe: a numeric name with no extension
	}
	return false
}

// batcher collects changed paths until the watcher says a batch is done.
type batcher struct {
	mu    sync.Mutex
	paths map[string]bool
	full  bool
	any   bool
	ready chan struct{} // a batch can be taken
}

func newBatcher() *batcher {
	return &batcher{paths: map[string]bool{}, ready: make(chan struct{}, 1)}
}

func (b *batcher) add(path string, full bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.any = true
	if path != "" {
		b.paths[path] = true
	}
	b.full = b.full || full
}

// flush marks what was collected as a batch to build.
func (b *batcher) flush() {
	b.mu.Lock()
	any := b.any
	b.mu.Unlock()
	if any {
		select {
		case b.ready <- struct{}{}:
		default:
		}
	}
}

func (b *batcher) take() (changes, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.any {
		return changes{}, false
	}
	ch := changes{full: b.full}
	for p := range b.paths {
		ch.paths = append(ch.paths, p)
	}
	sort.Strings(ch.paths)
	b.paths, b.full, b.any = map[string]bool{}, false, false
	return ch, true
}

// Watch rebuilds the site after every batch of changes until ctx ends. It
// does not build first; Serve does.
func (s *Server) Watch(ctx context.Context) error {
	b := newBatcher()
	errc := make(chan error, 1)
	if s.opt.Poll > 0 {
		go s.poll(ctx, b)
	} else {
		w, err := fsnotify.NewWatcher()
		if err != nil {
			return err
		}
		defer w.Close()
		s.addWatches(w)
		go func() { errc <- s.notify(ctx, w, b) }()
	}
	if s.watchReady != nil && s.opt.Poll <= 0 {
		s.watchReady()
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-errc:
			return err
		case <-b.ready:
			if ch, ok := b.take(); ok {
				s.build(ch)
			}
		}
	}
}

// classify says whether a changed path matters to the site, and whether it
// asks for a full rebuild.
func (s *Server) classify(rel, contentDir string) (relevant, full bool) {
	if rel == "." || rel == "" || strings.HasPrefix(rel, "../") {
		return false, false
	}
	for _, seg := range strings.Split(rel, "/") {
		if ignoredName(seg) {
			return false, false
		}
	}
	top, _, _ := strings.Cut(rel, "/")
	switch {
	case rel == config.FileName:
		return true, true
	case rel == analysis.DismissedFile:
		// Its warnings are the build's; the panel reads it when asked.
		return true, false
	case slices.Contains(s.brandFiles(), rel):
		// A logo, favicon or stylesheet of site.yaml's brand.
		return true, true
	case rel == contentDir || strings.HasPrefix(rel, contentDir+"/"):
		return true, false
	case top == "themes" || top == "archetypes":
		return true, true
	}
	return false, false
}

func (s *Server) contentDir() string {
	cfg, _ := config.Load(s.opt.Source)
	return filepath.ToSlash(filepath.Clean(cfg.ContentDir))
}

// brandFiles are the site-relative paths of the files site.yaml's brand
// names: the logo, the favicon and the stylesheets.
func (s *Server) brandFiles() []string {
	cfg, _ := config.Load(s.opt.Source)
	var out []string
	for _, f := range append([]string{cfg.Brand.Logo, cfg.Brand.Favicon}, cfg.Brand.CSS...) {
		if f != "" && filepath.IsLocal(filepath.FromSlash(f)) {
			out = append(out, path.Clean(filepath.ToSlash(f)))
		}
	}
	return out
}

// watchedRoots are the folders watched with everything in them: the
// content, the themes, the archetypes and the folders of brand files (a
// brand file in the site's own folder is seen by its watch).
func (s *Server) watchedRoots(contentDir string) []string {
	roots := []string{
		filepath.Join(s.opt.Source, filepath.FromSlash(contentDir)),
		filepath.Join(s.opt.Source, "themes"),
		filepath.Join(s.opt.Source, "archetypes"),
	}
	for _, f := range s.brandFiles() {
		if dir := path.Dir(f); dir != "." {
			if r := filepath.Join(s.opt.Source, filepath.FromSlash(dir)); !slices.Contains(roots, r) {
				roots = append(roots, r)
			}
		}
	}
	return roots
}

func (s *Server) addWatches(w *fsnotify.Watcher) {
	w.Add(s.opt.Source)
	for _, root := range s.watchedRoots(s.contentDir()) {
		addTree(w, root)
	}
}

// addTree watches dir and every folder in it that is not ignored.
func addTree(w *fsnotify.Watcher, dir string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && ignoredName(d.Name()) {
			return filepath.SkipDir
		}
		w.Add(p)
		return nil
	})
}

// notify turns file system events into batches: a batch ends when no
// relevant event has come for the quiet period.
func (s *Server) notify(ctx context.Context, w *fsnotify.Watcher, b *batcher) error {
	contentDir := s.contentDir()
	quiet := time.NewTimer(time.Hour)
	quiet.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			if s.opt.Log != nil {
				s.opt.Log.Write([]byte("watch: " + err.Error() + "\n"))
			}
			// Events may have been lost (queue overflow): rebuild it all.
			b.add("", true)
			quiet.Reset(s.opt.Quiet)
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			s.hold()() // while a test holds the watcher, wait
			if ev.Op == fsnotify.Chmod {
				continue
			}
			rel := s.rel(ev.Name)
			relevant, full := s.classify(rel, contentDir)
			if !relevant {
				continue
			}
			if rel == config.FileName {
				if cd := s.contentDir(); cd != contentDir {
					contentDir = cd
					addTree(w, filepath.Join(s.opt.Source, filepath.FromSlash(cd)))
				}
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
					addTree(w, ev.Name)
				}
			}
			if ev.Has(fsnotify.Rename) || ev.Has(fsnotify.Remove) {
				w.Remove(ev.Name) // a folder's watch does not follow it
			}
			b.add(rel, full)
			quiet.Reset(s.opt.Quiet)
		case <-quiet.C:
			b.flush()
		}
	}
}

// hold takes the tests' hold on the watcher, if any, and returns its
// release.
func (s *Server) hold() func() {
	if s.watchHold == nil {
		return func() {}
	}
	s.watchHold.Lock()
	return s.watchHold.Unlock
}

// stamp is what polling compares.
type stamp struct {
	size  int64
	mtime time.Time
	mode  fs.FileMode
}

// scan stamps every relevant file and folder.
func (s *Server) scan() (map[string]stamp, string) {
	contentDir := s.contentDir()
	out := map[string]stamp{}
	for _, f := range append([]string{config.FileName}, s.brandFiles()...) {
		if fi, err := os.Stat(filepath.Join(s.opt.Source, filepath.FromSlash(f))); err == nil {
			out[f] = stamp{fi.Size(), fi.ModTime(), fi.Mode()}
		}
	}
	for _, root := range s.watchedRoots(contentDir) {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if p != root && ignoredName(d.Name()) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			fi, err := d.Info()
			if err != nil {
				return nil
			}
			out[s.rel(p)] = stamp{fi.Size(), fi.ModTime(), fi.Mode()}
			return nil
		})
	}
	return out, contentDir
}

// poll scans at the poll interval; a batch ends at the first scan that
// finds nothing new after one that did.
func (s *Server) poll(ctx context.Context, b *batcher) {
	seen, _ := s.scan()
	if s.watchReady != nil {
		s.watchReady()
	}
	t := time.NewTicker(s.opt.Poll)
	defer t.Stop()
	pending := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		release := s.hold()
		now, contentDir := s.scan()
		release()
		changed := false
		for p, st := range now {
			if old, ok := seen[p]; !ok || old != st {
				if relevant, full := s.classify(p, contentDir); relevant {
					b.add(p, full)
					changed = true
				}
			}
		}
		for p := range seen {
			if _, ok := now[p]; !ok {
				if relevant, full := s.classify(p, contentDir); relevant {
					b.add(p, full)
					changed = true
				}
			}
		}
		seen = now
		if changed {
			pending = true
		} else if pending {
			pending = false
			b.flush()
		}
	}
}
