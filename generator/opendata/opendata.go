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
	"encoding/json"
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
	// Lang and Translations are set on a site in several languages only:
	// the language the entity is written in, and its versions in the
	// site's other languages (translations.go).
	Lang         string        `json:"lang,omitempty"`
	Translations []Translation `json:"translations,omitempty"`
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
	Generated  string   `json:"generated,omitempty"`
	Entities   []Entity `json:"entities"`
}

// Build returns every open data file of pf.
func Build(pf *portfolio.Portfolio) ([]File, error) {
	var pages []*content.Page
	for _, p := range pf.Pages {
		if Exported(p) {
			pages = append(pages, p)
		}
	}
	x := &exporter{pf: pf, exported: map[*content.Page]bool{}}
	for _, p := range pages {
		x.exported[p] = true
	}
	doc := Document{Title: pf.Config.Title, URL: pf.Config.AbsURL(""), Licence: pf.Config.Licence.Data, LicenceURL: pf.Config.Licence.DataURL,
		Generated: generated(pf)}
	for _, p := range pages {
		e := Entity{ID: p.StableID(), Kind: p.Kind, Slug: p.Slug, URL: pf.Config.AbsURL(p.Path()), Title: p.Title, Fields: x.fields(p),
			LinksTo: []Link{}, Linked: []Link{}}
		for _, ed := range pf.Out(p) {
			if x.exported[ed.To] {
				e.LinksTo = append(e.LinksTo, Link{ID: ed.To.StableID(), Field: ed.Field, Relation: ed.Relation})
			}
		}
		for _, ed := range pf.In(p) {
			if x.exported[ed.From] {
				e.Linked = append(e.Linked, Link{ID: ed.From.StableID(), Field: ed.Field, Relation: ed.Relation})
			}
		}
		e.Lang, e.Translations = x.translations(p)
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
	tables := x.csvTables(pages)
	for _, t := range tables {
		files = append(files, File{Name: "data/" + t.name, Data: t.bytes(), MediaType: "text/csv", Title: t.title, About: t.about})
	}
	meta, err := json.MarshalIndent(x.csvMetadata(tables), "", " ")
	if err != nil {
		return nil, err
	}
	files = append(files, File{Name: "data/csv-metadata.json", Data: append(meta, '\n'), MediaType: "application/csvm+json", Title: "CSV on the Web metadata",
		About: "Column names, types, list separators and keys of every CSV file (W3C CSV on the Web), so tools can read them without guessing."})
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
