package search

import (
	"sync"

	"github.com/trellis-ssg/trellis/generator/markdown"
)

// Cache keeps the analysed words of page bodies between builds, so that a
// dev server rebuilding after one edit analyses one body, not all of them.
// Bodies are known by their *markdown.Document: the content stage's cache
// hands back the same document for an unchanged file. Entries not used by
// a build are dropped at the next, so the cache holds one site's bodies.
type Cache struct {
	mu        sync.Mutex
	lang      string
	prev, cur map[*markdown.Document]map[string]int
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{} }

// WithCache makes Build reuse and fill c.
func WithCache(c *Cache) Option { return func(o *options) { o.cache = c } }

// begin starts a build in language lang.
func (c *Cache) begin(lang string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lang != lang {
		c.prev = nil
	}
	c.lang = lang
	c.cur = map[*markdown.Document]map[string]int{}
}

// end keeps what this build used for the next.
func (c *Cache) end() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.prev, c.cur = c.cur, nil
}

// bodyTerms returns the counts of each term in a body, from the cache or
// worked out by an.
func (c *Cache) bodyTerms(an *analyzer, doc *markdown.Document) map[string]int {
	if c != nil {
		c.mu.Lock()
		counts, ok := c.cur[doc]
		if !ok {
			counts, ok = c.prev[doc]
		}
		if ok {
			c.cur[doc] = counts
			c.mu.Unlock()
			return counts
		}
		c.mu.Unlock()
	}
	counts := map[string]int{}
	for _, t := range an.terms(doc.Text) {
		counts[t]++
	}
	if c != nil {
		c.mu.Lock()
		c.cur[doc] = counts
		c.mu.Unlock()
	}
	return counts
}
