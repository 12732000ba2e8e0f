package config

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"

	"github.com/trellis-ssg/trellis/generator/diag"
)

// Languages are the languages a site is published in, in the order
// site.yaml lists them: the first is the default, published at the site's
// root; every other is published under /<code>/. A site without
// `languages:` has none and is published in `language` alone, exactly as
// before languages existed.
//
//	languages:
//	  en: {name: English}
//	  cy: {name: Cymraeg, title: Portffolio Hinsawdd a Llesiant Riverford}
type Languages []Language

// Language is one language of a multilingual site, with what site.yaml
// says in it. Title, Description and Statement, when set, replace the
// site's own in that language; Menu replaces the menus it lists, and
// Accessibility the fields of the accessibility statement it sets.
type Language struct {
	// Code is the language's BCP 47 code as site.yaml writes it ("cy",
	// "pt-br"); it is the folder the language is published under and the
	// suffix of its translations' files (NAME.cy.md).
	Code string `yaml:"-"`
	// Name is the language's name in itself: Cymraeg, Français.
	Name          string        `yaml:"name"`
	Title         string        `yaml:"title"`
	Description   string        `yaml:"description"`
	Statement     string        `yaml:"statement"`
	Menu          Menus         `yaml:"menu"`
	Accessibility Accessibility `yaml:"accessibility"`
	// Line is the line of the language's key in site.yaml.
	Line int `yaml:"-"`
}

// UnmarshalYAML reads `languages:` as a mapping from code to language,
// keeping site.yaml's order.
func (ls *Languages) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: languages must be a mapping of language codes, such as `en: {name: English}`", n.Line)}}
	}
	out := Languages{}
	var errs []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		l := Language{Code: k.Value, Line: k.Line}
		if v.Kind == yaml.ScalarNode && v.Tag != "!!null" {
			// `cy: Cymraeg` is short for `cy: {name: Cymraeg}`.
			l.Name = v.Value
		} else if v.Tag != "!!null" {
			if err := v.Decode(&l); err != nil {
				if te, ok := err.(*yaml.TypeError); ok {
					errs = append(errs, te.Errors...)
				} else {
					errs = append(errs, err.Error())
				}
			}
		}
		out = append(out, l)
	}
	*ls = out
	if len(errs) > 0 {
		return &yaml.TypeError{Errors: errs}
	}
	return nil
}

// JSONSchema is the JSON Schema of `languages:` for editors' tooling.
func (Languages) JSONSchema() map[string]any {
	return map[string]any{"type": "object", "additionalProperties": map[string]any{
		"oneOf": []any{typeSchema(reflect.TypeOf(Language{})), map[string]any{"type": "string"}},
	}}
}

// codeRe is the shape of a language code trellis publishes under: a BCP 47
// tag of letters and digits in lowercase subtags, such as cy, fr or pt-br.
var codeRe = regexp.MustCompile(`^[a-z]{2,3}(-[a-z0-9]{2,8})*$`)

// validateLanguages checks `languages:`: each code a language, listed
// once, each with its name; and `language:`, when also set, the first.
func (c *Config) validateLanguages(diags *diag.List, at where) {
	if len(c.Languages) == 0 {
		return
	}
	seen := map[string]bool{}
	for i := range c.Languages {
		l := &c.Languages[i]
		key := "languages." + l.Code
		if !codeRe.MatchString(l.Code) {
			diags.Errorf(FileName, l.Line, "config-language", "write a language code in lowercase, such as en, cy, fr or pt-br",
				"languages: %q is not a language code", l.Code)
		} else if _, err := language.Parse(l.Code); err != nil {
			diags.Errorf(FileName, l.Line, "config-language", "use the language's ISO 639 code, such as en, cy, fr, es, de or ar",
				"languages: %q is not a known language", l.Code)
		}
		if seen[l.Code] {
			diags.Errorf(FileName, l.Line, "config-language", "list each language once", "languages: %q is listed twice", l.Code)
		}
		seen[l.Code] = true
		l.Name = strings.TrimSpace(l.Name)
		if l.Name == "" {
			diags.Errorf(FileName, l.Line, "config-language-name",
				fmt.Sprintf("give the language's name as it is written in that language: %s: {name: …}", l.Code),
				"languages: %q has no name", l.Code)
		}
		for _, m := range []struct {
			name    string
			entries []MenuEntry
		}{{"main", l.Menu.Main}, {"footer", l.Menu.Footer}} {
			c.validateMenu(diags, key+".menu."+m.name, m.entries)
		}
	}
	if v := at.vals["language"]; v != nil && v.Value != c.Languages[0].Code {
		diags.Add(diag.Diagnostic{File: FileName, Line: v.Line, Col: v.Column, Severity: diag.Error, Code: "config-language",
			Message: fmt.Sprintf("language is %q but the first of languages is %q", v.Value, c.Languages[0].Code),
			Hint:    "with languages:, the first one listed is the default: remove language:, or list " + v.Value + " first"})
	}
}

