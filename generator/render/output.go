package render

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// Output receives the files of a site. Paths are slash-separated site paths
// without the base path ("initiatives/bike-library/index.html").
// Implementations must be safe for concurrent use.
type Output interface {
	WriteFile(name string, data []byte) error
}

// Dir writes files under a folder on disk.
type Dir struct {
	Root string
	mu   sync.Mutex
	made map[string]*madeDir
}

// madeDir is a folder being made once, however many files go into it.
type madeDir struct {
	once sync.Once
	err  error
}

// WriteFile writes one file, creating its folders. It refuses a name that
// would leave the folder.
func (d *Dir) WriteFile(name string, data []byte) error {
	full, err := d.prepare(name)
	if err != nil {
		return err
	}
	return os.WriteFile(full, data, 0o644)
}

// place puts the file src at name: a hard link when both are on one file
// system, which costs no copy, and a copy otherwise.
func (d *Dir) place(name, src string) error {
	full, err := d.prepare(name)
	if err != nil {
		return err
	}
	if linkFile(src, full) == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	return errors.Join(err, out.Close())
}

// prepare checks name and makes its folder, and returns its path on disk.
func (d *Dir) prepare(name string) (string, error) {
	if !safeName(name) {
		return "", fmt.Errorf("refusing to write %q: not a path inside the site", name)
	}
	full := filepath.Join(d.Root, filepath.FromSlash(name))
	dir := filepath.Dir(full)
	d.mu.Lock()
	if d.made == nil {
		d.made = map[string]*madeDir{}
	}
	m := d.made[dir]
	if m == nil {
		m = &madeDir{}
		d.made[dir] = m
	}
	d.mu.Unlock()
	// Files written into the same new folder at the same time wait until
	// it exists. Every page is a folder of its own whose parent usually
	// exists: one mkdir, not MkdirAll's walk up the path.
	m.once.Do(func() {
		if err := os.Mkdir(dir, 0o755); err != nil && !os.IsExist(err) {
			m.err = os.MkdirAll(dir, 0o755)
		}
	})
	return full, m.err
}

// Memory keeps files in memory, for the dev server and tests.
type Memory struct {
	mu    sync.Mutex
	Files map[string][]byte
}

// WriteFile stores a copy of data.
func (m *Memory) WriteFile(name string, data []byte) error {
	if !safeName(name) {
		return fmt.Errorf("refusing to write %q: not a path inside the site", name)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Files == nil {
		m.Files = map[string][]byte{}
	}
	if _, ok := m.Files[name]; ok {
		return fmt.Errorf("%s is written twice", name)
	}
	m.Files[name] = bytes.Clone(data)
	return nil
}

// Names returns the stored file names, sorted.
func (m *Memory) Names() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	names := make([]string, 0, len(m.Files))
	for n := range m.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func safeName(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, "\\") || strings.ContainsRune(name, 0) {
		return false
	}
	c := path.Clean(name)
	return c == name && c != ".." && !strings.HasPrefix(c, "../")
}

// minifier writes every output minified by its type.
type minifier struct {
	m *minify.M
}

func newMinifier() *minifier {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("application/javascript", js.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFunc("application/json", json.Minify)
	m.AddFunc("application/xml", xml.Minify)
	return &minifier{m: m}
}

// mediaType is the minifier's type for a file name, or "".
func mediaType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html"
	case ".css":
		return "text/css"
	case ".js":
		return "application/javascript"
	case ".svg":
		return "image/svg+xml"
	case ".json", ".jsonld", ".webmanifest":
		return "application/json"
	case ".xml", ".atom":
		return "application/xml"
	}
	return ""
}

// minify returns src minified into dst's storage when name has a known type.
func (mi *minifier) minify(name string, dst *bytes.Buffer, src []byte) ([]byte, error) {
	mt := mediaType(name)
	if mt == "" {
		return src, nil
	}
	dst.Reset()
	// A *bytes.Buffer lets the minifier read src in place instead of copying it.
	if err := mi.m.Minify(mt, dst, bytes.NewBuffer(src)); err != nil {
		return nil, fmt.Errorf("minify %s: %w", name, err)
	}
	return dst.Bytes(), nil
}

// errs collects the errors of parallel work.
type errs struct {
	mu   sync.Mutex
	list []error
}

func (e *errs) add(err error) {
	if err == nil {
		return
	}
	e.mu.Lock()
	e.list = append(e.list, err)
	e.mu.Unlock()
}

func (e *errs) err() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	sort.Slice(e.list, func(i, j int) bool { return e.list[i].Error() < e.list[j].Error() })
	return errors.Join(e.list...)
}

// linkFile is os.Link, replaced by a test to take place's copying path.
var linkFile = os.Link
