// Package render is the last stage of the pipeline: it turns a Portfolio into
// the files of the public site through the theme's html/template templates —
// entity pages, lists, taxonomy pages, the home page, feeds, sitemap,
// redirects for aliases — minifies them and hands them to an Output. Publish
// puts a built site in place atomically.
package render

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/trellis-ssg/trellis/generator/brand"
	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/media"
	"github.com/trellis-ssg/trellis/generator/money"
	"github.com/trellis-ssg/trellis/generator/opendata"
	"github.com/trellis-ssg/trellis/generator/portfolio"
	"github.com/trellis-ssg/trellis/generator/search"
)

// Site is what every template sees as .Site: the configuration, the linked
// portfolio and the theme's strings and assets.
type Site struct {
	Config     *config.Config
	PF         *portfolio.Portfolio
	theme      *Theme
	images     map[string]media.Image // by page path + file name
	dataFn     func() ([]opendata.File, error)
	dataOnce   sync.Once
	data       []opendata.File
	dataErr    error
	facets     []Facet // the story gallery's filters, computed once
	facetsOnce sync.Once
	pics       pictures
	rankOnce   sync.Once
	rank       map[*content.Page]int // by title, for sortByTitle
	taxOnce    sync.Once
	taxonomies []string
	frags      fragments // the templates' cached fragments, for this build only
	menuOnce   sync.Once
	menus      map[string][]MenuLink // by menu name, see Menu
	brand      brandAssets
	sense      sense // the health page's figures and charts (sense.go)
	// The funding lines and the overview's tables, see money.go.
	moneyOnce    sync.Once
	ledger       *money.Ledger
	glossaryOnce sync.Once
	glossary     []GlossaryEntry
	// Generated is the date of the newest content, used where a page has no
	// date of its own; it keeps output byte-identical for identical input.
	Generated time.Time
	// langs are the Sites of every language of a multilingual site, the
	// default's first (see NotFoundIn); nil in one language.
	langs []*Site
}

// View is the data of one rendered page.
type View struct {
	Site        *Site
	Name        string // the template: "initiative", "list", ...
	Title       string
	Description string
	Path        string // site path of the page, e.g. "initiatives/x/"
	Page        *content.Page
	Body        template.HTML
	Crumbs      []Crumb
	Kind        content.Kind
	List        []*content.Page
	Groups      []Group
	Tax, Term   string
	Updated     content.Date
	Target      string // alias: the URL redirected to
	TargetPath  string // alias: the site path redirected to
	NoIndex     bool
}

// Crumb is one step of a breadcrumb trail.
type Crumb struct{ Label, URL string }

// Group is a titled part of a list.
type Group struct {
	Key   string
	Label string
	Pages []*content.Page
}

// Renderer renders a site with a parsed theme. The theme is parsed once and
// reused for every build.
type Renderer struct {
	theme *Theme
	mini  *minifier
	// search keeps analysed page bodies between builds of the same site,
	// one cache per language (searchCache).
	search   *search.Cache
	searchMu sync.Mutex
	searches map[string]*search.Cache
	brand    *brand.Brand
	bufs     sync.Pool
}

// New returns a Renderer for a parsed theme.
func New(theme *Theme) *Renderer {
	return &Renderer{theme: theme, mini: newMinifier(), bufs: sync.Pool{New: func() any { return new(bytes.Buffer) }}}
}

// KeepBetweenBuilds makes the renderer keep what repeated builds of one
// site can reuse (the analysed page bodies of the search index), for the
// dev server. A one-off build keeps nothing: it would only hold memory.
func (r *Renderer) KeepBetweenBuilds() { r.search = search.NewCache() }

// searchCache is the search cache of one language of the site: the
// default language's is r.search; nil when the renderer keeps nothing.
func (r *Renderer) searchCache(lang string, first bool) *search.Cache {
	if r.search == nil || first {
		return r.search
	}
	r.searchMu.Lock()
	defer r.searchMu.Unlock()
	if r.searches[lang] == nil {
		if r.searches == nil {
			r.searches = map[string]*search.Cache{}
		}
		r.searches[lang] = search.NewCache()
	}
	return r.searches[lang]
}

