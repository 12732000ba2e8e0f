// Package opendata publishes the portfolio as reusable data: the whole
// portfolio as JSON with its JSON Schema, CSV files per kind, the funding
// lines and the link list as CSV, CSV on the Web metadata and a DCAT
// catalogue carrying the site's data licence. It sits between portfolio and
// render: it turns a Portfolio into files and never writes them itself.
//
// Stories are exported only within their tellers' consent (data-export
// scope); consent records themselves never leave the content folder.
package opendata

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// File is one published data file, its name relative to the site root.
type File struct {
	Name      string
	Data      []byte
	MediaType string
	Title     string
	About     string // what the file holds, for the /data/ page
}

// Entity is one published page in portfolio.json.
type Entity struct {
	ID      string         `json:"id"`
	Kind    content.Kind   `json:"kind"`
	Slug    string         `json:"slug"`
	URL     string         `json:"url"`
	Title   string         `json:"title"`
	Fields  map[string]any `json:"fields"`
	LinksTo []Link         `json:"links_to"`
	Linked  []Link         `json:"linked_from"`
}

// Link is a resolved reference in portfolio.json and links.csv.
type Link struct {
	ID       string `json:"id"`
	Field    string `json:"field"`
	Relation string `json:"relation,omitempty"`
}

// Document is portfolio.json.
type Document struct {
	Title      string   `json:"title"`
	URL        string   `json:"url"`
	Licence    string   `json:"licence"`
	LicenceURL string   `json:"licence_url,omitempty"`
	Generated  string   `json:"generated"`
	Entities   []Entity `json:"entities"`
}

// omitted are front matter fields that are not data: how the page is built,
// or consent records that must never be published.
var omitted = map[string]bool{"draft": true, "kind": true, "slug": true, "consent": true, "weight": true, "aliases": true, "featured": true}

// Exported reports whether a page's data may be published: a story only
// with data-export consent.
func Exported(p *content.Page) bool {
	return p.Kind != content.KindNarrative || p.Consent.Allows("data-export")
}

// ID is a page's stable identifier: its id field, or kind/slug.
func ID(p *content.Page) string {
	if p.ID != "" {
		return p.ID
	}
	return string(p.Kind) + "/" + p.Slug
}

// Build returns every open data file of pf.
func Build(pf *portfolio.Portfolio) ([]File, error) {
	var pages []*content.Page
	for _, p := range pf.Pages {
		if Exported(p) {
			pages = append(pages, p)
		}
	}
	exported := map[*content.Page]bool{}
	for _, p := range pages {
		exported[p] = true
	}
	doc := Document{Title: pf.Config.Title, URL: pf.Config.AbsURL(""), Licence: pf.Config.Licence.Data, LicenceURL: pf.Config.Licence.DataURL,
		Generated: generated(pf)}
	for _, p := range pages {
		e := Entity{ID: ID(p), Kind: p.Kind, Slug: p.Slug, URL: pf.Config.AbsURL(p.Path()), Title: p.Title, Fields: Fields(p),
			LinksTo: []Link{}, Linked: []Link{}}
		for _, ed := range pf.Out(p) {
			if exported[ed.To] {
				e.LinksTo = append(e.LinksTo, Link{ID: ID(ed.To), Field: ed.Field, Relation: ed.Relation})
			}
		}
		for _, ed := range pf.In(p) {
			if exported[ed.From] {
				e.Linked = append(e.Linked, Link{ID: ID(ed.From), Field: ed.Field, Relation: ed.Relation})
			}
		}
		doc.Entities = append(doc.Entities, e)
	}
	var files []File
	js, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	files = append(files, File{Name: "data/portfolio.json", Data: append(js, '\n'), MediaType: "application/json", Title: "The whole portfolio",
		About: "Every published entity with its stable id, its fields, and its resolved links in both directions."})
	schema, err := json.MarshalIndent(Schema(pf.Config.Statuses), "", " ")
	if err != nil {
		return nil, err
	}
	files = append(files, File{Name: "data/portfolio.schema.json", Data: append(schema, '\n'), MediaType: "application/schema+json", Title: "JSON Schema of portfolio.json",
		About: "The structure of portfolio.json, generated from the same definitions trellis validates content with."})
	tables := csvTables(pf, pages, exported)
	for _, t := range tables {
		files = append(files, File{Name: "data/" + t.name, Data: t.bytes(), MediaType: "text/csv", Title: t.title, About: t.about})
	}
	meta, err := json.MarshalIndent(csvMetadata(pf, tables), "", " ")
	if err != nil {
		return nil, err
	}
	files = append(files, File{Name: "data/csv-metadata.json", Data: append(meta, '\n'), MediaType: "application/csvm+json", Title: "CSV on the Web metadata",
		About: "Column names, types and keys of every CSV file (W3C CSV on the Web), so tools can read them without guessing."})
	iati, err := IATI(pf)
	if err != nil {
		return nil, err
	}
	if iati != nil {
		files = append(files, File{Name: "data/iati-activities.xml", Data: iati, MediaType: "application/xml", Title: "IATI activities",
			About: "The initiatives as IATI 2.03 activities: status, participating organisations and their roles, dates, budgets and related activities."})
	}
	cat, err := json.MarshalIndent(catalog(pf, files), "", " ")
	if err != nil {
		return nil, err
	}
	files = append(files, File{Name: "data/catalog.jsonld", Data: append(cat, '\n'), MediaType: "application/ld+json", Title: "DCAT catalogue",
		About: "A W3C DCAT description of these datasets and their licence, for data portals to harvest."})
	return files, nil
}