// Codes are the languages' codes, in order; nil on a site without
// `languages:` (content.Options.Languages takes them).
func (ls Languages) Codes() []string {
	var out []string
	for _, l := range ls {
		out = append(out, l.Code)
	}
	return out
}

// Multilingual reports whether the site is published in more than one
// language.
func (c *Config) Multilingual() bool { return len(c.Languages) > 1 }

// LanguageCodes are the codes of the site's languages, the default first:
// `language` alone on a site without `languages:`.
func (c *Config) LanguageCodes() []string {
	if len(c.Languages) == 0 {
		return []string{c.Language}
	}
	out := make([]string, len(c.Languages))
	for i, l := range c.Languages {
		out[i] = l.Code
	}
	return out
}

// DefaultLanguage is the language published at the site's root.
func (c *Config) DefaultLanguage() string {
	if len(c.Languages) > 0 {
		return c.Languages[0].Code
	}
	return c.Language
}

// LanguageOf returns the language of the site with the given code, or
// false when the site has no such language.
func (c *Config) LanguageOf(code string) (Language, bool) {
	for _, l := range c.Languages {
		if l.Code == code {
			return l, true
		}
	}
	return Language{}, false
}

// In returns the configuration as the pages in one of the site's languages
// see it: Language is code, and the language's title, description,
// statement, menus and accessibility statement replace the site's where it
// sets them. For the default language (or on a site without languages) it
// returns c itself.
func (c *Config) In(code string) *Config {
	l, ok := c.LanguageOf(code)
	if !ok || code == c.DefaultLanguage() && l.Title == "" && l.Description == "" && l.Statement == "" &&
		len(l.Menu.Main) == 0 && len(l.Menu.Footer) == 0 && reflect.ValueOf(l.Accessibility).IsZero() {
		return c
	}
	n := *c
	n.Language = code
	n.lang = code
	if l.Title != "" {
		n.Title = l.Title
	}
	if l.Description != "" {
		n.Description = l.Description
	}
	if l.Statement != "" {
		n.Statement = l.Statement
	}
	if len(l.Menu.Main) > 0 {
		n.Menu.Main = l.Menu.Main
	}
	if len(l.Menu.Footer) > 0 {
		n.Menu.Footer = l.Menu.Footer
	}
	a := reflect.ValueOf(&n.Accessibility).Elem()
	over := reflect.ValueOf(l.Accessibility)
	for i := 0; i < a.NumField(); i++ {
		if !over.Field(i).IsZero() {
			a.Field(i).Set(over.Field(i))
		}
	}
	return &n
}

// Prefix is the site path the pages in the configuration's language are
// published under: "" for the default language, "cy/" for another.
func (c *Config) Prefix() string {
	if c.lang == "" || c.lang == c.DefaultLanguage() {
		return ""
	}
	return c.lang + "/"
}

// LangURL is URL for a page of the site in the configuration's language
// ("map/", "initiatives/"): under /cy/ for Welsh. Files every language
// shares (assets, open data) go through URL.
func (c *Config) LangURL(p string) string { return c.URL(c.Prefix() + strings.TrimPrefix(p, "/")) }

// rtlScripts are the scripts written right to left (ISO 15924).
var rtlScripts = map[string]bool{"Arab": true, "Hebr": true, "Thaa": true, "Syrc": true, "Nkoo": true, "Adlm": true, "Rohg": true, "Mand": true, "Samr": true}

// Dir is the writing direction of a language code for HTML's dir
// attribute: "rtl" for Arabic, Hebrew, Persian, Urdu and the other
// languages written in a right-to-left script, "" otherwise. The script
// comes from CLDR's likely subtags (golang.org/x/text/language).
func Dir(code string) string {
	tag, err := language.Parse(code)
	if err != nil {
		return ""
	}
	if s, _ := tag.Script(); rtlScripts[s.String()] {
		return "rtl"
	}
	return ""
}

// validateMenu checks one menu's entries; key is where it stands in
// site.yaml ("menu.main", "languages.cy.menu.main").
func (c *Config) validateMenu(diags *diag.List, key string, entries []MenuEntry) {
	for i := range entries {
		e := &entries[i]
		k := key + "." + strconv.Itoa(i)
		e.Line = c.Line(k)
		e.Title = strings.TrimSpace(e.Title)
		switch {
		case e.Title == "":
			diags.Errorf(FileName, e.Line, "config-menu", "write it as {title: About, page: about} or {title: Council, url: https://…}", "%s entry %d has no title", key, i+1)
		case (e.Page == "") == (e.URL == ""):
			diags.Errorf(FileName, e.Line, "config-menu", "give either page: (a page of the site, by slug or path) or url:", "%s entry %q needs exactly one of page and url", key, e.Title)
		case e.URL != "":
			if msg := menuURLProblem(e.URL); msg != "" {
				diags.Errorf(FileName, c.lineOr(k+".url", e.Line), "config-menu-url", "use an https:// or mailto: address, or a path of the site starting with /", "%s entry %q: %s", key, e.Title, msg)
			}
		}
	}
}
