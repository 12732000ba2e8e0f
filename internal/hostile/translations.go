package hostile

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/locale"
	"github.com/trellis-ssg/trellis/themes"
)

// lang is the second language of the corpus: every page is published in
// it too, under /cy/.
const lang = "cy"

// textStrings are the theme strings the corpus sets in each language: every
// string of the theme's table that is plain text — not a format with
// places to fill ({n}, %d), not a number's or date's form, not the
// glossary's list of terms or the words it finds them by — and which a
// site's strings table may override: the glossary's terms and
// explanations, headings, labels, accessible names, empty states.
func textStrings(t *locale.Table) []string {
	var keys []string
	for _, k := range t.Keys() {
		v := t.T(k)
		switch {
		case k == "glossary.terms", strings.HasSuffix(k, ".words"), strings.ContainsAny(v, "{%"),
			strings.HasPrefix(k, "number."), strings.HasPrefix(k, "date"), strings.HasPrefix(k, "month"):
			continue
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// translations makes the corpus a site in two languages: site.yaml's
// languages, with the second's name, title, description, statement and
// menu holding payloads; translations (NAME.cy.md) of the pages of every
// kind, until every payload has been through one, every text field it may set and its body holding
// payloads; and the site's own strings tables, which add to the theme's,
// with payloads in every string of text (textStrings).
func (w *writer) translations() error {
	const file = "site.yaml"
	src, err := os.ReadFile(filepath.Join(w.dir, file))
	if err != nil {
		return err
	}
	cfg := map[string]any{}
	if err := yaml.Unmarshal(src, &cfg); err != nil {
		return err
	}
	text := func(key string) string {
		return w.inLang(w.take("translation", "site.yaml languages."+lang+"."+key, file, true)).Value()
	}
	cy := map[string]any{"name": text("name"), "title": text("title"), "description": text("description"), "statement": text("statement")}
	var main []any
	for i := range 3 {
		main = append(main, map[string]any{"title": text("menu.main title"), "url": fmt.Sprintf("/views/#%s-%d", lang, i)})
	}
	cy["menu"] = map[string]any{"main": main}
	// The base site's languages, in their order, then the corpus's.
	var base struct {
		Languages yaml.Node `yaml:"languages"`
	}
	if err := yaml.Unmarshal(src, &base); err != nil {
		return err
	}
	langs := &base.Languages
	if langs.Kind != yaml.MappingNode {
		langs = &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: "en"}, node(map[string]any{"name": "English"})}}
	}
	// The corpus's second language replaces the base site's own entry for
	// it, if it has one (a language is listed once), and comes last: the
	// site.yaml read here was written from a map, in sorted order, and the
	// base site's default must stay first.
	var kept []*yaml.Node
	for i := 0; i+1 < len(langs.Content); i += 2 {
		if langs.Content[i].Value != lang {
			kept = append(kept, langs.Content[i], langs.Content[i+1])
		}
	}
	langs.Content = append(kept, &yaml.Node{Kind: yaml.ScalarNode, Value: lang}, node(cy))
	cfg["languages"] = langs
	out, err := yaml.Marshal(cfg)
	if err != nil {
		return err
	}
	if err := w.write(file, out); err != nil {
		return err
	}
	for round := 0; round < w.rounds && !w.done("translation"); round++ {
		for _, k := range kinds {
			if err := w.translation(k, round); err != nil {
				return err
			}
		}
	}
	return w.strings()
}

func node(v any) *yaml.Node {
	var n yaml.Node
	n.Encode(v)
	return &n
}

// translation writes the translation of a round's page of kind k.
func (w *writer) translation(k content.Kind, round int) error {
	slug := fmt.Sprintf("hostile-%s-%d", k, round)
	if k == content.KindPage {
		slug = fmt.Sprintf("hostile-page-%d", round)
	}
	folder := k.Folder()
	if folder != "" {
		folder += "/"
	}
	file := "content/" + folder + slug + "/index." + lang + ".md"
	fm := map[string]any{}
	for _, fd := range content.Fields(k) {
		if !slices.Contains(content.Translatable, fd.Name) || fd.Name == "slug" {
			continue
		}
		switch {
		case fd.Type.Kind == content.TString || fd.Type.Kind == content.TText:
			if k == content.KindNarrative && fd.Name == "moderation" {
				continue
			}
			fm[fd.Name] = w.inLang(w.take("translation", "translation "+string(k)+"."+fd.Name, file, true)).Value()
		case fd.Type.Kind == content.TList && (fd.Type.Elem.Kind == content.TString || fd.Type.Elem.Kind == content.TText):
			fm[fd.Name] = []any{w.inLang(w.take("translation", "translation "+string(k)+"."+fd.Name, file, true)).Value()}
		}
	}
	if fm["title"] == nil {
		fm["title"] = w.inLang(w.take("translation", "translation "+string(k)+".title", file, true)).Value()
	}
	doc, err := yamlDoc(fm)
	if err != nil {
		return err
	}
	n := len(w.placed)
	body := w.bodyThrough("translation", file)
	for i := n; i < len(w.placed); i++ {
		w.placed[i].Lang = lang
	}
	return w.write(file, append(doc, body...))
}

// inLang marks the last placement, p, as published in the second
// language.
func (w *writer) inLang(p Payload) Payload {
	p.Lang = lang
	w.placed[len(w.placed)-1].Lang = lang
	return p
}

// strings writes the site's strings tables for both languages, with
// payloads in every string of text.
func (w *writer) strings() error {
	for _, l := range []string{"en", lang} {
		file := "themes/default/" + locale.File(l)
		t, err := locale.Load(themes.Default, l)
		if err != nil {
			return err
		}
		out := map[string]string{}
		for _, k := range textStrings(t) {
			p := w.take("translation", "strings "+l+" "+k, file, true)
			// A string this site has no use for (an empty state of a
			// list it fills) is not published.
			p.Optional = true
			w.placed[len(w.placed)-1].Optional = true
			if l != "en" {
				p = w.inLang(p)
			}
			out[k] = p.Value()
		}
		b, err := yaml.Marshal(out)
		if err != nil {
			return err
		}
		if err := w.write(file, b); err != nil {
			return err
		}
	}
	return nil
}