func generated(pf *portfolio.Portfolio) string {
	var newest time.Time
	for _, p := range pf.Pages {
		if u := p.LastUpdated(); u.After(newest) {
			newest = u.Time
		}
	}
	if newest.IsZero() {
		return ""
	}
	return newest.Format("2006-01-02")
}

// Fields returns the page's front matter fields as data, by their front
// matter names, leaving out empty values, consent records and, for an
// anonymous or pseudonymous story, the teller.
func Fields(p *content.Page) map[string]any {
	out := map[string]any{}
	mv := reflect.ValueOf(p.Meta)
	mt := mv.Type()
	byTag := map[string]int{}
	for i := 0; i < mt.NumField(); i++ {
		name, _, _ := strings.Cut(mt.Field(i).Tag.Get("yaml"), ",")
		byTag[name] = i
	}
	for _, f := range content.Fields(p.Kind) {
		if omitted[f.Name] || f.Name == "title" || f.Name == "id" || f.Name == "videoId" {
			continue
		}
		if f.Name == "teller" && p.Hidden() {
			continue
		}
		i, ok := byTag[f.Name]
		if !ok {
			continue
		}
		v := mv.Field(i)
		if v.IsZero() {
			continue
		}
		out[f.Name] = plain(v.Interface())
	}
	if p.Kind == content.KindSource && p.VideoID() != "" {
		out["video_id"] = p.VideoID()
	}
	return out
}

// plain turns a front matter value into JSON-friendly data: dates as
// YYYY-MM-DD, structs as objects keyed by their front matter names.
func plain(v any) any {
	switch x := v.(type) {
	case content.Date:
		return x.String()
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer:
		if rv.IsNil() {
			return nil
		}
		return plain(rv.Elem().Interface())
	case reflect.Slice:
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = plain(rv.Index(i).Interface())
		}
		return out
	case reflect.Struct:
		m := map[string]any{}
		for i := 0; i < rv.NumField(); i++ {
			name, _, _ := strings.Cut(rv.Type().Field(i).Tag.Get("yaml"), ",")
			if name == "" || rv.Field(i).IsZero() {
				continue
			}
			m[name] = plain(rv.Field(i).Interface())
		}
		return m
	}
	return v
}

