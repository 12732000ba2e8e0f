package opendata

import (
	"fmt"
	"slices"

	"github.com/trellis-ssg/trellis/generator/content"
)

// On a site in several languages, the open data stay one set of files in
// the default language, keyed by the same ids, and say what each entity
// is called in the site's other languages: portfolio.json gives each
// entity its language and translations, translations.csv one row per
// translation. A site in one language publishes neither.

// Translation is an entity's version in another of the site's languages.
type Translation struct {
	Lang    string `json:"lang"`
	Slug    string `json:"slug"`
	URL     string `json:"url"`
	Title   string `json:"title"`
	Summary string `json:"summary,omitempty"`
	// Fields are the entity's other text fields the translation sets
	// (questions, context, rationale, quote…), as the entity's fields
	// give them; only those the entity exports.
	Fields map[string]any `json:"fields,omitempty"`
}

// translationSchema is the JSON Schema of a Translation.
var translationSchema = map[string]any{"type": "object", "required": []string{"lang", "slug", "url", "title"}, "additionalProperties": false,
	"properties": map[string]any{
		"lang":    map[string]any{"type": "string", "description": "The translation's language: a BCP 47 code of the site's languages."},
		"slug":    map[string]any{"type": "string", "description": "The last part of the translation's URL."},
		"url":     map[string]any{"type": "string", "format": "uri", "description": "The translation's page on this site."},
		"title":   map[string]any{"type": "string", "description": "The title in that language."},
		"summary": map[string]any{"type": "string", "description": "The summary in that language, when the entity exports one."},
		"fields":  map[string]any{"type": "object", "description": "The entity's other text fields that the translation sets (questions, context, rationale, quote…), in that language, as the entity's fields give them."},
	}}

// translationsCSV is the file of every entity's translations.
const translationsCSV = "translations.csv"

func translationsTable() *table {
	return &table{name: translationsCSV, title: "Translations",
		about: "On a site in several languages, one row per translation of an entity into another of its languages, " +
			"with what the entity is called there; every other file is in the site's default language.",
		cols: append(translationKey(), column{name: "slug", datatype: "string", about: "The last part of the translation's URL."},
			column{name: "page_url", datatype: "anyURI", about: "The translation's page on this site."},
			column{name: "title", datatype: "string", about: "The title in that language."},
			column{name: "summary", datatype: "string", about: "The summary in that language, when the entity exports one."})}
}

// translationKey are the columns that say which entity a row translates,
// and into which language.
func translationKey() []column {
	return []column{{name: "id", datatype: "string", about: "The id of the entity translated.", ref: "entities.csv"},
		{name: "lang", datatype: "language", about: "The translation's language: a BCP 47 code of the site's languages."}}
}

// translationFieldsCSV is the file of the other text fields translations
// set, one row per value: the long form keeps the file one shape for every
// kind, and a list's items in their order.
const translationFieldsCSV = "translation_fields.csv"

func translationFieldsTable() *table {
	return &table{name: translationFieldsCSV, title: "Translated text fields",
		about: "On a site in several languages, the text fields other than title and summary that a translation sets " +
			"(questions, context, rationale, quote…): one row per value, a list's items one row each in their order.",
		cols: append(translationKey(),
			column{name: "field", datatype: "string", about: "The front matter field, as the entity's own file names it."},
			column{name: "value", datatype: "string", about: "The field's value in that language; one row per item of a list."})}
}

// fieldRows are a translation's other text fields as rows of
// translation_fields.csv, in content.Translatable's order.
func fieldRows(id string, tr Translation) [][]string {
	var rows [][]string
	for _, name := range content.Translatable {
		v, ok := tr.Fields[name]
		if !ok {
			continue
		}
		var vals []string
		switch v := v.(type) {
		case []string:
			vals = v
		case []any:
			for _, e := range v {
				vals = append(vals, fmt.Sprint(e))
			}
		default:
			vals = []string{fmt.Sprint(v)}
		}
		for _, val := range vals {
			rows = append(rows, []string{id, tr.Lang, name, val})
		}
	}
	return rows
}

// translations returns the language p is written in and its versions in
// the site's other languages; nothing on a site in one language.
func (x *exporter) translations(p *content.Page) (string, []Translation) {
	if !x.pf.Config.Multilingual() {
		return "", nil
	}
	own := x.fields(p)
	_, summary := own["summary"]
	var out []Translation
	for _, v := range x.pf.Versions(p)[1:] {
		t := Translation{Lang: v.Lang, Slug: v.OwnSlug(), URL: x.pf.Config.AbsURL(v.Path()), Title: v.Title}
		if lp := x.pf.Language(v.Lang); summary && lp != nil {
			t.Summary = lp.Summary(v)
		}
		for _, name := range content.Translatable {
			_, exported := own[name]
			_, set := v.Lines[name]
			if !exported || !set || slices.Contains([]string{"title", "summary", "slug", "draft", "updated"}, name) {
				continue
			}
			if val, ok := x.fields(v)[name]; ok {
				if t.Fields == nil {
					t.Fields = map[string]any{}
				}
				t.Fields[name] = val
			}
		}
		out = append(out, t)
	}
	return p.Lang, out
}
