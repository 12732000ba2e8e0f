package content

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/markdown"
)

// Cache keeps the parsed pages of one site between loads, for the dev
// server: a page whose file is unchanged is not read or parsed again, and
// Load returns the very same *Page for it, so a later stage can tell
// changed pages from unchanged ones by pointer.
//
// A file counts as unchanged when its size and modification time are those
// seen last time and it was not invalidated; when they differ, the file is
// read and its SHA-256 compared, so a save that rewrites the same bytes
// parses nothing. Everything else loadPage depends on is part of the key:
// the page's place (kind, section, bundle and resources), Drafts, Strict
// and Statuses. Now matters only to a story's consent, which is judged again on
// every load.
//
// A Cache is safe for concurrent use, but is meant for one site at a time:
// loading another site folder empties it.
type Cache struct {
	mu      sync.Mutex
	root    string
	entries map[string]*cacheEntry // by page file, slash-separated
	dirty   map[string]bool
	hits    int
	misses  int

	// With trust, the caller (the dev server's watcher) invalidates every
	// file that changes: Load then reuses the last walk of the content
	// folder and reads only invalidated files, unless a change may have
	// added, removed or moved a file (rewalk).
	trust   bool
	walked  *walkResult
	rewalk  bool
	trusted bool // this load reuses the walk

	git *gitState // the last git dates read
}

// walkResult is what walk found, for reuse.
type walkResult struct {
	dir   string
	srcs  []source
	files []string
	diags diag.List
	known map[string]bool // page files
}

// Trust says that every change will be reported through Invalidate, so
// unchanged files need not be looked at. A file system watcher that can
// lose events must call Rescan when it does.
func (c *Cache) Trust(on bool) {
	c.mu.Lock()
	c.trust = on
	c.mu.Unlock()
}

// Rescan makes the next load walk the content folder and look at every
// file again.
func (c *Cache) Rescan() {
	c.mu.Lock()
	c.rewalk = true
	c.mu.Unlock()
}

// walk returns the content folder's pages and files, walking it only when
// the last walk cannot be trusted.
func (c *Cache) walk(root, dir string, diags *diag.List) ([]source, []string) {
	c.mu.Lock()
	w := c.walked
	reuse := c.trust && !c.rewalk && w != nil && w.dir == dir
	if reuse {
		for f := range c.dirty {
			if !w.known[f] {
				reuse = false // a new file, or a bundle's resource
				break
			}
			if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(f))); err != nil {
				reuse = false // removed, or renamed away
				break
			}
		}
	}
	c.trusted = reuse
	c.mu.Unlock()
	if reuse {
		*diags = append(*diags, w.diags...)
		return w.srcs, w.files
	}
	var d diag.List
	srcs, files := walk(root, dir, &d)
	*diags = append(*diags, d...)
	w = &walkResult{dir: dir, srcs: srcs, files: files, diags: d, known: make(map[string]bool, len(srcs))}
	for _, s := range srcs {
		w.known[s.file] = true
	}
	c.mu.Lock()
	c.walked, c.rewalk = w, false
	c.mu.Unlock()
	return srcs, files
}

type cacheEntry struct {
	src      source
	size     int64
	mtime    time.Time
	sum      [32]byte
	drafts   bool
	strict   bool
	statuses string
	now      time.Time
	page     *Page
	diags    diag.List
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{entries: map[string]*cacheEntry{}, dirty: map[string]bool{}}
}

// Invalidate makes the next load read the file (slash-separated, relative
// to the site folder) again whatever its size and modification time say.
func (c *Cache) Invalidate(file string) {
	c.mu.Lock()
	c.dirty[filepath.ToSlash(file)] = true
	c.mu.Unlock()
}

// Forget drops what the cache knows of a page file, so the next load parses
// it again even when its bytes are unchanged: for a bundle whose other files
// changed (an image's size shows on the page).
func (c *Cache) Forget(file string) {
	c.mu.Lock()
	delete(c.entries, filepath.ToSlash(file))
	c.mu.Unlock()
}

// Stats returns how many pages the loads so far took from the cache and
// how many they parsed.
func (c *Cache) Stats() (hits, misses int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits, c.misses
}

// begin prepares the cache for a load of root.
func (c *Cache) begin(root string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || c.root != root {
		c.entries = map[string]*cacheEntry{}
		c.dirty = map[string]bool{}
		c.root = root
		c.walked = nil
	}
}