// page renders one view through its template and writes it.
func (r *Renderer) page(j Job, out Output) error {
	t := j.View.Site.theme.views[j.View.Name] // the templates of the view's language
	if t == nil {
		return fmt.Errorf("theme has no template %q", j.View.Name)
	}
	v := j.View
	if v.Page != nil {
		body, err := r.body(v.Site, v.Page)
		if err != nil {
			return err
		}
		// The body goes into a copy of the view: the plan keeps its views
		// to the end of the build, and a body kept on each would hold
		// every rendered page's HTML until then (a tenth of the peak
		// heap at 10,000 pages).
		withBody := *v
		withBody.Body = body
		v = &withBody
	}
	buf := r.bufs.Get().(*bytes.Buffer)
	defer r.bufs.Put(buf)
	buf.Reset()
	root := "base"
	if t.Lookup("document") != nil {
		root = "document" // a page without the site's header and footer (embed.html)
	}
	if err := t.ExecuteTemplate(buf, root, v); err != nil {
		return fmt.Errorf("render %s: %w", j.Name, err)
	}
	// Pages are not run through the HTML minifier: the theme's templates
	// and the visual stage's SVG are written compact, and minifying took
	// a seventh of a build's time to save 1.4 % of the bytes (measured on
	// a generated 10,000-page portfolio).
	return out.WriteFile(j.Name, buf.Bytes())
}

// body fills a page's link slots with the targets the portfolio resolved.
func (r *Renderer) body(s *Site, p *content.Page) (template.HTML, error) {
	pf := s.PF
	if p.Body == nil {
		return "", nil
	}
	targets := pf.Links(p)
	var b strings.Builder
	b.Grow(p.Body.Len() + 64*len(targets))
	err := p.Body.Render(&b, func(n int) markdownTarget {
		if n >= len(targets) {
			return markdownTarget{}
		}
		t := targets[n]
		if t.Title == "" && t.TitleKey != "" {
			t.Title = s.T(t.TitleKey)
		}
		return t
	})
	// The body is goldmark's output with raw HTML sanitised by the markdown
	// stage's allow-list; it is the only editor input not escaped here.
	return template.HTML(b.String()), err
}

