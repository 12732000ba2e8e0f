package server

import (
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/trellis-ssg/trellis/generator/analysis"
	"github.com/trellis-ssg/trellis/generator/brand"
	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/locale"
	"github.com/trellis-ssg/trellis/generator/opendata"
	"github.com/trellis-ssg/trellis/generator/portfolio"
	"github.com/trellis-ssg/trellis/generator/render"
)

// BuildInfo describes one build, for logs and tests.
type BuildInfo struct {
	Gen         int64     // the build's number, from 1
	OK          bool      // the build had no errors and is being served
	Diags       diag.List // every diagnostic of the build
	Incremental bool      // only the views the change affects were rendered
	Updated     bool      // the last portfolio was updated, not resolved again
	Rendered    int       // HTML views to render again, on demand
	Reused      int       // HTML views kept from the previous build
	Parsed      int       // pages parsed (the others came from the cache)
	Changed     []string  // the paths whose change started the build (site-relative)
	Duration    time.Duration
}

// last is what the incremental render of the next build compares with:
// the last good build's portfolio, pages, view lists and files.
type last struct {
	pf     *portfolio.Portfolio
	pages  map[*content.Page]bool // published and withheld
	lists  map[string][]*content.Page
	global string
	site   *site
}

// changes says what a batch of file events touched.
type changes struct {
	paths []string // site-relative, slash-separated
	// full asks for everything to be loaded and rendered again: the
	// configuration, the theme or an archetype changed, or the cause is unknown.
	full bool
}

// build runs the pipeline once and swaps the result in. Builds are serial.
func (s *Server) build(ch changes) BuildInfo {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	start := time.Now()
	gen := s.gen.Add(1)
	info := BuildInfo{Gen: gen, Changed: ch.paths}
	_, misses0 := s.cache.Stats()
	if ch.full {
		s.cache.Rescan()
	}
	for _, p := range ch.paths {
		s.cache.Invalidate(p)
		if path.Ext(p) != ".md" {
			// A bundle's file: its page shows the file (an image's size).
			for dir := path.Dir(p); dir != "." && dir != "/"; dir = path.Dir(dir) {
				s.cache.Forget(dir + "/index.md")
			}
		}
	}
	now := s.opt.Now()
	cfg, diags := config.Load(s.opt.Source)
	base := s.opt.BaseURL
	if base == "" && s.addr != "" {
		base = "http://" + s.addr + cfg.BasePath()
	}
	if base != "" {
		if err := cfg.SetBaseURL(base); err != nil {
			diags.Errorf("--base-url", 0, "config-base-url", "", "%v", err)
		}
	}
	b, d := brand.Load(cfg, s.opt.Source, render.ThemeFS(s.opt.Source, cfg.Theme))
	diags = append(diags, d...)
	diags = append(diags, locale.Check(render.ThemeFS(s.opt.Source, cfg.Theme), cfg)...)
	set, d := content.Load(s.opt.Source, cfg.ContentDir, content.Options{Drafts: s.opt.Drafts, Statuses: cfg.Statuses, Now: now, Cache: s.cache, GitDates: true, Private: content.Private{Prefix: cfg.History.PrivatePrefix, Trailer: cfg.History.PrivateTrailer}, Languages: cfg.Languages.Codes()})
	diags = append(diags, d...)
	var pf *portfolio.Portfolio
	ok := false
	if s.last != nil && !ch.full && !s.opt.Full {
		pf, d, ok = portfolio.Update(s.last.pf, cfg, set, now)
	}
	info.Updated = ok
	if !ok {
		pf, d = portfolio.Resolve(cfg, set, now)
	}
	diags = append(diags, d...)
	diags = append(diags, opendata.Check(pf)...)
	_, d = analysis.LoadDismissed(s.opt.Source, pf)
	diags = append(diags, d...)
	diags.Sort()
	_, misses1 := s.cache.Stats()
	info.Parsed = misses1 - misses0
	info.Diags = diags

	var built *site
	var next *last
	if !diags.HasErrors() {
		var err error
		built, next, err = s.render(pf, b, set, ch, &info)
		if err != nil {
			info.Diags = append(info.Diags, renderDiag(cfg.Theme, err))
		}
	}
	info.OK = !info.Diags.HasErrors()
	info.Duration = time.Since(start)

	old := s.state.Load()
	st := &state{gen: gen, base: cfg.BasePath(), theme: cfg.Theme, diags: info.Diags}
	if info.OK {
		st.site, st.pf = built, pf
		s.last = next
	} else {
		st.failed = true
		if old != nil {
			st.site, st.pf, st.base, st.theme = old.site, old.pf, old.base, old.theme
		}
		s.last = nil // the next good build renders everything
	}
	s.state.Store(st)
	if info.OK {
		s.hub.send(event{name: "reload", data: fmt.Sprintf(`{"build":%d}`, gen)})
		go s.warm(gen, st)
	} else {
		s.hub.send(event{name: "error", data: s.errorJSON(gen, info.Diags)})
	}
	s.logBuild(info)
	if s.opt.OnBuild != nil {
		s.opt.OnBuild(info)
	}
	return info
}

