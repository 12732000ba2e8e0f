package portfolio

import (
	"maps"
	"path"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
)

// Update is Resolve for the commonest edit in the dev server: a page's text
// changed, and nothing other pages are resolved against. When every page of
// set is either a page of prev (the same pointer) or a new version of one
// that differs only in its body, with the same headings and links that
// resolve to the same pages, the graph is prev's with the new versions in
// place of the old: Update builds it by swapping pointers, resolves only
// the new versions' body links, and returns the same diagnostics Resolve
// would. Otherwise ok is false and the caller runs Resolve.
//
// prev is not changed: the pages' edges, lists and lookups are copied where
// a swapped page appears in them and shared elsewhere.
func Update(prev *Portfolio, cfg *config.Config, set *content.Set, now time.Time) (pf *Portfolio, diags diag.List, ok bool) {
	if prev == nil || day(now) != prev.day || !reflect.DeepEqual(*prev.Config, *cfg) || set.Git != prev.Git ||
		len(set.Pages) != len(prev.Pages)+len(prev.Withheld) || !slices.Equal(set.Files, prev.Files) ||
		len(set.Unreadable) > 0 || len(prev.unread) > 0 || len(set.Drafts) > 0 || len(prev.drafts) > 0 {
		return nil, nil, false
	}
	sub := map[*content.Page]*content.Page{}
	for _, p := range set.Pages {
		old := prev.byFile[p.File]
		if old == nil {
			old = prev.held[p.File]
		}
		if old == nil {
			return nil, nil, false
		}
		if old != p {
			if !sameButText(old, p) {
				return nil, nil, false
			}
			sub[old] = p
		}
	}
	pf = prev.swap(sub, cfg)
	drop := diag.List{}
	for old := range sub {
		drop = append(drop, prev.bodyDiags[old]...)
		delete(pf.bodyDiags, old)
	}
	diags = without(without(prev.diags, drop), prev.langDiags)
	broken := diag.Error
	if cfg.BrokenReferences == "warning" {
		broken = diag.Warning
	}
	for _, old := range prev.Pages {
		p := sub[old]
		if p == nil {
			continue
		}
		var edges []Edge
		var bd diag.List
		r := &resolver{pf: pf, diags: &bd, broken: broken, sink: func(e Edge) { edges = append(edges, e) }}
		r.body(p)
		var was []Edge
		for _, e := range pf.out[p] {
			if e.Field == "body" {
				was = append(was, e)
			}
		}
		if !slices.Equal(edges, was) {
			return nil, nil, false
		}
		if len(bd) > 0 {
			pf.bodyDiags[p] = bd
			diags = append(diags, bd...)
		}
	}
	if len(cfg.Languages) > 0 {
		// The languages' portfolios are made again from the new graph:
		// translations are merged with their originals on every load.
		pf.langDiags = pf.languages(set, broken)
		diags = append(diags, pf.langDiags...)
	}
	pf.diags = diags
	return pf, slices.Clone(diags), true
}

// sameButText reports whether two versions of a page differ at most in
// their body's text: the same place, front matter, references with their
// positions, and headings.
func sameButText(a, b *content.Page) bool {
	x, y := *a, *b
	x.Body, y.Body = nil, nil
	if !reflect.DeepEqual(x, y) || (a.Body == nil) != (b.Body == nil) {
		return false
	}
	if a.Body == nil {
		return true
	}
	return slices.Equal(a.Body.Headings, b.Body.Headings)
}

