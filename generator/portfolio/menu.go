package portfolio

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
)

// Menus are the site's navigation menus with their pages resolved: the
// entries site.yaml lists, then the pages whose front matter puts them in
// the menu. The theme adds its default entries to a menu site.yaml does not
// list (generator/render, menus.go).
type Menus struct {
	Main, Footer Menu
}

// Menu is one navigation menu.
type Menu struct {
	// Configured is true when site.yaml lists the menu's entries: they
	// replace the theme's defaults.
	Configured bool
	Items      []MenuItem
}

// MenuItem is one link of a menu.
type MenuItem struct {
	Title string
	// Page is the page linked, or nil for an entry with a URL.
	Page *content.Page
	// URL is where the entry links: the page's URL, an absolute URL, or a
	// path of the site under the base path.
	URL string
}

// Menus returns the site's menus.
func (pf *Portfolio) Menus() Menus { return pf.menus }

// menus resolves site.yaml's menu entries and collects the pages that put
// themselves in a menu (front matter `menu:`), ordered by weight, then
// title. A page already listed by site.yaml is not listed twice.
func (r *resolver) menus() Menus {
	cfg := r.pf.Config
	build := func(name string, entries []config.MenuEntry) Menu {
		m := Menu{Configured: len(entries) > 0}
		listed := map[*content.Page]bool{}
		for _, e := range entries {
			if e.URL != "" {
				u := e.URL
				if strings.HasPrefix(u, "/") {
					u = cfg.URL(u)
				}
				m.Items = append(m.Items, MenuItem{Title: e.Title, URL: u})
				continue
			}
			if e.Page == "" {
				continue // config reported it
			}
			p := r.menuPage(name, e)
			if p == nil {
				continue
			}
			listed[p] = true
			m.Items = append(m.Items, MenuItem{Title: e.Title, Page: p, URL: r.pf.URL(p)})
		}
		var own []*content.Page
		for _, p := range r.pf.Pages {
			if slices.Contains(p.Menu, name) && !listed[p] {
				own = append(own, p)
			}
		}
		slices.SortStableFunc(own, func(a, b *content.Page) int {
			return cmp.Or(cmp.Compare(a.Weight, b.Weight), strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)), strings.Compare(a.Path(), b.Path()))
		})
		for _, p := range own {
			m.Items = append(m.Items, MenuItem{Title: p.Title, Page: p, URL: r.pf.URL(p)})
		}
		return m
	}
	return Menus{Main: build("main", cfg.Menu.Main), Footer: build("footer", cfg.Menu.Footer)}
}

// menuPage looks up the page of a site.yaml menu entry, reporting one that
// is not found, ambiguous or not published.
func (r *resolver) menuPage(menu string, e config.MenuEntry) *content.Page {
	found := r.pf.lookup(r, e.Page)
	switch {
	case len(found) == 1:
		return found[0]
	case len(found) > 1:
		var forms []string
		for _, p := range found {
			forms = append(forms, strings.TrimSuffix(p.Path(), "/"))
		}
		r.diags.Add(diag.Diagnostic{File: config.FileName, Line: e.Line, Severity: diag.Error, Code: "menu-ambiguous",
			Message: fmt.Sprintf("menu.%s entry %q: page %q matches %d pages", menu, e.Title, e.Page, len(found)),
			Hint:    "say which, by its path: " + strings.Join(forms, " or ")})
	case r.pf.held[Normalize(path.Base(e.Page))] != nil:
		r.diags.Add(diag.Diagnostic{File: config.FileName, Line: e.Line, Severity: diag.Warning, Code: "menu-withheld",
			Message: fmt.Sprintf("menu.%s entry %q links to %q, which is not published", menu, e.Title, e.Page),
			Hint:    "the entry is left out of the menu; remove it"})
	default:
		r.diags.Add(diag.Diagnostic{File: config.FileName, Line: e.Line, Severity: diag.Error, Code: "menu-unknown-page",
			Message: fmt.Sprintf("menu.%s entry %q links to the page %q, which does not exist", menu, e.Title, e.Page),
			Hint:    r.suggest(path.Base(strings.Trim(e.Page, "/")), content.AllRefKinds)})
	}
	return nil
}

// Lookup finds the pages a menu entry or similar reference names: a page's
// path ("about", "/initiatives/bike-library/"), its content file
// ("initiatives/bike-library.md"), kind and slug ("initiative/bike-library")
// or its slug alone, looked up as forgivingly as a wiki-link.
func (pf *Portfolio) Lookup(target string) []*content.Page {
	return pf.lookup(&resolver{pf: pf}, target)
}

func (pf *Portfolio) lookup(r *resolver, target string) []*content.Page {
	t := strings.Trim(strings.TrimSpace(target), "/")
	t = strings.TrimPrefix(t, strings.Trim(pf.Config.ContentDir, "/")+"/")
	if strings.HasSuffix(t, ".md") {
		t = strings.TrimSuffix(strings.TrimSuffix(t, ".md"), "/index")
		if p := pf.byFile[path.Join(pf.Config.ContentDir, target)]; p != nil {
			return []*content.Page{p}
		}
	}
	if t == "" {
		return nil
	}
	for _, p := range pf.Pages {
		if strings.TrimSuffix(p.Path(), "/") == t {
			return []*content.Page{p}
		}
	}
	var kinds []content.Kind
	slug := t
	if k, rest, ok := strings.Cut(t, "/"); ok {
		if kind, known := content.ParseKind(k); known {
			kinds, slug = []content.Kind{kind}, rest
		}
	}
	if len(kinds) == 0 {
		kinds = content.AllRefKinds
	}
	return r.find(slug, kinds)
}

// swap returns the menus with each page replaced by s(page).
func (m Menus) swap(s func(*content.Page) *content.Page) Menus {
	items := func(in Menu) Menu {
		out := Menu{Configured: in.Configured, Items: slices.Clone(in.Items)}
		for i, it := range out.Items {
			if it.Page != nil {
				out.Items[i].Page = s(it.Page)
			}
		}
		return out
	}
	return Menus{Main: items(m.Main), Footer: items(m.Footer)}
}
