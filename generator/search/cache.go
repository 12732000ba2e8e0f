package search

import (
	"sync"

	"github.com/trellis-ssg/trellis/generator/markdown"
)

// Cache keeps the analysed words of page bodies between builds, so that a
// dev server rebuilding after one edit analyses one body, not all of them.
// Bodies are known by their *markdown.Document: the content stage's cache
// hands back the same document for an unchanged file. Entries the latest
// build did not use are dropped when it ends, so the cache holds one site's
// bodies. Builds may run at the same time (the dev server makes a build's
// index when it is first asked for, possibly while a newer build makes its
// own): each only reads and adds entries, and only the newest prunes.
type Cache struct {
	mu   sync.Mutex
	lang string
	gen  int
	m    map[*markdown.Document]*cached
}

type cached struct {
	text   string // the body's plain text with its links' titles, which a title edit elsewhere changes
	counts map[string]int
	gen    int // the newest build that used it
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{} }

// WithCache makes Build reuse and fill c.
func WithCache(c *Cache) Option { return func(o *options) { o.cache = c } }

// begin starts a build in language lang and returns its number.
func (c *Cache) begin(lang string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lang != lang || c.m == nil {
		c.m = map[*markdown.Document]*cached{}
	}
	c.lang = lang
	c.gen++
	return c.gen
}

// end drops what build gen did not use, if it is the newest build.
func (c *Cache) end(gen int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	for doc, e := range c.m {
		if e.gen < gen {
			delete(c.m, doc)
		}
	}
}

// bodyTerms returns the counts of each term in a body, whose plain text is
// text, from the cache or worked out by an, for build gen.
func (c *Cache) bodyTerms(an *analyzer, doc *markdown.Document, text string, gen int) map[string]int {
	if c != nil {
		c.mu.Lock()
		if e, ok := c.m[doc]; ok && e.text == text {
			e.gen = max(e.gen, gen)
			c.mu.Unlock()
			return e.counts
		}
		c.mu.Unlock()
	}
	counts := map[string]int{}
	for _, t := range an.terms(text) {
		counts[t]++
	}
	if c != nil {
		c.mu.Lock()
		if c.m != nil {
			c.m[doc] = &cached{text: text, counts: counts, gen: gen}
		}
		c.mu.Unlock()
	}
	return counts
}
