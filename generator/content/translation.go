package content

import (
	"bytes"
	"fmt"
	"path"
	"reflect"
	"slices"
	"sort"
	"strings"

	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"

	"github.com/trellis-ssg/trellis/generator/diag"
)

// A translation is a page's text in another of the site's languages: a
// file beside the page named NAME.LANG.md (a bundle's index.LANG.md),
// the convention Hugo users know. It is a version of the same entity, not
// a page of its own: it shares the original's identity, references and
// every front matter field it does not set, and may set only the fields
// that are text (Translatable). Load reads translations only on a site
// with `languages:` (Options.Languages) and returns them, merged with
// their originals, in Set.Translations.

// Translatable are the front matter fields a translation may set. Every
// other field is the entity's, set once in the original.
var Translatable = []string{"title", "summary", "slug", "draft", "updated", "image",
	"questions", "context", "rationale", "quote", "teller_role", "content_note", "moderation", "media", "transcript",
	"stage"}

// translationFields is the schema a translation's front matter is checked
// with: the translatable fields of every kind, none of them required.
var translationFields = func() []Field {
	var out []Field
	seen := map[string]bool{}
	for _, k := range append([]Kind{KindPage}, Kinds...) {
		for _, fd := range Fields(k) {
			if slices.Contains(Translatable, fd.Name) && !seen[fd.Name] {
				seen[fd.Name] = true
				fd.Required = false
				out = append(out, fd)
			}
		}
	}
	return out
}()

// anyField reports whether name is a front matter field of some kind.
func anyField(name string) bool {
	for _, k := range append([]Kind{KindPage}, Kinds...) {
		for _, fd := range Fields(k) {
			if fd.Name == name {
				return true
			}
		}
	}
	return false
}

// splitLang splits a Markdown file name into its name and the language
// suffix before ".md": "bike-library.cy.md" → "bike-library", "cy". The
// suffix is "" when there is none, or it is no language code.
func splitLang(file string) (name, lang string) {
	base := strings.TrimSuffix(path.Base(file), ".md")
	i := strings.LastIndexByte(base, '.')
	if i <= 0 {
		return base, ""
	}
	code := base[i+1:]
	if !looksLikeLanguage(code) {
		return base, ""
	}
	return base[:i], code
}

// looksLikeLanguage reports whether s is written like a language code a
// site could list (cy, fr, pt-br) and CLDR knows it.
func looksLikeLanguage(s string) bool {
	if len(s) < 2 || len(s) > 12 || strings.ToLower(s) != s {
		return false
	}
	first, _, _ := strings.Cut(s, "-")
	if len(first) > 3 {
		return false
	}
	_, err := language.Parse(s)
	return err == nil
}

// isTranslationOf reports whether a file name is named as a translation of
// the file index (index.cy.md of index.md): a bundle with translations of
// its page is still a bundle.
func isTranslationOf(name, index string) bool {
	n, lang := splitLang(name)
	return lang != "" && n+".md" == index
}

// translations finds the translations among the sources walk found: a
// file NAME.LANG.md, or a bundle's index.LANG.md, whose LANG is one of the
// site's languages, or is a language code and has its original beside it.
// langs are the site's language codes, the default first; without them
// nothing is a translation, and a file that looks like one is a page as it
// always was (a warning says how to make it a translation).
func translations(srcs []source, langs []string, diags *diag.List) []source {
	exists := map[string]bool{}
	for _, s := range srcs {
		exists[s.file] = true
	}
	original := func(dir, name string) string {
		if name == "index" {
			return path.Join(dir, "index.md")
		}
		if f := path.Join(dir, name+".md"); exists[f] {
			return f
		}
		if f := path.Join(dir, name, "index.md"); exists[f] {
			return f
		}
		if len(langs) > 0 {
			if f := path.Join(dir, name+"."+langs[0]+".md"); exists[f] {
				return f
			}
		}
		return path.Join(dir, name+".md")
	}
	out := make([]source, 0, len(srcs))
	for _, s := range srcs {
		if s.bundle != "" {
			// A bundle's index.LANG.md files are its translations, not its resources.
			var keep []string
			var trs []source
			for _, r := range s.resources {
				name, lang := splitLang(r)
				if name != "index" || lang == "" || strings.Contains(r, "/") {
					keep = append(keep, r)
					continue
				}
				trs = append(trs, source{file: s.bundle + "/" + r, kind: s.kind, section: s.section, bundle: s.bundle, lang: lang, orig: s.file})
			}
			if len(trs) == 0 || len(langs) == 0 {
				if len(trs) > 0 {
					likeTranslation(trs[0], diags)
				}
				out = append(out, s)
				continue
			}
			s.resources = keep
			out = append(out, s)
			for _, t := range trs {
				t.resources = keep
				out = append(out, t)
			}
			continue
		}
		name, lang := splitLang(s.file)
		if lang == "" {
			out = append(out, s)
			continue
		}
		orig := original(path.Dir(s.file), name)
		known := slices.Contains(langs, lang)
		switch {
		case len(langs) == 0:
			if exists[orig] {
				likeTranslation(source{file: s.file, lang: lang, orig: orig}, diags)
			}
			out = append(out, s)
		case !known && !exists[orig]:
			out = append(out, s) // an ordinary page whose name has a dot
		case lang == langs[0]:
			// NAME.en.md on a site whose default is English is the page itself.
			s.lang = lang
			out = append(out, s)
		default:
			s.lang, s.orig = lang, orig
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].file < out[j].file })
	return out
}

