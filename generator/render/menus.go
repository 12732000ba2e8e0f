package render

import (
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// MenuLink is one link of a navigation menu as the theme shows it.
type MenuLink struct {
	Title string
	URL   string
}

// Menu returns the links of the menu "main" or "footer": the entries
// site.yaml lists or, when it lists none, the theme's defaults; then the
// pages whose front matter puts them in the menu. Made once per build.
func (s *Site) Menu(name string) []MenuLink {
	s.menuOnce.Do(func() {
		m := s.PF.Menus()
		s.menus = map[string][]MenuLink{
			"main":   s.menu(m.Main, s.defaultMain),
			"footer": s.menu(m.Footer, s.defaultFooter),
		}
	})
	return s.menus[name]
}

func (s *Site) menu(m portfolio.Menu, defaults func(*menuList)) []MenuLink {
	l := &menuList{s: s}
	if !m.Configured {
		defaults(l)
	}
	for _, it := range m.Items {
		l.add(it.Title, it.URL)
	}
	return l.links
}

// defaultMain is the main navigation of a site whose site.yaml lists none:
// one line per entry.
func (s *Site) defaultMain(l *menuList) {
	l.path("map/", "nav.map", len(s.PF.Of(content.KindIntent)) > 0)
	for _, k := range content.Kinds {
		l.path(k.Folder()+"/", "kind."+string(k)+".plural", k != content.KindOrganisation)
	}
	l.path(MoneyPath, "nav.money", len(s.Ledger().Lines) > 0)
	l.path("search/", "search.title", true)
}

// defaultFooter is the footer's navigation of a site whose site.yaml lists
// none: one line per entry (the taxonomies and the kinds one line each).
func (s *Site) defaultFooter(l *menuList) {
	for _, k := range content.Kinds {
		l.path(k.Folder()+"/", "kind."+string(k)+".plural", true)
	}
	for _, t := range s.Taxonomies() {
		l.path(t+"/", "tax."+t, true)
	}
	l.path(GlossaryPath, "glossary.title", true)
	l.page("about", content.KindPage)
	l.path("accessibility/", "a11y.title", true)
	l.path("changes/", "changes.title", true)
	l.path("data/", "data.title", true)
	l.path(HealthPath, "health.nav", true)
	l.path("feed.xml", "feed.title", true)
}

// menuList collects a menu's links, each URL once.
type menuList struct {
	s     *Site
	links []MenuLink
	seen  map[string]bool
}

func (l *menuList) add(title, url string) {
	if l.seen[url] {
		return
	}
	if l.seen == nil {
		l.seen = map[string]bool{}
	}
	l.seen[url] = true
	l.links = append(l.links, MenuLink{Title: title, URL: url})
}

// path adds a page the theme makes, titled by a theme string, when show.
func (l *menuList) path(p, key string, show bool) {
	if show {
		l.add(l.s.T(key), l.s.Rel(p))
	}
}

// page adds the content page of kind k with the given slug, if the site
// has one, titled by its title.
func (l *menuList) page(slug string, k content.Kind) {
	if p := l.s.PF.Page(k, slug); p != nil {
		l.add(p.Title, l.s.URL(p))
	}
}

// MenuCurrent is the URL of the main menu's link to v's page, or "": the
// header marks it as the current page, and is cached by it.
func (s *Site) MenuCurrent(v *View) string {
	if v.NoIndex || v.Name == "alias" {
		return ""
	}
	u := s.Config.URL(v.Path)
	for _, l := range s.Menu("main") {
		if l.URL == u {
			return u
		}
	}
	return ""
}
