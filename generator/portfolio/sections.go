package portfolio

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/markdown"
)

// A Section is a page of the site that no content file makes: the home
// page, each kind's list, the intent map and the portfolio views, search,
// the taxonomies and their terms, the story gallery's filters, the open
// data page, the funding overview, the glossary, what's changed, the
// accessibility statement and the embeds. Links reach them as they reach
// pages: a wiki-link by name ([[map]], [[narratives]],
// [[tags/air-quality]], with the forgiving lookup), a Markdown link by its
// path from the site's root ([the map](/map/)) or, as on GitHub, by a
// relative link to its folder ([stories](../narratives/)).
//
// The render stage makes a page at each section's path and no other page
// outside the content pages and their redirects; the generator's tests
// hold the two to that.
type Section struct {
	Path string // the site path: "map/", "tags/air-quality/"; "" is the home page
	Name string // how a wiki-link names it: "map", "tags/air-quality"
	// TitleKey is the theme string that titles the section (the render
	// stage looks it up); Title is set instead for a term or a filter,
	// titled by how the pages write it.
	TitleKey string
	Title    string
}

// StoryFacets are the ways the story gallery filters stories, each with a
// section per value: narratives/<facet>/<value>/.
var StoryFacets = []string{"intent", "initiative", "theme", "place"}

// StoryTerm is a value a story is filed under in one facet of the gallery.
type StoryTerm struct {
	Slug  string
	Label string
}

// StoryTerms returns the values a published story is filed under in a
// facet of the gallery: the intents and initiatives it is about, its
// themes, its place.
func (pf *Portfolio) StoryTerms(p *content.Page, facet string) []StoryTerm {
	var out []StoryTerm
	switch facet {
	case "intent", "initiative":
		for _, q := range pf.Targets(p, facet+"s") {
			out = append(out, StoryTerm{q.Slug, q.Title})
		}
	case "theme":
		for _, t := range p.Themes {
			if s := content.Slugify(t); s != "" {
				out = append(out, StoryTerm{s, t})
			}
		}
	case "place":
		if s := content.Slugify(p.Place); s != "" {
			out = append(out, StoryTerm{s, p.Place})
		}
	}
	return out
}