// Schema is the JSON Schema of portfolio.json: each entity's fields follow
// its kind's front matter schema.
func Schema(statuses []string) map[string]any {
	var kinds []any
	var variants []any
	for _, k := range append([]content.Kind{content.KindPage}, content.Kinds...) {
		kinds = append(kinds, string(k))
		fs := content.JSONSchema(k, statuses)
		props := fs["properties"].(map[string]any)
		for name := range omitted {
			delete(props, name)
		}
		delete(props, "title")
		delete(props, "id")
		delete(props, "videoId")
		var req []string
		if r, ok := fs["required"].([]string); ok {
			for _, n := range r {
				if n != "title" && n != "teller" && !omitted[n] {
					req = append(req, n)
				}
			}
		}
		fields := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
		if len(req) > 0 {
			fields["required"] = req
		}
		variants = append(variants, map[string]any{
			"if":   map[string]any{"properties": map[string]any{"kind": map[string]any{"const": string(k)}}},
			"then": map[string]any{"properties": map[string]any{"fields": fields}},
		})
	}
	link := map[string]any{"type": "object", "required": []string{"id", "field"}, "additionalProperties": false,
		"properties": map[string]any{"id": map[string]any{"type": "string"}, "field": map[string]any{"type": "string"}, "relation": map[string]any{"type": "string"}}}
	entity := map[string]any{
		"type":                 "object",
		"required":             []string{"id", "kind", "slug", "url", "title", "fields", "links_to", "linked_from"},
		"additionalProperties": false,
		"properties": map[string]any{
			"id": map[string]any{"type": "string"}, "kind": map[string]any{"enum": kinds}, "slug": map[string]any{"type": "string"},
			"url": map[string]any{"type": "string"}, "title": map[string]any{"type": "string"}, "fields": map[string]any{"type": "object"},
			"links_to": map[string]any{"type": "array", "items": link}, "linked_from": map[string]any{"type": "array", "items": link},
		},
		"allOf": variants,
	}
	return map[string]any{
		"$schema": "https://json-schema.org/draft/2020-12/schema",
		"title":   "trellis portfolio",
		"type":    "object", "required": []string{"title", "entities"}, "additionalProperties": false,
		"properties": map[string]any{
			"title": map[string]any{"type": "string"}, "url": map[string]any{"type": "string"}, "licence": map[string]any{"type": "string"},
			"licence_url": map[string]any{"type": "string"}, "generated": map[string]any{"type": "string"},
			"entities": map[string]any{"type": "array", "items": entity},
		},
	}
}

// table is one CSV file.
type table struct {
	name, title, about string
	cols               []column
	rows               [][]string
	key                string            // the primary key column
	fkeys              map[string]string // column → referenced table
}

type column struct {
	name, datatype, about string
}

func (t *table) bytes() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	head := make([]string, len(t.cols))
	for i, c := range t.cols {
		head[i] = c.name
	}
	w.Write(head)
	w.WriteAll(t.rows)
	return b.Bytes()
}

// csvTables returns one table per kind, funding.csv and links.csv.
func csvTables(pf *portfolio.Portfolio, pages []*content.Page, exported map[*content.Page]bool) []*table {
	var out []*table
	for _, k := range append(content.Kinds, content.KindPage) {
		t := &table{name: k.Folder() + ".csv", title: "All " + k.Folder(), key: "id", fkeys: map[string]string{}}
		if k == content.KindPage {
			t.name, t.title = "pages.csv", "Other pages"
		}
		t.about = "One row per published " + string(k) + "; lists are joined with ';'."
		t.cols = []column{{"id", "string", "stable identifier"}, {"slug", "string", "URL slug"}, {"url", "anyURI", "the page"}, {"title", "string", "title"}}
		var fieldCols []content.Field
		for _, f := range content.Fields(k) {
			if omitted[f.Name] || f.Name == "title" || f.Name == "id" || f.Name == "videoId" || !flat(f.Type) {
				continue
			}
			fieldCols = append(fieldCols, f)
			t.cols = append(t.cols, column{f.Name, datatype(f.Type), f.Doc})
		}
		for _, p := range pages {
			if p.Kind != k {
				continue
			}
			fields := Fields(p)
			row := []string{ID(p), p.Slug, pf.Config.AbsURL(p.Path()), p.Title}
			for _, f := range fieldCols {
				row = append(row, cell(fields[f.Name]))
			}
			t.rows = append(t.rows, row)
		}
		if len(t.rows) > 0 {
			out = append(out, t)
		}
	}
	funding := &table{name: "funding.csv", title: "Funding lines", about: "One row per funding line of an initiative.",
		cols: []column{{"initiative", "string", "id of the initiative"}, {"source", "string", "id of the funding organisation"},
			{"amount", "decimal", "amount"}, {"currency", "string", "ISO 4217 currency"}, {"year", "integer", "budget year"},
			{"instrument", "string", "funding instrument"}, {"stage", "string", "planned, committed or disbursed"}, {"pool", "string", "pooled fund"}},
		fkeys: map[string]string{"initiative": "initiatives.csv", "source": "organisations.csv"}}
	for _, p := range pages {
		for _, f := range p.Funding {
			src := f.Source
			if o := pf.Page(content.KindOrganisation, f.Source); o != nil {
				src = ID(o)
			}
			year := ""
			if f.Year != 0 {
				year = strconv.Itoa(f.Year)
			}
			funding.rows = append(funding.rows, []string{ID(p), src, strconv.FormatFloat(f.Amount, 'f', -1, 64), f.Currency, year, f.Instrument, f.Stage, f.Pool})
		}
	}
	links := &table{name: "links.csv", title: "Links between entities", about: "The edge list of the portfolio graph: one row per resolved reference.",
		cols: []column{{"from", "string", "id of the referring entity"}, {"to", "string", "id of the referenced entity"},
			{"field", "string", "where the reference is written: a front matter field, or body"}, {"relation", "string", "the relation or role, if any"}}}
	for _, p := range pages {
		for _, e := range pf.Out(p) {
			if exported[e.To] {
				links.rows = append(links.rows, []string{ID(p), ID(e.To), e.Field, e.Relation})
			}
		}
	}
	return append(out, funding, links)
}

