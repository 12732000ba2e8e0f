package render

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"sync"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/media"
	"github.com/trellis-ssg/trellis/generator/opendata"
	"github.com/trellis-ssg/trellis/generator/portfolio"
	"github.com/trellis-ssg/trellis/generator/search"
)

// A Plan is every file of a site, listed before any page is rendered. A
// build renders all of it (Render); the dev server renders a view or a
// group only when a browser asks for it, so an edit is served as soon as
// the portfolio is linked, and site-wide files (open data, the search
// index, feeds) are computed only when requested.
//
// Files come in three sorts:
//   - Static files, ready when the plan is made: theme assets, _headers,
//     resized images, bundle resources and content files copied as they are.
//   - Views: one HTML page each, rendered by Plan.Render.
//   - Batches: files made together from the whole portfolio (open data, the
//     search index, feeds with the sitemap), by Batch.Files; their names are
//     known only once they are made.
type Plan struct {
	r *Renderer
	// Site is the site in its default language; Sites are every
	// language's, Site first (languages.go).
	Site    *Site
	Sites   []*Site
	Views   []Job
	byName  map[string]*View
	Batches []*Batch
	// Files counts the static files written while planning.
	Files int
	// static are the names of the static files written while planning.
	static []string
}

// Job is one HTML view and the file it is written to.
type Job struct {
	Name string
	View *View
}

// Batch is a set of files made together, once.
type Batch struct {
	Name  string
	once  sync.Once
	make  func(out Output) error
	files map[string][]byte
	err   error
	// tops are the top-level files and folders the batch writes into,
	// for _headers; a name ending in * stands for every file it begins.
	tops []string
}

// Files makes the group's files (once) and returns them by name.
func (g *Batch) Files() (map[string][]byte, error) {
	g.once.Do(func() {
		m := &Memory{Files: map[string][]byte{}}
		g.err = g.make(m)
		g.files = m.Files
	})
	return g.files, g.err
}

// Plan lists the files of pf's site. Static files are written to static
// now; views and batches are rendered later, on demand. siteDir is where
// bundle resources and content files are read from.
func (r *Renderer) Plan(pf *portfolio.Portfolio, siteDir string, static Output) (*Plan, error) {
	return r.planFor(pf, siteDir, static, true)
}

// planFor is Plan; copies says whether to publish bundle resources and
// content files, which only a shard that writes static files needs.
func (r *Renderer) planFor(pf *portfolio.Portfolio, siteDir string, static Output, copies bool) (*Plan, error) {
	p, err := r.plan(pf, siteDir, static, copies)
	for _, s := range p.Sites {
		p.Views = append(p.Views, r.views(s)...)
	}
	p.index()
	return p, errors.Join(err, p.writeHeaders(static))
}

// Replan is Plan for a portfolio that differs from prev's only in the text
// of some pages, each new version standing in for an old one in sub (as
// portfolio.Update makes it): the views are prev's, pointed at the new
// pages, instead of being listed again.
func (r *Renderer) Replan(prev *Plan, pf *portfolio.Portfolio, sub map[*content.Page]*content.Page, siteDir string, static Output) (*Plan, error) {
	p, err := r.plan(pf, siteDir, static, true)
	swap := func(ps []*content.Page) []*content.Page {
		if ps == nil {
			return nil
		}
		out := make([]*content.Page, len(ps))
		for i, q := range ps {
			if n, ok := sub[q]; ok {
				q = n
			}
			out[i] = q
		}
		return out
	}
	views := make([]View, len(prev.Views))
	p.Views = make([]Job, len(prev.Views))
	sites := map[*Site]*Site{}
	for i, s := range prev.Sites {
		sites[s] = p.Sites[i]
	}
	for i, j := range prev.Views {
		v := &views[i]
		*v = *j.View
		v.Site = sites[j.View.Site]
		if n, ok := sub[v.Page]; ok {
			v.Page = n
		}
		v.Body = ""
		v.List = swap(v.List)
		if v.Groups != nil {
			v.Groups = slices.Clone(v.Groups)
			for k := range v.Groups {
				v.Groups[k].Pages = swap(v.Groups[k].Pages)
			}
		}
		p.Views[i] = Job{Name: j.Name, View: v}
	}
	p.index()
	return p, errors.Join(err, p.writeHeaders(static))
}