// views lists every HTML page of the site in the site's language: on a
// multilingual site, the pages the language has (its translations, and
// the pages the site makes) under its prefix, such as cy/.
func (r *Renderer) views(s *Site) []Job {
	pf := s.PF
	var jobs []Job
	pre := s.Config.Prefix()
	add := func(v *View) {
		v.Site = s
		jobs = append(jobs, Job{Name: v.Path + "index.html", View: v})
	}
	home := []Crumb{{s.T("home"), s.Rel("")}}
	add(&View{Name: "home", Title: s.Config.Title, Description: s.Config.Description, Path: pre})
	for _, p := range pf.Pages {
		if pf.Foreign(p) {
			continue // untranslated: its original is its page
		}
		name := string(p.Kind)
		v := &View{Name: name, Title: p.Title, Description: pf.Summary(p), Path: p.Path(), Page: p, Kind: p.Kind, Updated: p.LastUpdated()}
		v.Crumbs = home
		if p.Kind != content.KindPage {
			v.Crumbs = []Crumb{home[0], {s.T("kind." + string(p.Kind) + ".plural"), s.Rel(p.Kind.Folder() + "/")}}
		}
		add(v)
	}
	for _, k := range content.Kinds {
		pages := pf.Of(k)
		if k == content.KindNarrative {
			sorted := groups(s, k, pages)
			var all []*content.Page
			for _, g := range sorted {
				all = append(all, g.Pages...)
			}
			add(&View{Name: "gallery", Kind: k, Title: s.T("kind.narrative.plural"), Description: s.T("kind.narrative.about"),
				Path: pre + k.Folder() + "/", List: all, Updated: newestOf(pages), Crumbs: home})
			for _, f := range s.GalleryFacets() {
				for _, fv := range f.Values {
					add(&View{Name: "gallery", Kind: k, Title: s.Tf("gallery.filtered", fv.Label), Tax: f.Key, Term: fv.Label,
						Path: pre + fv.Path, List: fv.Pages, Updated: newestOf(fv.Pages),
						Crumbs: []Crumb{home[0], {s.T("kind.narrative.plural"), s.Rel(k.Folder() + "/")}}})
				}
			}
			continue
		}
		add(&View{Name: "list", Kind: k, Title: s.T("kind." + string(k) + ".plural"), Description: s.T("kind." + string(k) + ".about"),
			Path: pre + k.Folder() + "/", List: pages, Groups: groups(s, k, pages), Updated: newestOf(pages), Crumbs: home})
	}
	for _, tax := range portfolio.Taxonomies {
		terms := pf.Terms(tax)
		if len(terms) == 0 {
			continue
		}
		add(&View{Name: "terms", Tax: tax, Title: s.T("tax." + tax), Path: pre + tax + "/", Crumbs: home})
		for _, term := range terms {
			pages := pf.TermPages(tax, term)
			add(&View{Name: "term", Tax: tax, Term: term, Title: pf.TermLabel(tax, term), Path: pre + portfolio.TermPath(tax, term),
				List: pages, Groups: byKind(s, pages), Updated: newestOf(pages),
				Crumbs: []Crumb{home[0], {s.T("tax." + tax), s.Rel(tax + "/")}}})
		}
	}
	add(&View{Name: "accessibility", Title: s.T("a11y.title"), Path: pre + "accessibility/", Crumbs: home})
	if len(pf.Of(content.KindIntent)) > 0 {
		add(&View{Name: "map", Title: s.T("map.title"), Description: s.T("map.about"), Path: pre + "map/", Crumbs: home})
		add(&View{Name: "views", Title: s.T("views.title"), Description: s.T("views.about"), Path: pre + "views/", Crumbs: home})
	}
	changes := s.Changes("", 100)
	add(&View{Name: "changes", Title: s.T("changes.title"), Path: pre + "changes/", List: changes, Groups: byMonth(s, changes), Crumbs: home})
	for _, v := range healthViews(s) {
		add(v)
	}
	add(&View{Name: "data", Title: s.T("data.title"), Path: pre + "data/", Updated: content.Date{Time: s.Generated}, Crumbs: home})
	add(&View{Name: "glossary", Title: s.T("glossary.title"), Description: s.T("glossary.about"), Path: pre + GlossaryPath, Crumbs: home})
	if len(s.Ledger().Lines) > 0 {
		add(&View{Name: "money", Title: s.T("money.title"), Description: s.T("money.about"), Path: pre + MoneyPath, Crumbs: home})
	}
	add(&View{Name: "search", Title: s.T("search.title"), Path: pre + "search/", List: s.sortByTitle(append([]*content.Page(nil), pf.Pages...)), Crumbs: home})
	for _, v := range embedViews(s) {
		add(v)
	}
	if pre != "" {
		return jobs // the site's 404 page and redirects are its default language's
	}
	notFound := &View{Name: "404", Title: s.T("404.title"), Path: "", NoIndex: true, Site: s}
	jobs = append(jobs, Job{Name: "404.html", View: notFound})
	for _, p := range pf.Pages {
		for _, a := range p.Aliases {
			add(&View{Name: "alias", Title: p.Title, Path: a, Target: s.Config.URL(p.Path()), TargetPath: p.Path(), NoIndex: true})
		}
	}
	return jobs
}