// flat reports whether a field fits one CSV cell.
func flat(t content.Type) bool {
	switch t.Kind {
	case content.TObject:
		return false
	case content.TList:
		return t.Elem.Kind != content.TObject
	}
	return true
}

func datatype(t content.Type) string {
	switch t.Kind {
	case content.TInt:
		return "integer"
	case content.TNumber:
		return "decimal"
	case content.TBool:
		return "boolean"
	case content.TDate:
		return "date"
	case content.TURL:
		return "anyURI"
	}
	return "string"
}

func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = cell(e)
		}
		return strings.Join(parts, ";")
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

func csvMetadata(pf *portfolio.Portfolio, tables []*table) map[string]any {
	var ts []any
	for _, t := range tables {
		var cols []any
		for _, c := range t.cols {
			cols = append(cols, map[string]any{"name": c.name, "titles": c.name, "datatype": c.datatype, "dc:description": c.about})
		}
		schema := map[string]any{"columns": cols}
		if t.key != "" {
			schema["primaryKey"] = t.key
		}
		var fks []any
		var names []string
		for col := range t.fkeys {
			names = append(names, col)
		}
		sort.Strings(names)
		for _, col := range names {
			fks = append(fks, map[string]any{"columnReference": col, "reference": map[string]any{"resource": t.fkeys[col], "columnReference": "id"}})
		}
		if len(fks) > 0 {
			schema["foreignKeys"] = fks
		}
		ts = append(ts, map[string]any{"url": t.name, "dc:title": t.title, "dc:description": t.about, "tableSchema": schema})
	}
	return map[string]any{"@context": "http://www.w3.org/ns/csvw", "dc:license": map[string]any{"@id": pf.Config.Licence.DataURL}, "tables": ts}
}

func catalog(pf *portfolio.Portfolio, files []File) map[string]any {
	var dists []any
	for _, f := range files {
		dists = append(dists, map[string]any{
			"@type": "dcat:Distribution", "dct:title": f.Title, "dct:description": f.About,
			"dcat:downloadURL": map[string]any{"@id": pf.Config.AbsURL(f.Name)}, "dcat:mediaType": f.MediaType,
			"dct:license": map[string]any{"@id": pf.Config.Licence.DataURL},
		})
	}
	publisher := map[string]any{"@type": "foaf:Agent", "foaf:name": pf.Config.Title}
	if s := pf.Config.Steward; s.Name != "" {
		publisher["foaf:name"] = s.Name
		if s.Email != "" {
			publisher["foaf:mbox"] = "mailto:" + s.Email
		}
	}
	return map[string]any{
		"@context":        map[string]any{"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/"},
		"@id":             pf.Config.AbsURL("data/catalog.jsonld"),
		"@type":           "dcat:Catalog",
		"dct:title":       pf.Config.Title + " — open data",
		"dct:description": pf.Config.Description,
		"dct:license":     map[string]any{"@id": pf.Config.Licence.DataURL},
		"dct:publisher":   publisher,
		"dcat:dataset": []any{map[string]any{
			"@type": "dcat:Dataset", "dct:title": pf.Config.Title + " portfolio", "dct:description": "Intents, initiatives, learnings, decisions, stories, sources and organisations of the portfolio, with their links.",
			"dct:license": map[string]any{"@id": pf.Config.Licence.DataURL}, "dct:modified": generated(pf), "dct:publisher": publisher,
			"dcat:landingPage":  map[string]any{"@id": pf.Config.AbsURL("data/")},
			"dcat:distribution": dists,
		}},
	}
}