// warm renders, in the background and one at a time, the views of build
// gen that no browser has asked for yet, so that later requests are
// instant and a view that cannot be rendered is reported in the overlay at
// once. It stops as soon as a newer build starts.
func (s *Server) warm(gen int64, st *state) {
	if err := st.site.warm(func() bool { return s.gen.Load() != gen }); err != nil {
		s.renderFailed(st, renderDiag(st.theme, err))
	}
	if s.warmed != nil {
		s.warmed(gen)
	}
}

// renderFailed records that a view of the site being served could not be
// rendered: the site stays (its other pages are fine), the overlay shows
// the reason, and streams that connect later are told at once. The next
// good build clears it.
func (s *Server) renderFailed(st *state, d diag.Diagnostic) {
	failed := &state{gen: st.gen, site: st.site, pf: st.pf, base: st.base, theme: st.theme, failed: true,
		diags: append(slices.Clone(st.diags), d)}
	if !s.state.CompareAndSwap(st, failed) {
		return // a newer build, or the failure is already known
	}
	s.hub.send(event{name: "error", data: s.errorJSON(st.gen, failed.diags)})
	if s.opt.Log != nil {
		fmt.Fprintf(s.opt.Log, "build %d: %s\n", st.gen, d.String())
	}
}

// renderDiag reports a theme that could not be loaded or a view that could
// not be rendered.
func renderDiag(theme string, err error) diag.Diagnostic {
	return diag.Diagnostic{File: "themes/" + theme, Severity: diag.Error, Code: "render",
		Message: err.Error(), Hint: "check the theme's templates"}
}