// groups splits a kind's list the way readers scan it: initiatives by
// status, dated kinds by year, the rest alphabetically in one group.
func groups(s *Site, k content.Kind, pages []*content.Page) []Group {
	switch k {
	case content.KindInitiative:
		var out []Group
		for _, st := range s.Config.Statuses {
			var g []*content.Page
			for _, p := range pages {
				if p.Status == st {
					g = append(g, p)
				}
			}
			if len(g) > 0 {
				out = append(out, Group{Key: st, Label: s.T("status." + st), Pages: s.sortByTitle(g)})
			}
		}
		return out
	case content.KindLearning, content.KindDecision, content.KindNarrative, content.KindSource:
		sorted := append([]*content.Page(nil), pages...)
		sort.SliceStable(sorted, func(i, j int) bool { return dateOf(sorted[i]).After(dateOf(sorted[j])) })
		var out []Group
		for _, p := range sorted {
			key, label := "undated", s.T("undated")
			if d := dateOf(p); !d.IsZero() {
				key = d.Format("2006")
				label = key
			}
			if len(out) == 0 || out[len(out)-1].Key != key {
				out = append(out, Group{Key: key, Label: label})
			}
			out[len(out)-1].Pages = append(out[len(out)-1].Pages, p)
		}
		return out
	}
	// One group, under a heading of its own: the cards' titles are h3.
	return []Group{{Key: "all", Label: s.T("kind." + string(k) + ".all"), Pages: s.sortByTitle(append([]*content.Page(nil), pages...))}}
}

// byKind groups pages by kind, in the site's kind order.
func byKind(s *Site, pages []*content.Page) []Group {
	var out []Group
	for _, k := range append([]content.Kind{content.KindPage}, content.Kinds...) {
		var g []*content.Page
		for _, p := range pages {
			if p.Kind == k {
				g = append(g, p)
			}
		}
		if len(g) > 0 {
			out = append(out, Group{Key: string(k), Label: s.T("kind." + string(k) + ".plural"), Pages: s.sortByTitle(g)})
		}
	}
	return out
}

// sortByTitle sorts pages by weight, then title whatever its case, keeping
// the order of pages that tie. The site's pages are ranked so once; each
// list then sorts by rank.
func (s *Site) sortByTitle(ps []*content.Page) []*content.Page {
	s.rankOnce.Do(func() {
		all := slices.Clone(s.PF.Pages)
		slices.SortStableFunc(all, compareTitle)
		s.rank = make(map[*content.Page]int, len(all))
		for i, p := range all {
			r := i
			if i > 0 && compareTitle(all[i-1], p) == 0 {
				r = s.rank[all[i-1]]
			}
			s.rank[p] = r
		}
	})
	slices.SortStableFunc(ps, func(a, b *content.Page) int {
		ra, oka := s.rank[a]
		rb, okb := s.rank[b]
		if !oka || !okb {
			return compareTitle(a, b)
		}
		return cmp.Compare(ra, rb)
	})
	return ps
}

func compareTitle(a, b *content.Page) int {
	if a.Weight != b.Weight {
		return cmp.Compare(a.Weight, b.Weight)
	}
	return compareFold(a.Title, b.Title)
}

// compareFold orders strings as their strings.ToLower forms would be
// ordered, without making them.
func compareFold(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if la, lb := unicode.ToLower(ra), unicode.ToLower(rb); la != lb {
			return cmp.Compare(la, lb)
		}
		a, b = a[na:], b[nb:]
	}
	return cmp.Compare(len(a), len(b))
}

// dateOf is the date a page is filed under.
func dateOf(p *content.Page) time.Time {
	switch {
	case !p.Date.IsZero():
		return p.Date.Time
	case p.Collected != nil && !p.Collected.Date.IsZero():
		return p.Collected.Date.Time
	case !p.Start.IsZero():
		return p.Start.Time
	}
	return time.Time{}
}

func newestOf(ps []*content.Page) content.Date {
	var d content.Date
	for _, p := range ps {
		if u := p.LastUpdated(); u.After(d.Time) {
			d = u
		}
	}
	return d
}

