package portfolio

import (
	"maps"
	"runtime"
	"slices"
	"sync"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
)

// A multilingual site is one graph of entities seen in each of its
// languages. Resolve links the pages in the default language; each other
// language gets a Portfolio of its own that is the same graph with every
// translated entity's version in that language in place of its original
// (as Update swaps new versions of pages in), its configuration in that
// language (config.Config.In), its menus and sections, and its
// translations' own body links resolved against it: a wiki-link in a
// Welsh page reaches the Welsh version of the page it names, or the
// original where there is none. An entity not translated into a language
// stays its original there: it is listed, mapped and searched with its
// original title and links to its original page (its Lang says which).

// languages makes the portfolio of each of the site's other languages
// from set's translations, with the diagnostics of the translations'
// links.
func (pf *Portfolio) languages(set *content.Set, broken diag.Severity) diag.List {
	cfg := pf.Config
	codes := cfg.LanguageCodes()
	pf.Lang = codes[0]
	pf.langs = []*Portfolio{pf}
	versions := map[*content.Page][]*content.Page{}
	for _, p := range pf.Pages {
		versions[p] = []*content.Page{p}
	}
	byLang := map[string]map[*content.Page]*content.Page{}
	for _, v := range set.Translations {
		if versions[v.Original] == nil {
			continue // its original is not published
		}
		if byLang[v.Lang] == nil {
			byLang[v.Lang] = map[*content.Page]*content.Page{}
		}
		byLang[v.Lang][v.Original] = v
	}
	var diags diag.List
	for _, code := range codes[1:] {
		sub := byLang[code]
		n := pf.swap(sub, cfg.In(code))
		n.Lang = code
		// The translations are found by their own slugs, files and
		// addresses too.
		var trs []*content.Page
		for _, old := range pf.Pages {
			v := sub[old]
			if v == nil {
				continue
			}
			trs = append(trs, v)
			n.byFile[v.File] = v
			n.byPath[v.Path()] = v
			if own := Normalize(v.OwnSlug()); own != Normalize(old.Slug) && !slices.Contains(n.byNorm[own], v) {
				n.byNorm[own] = append(slices.Clone(n.byNorm[own]), v)
			}
			versions[old] = append(versions[old], v)
		}
		n.makeSections()
		// A menu the language does not set is the default's, whose
		// problems are reported once.
		var md diag.List
		n.menus = (&resolver{pf: n, diags: &md, broken: broken}).menus()
		if l, _ := cfg.LanguageOf(code); len(l.Menu.Main) > 0 || len(l.Menu.Footer) > 0 {
			diags = append(diags, md...)
		}
		diags = append(diags, n.translatedLinks(trs, broken)...)
		pf.langs = append(pf.langs, n)
	}
	for _, vs := range versions {
		for _, v := range vs[1:] {
			versions[v] = vs
		}
	}
	for _, n := range pf.langs {
		n.langs = pf.langs
		n.versions = versions
	}
	return diags
}

// translatedLinks resolves the body links of a language's translations
// against its pages. The graph is the entity's, made from the default
// language's text: a translation's links give its own page its targets,
// not edges of their own.
func (pf *Portfolio) translatedLinks(trs []*content.Page, broken diag.Severity) diag.List {
	bodies := make([]bodyResult, len(trs))
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wr := &resolver{pf: pf, broken: broken, sink: func(Edge) {}}
			for i := range next {
				wr.diags = &bodies[i].diags
				bodies[i].targets = wr.targets(trs[i])
			}
		}()
	}
	for i := range trs {
		next <- i
	}
	close(next)
	wg.Wait()
	var diags diag.List
	pf.links = maps.Clone(pf.links)
	for i, v := range trs {
		if v.Body != nil {
			pf.links[v] = bodies[i].targets
		} else {
			delete(pf.links, v)
		}
		diags = append(diags, bodies[i].diags...)
	}
	return diags
}

// Languages are the portfolios of the site's languages, the default
// first; on a site in one language, the portfolio alone.
func (pf *Portfolio) Languages() []*Portfolio {
	if len(pf.langs) == 0 {
		return []*Portfolio{pf}
	}
	return pf.langs
}

// Language returns the portfolio in the language with code, or nil when
// the site has no such language.
func (pf *Portfolio) Language(code string) *Portfolio {
	for _, l := range pf.Languages() {
		if l.Lang == code {
			return l
		}
	}
	return nil
}

// Versions returns every version of the entity p is a version of: the
// original, then its translations in the order of the site's languages.
// On a site in one language, it is p alone.
func (pf *Portfolio) Versions(p *content.Page) []*content.Page {
	if vs, ok := pf.versions[p]; ok {
		return vs
	}
	return []*content.Page{p}
}

// Version returns the version of p's entity in the language with code,
// or nil when it is not translated into it.
func (pf *Portfolio) Version(p *content.Page, code string) *content.Page {
	for _, v := range pf.Versions(p) {
		if v.Lang == code {
			return v
		}
	}
	return nil
}

// Foreign reports whether p, listed in this portfolio, is in another
// language than the portfolio's: an entity not translated into it,
// shown in its original language.
func (pf *Portfolio) Foreign(p *content.Page) bool { return pf.Lang != "" && p.Lang != pf.Lang }

// Untranslated are the pages not translated into the language with code,
// in the portfolio's order: each is shown there in its original language.
func (pf *Portfolio) Untranslated(code string) []*content.Page {
	var out []*content.Page
	for _, p := range pf.Languages()[0].Pages {
		if pf.Version(p, code) == nil {
			out = append(out, p)
		}
	}
	return out
}
