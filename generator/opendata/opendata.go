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
	"encoding/json"
	"io"
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

// Build returns every open data file of pf with its data, each made whole
// (Write makes them one at a time, rows streamed, for a build).
func Build(pf *portfolio.Portfolio) ([]File, error) {
	var files []File
	err := Write(pf, func(f File, write func(io.Writer) error) error {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			return err
		}
		f.Data = b.Bytes()
		files = append(files, f)
		return nil
	})
	return files, err
}

// Files lists the open data files of pf in the order Write makes them,
// without their data: what the /data/ page and the DCAT catalogue say.
func Files(pf *portfolio.Portfolio) []File {
	x := newExporter(pf)
	return x.files(x.tables())
}

// Write makes the open data files of pf one after another, in the order
// of Files. For each it calls emit with the file (without Data) and a
// function that writes its bytes; emit calls it once. The CSV files are
// written a row at a time and portfolio.json an entity at a time, so
// that, written to disk as they come, no file and no table is held whole:
// what an export holds at once is one entity's fields and one row, not
// the portfolio's data. Every Write to a JSON file holds whole JSON
// tokens (a value, its start, or punctuation between values), so that
// the receiver may minify each on its own. The first error emit returns
// stops the export.
func Write(pf *portfolio.Portfolio, emit func(f File, write func(io.Writer) error) error) error {
	x := newExporter(pf)
	tables := x.tables()
	files := x.files(tables)
	writers := map[string]func(io.Writer) error{
		portfolioJSON: x.writeDocument,
		schemaJSON: func(w io.Writer) error {
			return writeIndented(w, Schema(pf.Config.Statuses))
		},
		csvMetadataJSON: func(w io.Writer) error { return writeIndented(w, x.csvMetadata(tables)) },
		iatiXML: func(w io.Writer) error {
			b, err := IATI(pf)
			if err == nil {
				_, err = w.Write(b)
			}
			return err
		},
		catalogJSONLD: func(w io.Writer) error { return writeIndented(w, catalog(pf, files[:len(files)-1])) },
	}
	for _, t := range tables {
		writers["data/"+t.name] = func(w io.Writer) error { return x.writeTable(w, t) }
	}
	for _, f := range files {
		if err := emit(f, writers[f.Name]); err != nil {
			return err
		}
	}
	return nil
}

// The names of the open data files other than the CSV tables.
const (
	portfolioJSON   = "data/portfolio.json"
	schemaJSON      = "data/portfolio.schema.json"
	csvMetadataJSON = "data/csv-metadata.json"
	iatiXML         = "data/iati-activities.xml"
	catalogJSONLD   = "data/catalog.jsonld"
)

// newExporter is the export of pf's published pages.
func newExporter(pf *portfolio.Portfolio) *exporter {
	x := &exporter{pf: pf, exported: map[*content.Page]bool{}}
	for _, p := range pf.Pages {
		if Exported(p) {
			x.pages = append(x.pages, p)
			x.exported[p] = true
		}
	}
	return x
}

// files describes the files of the export whose CSV files are tables, the
// catalogue last.
func (x *exporter) files(tables []*table) []File {
	files := []File{
		{Name: portfolioJSON, MediaType: "application/json", Title: "The whole portfolio",
			About: "Every published entity with its stable id, its fields, and its resolved links in both directions."},
		{Name: schemaJSON, MediaType: "application/schema+json", Title: "JSON Schema of portfolio.json",
			About: "The structure of portfolio.json, generated from the same definitions trellis validates content with."},
	}
	for _, t := range tables {
		files = append(files, File{Name: "data/" + t.name, MediaType: "text/csv", Title: t.title, About: t.about})
	}
	files = append(files, File{Name: csvMetadataJSON, MediaType: "application/csvm+json", Title: "CSV on the Web metadata",
		About: "Column names, types, list separators and keys of every CSV file (W3C CSV on the Web), so tools can read them without guessing."})
	if x.pf.Config.IATI.Enabled {
		files = append(files, File{Name: iatiXML, MediaType: "application/xml", Title: "IATI activities",
			About: "The initiatives as IATI 2.03 activities: status, participating organisations and their roles, dates, budgets and related activities."})
	}
	return append(files, File{Name: catalogJSONLD, MediaType: "application/ld+json", Title: "DCAT catalogue",
		About: "A W3C DCAT description of these datasets and their licence, for data portals to harvest."})
}

// writeDocument writes portfolio.json an entity at a time: the bytes
// json.Marshal gives for the whole Document, without holding it.
func (x *exporter) writeDocument(w io.Writer) error {
	pf := x.pf
	doc := Document{Title: pf.Config.Title, URL: pf.Config.AbsURL(""), Licence: pf.Config.Licence.Data, LicenceURL: pf.Config.Licence.DataURL,
		Generated: generated(pf)}
	head, err := json.Marshal(doc) // ends "entities":null}
	if err != nil {
		return err
	}
	if len(x.pages) == 0 {
		_, err := w.Write(append(head, '\n'))
		return err
	}
	// Each Write is whole tokens (see Write).
	if _, err := w.Write(append(head[:len(head)-len("null}")], '[')); err != nil {
		return err
	}
	comma := []byte{','}
	for i, p := range x.pages {
		if i > 0 {
			if _, err := w.Write(comma); err != nil {
				return err
			}
		}
		js, err := json.Marshal(x.entity(p))
		if err != nil {
			return err
		}
		if _, err := w.Write(js); err != nil {
			return err
		}
	}
	_, err = w.Write([]byte("]}\n"))
	return err
}

// entity is p as portfolio.json holds it.
func (x *exporter) entity(p *content.Page) Entity {
	pf := x.pf
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
	return e
}

// writeIndented writes v as indented JSON and a newline.
func writeIndented(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", " ")
	if err == nil {
		_, err = w.Write(append(b, '\n'))
	}
	return err
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