// Sections returns the site's sections, by path.
func (pf *Portfolio) Sections() []Section {
	out := make([]Section, 0, len(pf.sections))
	for _, s := range pf.sections {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// Section returns the section at a site path, or nil.
func (pf *Portfolio) Section(sitePath string) *Section { return pf.sections[sitePath] }

// wellKnown are the files the render stage writes at fixed paths, beside
// the pages: feeds, the sitemap, robots.txt and the site's icon. Open data
// lives under data/, named by the opendata stage.
var wellKnown = []string{"feed.xml", "sitemap.xml", "robots.txt", "favicon.ico", "404.html"}

// makeSections lists the sections of the linked pages.
func (pf *Portfolio) makeSections() {
	pf.sections = map[string]*Section{}
	pf.sectionNames = map[string]*Section{}
	add := func(s Section) {
		if _, ok := pf.sections[s.Path]; ok {
			return
		}
		sp := &s
		pf.sections[s.Path] = sp
		if _, ok := pf.sectionNames[Normalize(s.Name)]; !ok {
			pf.sectionNames[Normalize(s.Name)] = sp
		}
	}
	add(Section{Path: "", Name: "home", TitleKey: "home"})
	for _, k := range content.Kinds {
		add(Section{Path: k.Folder() + "/", Name: k.Folder(), TitleKey: "kind." + string(k) + ".plural"})
	}
	if len(pf.byKind[content.KindIntent]) > 0 {
		add(Section{Path: "map/", Name: "map", TitleKey: "map.title"})
		add(Section{Path: "views/", Name: "views", TitleKey: "views.title"})
	}
	for _, tax := range Taxonomies {
		terms := pf.Terms(tax)
		if len(terms) == 0 {
			continue
		}
		add(Section{Path: tax + "/", Name: tax, TitleKey: "tax." + tax})
		for _, t := range terms {
			add(Section{Path: TermPath(tax, t), Name: tax + "/" + t, Title: pf.TermLabel(tax, t)})
		}
	}
	for _, facet := range StoryFacets {
		for _, p := range pf.byKind[content.KindNarrative] {
			for _, t := range pf.StoryTerms(p, facet) {
				add(Section{Path: "narratives/" + facet + "/" + t.Slug + "/", Name: "narratives/" + facet + "/" + t.Slug, Title: t.Label})
			}
		}
	}
	for _, p := range pf.byKind[content.KindInitiative] {
		if len(p.Funding) > 0 {
			// The funding overview (render's money.go), when there is money.
			add(Section{Path: "money/", Name: "money", TitleKey: "money.title"})
			break
		}
	}
	// The pages made to be framed by the origins site.yaml's embed.allow
	// lists (render/embed.go): the compact map and every intent's and
	// initiative's card.
	if len(pf.Config.Embed.Allow) > 0 && pf.Config.Prefix() == "" { // the default language's
		if len(pf.byKind[content.KindIntent]) > 0 {
			add(Section{Path: "embed/map/", Name: "embed/map", TitleKey: "map.title"})
		}
		for _, k := range []content.Kind{content.KindIntent, content.KindInitiative} {
			for _, p := range pf.byKind[k] {
				add(Section{Path: "embed/" + p.Path(), Name: "embed/" + strings.TrimSuffix(p.Path(), "/"), Title: p.Title})
			}
		}
	}
	for _, s := range []struct{ path, key string }{
		{"accessibility/", "a11y.title"}, {"changes/", "changes.title"}, {"data/", "data.title"}, {"search/", "search.title"},
		{"glossary/", "glossary.title"}, {"health/", "health.nav"},
	} {
		add(Section{Path: s.path, Name: strings.TrimSuffix(s.path, "/"), TitleKey: s.key})
	}
	for _, key := range HealthLists {
		add(Section{Path: "health/" + key + "/", Name: "health/" + key, TitleKey: "health.list." + key})
	}
	// The pages other sites may frame (site.yaml's embed.allow): the map
	// and every intent's and initiative's card.
	if pf.Config != nil && len(pf.Config.Embed.Allow) > 0 && pf.Config.Prefix() == "" {
		if len(pf.byKind[content.KindIntent]) > 0 {
			add(Section{Path: "embed/map/", Name: "embed/map", TitleKey: "map.title"})
		}
		for _, k := range []content.Kind{content.KindIntent, content.KindInitiative} {
			for _, p := range pf.byKind[k] {
				add(Section{Path: "embed/" + p.Path(), Name: "embed/" + strings.TrimSuffix(p.Path(), "/"), Title: p.Title})
			}
		}
	}
}

// section finds the section a wiki-link names, forgivingly, or nil. A
// kind's list may also be named by a plain word for the kind
// ([[stories]], [[projects]]).
func (r *resolver) section(name string) *Section {
	if s := r.pf.sectionNames[r.normalize(name)]; s != nil {
		return s
	}
	if !strings.Contains(name, "/") {
		if k, ok := content.KindOfWord(name); ok && k != content.KindPage {
			return r.pf.sections[k.Folder()+"/"]
		}
	}
	return nil
}

// sectionTarget is the link to a section.
func (r *resolver) sectionTarget(s *Section, fragment string) markdown.Target {
	u := r.pf.Config.LangURL(s.Path)
	if fragment != "" {
		u += "#" + fragment
	}
	return markdown.Target{URL: u, Title: s.Title, TitleKey: s.TitleKey}
}

// site resolves a link written from the site's root ([the map](/map/)):
// to a page, a section, a redirect, a content file, a bundle's file or a
// file the site makes, under the base path. Anything else is a broken link.
func (r *resolver) site(p *content.Page, l markdown.Link) markdown.Target {
	clean := strings.TrimPrefix(path.Clean("/"+l.Target), "/")
	clean = strings.TrimSuffix(strings.TrimSuffix(clean, "index.html"), "/")
	dir := clean + "/"
	if clean == "" {
		dir = ""
	}
	if to := r.pf.byPath[dir]; to != nil {
		return r.pageTarget(p, l, to)
	}
	if to := r.pf.aliases[dir]; to != nil {
		return r.pageTarget(p, l, to)
	}
	if s := r.pf.sections[dir]; s != nil {
		return r.sectionTarget(s, l.Fragment)
	}
	if r.siteFile(clean) {
		u := r.pf.Config.URL(clean)
		if clean == "feed.xml" || path.Base(clean) == "feed.xml" {
			u = r.pf.Config.LangURL(clean) // each language has its feeds
		}
		if l.Fragment != "" {
			u += "#" + l.Fragment
		}
		return markdown.Target{URL: u}
	}
	if len(r.pf.unread[path.Join(r.pf.Config.ContentDir, clean)+".md"]) > 0 {
		return markdown.Target{}
	}
	if d := r.draftAt(dir); d != nil {
		r.draftLink(p, l, d)
		return markdown.Target{}
	}
	hint := "check the path: a link starting with / goes from the site's root, such as /narratives/ or /initiatives/bike-library/"
	if s := diag.Suggest(dir, r.pf.knownPaths()); s != "" {
		hint = fmt.Sprintf("did you mean /%s?", s)
	}
	r.report(p, l.Line, l.Col, "link-missing", hint, "link to %s: the site has no such page or file", l.Target)
	return markdown.Target{}
}

// pageTarget links p to the page a link reached, checking its fragment.
func (r *resolver) pageTarget(p *content.Page, l markdown.Link, to *content.Page) markdown.Target {
	if l.Fragment != "" && !hasHeading(to, l.Fragment) {
		r.report(p, l.Line, l.Col, "link-heading", headingHint(to, l.Fragment), "%s has no heading with id %q", to.File, l.Fragment)
		return markdown.Target{}
	}
	if to != p {
		r.link(p, to, "body", "")
	}
	return r.target(to, l.Fragment)
}

// siteFile reports whether the site publishes a file at the site path:
// a content file copied as it is, a bundle's file, a well-known file or
// open data.
func (r *resolver) siteFile(sitePath string) bool {
	if r.pf.published[sitePath] || slices.Contains(wellKnown, sitePath) {
		return true
	}
	if strings.HasPrefix(sitePath, "data/") && path.Ext(sitePath) != "" {
		return true
	}
	for _, k := range content.Kinds {
		if sitePath == k.Folder()+"/feed.xml" {
			return true
		}
	}
	dir, file := path.Split(sitePath)
	if to := r.pf.byPath[dir]; to != nil && to.HasResource(file) {
		return true
	}
	return false
}

// draftAt returns the draft left out of the site at a site path, or nil.
func (r *resolver) draftAt(sitePath string) *content.Page {
	for _, ds := range r.pf.drafts {
		for _, d := range ds {
			if d.Path() == sitePath {
				return d
			}
		}
	}
	return nil
}

// knownPaths are the pages' and sections' paths, for suggestions.
func (pf *Portfolio) knownPaths() []string {
	out := make([]string, 0, len(pf.byPath)+len(pf.sections))
	for p := range pf.byPath {
		out = append(out, p)
	}
	for p := range pf.sections {
		if p != "" {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// sectionNameList is the sections' normalised names, for suggestions.
func (pf *Portfolio) sectionNameList() []string {
	out := make([]string, 0, len(pf.sectionNames))
	for n := range pf.sectionNames {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