// writeHeaders writes _headers, which names the site's top-level files and
// folders when the embed pages need framing rules of their own.
func (p *Plan) writeHeaders(static Output) error {
	names := slices.Clone(p.static)
	for _, j := range p.Views {
		names = append(names, j.Name)
	}
	for _, b := range p.Batches {
		names = append(names, b.tops...)
	}
	p.Files++
	return static.WriteFile("_headers", headersFile(p.Site.Config, topLevel(names)))
}

// recorder is an Output that remembers the names written through it.
type recorder struct {
	out   Output
	mu    sync.Mutex
	names []string
}

func (r *recorder) WriteFile(name string, data []byte) error {
	r.mu.Lock()
	r.names = append(r.names, name)
	r.mu.Unlock()
	return r.out.WriteFile(name, data)
}

// plan makes the site and its static files and batches.
func (r *Renderer) plan(pf *portfolio.Portfolio, siteDir string, static Output, copies bool) (*Plan, error) {
	site := &Site{Config: pf.Config, PF: pf, theme: r.theme, Generated: newest(pf)}
	var failed errs
	rec := &recorder{out: static}
	static = rec
	proc := &media.Processor{CacheDir: filepath.Join(siteDir, CacheDir, "images")}
	images, n := r.images(pf, siteDir, proc, static, &failed)
	site.images = images
	site.dataFn = func() ([]opendata.File, error) { return opendata.Files(pf), nil }
	for _, name := range r.theme.names {
		a := r.theme.assets[name]
		failed.add(static.WriteFile(a.Path, a.Data))
		n++
	}
	// _headers is written once the views are listed (writeHeaders).
	n += r.publishBrand(site, static, &failed)
	if ico, err := r.faviconICO(); err != nil || ico != nil {
		if err == nil {
			err = static.WriteFile(faviconICO, ico)
			n++
		}
		failed.add(err)
	}
	if copies {
		files, err := copyFiles(pf, siteDir, proc, static)
		failed.add(err)
		n += files
	}

	p := &Plan{r: r, Site: site, Sites: []*Site{site}, Files: n, static: rec.names}
	for _, lp := range pf.Languages()[1:] {
		p.Sites = append(p.Sites, &Site{Config: lp.Config, PF: lp, theme: r.theme.For(lp.Lang), Generated: site.Generated,
			images: site.images, dataFn: site.Data, brand: site.brand})
	}
	if len(p.Sites) > 1 {
		site.langs = p.Sites
	}
	p.Batches = []*Batch{
		{Name: "data", tops: []string{"data/"}, make: func(out Output) error {
			// One file at a time; the CSV tables go to disk a row at a
			// time, the JSON files a value at a time, minified as they
			// come. The XML file is minified whole.
			var whole, min bytes.Buffer
			return opendata.Write(pf, func(f opendata.File, write func(io.Writer) error) error {
				switch mediaType(f.Name) {
				case "":
					return Stream(out, f.Name, write)
				case "application/json":
					return Stream(out, f.Name, func(w io.Writer) error {
						return write(&jsonTokens{w: w, mini: r.mini})
					})
				}
				whole.Reset()
				if err := write(&whole); err != nil {
					return err
				}
				b, err := r.mini.minify(f.Name, &min, whole.Bytes())
				if err != nil {
					return err
				}
				return out.WriteFile(f.Name, b)
			})
		}},
		{Name: "search", tops: []string{"search/"}, make: func(out Output) error {
			var failed errs
			for i, s := range p.Sites {
				pre := s.Config.Prefix()
				for _, f := range search.Build(s.PF, search.Labels(s.T), search.WithCache(r.searchCache(s.Lang(), i == 0))).Files() {
					failed.add(out.WriteFile(pre+f.Name, f.Data))
				}
			}
			return failed.err()
		}},
		{Name: "history", make: func(out Output) error { return r.historyFeeds(p.Sites, out) }},
		{Name: "feeds", tops: []string{FeedPath(""), archiveGlob(FeedPath("")), "sitemap.xml", "robots.txt"}, make: func(out Output) error {
			var failed errs
			for _, s := range p.Sites {
				_, err := r.feeds(s, out)
				failed.add(err)
			}
			_, err := r.sitemap(p.Site, out, p.Views)
			failed.add(err)
			return failed.err()
		}},
		{Name: "money", make: func(out Output) error {
			var failed errs
			for _, s := range p.Sites {
				failed.add(s.moneyCSV(out))
			}
			return failed.err()
		}},
	}
	return p, failed.err()
}