// swap returns a copy of pf with the pages of sub in place of the keys.
func (pf *Portfolio) swap(sub map[*content.Page]*content.Page, cfg *config.Config) *Portfolio {
	s := func(p *content.Page) *content.Page {
		if q, ok := sub[p]; ok {
			return q
		}
		return p
	}
	pages := func(ps []*content.Page) []*content.Page {
		out := make([]*content.Page, len(ps))
		for i, p := range ps {
			out[i] = s(p)
		}
		return out
	}
	edges := func(es []Edge) []Edge {
		if es == nil {
			return nil
		}
		out := make([]Edge, len(es))
		for i, e := range es {
			e.From, e.To = s(e.From), s(e.To)
			out[i] = e
		}
		return out
	}
	n := &Portfolio{
		Config: cfg, Files: pf.Files, Git: pf.Git, files: pf.files, day: pf.day, asOf: pf.asOf,
		Pages: pages(pf.Pages), Withheld: pages(pf.Withheld),
		byKind: map[content.Kind][]*content.Page{},
		byKey:  maps.Clone(pf.byKey), byFile: maps.Clone(pf.byFile), byNorm: maps.Clone(pf.byNorm), held: maps.Clone(pf.held), unread: pf.unread, drafts: pf.drafts,
		bySlug: maps.Clone(pf.bySlug),
		byPath: maps.Clone(pf.byPath), aliases: maps.Clone(pf.aliases), published: pf.published,
		sections: pf.sections, sectionNames: pf.sectionNames,
		out: maps.Clone(pf.out), in: maps.Clone(pf.in), links: maps.Clone(pf.links),
		terms: map[string]map[string][]*content.Page{}, bodyDiags: maps.Clone(pf.bodyDiags),
	}
	for k, ps := range pf.byKind {
		n.byKind[k] = pages(ps)
	}
	n.menus = pf.menus.swap(s)
	for k, m := range pf.terms {
		n.terms[k] = maps.Clone(m)
	}
	for k, p := range n.held {
		n.held[k] = s(p)
	}
	touched := map[*content.Page]bool{}
	for old, p := range sub {
		if old.Withheld == "" {
			n.byKey[old.Key()] = p
			n.byFile[old.File] = p
			n.byPath[old.Path()] = p
			for _, a := range old.Aliases {
				if n.aliases[a] == old {
					n.aliases[a] = p
				}
			}
			if m := n.bySlug[old.Kind]; m[old.Slug] == old {
				m = maps.Clone(m)
				m[old.Slug] = p
				n.bySlug[old.Kind] = m
			}
		}
		// The keys Resolve filed the page under.
		keys := []string{Normalize(old.Slug)}
		for _, a := range old.Aliases {
			keys = append(keys, Normalize(path.Base(strings.TrimSuffix(a, "/"))))
		}
		for _, k := range keys {
			if ps := n.byNorm[k]; slices.Contains(ps, old) {
				n.byNorm[k] = pages(ps)
			}
		}
		for _, tax := range Taxonomies {
			for _, t := range TermsOf(old, tax) {
				slug := content.Slugify(t)
				if ps, ok := n.terms[tax][slug]; ok && slices.Contains(ps, old) {
					n.terms[tax][slug] = pages(ps)
				}
			}
		}
		if l, ok := n.links[old]; ok {
			delete(n.links, old)
			n.links[p] = l
		}
		touched[old] = true
		for _, e := range pf.out[old] {
			touched[e.To] = true
		}
		for _, e := range pf.in[old] {
			touched[e.From] = true
		}
	}
	for t := range touched {
		delete(n.out, t)
		delete(n.in, t)
	}
	for t := range touched {
		if es, ok := pf.out[t]; ok {
			n.out[s(t)] = edges(es)
		}
		if es, ok := pf.in[t]; ok {
			n.in[s(t)] = edges(es)
		}
	}
	return n
}

// without returns list less one instance of each diagnostic of drop.
func without(list, drop diag.List) diag.List {
	count := map[diag.Diagnostic]int{}
	for _, d := range drop {
		count[d]++
	}
	out := make(diag.List, 0, len(list))
	for _, d := range list {
		if count[d] > 0 {
			count[d]--
			continue
		}
		out = append(out, d)
	}
	return out
}

// day is the date the steward's checks judge staleness on.
func day(t time.Time) string { return t.Format("2006-01-02") }