// end forgets the files that are no longer pages.
func (c *Cache) end(srcs []source) {
	keep := make(map[string]bool, len(srcs))
	for _, s := range srcs {
		keep[s.file] = true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for f := range c.entries {
		if !keep[f] {
			delete(c.entries, f)
		}
	}
	clear(c.dirty)
}

func sameSource(a, b source) bool {
	return a.file == b.file && a.section == b.section && a.kind == b.kind && a.bundle == b.bundle && a.index == b.index && slices.Equal(a.resources, b.resources) &&
		a.lang == b.lang && a.orig == b.orig
}

// consentCodes are the diagnostics checkConsent gives, the only ones that
// depend on Options.Now.
var consentCodes = []string{"consent-withheld", "consent-expiring"}

func hasConsentDiag(diags diag.List) bool {
	return slices.ContainsFunc(diags, func(d diag.Diagnostic) bool { return slices.Contains(consentCodes, d.Code) })
}

// load is loadPage through the cache.
func (c *Cache) load(root string, s source, conv *markdown.Converter, opt Options, diags *diag.List) *Page {
	full := filepath.Join(root, filepath.FromSlash(s.file))
	statuses := strings.Join(opt.Statuses, "\x00")
	c.mu.Lock()
	e := c.entries[s.file]
	dirty := c.dirty[s.file]
	trusted := c.trusted
	c.mu.Unlock()
	if e != nil && (!sameSource(e.src, s) || e.drafts != opt.Drafts || e.strict != opt.Strict || e.statuses != statuses) {
		e = nil
	}
	if trusted && e != nil && !dirty && !(e.page == nil && !opt.Now.Equal(e.now) && hasConsentDiag(e.diags)) {
		// Nothing said this file changed: only a story's consent is
		// judged again when the time has moved on.
		p, d := e.page, e.diags
		if !opt.Now.Equal(e.now) {
			p, d = rejudge(e, opt)
		}
		c.mu.Lock()
		e.now, e.page, e.diags = opt.Now, p, d
		c.hits++
		c.mu.Unlock()
		*diags = append(*diags, d...)
		return p
	}
	fi, statErr := os.Stat(full)
	hit := false
	var sum [32]byte
	if statErr == nil && fi.Size() <= MaxFileSize && e != nil {
		if !dirty && fi.Size() == e.size && fi.ModTime().Equal(e.mtime) {
			hit = true
		} else if data, err := os.ReadFile(full); err == nil {
			sum = sha256.Sum256(data)
			hit = sum == e.sum
		}
	}
	if hit && e.page == nil && !opt.Now.Equal(e.now) && hasConsentDiag(e.diags) {
		// A story that could not be used after its consent was judged:
		// judge it again from the start.
		hit = false
		sum = [32]byte{}
	}
	if hit {
		p, d := e.page, e.diags
		if !opt.Now.Equal(e.now) {
			p, d = rejudge(e, opt)
		}
		c.mu.Lock()
		e.size, e.mtime, e.now, e.page, e.diags = fi.Size(), fi.ModTime(), opt.Now, p, d
		c.hits++
		c.mu.Unlock()
		*diags = append(*diags, d...)
		return p
	}
	if statErr == nil && sum == ([32]byte{}) {
		if data, err := os.ReadFile(full); err == nil {
			sum = sha256.Sum256(data)
		}
	}
	var d diag.List
	p := loadPage(root, s, conv, opt, &d)
	*diags = append(*diags, d...)
	c.mu.Lock()
	c.misses++
	if statErr == nil {
		c.entries[s.file] = &cacheEntry{src: s, size: fi.Size(), mtime: fi.ModTime(), sum: sum,
			drafts: opt.Drafts, strict: opt.Strict, statuses: statuses, now: opt.Now, page: p, diags: d}
	} else {
		delete(c.entries, s.file)
	}
	c.mu.Unlock()
	return p
}

// swapPage makes the cache hand out now instead of was for a file (a
// copy with its git date set), so that the next load returns the same
// pointer while nothing changes.
func (c *Cache) swapPage(file string, was, now *Page) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[file]; e != nil && e.page == was {
		e.page = now
	}
}

// rejudge judges a cached story's consent against a new Now. The page
// keeps its pointer unless the judgement changed.
func rejudge(e *cacheEntry, opt Options) (*Page, diag.List) {
	p := e.page
	if p == nil || p.Kind != KindNarrative {
		return p, e.diags
	}
	cp := *p
	cp.Withheld = ""
	var d diag.List
	for _, x := range e.diags {
		if !slices.Contains(consentCodes, x.Code) {
			d = append(d, x)
		}
	}
	checkConsent(&cp, opt, &d)
	if cp.Withheld == p.Withheld && sameDiags(d, e.diags) {
		return p, e.diags
	}
	return &cp, d
}

func sameDiags(a, b diag.List) bool {
	if len(a) != len(b) {
		return false
	}
	count := map[diag.Diagnostic]int{}
	for _, d := range a {
		count[d]++
	}
	for _, d := range b {
		count[d]--
		if count[d] < 0 {
			return false
		}
	}
	return true
}
