// Package portfolio is the linking stage of the pipeline. It takes the loaded
// pages, resolves every front matter reference and body link once, and
// derives what the site shows of the whole: backlinks, related initiatives on
// both sides, taxonomies and the checks a steward wants. The render stage
// reads a Portfolio and never resolves anything itself.
package portfolio

import (
	"fmt"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/markdown"
)

// Edge is one resolved reference between two published pages.
type Edge struct {
	From, To *content.Page
	// Field is where the reference was written: a front matter field such as
	// "intents" or "partners.org", or "body" for a link in the text.
	Field string
	// Relation qualifies it: an initiative relation or a partner's role.
	Relation string
	// Target is the reference as written in front matter ("clean-air",
	// "intent/clean-air"); "" for a link in the text.
	Target string
}

// Portfolio is the linked graph of a site's published pages.
type Portfolio struct {
	Config *config.Config
	// Pages are the published pages in a stable order: by kind, then slug.
	Pages []*content.Page
	// Withheld are pages loaded but not published (consent).
	Withheld []*content.Page
	// Files are content files published as they are, relative to the content folder.
	Files []string
	// Git says how much git history the pages' commits come from.
	Git content.Git

	byKind  map[content.Kind][]*content.Page
	byKey   map[string]*content.Page
	bySlug  map[content.Kind]map[string]*content.Page
	byNorm  map[string][]*content.Page
	byFile  map[string]*content.Page
	held    map[string]*content.Page   // withheld pages by normalised slug
	unread  map[string][]*content.Page // unreadable pages by normalised slug and by file
	drafts  map[string][]*content.Page // drafts left out, by normalised slug and by file
	byPath  map[string]*content.Page   // published pages by site path
	aliases map[string]*content.Page   // published pages by the site path of each alias
	// published are the site paths of content files published as they are.
	published    map[string]bool
	sections     map[string]*Section // by site path
	sectionNames map[string]*Section // by normalised name
	out, in      map[*content.Page][]Edge
	links        map[*content.Page][]markdown.Target
	terms        map[string]map[string][]*content.Page
	files        map[string]string // published content files: site-relative → content-relative
	menus        Menus

	// What Update needs to reuse this portfolio: every diagnostic Resolve
	// gave, the ones that came from each page's body links, and the day
	// the steward's checks were judged on.
	diags     diag.List
	bodyDiags map[*content.Page]diag.List
	day       string
	asOf      time.Time // the day of day, at midnight UTC

	// Lang is the language of this portfolio's pages on a site with
	// `languages:`, "" otherwise; langs and versions are shared by the
	// portfolios of all its languages (languages.go).
	Lang      string
	langs     []*Portfolio
	versions  map[*content.Page][]*content.Page
	langDiags diag.List // the diagnostics of the translations' links, for Update
}

// Taxonomies are the fields that get a page per term, in the order shown.
var Taxonomies = []string{"systems", "places", "tags", "status", "facet"}

