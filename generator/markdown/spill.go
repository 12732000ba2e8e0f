package markdown

import (
	"errors"
	"fmt"
	"os"
	"sync"
)

// Spill keeps the HTML of converted documents in a file instead of in
// memory. A build needs a page's HTML once, when the page is rendered,
// while its other parts (links, headings, text) serve every stage; on a
// large portfolio the HTML of every page held from loading to the end is a
// tenth of a build's peak memory. Spilled, it costs a write when loaded and
// a read when rendered.
type Spill struct {
	mu   sync.Mutex
	f    *os.File
	name string // the file, until it is removed
	off  int64
}

// NewSpill makes a spill file in dir. Where the system allows, the file is
// removed from dir at once and lives on only while open, so that nothing
// is left behind however the build ends.
func NewSpill(dir string) (*Spill, error) {
	f, err := os.CreateTemp(dir, ".trellis-spill-")
	if err != nil {
		return nil, err
	}
	s := &Spill{f: f, name: f.Name()}
	if os.Remove(f.Name()) == nil {
		s.name = ""
	}
	return s, nil
}

// Close closes and removes the spill file: the documents spilled to it
// can no longer be rendered.
func (s *Spill) Close() error {
	err := s.f.Close()
	if s.name != "" {
		err = errors.Join(err, os.Remove(s.name))
	}
	return err
}

// spilled is where a document's HTML is in a Spill.
type spilled struct {
	s   *Spill
	off int64
	n   int
}

// Spill moves d's HTML to s: d.HTML is nil afterwards, and Render reads
// the HTML back from s.
func (d *Document) Spill(s *Spill) error {
	if d.HTML == nil {
		return nil
	}
	s.mu.Lock()
	off := s.off
	n, err := s.f.Write(d.HTML)
	s.off += int64(n)
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("spilling a page's HTML: %w", err)
	}
	d.spill = &spilled{s: s, off: off, n: len(d.HTML)}
	d.HTML = nil
	return nil
}

// Len is the length of the document's HTML, spilled or not.
func (d *Document) Len() int {
	if d.spill != nil {
		return d.spill.n
	}
	return len(d.HTML)
}

// html is the document's HTML, read back when it was spilled.
func (d *Document) html() ([]byte, error) {
	if d.spill == nil {
		return d.HTML, nil
	}
	b := make([]byte, d.spill.n)
	if _, err := d.spill.s.f.ReadAt(b, d.spill.off); err != nil {
		return nil, fmt.Errorf("reading a page's HTML back: %w", err)
	}
	return b, nil
}
