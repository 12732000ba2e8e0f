package render

import (
	"bytes"
	"io"
	"path"
	"strings"
	"sync"
	"testing"

	"github.com/trellis-ssg/trellis/generator/opendata"
)

// planCorpus plans the site of a generated portfolio of n pages, its
// static files discarded.
func planCorpus(t *testing.T, n int) *Plan {
	t.Helper()
	pf, dir := loadCorpus(t, n)
	theme, err := LoadTheme(ThemeFS(dir, pf.Config.Theme))
	if err != nil {
		t.Fatal(err)
	}
	p, err := New(theme).Plan(pf, dir, writeFunc(func(string, []byte) error { return nil }))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// A rendered page's body is not kept on its view: the plan holds its views
// to the end of the build, so a body left on each would keep every page's
// HTML alive until then (issue 19: a tenth of the peak heap at 10,000
// pages).
func TestRenderedViewsKeepNoBody(t *testing.T) {
	p := planCorpus(t, 60)
	bodies := 0
	for _, j := range p.Views {
		if j.View.Page == nil || j.View.Page.Body == nil || j.View.Page.Body.Len() == 0 {
			continue
		}
		html, err := p.Render(j.Name)
		if err != nil {
			t.Fatal(err)
		}
		if len(html) == 0 {
			t.Fatalf("%s rendered empty", j.Name)
		}
		bodies++
		if j.View.Body != "" {
			t.Errorf("%s: the view keeps its rendered body (%d bytes) after rendering", j.Name, len(j.View.Body))
		}
	}
	if bodies == 0 {
		t.Fatal("no view with a body was rendered")
	}
}

// streamRecorder is a Streamer that keeps each file and how it came: whole
// or streamed, and the largest piece a stream was written in.
type streamRecorder struct {
	mu       sync.Mutex
	files    map[string][]byte
	streamed map[string]int // largest piece
}

func (s *streamRecorder) WriteFile(name string, data []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[name] = bytes.Clone(data)
	return nil
}

func (s *streamRecorder) Stream(name string, write func(io.Writer) error) error {
	w := &pieces{}
	err := write(w)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[name] = w.b.Bytes()
	s.streamed[name] = w.largest
	return err
}

type pieces struct {
	b       bytes.Buffer
	largest int
}

func (p *pieces) Write(b []byte) (int, error) {
	p.largest = max(p.largest, len(b))
	return p.b.Write(b)
}

// The open data batch writes the CSV tables and the JSON files to an
// output that can take them in pieces, a few rows or an entity at a time,
// never a file whole, and the bytes are those of the whole export
// (opendata.Build), minified as a whole JSON file is; the data page lists
// exactly the files written.
func TestOpenDataTablesStreamed(t *testing.T) {
	p := planCorpus(t, 300)
	pf := p.Site.PF
	rec := &streamRecorder{files: map[string][]byte{}, streamed: map[string]int{}}
	for _, b := range p.Batches {
		if b.Name == "data" {
			if err := b.make(rec); err != nil {
				t.Fatal(err)
			}
		}
	}
	whole, err := opendata.Build(pf)
	if err != nil {
		t.Fatal(err)
	}
	listed, _ := p.Site.Data()
	if len(listed) != len(whole) || len(rec.files) != len(whole) {
		t.Fatalf("the data page lists %d files, the batch wrote %d, the export has %d", len(listed), len(rec.files), len(whole))
	}
	large := map[string]int{}
	for i, f := range whole {
		if listed[i].Name != f.Name || listed[i].Title != f.Title || listed[i].Data != nil {
			t.Errorf("the data page lists %q (%q, %d bytes of data) where the export has %q (%q)", listed[i].Name, listed[i].Title, len(listed[i].Data), f.Name, f.Title)
		}
		got, ok := rec.files[f.Name]
		if !ok {
			t.Errorf("%s was not written", f.Name)
			continue
		}
		want := f.Data
		if mediaType(f.Name) != "" {
			var min bytes.Buffer
			want, err = p.r.mini.minify(f.Name, &min, f.Data)
			if err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s as written differs from the whole export's, minified when it is JSON or XML", f.Name)
		}
		if strings.HasSuffix(f.Name, ".xml") {
			continue // minified whole
		}
		piece, ok := rec.streamed[f.Name]
		switch {
		case !ok:
			t.Errorf("%s was written whole, not streamed", f.Name)
		case len(got) > 64<<10:
			large[path.Ext(f.Name)]++
			if piece > len(got)/8 {
				t.Errorf("%s (%d bytes) was streamed in pieces of up to %d bytes: held whole", f.Name, len(got), piece)
			}
		}
	}
	if large[".csv"] == 0 || large[".json"] == 0 {
		t.Errorf("files larger than 64 KiB by type: %v; the corpus is too small to tell rows and entities from a whole file", large)
	}
}
