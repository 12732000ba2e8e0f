package server

import (
	"maps"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/trellis-ssg/trellis/generator/render"
)

// site is one good build being served. Its files are rendered on demand:
// a view the first time a browser (or the warm-up after the build) asks
// for it, a batch of site-wide files (open data, search index, feeds) the
// first time one of its files, or a file no view or static file has, is
// asked for. The reload event goes out as soon as the site is planned, so
// the time from a save to the reload is the time to load and link the
// change, not to render the whole site.
type site struct {
	plan    *render.Plan
	files   map[string]*file // static files and views, by name
	batches []*render.Batch
}

// file is one static file or view, rendered at most once.
type file struct {
	once   sync.Once
	done   atomic.Bool
	data   []byte
	err    error
	render func() ([]byte, error)
}

func ready(data []byte) *file {
	f := &file{data: data}
	f.once.Do(func() {})
	f.done.Store(true)
	return f
}

func (f *file) get() ([]byte, error) {
	f.once.Do(func() {
		f.data, f.err = f.render()
		f.render = nil
		f.done.Store(true)
	})
	return f.data, f.err
}

// rendered reports whether the file has been rendered, without rendering it.
func (f *file) rendered() bool { return f.done.Load() }

// has reports whether the site has a file called name. A name that is not
// a static file or a view makes the batches.
func (st *site) has(name string) bool {
	if _, ok := st.files[name]; ok {
		return true
	}
	for _, b := range st.batches {
		files, _ := b.Files()
		if _, ok := files[name]; ok {
			return true
		}
	}
	return false
}

// get returns the file called name, rendering it if need be.
func (st *site) get(name string) ([]byte, bool, error) {
	if f, ok := st.files[name]; ok {
		data, err := f.get()
		return data, true, err
	}
	for _, b := range st.batches {
		files, err := b.Files()
		if data, ok := files[name]; ok {
			return data, true, err
		}
	}
	return nil, false, nil
}

// all renders everything and returns every file by name.
func (st *site) all() (map[string][]byte, error) {
	names := make([]string, 0, len(st.files))
	for name := range st.files {
		names = append(names, name)
	}
	sort.Strings(names)
	var mu sync.Mutex
	var first error
	fail := func(err error) {
		mu.Lock()
		if first == nil {
			first = err
		}
		mu.Unlock()
	}
	work := make(chan string)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for name := range work {
				if _, err := st.files[name].get(); err != nil {
					fail(err)
				}
			}
		}()
	}
	for _, name := range names {
		work <- name
	}
	close(work)
	wg.Wait()
	out := make(map[string][]byte, len(st.files))
	for name, f := range st.files {
		out[name] = f.data
	}
	for _, b := range st.batches {
		files, err := b.Files()
		if err != nil {
			fail(err)
		}
		maps.Copy(out, files)
	}
	return out, first
}

// warm renders, one at a time, every view not rendered yet, until stop
// says a newer build has started. It returns the first render error.
func (st *site) warm(stop func() bool) error {
	names := make([]string, 0, len(st.files))
	for name, f := range st.files {
		if !f.rendered() {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		if stop() {
			return nil
		}
		if _, err := st.files[name].get(); err != nil {
			return err
		}
	}
	return nil
}