// Resolve links the pages of set. Broken references are errors, or warnings
// when the site says so; a broken link is never published as a link.
func Resolve(cfg *config.Config, set *content.Set, now time.Time) (*Portfolio, diag.List) {
	var diags diag.List
	pf := &Portfolio{
		Config: cfg, Files: set.Files, Git: set.Git,
		byKind: map[content.Kind][]*content.Page{}, byKey: map[string]*content.Page{}, bySlug: map[content.Kind]map[string]*content.Page{},
		byNorm: map[string][]*content.Page{}, byFile: map[string]*content.Page{}, held: map[string]*content.Page{},
		unread: map[string][]*content.Page{}, drafts: map[string][]*content.Page{},
		byPath: map[string]*content.Page{}, aliases: map[string]*content.Page{}, published: map[string]bool{}, out: map[*content.Page][]Edge{}, in: map[*content.Page][]Edge{},
		links: map[*content.Page][]markdown.Target{}, terms: map[string]map[string][]*content.Page{},
		files: map[string]string{}, bodyDiags: map[*content.Page]diag.List{},
	}
	for _, f := range set.Files {
		pf.files[path.Join(set.Dir, f)] = f
		pf.published[f] = true
	}
	if len(cfg.Languages) > 0 {
		pf.Lang = cfg.DefaultLanguage()
	}
	for _, p := range set.Pages {
		if p.Withheld != "" {
			pf.Withheld = append(pf.Withheld, p)
			pf.held[Normalize(p.Slug)] = p
			pf.held[p.File] = p
			continue
		}
		pf.Pages = append(pf.Pages, p)
	}
	for _, p := range set.Unreadable {
		pf.unread[Normalize(p.Slug)] = append(pf.unread[Normalize(p.Slug)], p)
		pf.unread[p.File] = append(pf.unread[p.File], p)
	}
	for _, p := range set.Drafts {
		pf.drafts[Normalize(p.Slug)] = append(pf.drafts[Normalize(p.Slug)], p)
		pf.drafts[p.File] = append(pf.drafts[p.File], p)
	}
	order := map[content.Kind]int{}
	for i, k := range content.Kinds {
		order[k] = i + 1
	}
	sort.SliceStable(pf.Pages, func(i, j int) bool {
		a, b := pf.Pages[i], pf.Pages[j]
		if order[a.Kind] != order[b.Kind] {
			return order[a.Kind] < order[b.Kind]
		}
		return a.Path() < b.Path()
	})
	for _, p := range pf.Pages {
		pf.byKind[p.Kind] = append(pf.byKind[p.Kind], p)
		pf.byKey[p.Key()] = p
		if pf.bySlug[p.Kind] == nil {
			pf.bySlug[p.Kind] = map[string]*content.Page{}
		}
		pf.bySlug[p.Kind][p.Slug] = p
		pf.byFile[p.File] = p
		pf.byPath[p.Path()] = p
		keys := []string{Normalize(p.Slug)}
		for _, a := range p.Aliases {
			if pf.aliases[a] == nil {
				pf.aliases[a] = p
			}
			keys = append(keys, Normalize(path.Base(strings.TrimSuffix(a, "/"))))
		}
		for _, k := range keys {
			if !slices.Contains(pf.byNorm[k], p) {
				pf.byNorm[k] = append(pf.byNorm[k], p)
			}
		}
	}
	broken := diag.Error
	if cfg.BrokenReferences == "warning" {
		broken = diag.Warning
	}
	r := &resolver{pf: pf, diags: &diags, broken: broken}
	for _, p := range pf.Pages {
		r.frontMatter(p)
	}
	// Body links may reach the site's own pages, which the pages' fields
	// and front matter links make.
	pf.taxonomies()
	pf.makeSections()
	pf.menus = r.menus()
	// Body links only read the lookups, so pages are resolved in parallel,
	// each into its own edges and diagnostics, then applied in page order:
	// the graph is the same as resolving one page after another.
	bodies := make([]bodyResult, len(pf.Pages))
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wr := &resolver{pf: pf, broken: broken}
			for i := range next {
				res := &bodies[i]
				wr.diags = &res.diags
				wr.sink = func(e Edge) { res.edges = append(res.edges, e) }
				res.targets = wr.targets(pf.Pages[i])
			}
		}()
	}
	for i := range pf.Pages {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, p := range pf.Pages {
		res := &bodies[i]
		for _, e := range res.edges {
			r.add(e)
		}
		if p.Body != nil {
			pf.links[p] = res.targets
		}
		// A body's diagnostics are kept apart, for Update.
		if len(res.diags) > 0 {
			pf.bodyDiags[p] = res.diags
			diags = append(diags, res.diags...)
		}
	}
	for _, es := range pf.in {
		sortEdges(es)
	}
	// The day before the languages: each language's portfolio copies it.
	pf.day = day(now)
	pf.asOf = midnight(now)
	if len(cfg.Languages) > 0 {
		pf.langDiags = pf.languages(set, broken)
		diags = append(diags, pf.langDiags...)
	}
	pf.check(&diags, now)
	pf.diags = slices.Clone(diags)
	return pf, diags
}