func newest(pf *portfolio.Portfolio) time.Time {
	return newestOf(pf.Pages).Time
}

// copyFiles publishes bundle resources beside their page and content files
// that are not pages at their own path: images re-encoded without their
// metadata, other files as they are, and from a story's bundle only the
// media types it may publish (media.Publishable).
func copyFiles(pf *portfolio.Portfolio, siteDir string, proc *media.Processor, out Output) (int, error) {
	var failed errs
	n := 0
	publish := func(src, name string, story bool) {
		data, err := os.ReadFile(src)
		if err != nil {
			failed.add(err)
			return
		}
		t := media.Type(data)
		switch {
		case slices.Contains(media.Cleaned, t):
			data, err = proc.Clean(name, data)
			if err != nil {
				failed.add(err)
				return
			}
		case story && !media.Publishable(t):
			return // check says so (privacy.Check)
		}
		failed.add(out.WriteFile(name, data))
		n++
	}
	for _, p := range pf.Pages {
		for _, res := range p.Resources {
			if strings.HasSuffix(res, ".md") {
				continue
			}
			publish(filepath.Join(siteDir, filepath.FromSlash(p.Bundle), filepath.FromSlash(res)), p.Path()+res, p.Kind == content.KindNarrative)
		}
	}
	for _, f := range pf.Files {
		publish(filepath.Join(siteDir, pf.Config.ContentDir, filepath.FromSlash(f)), path.Clean(f), false)
	}
	return n, failed.err()
}

// CacheDir is where resized images are kept between builds, inside the site folder.
const CacheDir = ".trellis-cache"

// images resizes every image a page shows through its front matter (image,
// media) and writes the variants beside the page.
func (r *Renderer) images(pf *portfolio.Portfolio, siteDir string, proc *media.Processor, out Output, failed *errs) (map[string]media.Image, int) {
	type todo struct {
		p   *content.Page
		src string
	}
	var list []todo
	for _, p := range pf.Pages {
		for _, src := range []string{imageField(p), mediaImage(p)} {
			if src != "" && p.Bundle != "" && p.HasResource(src) && media.Resizable(src) {
				list = append(list, todo{p, src})
			}
		}
	}
	results := make([]media.Image, len(list))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, t := range list {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			data, err := os.ReadFile(filepath.Join(siteDir, filepath.FromSlash(t.p.Bundle), filepath.FromSlash(t.src)))
			if err != nil {
				failed.add(err)
				return
			}
			im, err := proc.Process(t.src, data)
			if err != nil {
				failed.add(fmt.Errorf("%s: %w", t.p.File, err))
				return
			}
			results[i] = im
		}()
	}
	wg.Wait()
	m := map[string]media.Image{}
	n := 0
	for i, t := range list {
		key := t.p.Path() + t.src
		if _, done := m[key]; done || results[i].Name == "" {
			continue
		}
		m[key] = results[i]
		for _, v := range results[i].Variants {
			failed.add(out.WriteFile(t.p.Path()+v.Name, v.Data))
			n++
		}
	}
	return m, n
}

func imageField(p *content.Page) string {
	if p.Image != nil {
		return p.Image.Src
	}
	return ""
}

func mediaImage(p *content.Page) string {
	if p.Media != nil && p.Media.Type == "image" {
		return p.Media.Src
	}
	return ""
}

// byMonth groups pages, newest first, by the month they were last updated.
func byMonth(s *Site, pages []*content.Page) []Group {
	var out []Group
	for _, p := range pages {
		u := p.LastUpdated()
		key, label := "undated", s.T("undated")
		if !u.IsZero() {
			key, label = u.Format("2006-01"), s.theme.FormatMonth(u.Time)
		}
		if len(out) == 0 || out[len(out)-1].Key != key {
			out = append(out, Group{Key: key, Label: label})
		}
		out[len(out)-1].Pages = append(out[len(out)-1].Pages, p)
	}
	return out
}