// render plans the site of pf and carries over, from the last good build,
// every rendered view that cannot differ in this one; everything else is
// rendered when it is first asked for.
func (s *Server) render(pf *portfolio.Portfolio, b *brand.Brand, set *content.Set, ch changes, info *BuildInfo) (*site, *last, error) {
	cfg := pf.Config
	langs := strings.Join(cfg.LanguageCodes(), " ")
	if s.renderer == nil || ch.full || s.themeKey != cfg.Theme+"\x00"+langs {
		theme, err := render.LoadTheme(render.ThemeFS(s.opt.Source, cfg.Theme), cfg.LanguageCodes()...)
		if err != nil {
			return nil, nil, err
		}
		s.renderer = render.New(theme)
		s.renderer.KeepBetweenBuilds()
		s.themeKey = cfg.Theme + "\x00" + langs
		s.last = nil
	}
	s.renderer.SetBrand(b)
	next := &last{pf: pf, pages: map[*content.Page]bool{}, lists: map[string][]*content.Page{}, global: globalKey(pf, b)}
	for _, p := range set.Pages {
		next.pages[p] = true
	}
	prev := s.last
	if ch.full || s.opt.Full || prev == nil || prev.global != next.global || len(cfg.Languages) > 0 {
		// A multilingual site's translations are merged with their
		// originals on every load: its views are listed and rendered
		// again, not carried over.
		prev = nil
	}
	var affected map[string]bool
	structural := true
	if prev != nil {
		affected, structural = affectedPages(prev, next)
	}
	static := &render.Memory{Files: map[string][]byte{}}
	var plan *render.Plan
	var err error
	if info.Updated && prev != nil {
		// Only text changed: the views are the last build's, with the
		// new versions of the changed pages.
		sub := map[*content.Page]*content.Page{}
		old := pagesByFile(prev)
		for p := range next.pages {
			if !prev.pages[p] && old[p.File] != nil {
				sub[old[p.File]] = p
			}
		}
		plan, err = s.renderer.Replan(prev.site.plan, pf, sub, s.opt.Source, static)
	} else {
		plan, err = s.renderer.Plan(pf, s.opt.Source, static)
	}
	if err != nil {
		return nil, nil, err
	}
	st := &site{plan: plan, files: make(map[string]*file, len(static.Files)+len(plan.Views)), batches: plan.Batches}
	for name, data := range static.Files {
		st.files[name] = ready(data)
	}
	// reusable says whether the last build's rendering of a view is this
	// build's too.
	reusable := func(name string, v *render.View, list []*content.Page, hasList bool) bool {
		if prev == nil {
			return false
		}
		if v.Page != nil {
			return !affected[v.Page.File]
		}
		if !structural {
			// Only text changed, which no other view shows: lists,
			// maps, indexes and the home page stay as they were.
			return true
		}
		if !hasList || v.Name == "gallery" {
			// Home, indexes, redirects, and the story gallery whose
			// filters list every intent, initiative and place.
			return false
		}
		old, ok := prev.lists[name]
		if !ok || !slices.Equal(old, list) {
			return false
		}
		for _, p := range list {
			if p != nil && affected[p.File] {
				return false
			}
		}
		return true
	}
	for _, j := range plan.Views {
		name, v := j.Name, j.View
		hasList := v.List != nil || v.Groups != nil
		var list []*content.Page
		if hasList {
			list = listOf(v)
			next.lists[name] = list
		}
		if reusable(name, v, list, hasList) {
			if old := prev.site.files[name]; old != nil && old.rendered() && old.err == nil {
				st.files[name] = ready(old.data)
				info.Reused++
				continue
			}
		}
		st.files[name] = &file{render: func() ([]byte, error) { return plan.Render(name) }}
	}
	info.Incremental = prev != nil
	info.Rendered = len(plan.Views) - info.Reused
	next.site = st
	return st, next, nil
}

// listOf is every page a list view shows, in order.
func listOf(v *render.View) []*content.Page {
	list := slices.Clone(v.List)
	for _, g := range v.Groups {
		list = append(list, nil) // a group boundary
		list = append(list, g.Pages...)
	}
	if list == nil {
		list = []*content.Page{}
	}
	return list
}