// Normalize is the forgiving form of a slug that wiki-links are looked up by:
// case, spaces, hyphens and underscores do not matter.
func Normalize(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch r {
		case ' ', '-', '_', '\t':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// URL is a page's link under the site's base path.
func (pf *Portfolio) URL(p *content.Page) string { return pf.Config.URL(p.Path()) }

// Of returns the published pages of a kind, in slug order.
func (pf *Portfolio) Of(k content.Kind) []*content.Page { return pf.byKind[k] }

// Page returns the published page of kind k and slug s, or nil.
func (pf *Portfolio) Page(k content.Kind, slug string) *content.Page {
	return pf.bySlug[k][slug]
}

// ByFile returns the published page whose source is file (relative to
// the site folder, "content/intents/clean-air.md"), or nil.
func (pf *Portfolio) ByFile(file string) *content.Page { return pf.byFile[file] }

// PageFiles are the source files of the published pages, in page order.
func (pf *Portfolio) PageFiles() []string {
	out := make([]string, len(pf.Pages))
	for i, p := range pf.Pages {
		out[i] = p.File
	}
	return out
}

// Links returns the resolved targets of a page's body links, slot by slot.
func (pf *Portfolio) Links(p *content.Page) []markdown.Target { return pf.links[p] }

// Out returns the references from p, in the order written.
func (pf *Portfolio) Out(p *content.Page) []Edge { return pf.out[p] }

// In returns the references to p, ordered by the referring page.
func (pf *Portfolio) In(p *content.Page) []Edge { return pf.in[p] }

// Targets returns the pages p refers to through field, in the order written, once each.
func (pf *Portfolio) Targets(p *content.Page, field string) []*content.Page {
	var out []*content.Page
	for _, e := range pf.out[p] {
		if e.Field == field && !slices.Contains(out, e.To) {
			out = append(out, e.To)
		}
	}
	return out
}

// Referrers returns the pages of kind k that refer to p through one of
// fields (any field when none is given), once each, in stable order.
func (pf *Portfolio) Referrers(p *content.Page, k content.Kind, fields ...string) []*content.Page {
	var out []*content.Page
	for _, e := range pf.in[p] {
		if e.From.Kind != k || slices.Contains(out, e.From) {
			continue
		}
		if len(fields) == 0 || slices.Contains(fields, e.Field) {
			out = append(out, e.From)
		}
	}
	return out
}

// Mentions returns the pages that link to p from their body text and are
// not already linked to it through front matter.
func (pf *Portfolio) Mentions(p *content.Page) []*content.Page {
	fm := map[*content.Page]bool{}
	for _, e := range pf.in[p] {
		if e.Field != "body" {
			fm[e.From] = true
		}
	}
	var out []*content.Page
	for _, e := range pf.in[p] {
		if e.Field == "body" && !fm[e.From] && !slices.Contains(out, e.From) {
			out = append(out, e.From)
		}
	}
	return out
}

// Related is an initiative's relation to another, seen from either side.
type Related struct {
	Page     *content.Page
	Relation string // builds-on, complements, ...; "" when unqualified
	Inverse  bool   // the other page declared the relation
}

// RelatedOf returns the initiatives related to p, declared on either side.
func (pf *Portfolio) RelatedOf(p *content.Page) []Related {
	var out []Related
	seen := map[*content.Page]bool{}
	for _, e := range pf.out[p] {
		if e.Field == "related.to" && !seen[e.To] {
			seen[e.To] = true
			out = append(out, Related{Page: e.To, Relation: e.Relation})
		}
	}
	for _, e := range pf.in[p] {
		if e.Field == "related.to" && !seen[e.From] {
			seen[e.From] = true
			out = append(out, Related{Page: e.From, Relation: e.Relation, Inverse: true})
		}
	}
	return out
}

// Terms returns the terms of a taxonomy, sorted.
func (pf *Portfolio) Terms(tax string) []string {
	var out []string
	for t := range pf.terms[tax] {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// TermPages returns the pages filed under a taxonomy term (by its slug).
func (pf *Portfolio) TermPages(tax, term string) []*content.Page { return pf.terms[tax][term] }

// TermPath is the site path of a taxonomy term's page.
func TermPath(tax, term string) string {
	return tax + "/" + content.Slugify(term) + "/"
}

// TermsOf returns the terms a page is filed under in a taxonomy.
func TermsOf(p *content.Page, tax string) []string {
	switch tax {
	case "systems":
		return p.Systems
	case "places":
		if p.Place != "" {
			return append(append([]string(nil), p.Places...), p.Place)
		}
		return p.Places
	case "tags":
		return p.Tags
	case "status":
		if p.Kind == content.KindInitiative && p.Status != "" {
			return []string{p.Status}
		}
	case "facet":
		if p.Kind == content.KindInitiative && p.Facet != "" {
			return []string{p.Facet}
		}
	}
	return nil
}

func (pf *Portfolio) taxonomies() {
	for _, tax := range Taxonomies {
		m := map[string][]*content.Page{}
		for _, p := range pf.Pages {
			for _, t := range TermsOf(p, tax) {
				s := content.Slugify(t)
				if s != "" && !slices.Contains(m[s], p) {
					m[s] = append(m[s], p)
				}
			}
		}
		pf.terms[tax] = m
	}
}

// TermLabel returns how a term is written on the pages that use it (the
// first spelling, in page order), for a term slug.
func (pf *Portfolio) TermLabel(tax, slug string) string {
	for _, p := range pf.terms[tax][slug] {
		for _, t := range TermsOf(p, tax) {
			if content.Slugify(t) == slug {
				return t
			}
		}
	}
	return slug
}

type resolver struct {
	pf     *Portfolio
	diags  *diag.List
	broken diag.Severity
	// sink, when set, receives the edges found instead of the graph.
	sink  func(Edge)
	norms map[string]string // Normalize, remembered
	urls  map[*content.Page]string
}

// normalize is Normalize, remembered: most pages link to a few hundred
// targets, each written the same way many times.
func (r *resolver) normalize(s string) string {
	if n, ok := r.norms[s]; ok {
		return n
	}
	if r.norms == nil {
		r.norms = map[string]string{}
	}
	n := Normalize(s)
	r.norms[s] = n
	return n
}

// url is a page's URL, worked out once.
func (r *resolver) url(p *content.Page) string {
	if u, ok := r.urls[p]; ok {
		return u
	}
	if r.urls == nil {
		r.urls = map[*content.Page]string{}
	}
	u := r.pf.URL(p)
	r.urls[p] = u
	return u
}

func (r *resolver) report(p *content.Page, line, col int, code, hint, format string, args ...any) {
	r.diags.Add(diag.Diagnostic{File: p.File, Line: line, Col: col, Severity: r.broken, Code: code, Message: fmt.Sprintf(format, args...), Hint: hint})
}

func (r *resolver) link(from, to *content.Page, field, rel string) {
	r.add(Edge{From: from, To: to, Field: field, Relation: rel})
}

func (r *resolver) add(e Edge) {
	if r.sink != nil {
		r.sink(e)
		return
	}
	r.pf.out[e.From] = append(r.pf.out[e.From], e)
	r.pf.in[e.To] = append(r.pf.in[e.To], e)
}

// find looks a slug up among kinds: exactly first, then forgivingly.
func (r *resolver) find(target string, kinds []content.Kind) []*content.Page {
	for _, k := range kinds {
		if p := r.pf.bySlug[k][target]; p != nil {
			return []*content.Page{p}
		}
	}
	var out []*content.Page
	for _, p := range r.pf.byNorm[r.normalize(target)] {
		if len(kinds) == 0 || slices.Contains(kinds, p.Kind) {
			out = append(out, p)
		}
	}
	return out
}

// unreadable reports whether target names a page of one of kinds (any
// kind when none is given) whose front matter could not be read.
func (r *resolver) unreadable(target string, kinds []content.Kind) bool {
	for _, p := range r.pf.unread[r.normalize(target)] {
		if len(kinds) == 0 || slices.Contains(kinds, p.Kind) {
			return true
		}
	}
	return false
}

// draft returns the draft left out of the site that target names among
// kinds (any kind when none is given), or nil.
func (r *resolver) draft(target string, kinds []content.Kind) *content.Page {
	for _, p := range r.pf.drafts[r.normalize(target)] {
		if len(kinds) == 0 || slices.Contains(kinds, p.Kind) {
			return p
		}
	}
	return nil
}

// draftLink reports a body link to a draft that is left out of the site.
func (r *resolver) draftLink(p *content.Page, l markdown.Link, d *content.Page) {
	what := "link to " + l.Target
	if l.Kind == markdown.WikiLink {
		what = "[[" + l.Target + "]]"
	}
	r.diags.Add(diag.Diagnostic{File: p.File, Line: l.Line, Col: l.Col, Severity: diag.Warning, Code: "ref-draft",
		Message: fmt.Sprintf("%s: %s is a draft, which is not published", what, d.File),
		Hint:    "it is shown as plain text until the draft is published (draft: true removed)"})
}

func (r *resolver) suggest(target string, kinds []content.Kind) string {
	var slugs []string
	for _, k := range kinds {
		for _, p := range r.pf.byKind[k] {
			slugs = append(slugs, p.Slug)
		}
	}
	if s := diag.Suggest(target, slugs); s != "" {
		return fmt.Sprintf("did you mean `%s`?", s)
	}
	var names []string
	for _, k := range kinds {
		if k != content.KindPage { // plain pages have no folder of their own
			names = append(names, k.Folder())
		}
	}
	where := strings.Join(names, ", ")
	if slices.Contains(kinds, content.KindPage) {
		where = strings.TrimPrefix(where+" or any other folder", " or ")
	}
	return fmt.Sprintf("no page in %s has that slug; create it, or fix the slug", where)
}

func (r *resolver) frontMatter(p *content.Page) {
	for _, ref := range p.Refs {
		found := r.find(ref.Target, ref.Kinds)
		switch {
		case len(found) == 1:
			if found[0] == p {
				r.diags.Add(diag.Diagnostic{File: p.File, Line: ref.Line, Col: ref.Col, Severity: diag.Error, Code: "ref-self",
					Message: fmt.Sprintf("`%s` refers to the page itself", ref.Field), Hint: "remove it"})
				continue
			}
			r.add(Edge{From: p, To: found[0], Field: ref.Field, Relation: ref.Relation, Target: ref.Target})
		case r.unreadable(ref.Target, ref.Kinds):
			// Its front matter has an error of its own: nothing to add.
		case r.draft(ref.Target, ref.Kinds) != nil:
			d := r.draft(ref.Target, ref.Kinds)
			r.diags.Add(diag.Diagnostic{File: p.File, Line: ref.Line, Col: ref.Col, Severity: diag.Warning, Code: "ref-draft",
				Message: fmt.Sprintf("`%s` refers to %q, a draft, which is not published", ref.Field, ref.Target),
				Hint:    fmt.Sprintf("the link is left out until %s is published (draft: true removed)", d.File)})
		case r.pf.held[Normalize(ref.Target)] != nil:
			r.diags.Add(diag.Diagnostic{File: p.File, Line: ref.Line, Col: ref.Col, Severity: diag.Warning, Code: "ref-withheld",
				Message: fmt.Sprintf("`%s` refers to %q, which is not published (%s)", ref.Field, ref.Target, r.pf.held[Normalize(ref.Target)].Withheld),
				Hint:    "the reference is left out of the site; remove it"})
		default:
			r.report(p, ref.Line, ref.Col, "ref-unknown", r.suggest(ref.Target, ref.Kinds), "`%s` refers to %q, which does not exist", ref.Field, ref.Target)
		}
	}
	if p.Kind == content.KindIntent {
		r.cycle(p)
	}
}

// cycle reports an intent that is its own ancestor.
func (r *resolver) cycle(p *content.Page) {
	seen := map[*content.Page]bool{p: true}
	for cur := p; ; {
		parents := r.pf.Targets(cur, "parent")
		if len(parents) == 0 {
			return
		}
		cur = parents[0]
		if cur == p {
			r.diags.Add(diag.Diagnostic{File: p.File, Line: p.Line("parent"), Severity: diag.Error, Code: "ref-cycle",
				Message: "the intent is its own ancestor through `parent`", Hint: "break the cycle: one of the intents must have no parent, or another one"})
			return
		}
		if seen[cur] {
			return
		}
		seen[cur] = true
	}
}

// bodyResult is what resolving one page's body links found.
type bodyResult struct {
	targets []markdown.Target
	edges   []Edge
	diags   diag.List
}

// body resolves p's body links into the graph.
func (r *resolver) body(p *content.Page) {
	if p.Body == nil {
		return
	}
	r.pf.links[p] = r.targets(p)
}

// targets resolves p's body links, slot by slot, reporting the broken ones
// and linking (through r.link) the pages they reach.
func (r *resolver) targets(p *content.Page) []markdown.Target {
	if p.Body == nil {
		return nil
	}
	targets := make([]markdown.Target, len(p.Body.Links))
	for i, l := range p.Body.Links {
		switch l.Kind {
		case markdown.WikiLink:
			targets[i] = r.wiki(p, l)
		case markdown.FileLink:
			targets[i] = r.file(p, l)
		case markdown.SiteLink:
			targets[i] = r.site(p, l)
		case markdown.AnchorLink:
			if l.Fragment != "" && !hasHeading(p, l.Fragment) {
				r.report(p, l.Line, l.Col, "link-heading", headingHint(p, l.Fragment), "no heading with id %q on this page", l.Fragment)
				continue
			}
			targets[i] = markdown.Target{URL: "#" + l.Fragment}
		}
	}
	return targets
}

func (r *resolver) wiki(p *content.Page, l markdown.Link) markdown.Target {
	target := l.Target
	var kinds []content.Kind
	if k, rest, ok := strings.Cut(target, "/"); ok {
		if kind, known := content.ParseKind(k); known {
			kinds, target = []content.Kind{kind}, rest
		}
	}
	found := r.find(target, kinds)
	if len(kinds) == 0 && len(found) == 0 {
		found = r.find(target, content.AllRefKinds)
	}
	switch {
	case len(found) > 1:
		var forms []string
		for _, f := range found {
			folder := f.Kind.Folder()
			if f.Kind == content.KindPage {
				folder = "page" // plain pages have no folder of their own: [[page/slug]]
			}
			forms = append(forms, "[["+folder+"/"+f.Slug+"]]")
		}
		r.report(p, l.Line, l.Col, "ref-ambiguous", "say which: "+strings.Join(forms, " or "), "[[%s]] matches %d pages", l.Target, len(found))
		return markdown.Target{}
	case len(found) == 0:
		if r.unreadable(target, kinds) {
			return markdown.Target{}
		}
		if d := r.draft(target, kinds); d != nil {
			r.draftLink(p, l, d)
			return markdown.Target{}
		}
		if h := r.pf.held[Normalize(target)]; h != nil {
			r.diags.Add(diag.Diagnostic{File: p.File, Line: l.Line, Col: l.Col, Severity: diag.Warning, Code: "ref-withheld",
				Message: fmt.Sprintf("[[%s]] links to a page that is not published (%s)", l.Target, h.Withheld), Hint: "it is shown as plain text; remove the link"})
			return markdown.Target{}
		}
		if len(kinds) == 0 {
			if s := r.section(target); s != nil {
				return r.sectionTarget(s, l.Fragment)
			}
		}
		among := kinds
		if len(among) == 0 {
			among = content.AllRefKinds
		}
		hint := r.suggest(target, among)
		if len(kinds) == 0 {
			if s := diag.Suggest(Normalize(target), r.pf.sectionNameList()); s != "" && !strings.HasPrefix(hint, "did you mean") {
				hint = fmt.Sprintf("did you mean [[%s]]?", r.pf.sectionNames[s].Name)
			}
		}
		r.report(p, l.Line, l.Col, "ref-unknown", hint, "wiki-link [[%s]] points to no page", l.Target)
		return markdown.Target{}
	}
	return r.pageTarget(p, l, found[0])
}

func (r *resolver) target(to *content.Page, fragment string) markdown.Target {
	u := r.url(to)
	if fragment != "" {
		u += "#" + fragment
	}
	t := markdown.Target{URL: u, Title: to.Title}
	if r.pf.Foreign(to) {
		t.Lang = to.Lang
	}
	return t
}

// file resolves a relative link the way it works on GitHub: to a content
// file, a bundle's file, or a published content file.
func (r *resolver) file(p *content.Page, l markdown.Link) markdown.Target {
	dir := path.Dir(p.File)
	rel := path.Clean(path.Join(dir, l.Target))
	candidates := []string{rel}
	switch {
	case strings.HasSuffix(l.Target, "/"), path.Ext(rel) == "":
		candidates = []string{rel + ".md", rel + "/index.md", rel + "/README.md"}
	case strings.HasSuffix(rel, "/index.md"):
	}
	if strings.HasSuffix(rel, ".md") && path.Base(p.File) == "index.md" {
		// A bundle's relative links start from its folder, like on GitHub.
		candidates = append(candidates, path.Clean(path.Join(dir, "..", l.Target)))
	}
	for _, c := range candidates {
		if to := r.pf.byFile[c]; to != nil {
			return r.pageTarget(p, l, to)
		}
		if len(r.pf.unread[c]) > 0 {
			return markdown.Target{}
		}
		if d := r.pf.drafts[c]; len(d) > 0 {
			r.draftLink(p, l, d[0])
			return markdown.Target{}
		}
		if h := r.pf.held[c]; h != nil {
			r.diags.Add(diag.Diagnostic{File: p.File, Line: l.Line, Col: l.Col, Severity: diag.Warning, Code: "ref-withheld",
				Message: fmt.Sprintf("link to %s, which is not published (%s)", l.Target, h.Withheld), Hint: "it is shown as plain text; remove the link"})
			return markdown.Target{}
		}
	}
	if p.Bundle != "" && strings.HasPrefix(rel, p.Bundle+"/") && p.HasResource(strings.TrimPrefix(rel, p.Bundle+"/")) {
		// A translation's bundle files are its original's.
		return markdown.Target{URL: r.pf.URL(p.Entity()) + strings.TrimPrefix(rel, p.Bundle+"/")}
	}
	if contentRel, ok := r.pf.files[rel]; ok {
		return markdown.Target{URL: r.pf.Config.URL(contentRel)}
	}
	// A folder of the content that the site shows as one of its own pages:
	// a kind's list ([stories](../narratives/)), a taxonomy.
	if dir, ok := strings.CutPrefix(rel, path.Clean(r.pf.Config.ContentDir)+"/"); ok && path.Ext(dir) == "" {
		if s := r.pf.sections[dir+"/"]; s != nil {
			return r.sectionTarget(s, l.Fragment)
		}
	}
	r.report(p, l.Line, l.Col, "link-missing", "check the path: it is relative to this file, as on GitHub", "link to %s: no such file", l.Target)
	return markdown.Target{}
}

func hasHeading(p *content.Page, id string) bool {
	if p.Body == nil {
		return false
	}
	for _, h := range p.Body.Headings {
		if h.ID == id {
			return true
		}
	}
	return false
}

func headingHint(p *content.Page, id string) string {
	if p.Body == nil || len(p.Body.Headings) == 0 {
		return "the page has no headings; link to the page without #" + id
	}
	ids := make([]string, len(p.Body.Headings))
	for i, h := range p.Body.Headings {
		ids[i] = h.ID
	}
	if s := diag.Suggest(id, ids); s != "" {
		return fmt.Sprintf("did you mean #%s?", s)
	}
	return "the headings are: #" + strings.Join(ids, ", #")
}

func sortEdges(es []Edge) {
	slices.SortStableFunc(es, func(a, b Edge) int { return strings.Compare(a.From.Path(), b.From.Path()) })
}