func (p *Plan) index() {
	p.byName = make(map[string]*View, len(p.Views))
	for _, j := range p.Views {
		p.byName[j.Name] = j.View
	}
}

// View returns the view written to name, or nil.
func (p *Plan) View(name string) *View { return p.byName[name] }

// Render renders the view written to name and returns its minified bytes.
func (p *Plan) Render(name string) ([]byte, error) {
	v := p.byName[name]
	if v == nil {
		return nil, fmt.Errorf("%s is not a view of this site", name)
	}
	var data []byte
	err := p.r.page(Job{Name: name, View: v}, writeFunc(func(_ string, b []byte) error {
		data = bytes.Clone(b)
		return nil
	}))
	return data, err
}

// writeFunc is an Output made of a function.
type writeFunc func(name string, data []byte) error

func (f writeFunc) WriteFile(name string, data []byte) error { return f(name, data) }

// Stats counts what a render wrote.
type Stats struct {
	Files int
	Pages map[content.Kind]int
}

// Render writes the whole site of pf to out: the plan's static files, every
// view and every group, across all cores. siteDir is where bundle resources
// and content files are read from.
func (r *Renderer) Render(pf *portfolio.Portfolio, siteDir string, out Output) (Stats, error) {
	return r.RenderShard(pf, siteDir, out, Shard{})
}

// RenderShard is Render for one part of a build split over several
// machines (see Shard): the part's views, and in the first part the static
// files and the batches. Stats count what the part wrote.
func (r *Renderer) RenderShard(pf *portfolio.Portfolio, siteDir string, out Output, sh Shard) (Stats, error) {
	if err := sh.Check(); !sh.Whole() && err != nil {
		return Stats{}, err
	}
	var failed errs
	static := out
	if !sh.first() {
		// The other parts plan the same site (images are resized for
		// their sizes) but leave its static files to the first.
		static = writeFunc(func(string, []byte) error { return nil })
	}
	p, err := r.planFor(pf, siteDir, static, sh.first())
	failed.add(err)
	views := p.Part(sh)
	batches := p.Batches
	if !sh.first() {
		p.Files, batches = 0, nil
	}
	stats := Stats{Pages: map[content.Kind]int{}, Files: p.Files + len(views)}
	for _, j := range views {
		if j.View.Page != nil && j.View.Name == string(j.View.Page.Kind) {
			stats.Pages[j.View.Page.Kind]++
		}
	}
	// The batches are made one after another beside the views: each is
	// one long job that holds the whole portfolio's worth of data while it
	// runs, and one at a time keeps the peak memory of a build down.
	work := make(chan func(), runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, g := range batches {
			// Straight to out: a build keeps no copy of a batch.
			c := &counted{out: out}
			failed.add(g.make(c))
			stats.Files += c.n
		}
	}()
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range work {
				f()
			}
		}()
	}
	for _, j := range views {
		work <- func() { failed.add(r.page(j, out)) }
	}
	close(work)
	wg.Wait()
	return stats, failed.err()
}