// affectedPages are the files of the pages whose views may differ from the
// last build's: the pages that changed (parsed again, added or removed),
// their neighbours, and their neighbours' neighbours, in the last build's
// link graph and in this one's. Two steps, because a page shows cards of
// its neighbours, and a card names that page's own neighbours (an
// initiative's card says which intents it serves).
//
// structural is false when every change is to text no other view shows.
func affectedPages(prev, next *last) (out map[string]bool, structural bool) {
	out = map[string]bool{}
	var frontier []string
	mark := func(f string) {
		if !out[f] {
			out[f] = true
			frontier = append(frontier, f)
		}
	}
	prevByFile := pagesByFile(prev)
	for p := range next.pages {
		if prev.pages[p] {
			continue
		}
		// The commonest edit changes a page's text and nothing its
		// neighbours show of it: then only its own view changes.
		if old := prevByFile[p.File]; old != nil && neighbourKey(prev.pf, old) == neighbourKey(next.pf, p) {
			out[p.File] = true
			continue
		}
		mark(p.File)
	}
	for p := range prev.pages {
		if !next.pages[p] && !out[p.File] {
			mark(p.File)
		}
	}
	structural = len(frontier) > 0
	graphs := []struct {
		pf     *portfolio.Portfolio
		byFile map[string]*content.Page
	}{{prev.pf, prevByFile}, {next.pf, pagesByFile(next)}}
	for hop := 0; hop < 2; hop++ {
		files := frontier
		frontier = nil
		for _, f := range files {
			for _, g := range graphs {
				p := g.byFile[f]
				if p == nil {
					continue
				}
				for _, e := range g.pf.Out(p) {
					mark(e.To.File)
				}
				for _, e := range g.pf.In(p) {
					mark(e.From.File)
				}
			}
		}
	}
	return out, structural
}

// pagesByFile indexes a build's pages (published and withheld) by file.
func pagesByFile(l *last) map[string]*content.Page {
	m := make(map[string]*content.Page, len(l.pages))
	for p := range l.pages {
		m[p.File] = p
	}
	return m
}

// neighbourKey sums up everything other pages may show of p: all of its
// front matter, its links to other pages, the moments it cites and its
// headings (links to them), and the start of its text (a card without a
// summary shows it). Two versions of a page with the same key differ only
// in what their own page shows.
func neighbourKey(pf *portfolio.Portfolio, p *content.Page) string {
	var b strings.Builder
	meta, _ := json.Marshal(p.Meta)
	b.Write(meta)
	b.WriteString("\x00" + p.Withheld + "\x00" + p.Committed.String() + "\x00" + p.Bundle + strings.Join(p.Resources, ",") + "\x00")
	for _, e := range pf.Out(p) {
		b.WriteString(e.To.File + "|" + e.Field + "|" + e.Relation + ";")
	}
	if p.Body != nil {
		for _, c := range p.Body.Citations {
			b.WriteString(c.At + ";")
		}
		for _, h := range p.Body.Headings {
			b.WriteString(h.ID + ";")
		}
		text := p.Body.Text
		if len(text) > 400 {
			text = text[:400]
		}
		b.WriteString("\x00" + text)
	}
	return b.String()
}

// globalKey sums up what every page of the site shows besides its own
// page and neighbours: the configuration, the date of the newest content,
// the taxonomies with their terms and labels. When it changes, every view
// is rendered again.
func globalKey(pf *portfolio.Portfolio, br *brand.Brand) string {
	var b strings.Builder
	cfg, _ := json.Marshal(pf.Config)
	b.Write(cfg)
	// The brand's files are linked from every page by their content hash.
	brandJSON, _ := json.Marshal(br)
	b.Write(brandJSON)
	b.WriteString("\x00" + pf.Config.BaseURL + "\x00")
	var newest content.Date
	for _, p := range pf.Pages {
		if u := p.LastUpdated(); u.After(newest.Time) {
			newest = u
		}
	}
	b.WriteString(newest.String())
	// The menus show page titles in every header and footer, and the
	// theme's default footer links a plain page (About).
	m := pf.Menus()
	for _, it := range append(slices.Clone(m.Main.Items), m.Footer.Items...) {
		b.WriteString("\x00" + it.Title + "=" + it.URL)
	}
	for _, p := range pf.Of(content.KindPage) {
		b.WriteString("\x00" + p.Title + "=" + p.Path())
	}
	for _, tax := range portfolio.Taxonomies {
		b.WriteString("\x00" + tax + ":")
		for _, t := range pf.Terms(tax) {
			b.WriteString(t + "=" + pf.TermLabel(tax, t) + ";")
		}
	}
	return b.String()
}
