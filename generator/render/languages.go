package render

import (
	"html"
	"html/template"
	"slices"
	"strings"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
)

// A multilingual site is rendered once per language, each language by a
// Site of its own: the language's portfolio (the same graph with the
// language's translations in place of their originals), configuration,
// theme strings and cached fragments. The default language's pages are
// at the site's root, every other language's under its prefix (cy/); the
// pages of an entity not translated into a language are not made in it:
// its lists, maps and search link the original, marked as being in the
// original's language. Nothing here runs on a site in one language.

// Lang is the language of the site's pages.
func (s *Site) Lang() string { return s.Config.Language }

// Dir is the writing direction of the site's language for HTML's dir
// attribute: "rtl" for a right-to-left language, "" otherwise.
func (s *Site) Dir() string { return config.Dir(s.Config.Language) }

// Foreign returns the language of p when it is listed in a language it is
// not written in (an entity not translated into the site's language), or
// "" when p is in the site's language.
func (s *Site) Foreign(p *content.Page) string {
	if p != nil && s.PF.Foreign(p) {
		return p.Lang
	}
	return ""
}

// InLanguage says, in the site's language, that something is in another
// language: "in English", "yn Saesneg".
func (s *Site) InLanguage(code string) string {
	return s.Tf("lang.in", s.theme.table.LanguageName(code))
}

// Alternate is the page a view shows in one of the site's languages.
type Alternate struct {
	Lang string // the language's code, its hreflang
	Name string // the language's name in itself: Cymraeg
	Dir  string // rtl for a right-to-left language
	URL  string // the page in that language, under the base path
	Abs  string // the same, absolute when the base URL has a host
	// Current marks the view's own language; Missing a page not
	// translated into the language, whose URL is then the language's
	// home page.
	Current, Missing bool
}

// Alternates are the versions of v's page in every language of the site,
// in the order of languages:, or nil on a site in one language or for a
// page no search engine is to index.
func (s *Site) Alternates(v *View) []Alternate {
	if !s.Config.Multilingual() || v == nil || v.NoIndex {
		return nil
	}
	var out []Alternate
	for _, lp := range s.PF.Languages() {
		l, _ := s.Config.LanguageOf(lp.Lang)
		a := Alternate{Lang: lp.Lang, Name: l.Name, Dir: config.Dir(lp.Lang), Current: lp.Lang == s.Lang()}
		var p string
		switch {
		case v.Page != nil:
			if ver := s.PF.Version(v.Page, lp.Lang); ver != nil {
				p = ver.Path()
			} else {
				a.Missing, p = true, lp.Config.Prefix()
			}
		default:
			p = lp.Config.Prefix() + strings.TrimPrefix(v.Path, s.Config.Prefix())
		}
		a.URL, a.Abs = s.Config.URL(p), s.Config.AbsURL(p)
		out = append(out, a)
	}
	return out
}

// HrefLangs are the alternates a page's head and the sitemap list: the
// versions that exist, then x-default, the default language's.
func (s *Site) HrefLangs(v *View) []Alternate {
	alts := s.Alternates(v)
	var out []Alternate
	for _, a := range alts {
		if !a.Missing {
			out = append(out, a)
		}
	}
	if len(out) < 2 {
		return nil // a page in one language has no alternates
	}
	def := alts[0]
	def.Lang = "x-default"
	return append(out, def)
}

// Switcher lists the site's other languages for the language switcher:
// each the same page in that language, or that language's home page when
// the page is not translated.
func (s *Site) Switcher(v *View) []Alternate {
	var out []Alternate
	for _, a := range s.Alternates(v) {
		if !a.Current {
			out = append(out, a)
		}
	}
	return out
}

// LangAttr is what a link to p says of its language when p is in another
// language than the page linking to it: ` hreflang="en" lang="en"` (its
// text, p's title, is in that language too); "" otherwise.
func (s *Site) LangAttr(p *content.Page) template.HTMLAttr {
	l := s.Foreign(p)
	if l == "" {
		return ""
	}
	// The code is one of site.yaml's languages, checked to be letters,
	// digits and hyphens (config.validateLanguages).
	return template.HTMLAttr(` hreflang="` + l + `" lang="` + l + `"` + s.dirOf(l))
}

// LangOf is ` lang="en"` for text of p's when p is in another language
// than the page showing it (its summary on a card); "" otherwise.
func (s *Site) LangOf(p *content.Page) template.HTMLAttr {
	if l := s.Foreign(p); l != "" {
		return template.HTMLAttr(` lang="` + l + `"` + s.dirOf(l))
	}
	return ""
}

// dirOf is ` dir="ltr"` (or rtl) for text in the language with code when
// it is written the other way from the page's language: English on an
// Arabic page. The attribute also isolates the text, so that its
// punctuation stays at its own ends.
func (s *Site) dirOf(code string) string {
	d := config.Dir(code)
	if d == s.Dir() {
		return ""
	}
	if d == "" {
		d = "ltr"
	}
	return ` dir="` + d + `"`
}

// LangNote is the visible note after a link to a page in another language
// than the reader's: " (in English)", in the reader's language; "" for a
// page in the site's language.
func (s *Site) LangNote(p *content.Page) template.HTML {
	l := s.Foreign(p)
	if l == "" {
		return ""
	}
	return template.HTML(` <span class="lang-note">(` + html.EscapeString(s.InLanguage(l)) + `)</span>`)
}

// TextLang is ` lang="en"` (and its direction) for the text of p's front
// matter field that a translated page p shows in its original's language:
// a field a translation cannot set (an intent's signals, an initiative's
// risks: the entity's, written once), or one it could set but does not (a
// summary not yet translated). It is "" for text in the page's own
// language, and on a site in one language (WCAG 3.1.2, language of parts).
func (s *Site) TextLang(p *content.Page, field string) template.HTMLAttr {
	if p == nil || p.Original == nil || p.Original.Lang == p.Lang {
		return ""
	}
	if _, set := p.Lines[field]; set && slices.Contains(content.Translatable, field) {
		return ""
	}
	l := p.Original.Lang
	return template.HTMLAttr(` lang="` + l + `"` + s.dirOf(l))
}

// TermLang is ` lang="en"` (the default language's, with its direction)
// for a term of the taxonomy tax (a system, tag or place) on a page in
// another language: terms are the entity's, written once in the default
// language. Statuses and facets are the theme's words, in every language,
// and get "".
func (s *Site) TermLang(tax string) template.HTMLAttr {
	def := s.Config.DefaultLanguage()
	if s.Lang() == def || tax == "status" || tax == "facet" {
		return ""
	}
	return template.HTMLAttr(` lang="` + def + `"` + s.dirOf(def))
}

// NotFound is what the site's one 404 page says in one of its other
// languages: a static host serves the same 404.html for every address, so
// a reader who followed a broken link in Welsh is told in Welsh too.
type NotFound struct {
	Lang, Dir           string
	Title, Text         string
	Home, HomeLabel     string
	Search, SearchLabel string
}

// NotFoundIn is the 404 page's message in each of the site's languages
// after the default, in the order of languages:; nil in one language.
func (s *Site) NotFoundIn() []NotFound {
	if len(s.langs) < 2 || s != s.langs[0] {
		return nil
	}
	var out []NotFound
	for _, o := range s.langs[1:] {
		out = append(out, NotFound{
			Lang: o.Lang(), Dir: o.Dir(),
			Title: o.T("404.title"), Text: o.T("404.text"),
			Home: o.Rel(""), HomeLabel: o.T("home"),
			Search: o.Rel("search/"), SearchLabel: o.T("search.title"),
		})
	}
	return out
}