// likeTranslation warns about a file named as a translation on a site
// that has no languages.
func likeTranslation(s source, diags *diag.List) {
	diags.Warnf(s.file, 0, "translation-no-languages",
		fmt.Sprintf("list the site's languages in site.yaml (languages: {en: {name: English}, %s: {name: …}}) to publish it as the translation of %s, or rename it", s.lang, s.orig),
		"the file is named like a translation (%s), but the site has no `languages:`", s.lang)
}

// linkTranslations joins each translation of set (loaded as pages with
// Lang and orig set) with its original, checks it, and puts the merged
// versions in set.Translations. langs are the site's languages.
func linkTranslations(set *Set, trs []*Page, langs []string, opt Options, diags *diag.List) {
	byFile := map[string]*Page{}
	for _, p := range set.Pages {
		byFile[p.File] = p
	}
	left := map[string]bool{} // originals that are drafts left out, or unreadable
	for _, p := range set.Drafts {
		left[p.File] = true
	}
	for _, p := range set.Unreadable {
		left[p.File] = true
	}
	type key struct {
		orig *Page
		lang string
	}
	done := map[key]*Page{}
	var files []string
	for f := range byFile {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, t := range trs {
		if !slices.Contains(langs, t.Lang) {
			diags.Add(diag.Diagnostic{File: t.File, Line: 1, Severity: diag.Error, Code: "translation-language",
				Message: fmt.Sprintf("the file is a translation into %q, which is not one of the site's languages", t.Lang),
				Hint:    fmt.Sprintf("add %s to languages: in site.yaml (%s: {name: …}), or rename the file; the site's languages are %s", t.Lang, t.Lang, strings.Join(langs, ", "))})
			continue
		}
		o := byFile[t.orig]
		if o == nil {
			if left[t.orig] {
				continue // the original is a draft left out, or has its own error
			}
			hint := fmt.Sprintf("a translation sits beside its original with the language before .md: create %s, or rename this file after the page it translates", t.orig)
			if s := diag.Suggest(t.orig, files); s != "" {
				hint = fmt.Sprintf("did you mean a translation of %s? Name it %s", s, translationName(s, t.Lang))
			}
			diags.Add(diag.Diagnostic{File: t.File, Line: 1, Severity: diag.Error, Code: "translation-orphan",
				Message: fmt.Sprintf("translation of a page that does not exist: there is no %s", t.orig), Hint: hint})
			continue
		}
		if o.Withheld != "" {
			continue // a story not published is published in no language
		}
		k := key{o, t.Lang}
		if first := done[k]; first != nil {
			diags.Errorf(t.File, 1, "translation-duplicate", "keep one of them", "%s is translated into %s twice; the other is %s", o.File, t.Lang, first.File)
			continue
		}
		for name := range t.Lines {
			if slices.Contains(Translatable, name) && !slices.ContainsFunc(Fields(o.Kind), func(fd Field) bool { return fd.Name == name }) {
				diags.Warnf(t.File, t.Line(name), "fm-unknown-field", fmt.Sprintf("remove it: %ss have no `%s`", o.Kind, name), "unknown field `%s`", name)
			}
		}
		v := translate(o, t)
		checkAnonymity(v, t.matter, diags)
		t.matter = nil
		if opt.GitDates && !t.Committed.IsZero() && o.Committed.After(t.Committed.Time) {
			diags.Warnf(t.File, 1, "translation-outdated",
				fmt.Sprintf("%s changed on %s, after this translation (%s): update the translation, then commit it", o.File, o.Committed, t.Committed),
				"translation may be out of date")
		}
		done[k] = t
		set.Translations = append(set.Translations, v)
	}
	checkTranslationSlugs(set, diags)
}

// translationName is the file name of file's translation into lang.
func translationName(file, lang string) string {
	return strings.TrimSuffix(file, ".md") + "." + lang + ".md"
}

// translate merges a translation into its original: the original's
// identity and fields, with the fields the translation sets, its text and
// its own place (file, lines, site path under /LANG/).
func translate(o, t *Page) *Page {
	v := *o
	v.Lang = t.Lang
	v.Original = o
	v.File = t.File
	v.Lines = t.Lines
	v.Refs = nil // the original's, resolved once for the entity
	v.Body = t.Body
	v.Committed = t.Committed
	v.Params = o.Params
	dst := reflect.ValueOf(&v.Meta).Elem()
	src := reflect.ValueOf(&t.Meta).Elem()
	for i := 0; i < dst.NumField(); i++ {
		name, _, _ := strings.Cut(dst.Type().Field(i).Tag.Get("yaml"), ",")
		if _, set := t.Lines[name]; set && slices.Contains(Translatable, name) {
			dst.Field(i).Set(src.Field(i))
		}
	}
	if t.Title != "" {
		v.Title = t.Title // its own, or its first heading's (TitleFromHeading)
	}
	if strings.TrimSpace(v.Title) == "" || t.Draft && t.Title == t.Slug {
		v.Title = o.Title
	}
	slug := o.Slug
	if t.SlugKey != "" && ValidSlug(t.SlugKey) {
		slug = t.SlugKey
	}
	own := v
	own.Slug = slug
	v.path = t.Lang + "/" + own.sitePath()
	return &v
}

// OwnSlug is the slug of a page's own URL: a translation's `slug` when it
// sets one, else the page's slug.
func (p *Page) OwnSlug() string {
	if p.Original != nil && p.SlugKey != "" && ValidSlug(p.SlugKey) {
		return p.SlugKey
	}
	return p.Slug
}

// Entity is the page in the site's default language that p is a version
// of: p itself, or the original p translates.
func (p *Page) Entity() *Page {
	if p.Original != nil {
		return p.Original
	}
	return p
}

// checkTranslationSlugs reports a translation whose slug is another
// page's: in one language, every page of a kind has its own address, and
// a wiki-link by slug finds one page.
func checkTranslationSlugs(set *Set, diags *diag.List) {
	type claim struct {
		lang, path string
	}
	owner := map[claim]*Page{}
	// Every language has every entity at its original address, as the
	// untranslated page links there; a translation's own slug adds its own.
	var langs []string
	for _, v := range set.Translations {
		if !slices.Contains(langs, v.Lang) {
			langs = append(langs, v.Lang)
		}
	}
	for _, l := range langs {
		for _, p := range set.Pages {
			owner[claim{l, p.sitePath()}] = p
		}
	}
	kept := set.Translations[:0]
	for _, v := range set.Translations {
		if v.OwnSlug() == v.Slug {
			kept = append(kept, v)
			continue
		}
		own := *v
		own.Slug = v.OwnSlug()
		c := claim{v.Lang, own.sitePath()}
		if other := owner[c]; other != nil && other != v.Original {
			diags.Errorf(v.File, v.Line("slug"), "translation-slug",
				fmt.Sprintf("choose another slug: %s is %s, and a translation into %s would take its address", "/"+c.path, other.File, v.Lang),
				"the translation's slug %q is the slug of another page", v.OwnSlug())
			continue
		}
		owner[c] = v.Original
		kept = append(kept, v)
	}
	set.Translations = kept
}

// StartTranslation returns the text of a new translation of the page whose
// file holds src (`trellis new --lang`): YAML front matter with the
// original's translatable fields, its text to translate, in its order,
// then its body. Every other field stays the original's and is left out;
// so is `updated`, which is the translation's own to set. The translation
// starts as a draft (its text is still the original's, and its links
// to headings name the original's headings), published once its editor
// removes `draft: true`. note, when not empty, heads the front matter as
// a comment.
func StartTranslation(src []byte, note string) ([]byte, error) {
	src = bytes.ReplaceAll(bytes.TrimPrefix(src, []byte("\uFEFF")), []byte("\r\n"), []byte("\n"))
	m, err := splitMatter(src)
	if err != nil {
		return nil, err
	}
	out := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
		{Kind: yaml.ScalarNode, Value: "draft"}, {Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"}}}
	if m.root != nil && m.root.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(m.root.Content); i += 2 {
			k := m.root.Content[i]
			if k.Value != "updated" && k.Value != "draft" && slices.Contains(Translatable, k.Value) {
				out.Content = append(out.Content, k, m.root.Content[i+1])
			}
		}
	}
	var b bytes.Buffer
	if note != "" {
		for _, l := range strings.Split(note, "\n") {
			b.WriteString("# " + l + "\n")
		}
	}
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	enc.Close()
	front := b.String()
	return []byte("---\n" + front + "---\n" + string(m.body)), nil
}
