package opendata

import (
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/trellis-ssg/trellis/generator/content"
)

// Separator joins the items of a list in one CSV cell. Ids never hold it
// (content checks them); a text item that does is warned about by Check.
const Separator = ";"

// table is one CSV file and its CSV on the Web description.
type table struct {
	name, title, about string
	cols               []column
	key                string       // the primary key column, if any
	kind               content.Kind // whose pages the rows come from
	field              string       // for a list of objects: the field it holds
	sub                string       // for a list of objects in each item of field: its field
}

// column is one CSV column. Its name is the front matter field it holds
// (an object's field as object.field), so that a reader can map it back.
type column struct {
	name, datatype, about string
	list                  bool     // items joined with Separator
	ref                   string   // for a single reference: the table whose id it is
	path                  []string // where the value is in the exported fields
}

// writeTable writes t as CSV, a row at a time, every cell made safe for
// spreadsheets (SafeCell).
func (x *exporter) writeTable(w io.Writer, t *table) error {
	cw := csv.NewWriter(w)
	head := make([]string, len(t.cols))
	for i, c := range t.cols {
		head[i] = c.name
	}
	cw.Write(head)
	safe := make([]string, 0, len(t.cols))
	x.rows(t, func(r []string) bool {
		safe = safe[:0]
		for _, c := range r {
			safe = append(safe, SafeCell(c))
		}
		return cw.Write(safe) == nil
	})
	cw.Flush()
	return cw.Error()
}

// plainNumber is a decimal number as a spreadsheet reads it.
var plainNumber = regexp.MustCompile(`^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$`)

// SafeCell neutralises a cell that a spreadsheet would run as a formula, as
// OWASP's "CSV Injection" page recommends: a cell that begins with =, +, -,
// @, a tab or a carriage return, and is not a plain number, gets an
// apostrophe in front, which spreadsheets take as "show as text". So that
// the rule can be undone exactly, a cell that already begins with
// apostrophes followed by one of those characters gets one more. To read
// the exact value, remove one leading apostrophe from every cell that
// matches ^'+[=+\-@\t\r] (FormulaPrefix); nothing else is changed.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	rest := strings.TrimLeft(s, "'")
	if rest == "" || !strings.ContainsRune("=+-@\t\r", rune(rest[0])) {
		return s
	}
	if rest == s && plainNumber.MatchString(s) {
		return s
	}
	return "'" + s
}

// FormulaPrefix matches a cell that SafeCell neutralised.
var FormulaPrefix = regexp.MustCompile(`^'+[=+\-@\t\r]`)

// neutralised describes SafeCell for readers of the CSV files.
const neutralised = "Spreadsheet-safe: a cell that would begin with =, +, -, @, a tab or a carriage return (and is not a plain number) " +
	"begins with an added apostrophe ('), as OWASP recommends against CSV formula injection; so does a cell that begins with " +
	"apostrophes followed by one of those characters. To get the exact value, remove one leading apostrophe from every cell " +
	"matching ^'+[=+\\-@\\t\\r], before splitting lists. portfolio.json and iati-activities.xml hold every value exactly."

// tableDefs describes every CSV file trellis can publish, without rows:
// entities.csv, one table per kind, one per list of objects (funding lines,
// partners, risks, ...) and links.csv.
func tableDefs() []*table {
	entities := &table{name: "entities.csv", title: "Every entity", key: "id",
		about: "One row per published entity of every kind: the keys every other file refers to.",
		cols: []column{{name: "id", datatype: "string", about: "The entity's stable id: its id field, or kind/first-slug when it has none."},
			{name: "kind", datatype: "string", about: "intent, initiative, learning, decision, narrative, source, organisation or page."},
			{name: "slug", datatype: "string", about: "The last part of the page's URL."},
			{name: "page_url", datatype: "anyURI", about: "The entity's page on this site."},
			{name: "title", datatype: "string", about: "The page's title."}}}
	out := []*table{entities}
	var nested []*table
	names := map[string]bool{"entities.csv": true, "links.csv": true}
	for _, k := range append(append([]content.Kind(nil), content.Kinds...), content.KindPage) {
		t := &table{name: tableOf(k), title: "All " + k.Folder(), key: "id", kind: k,
			about: "One row per published " + string(k) + ", its columns named after its front matter fields."}
		if k == content.KindPage {
			t.title = "Other pages"
		}
		names[t.name] = true
		t.cols = []column{{name: "id", datatype: "string", about: "The stable id: the key other files refer to this " + string(k) + " by."},
			{name: "slug", datatype: "string", about: "The last part of the page's URL."},
			{name: "page_url", datatype: "anyURI", about: "The " + string(k) + "'s page on this site."},
			{name: "title", datatype: "string", about: "The page's title."}}
		for _, f := range dataFields(k) {
			switch {
			case f.Type.Kind == content.TObject:
				for _, sub := range f.Type.Fields {
					if flat(sub.Type) {
						t.cols = append(t.cols, fieldColumn(f.Name+"."+sub.Name, []string{f.Name, sub.Name}, sub.Type, sub.Doc))
					}
				}
			case f.Type.Kind == content.TList && f.Type.Elem.Kind == content.TObject:
				nested = append(nested, nestedTable(k, f, names))
				for _, sub := range f.Type.Elem.Fields {
					if sub.Type.Kind == content.TList && sub.Type.Elem.Kind == content.TObject {
						nested = append(nested, subTable(k, f, sub, names))
					}
				}
			default:
				doc := f.Doc
				if f.Name == "video_id" {
					doc = "The recording's video id (video_id or videoId)."
				}
				t.cols = append(t.cols, fieldColumn(f.Name, []string{f.Name}, f.Type, doc))
			}
		}
		out = append(out, t)
	}
	out = append(out, nested...)
	out = append(out, translationsTable(), translationFieldsTable())
	return append(out, &table{name: "links.csv", title: "Links between entities",
		about: "The edge list of the portfolio graph: one row per resolved reference, in front matter (every list of references among them) or in the text.",
		cols: []column{{name: "from", datatype: "string", about: "The id of the referring entity.", ref: "entities.csv"},
			{name: "to", datatype: "string", about: "The id of the referenced entity.", ref: "entities.csv"},
			{name: "field", datatype: "string", about: "Where the reference is written: a front matter field (an object's field as object.field), or body for a link in the text."},
			{name: "relation", datatype: "string", about: "A partner's role or an initiative relation, if any."}}})
}

// nestedTable is the table of a list of objects, such as an initiative's
// funding lines: one row per item, keyed by the id of the page it is on.
func nestedTable(k content.Kind, f content.Field, names map[string]bool) *table {
	name := f.Name + ".csv"
	if names[name] {
		name = k.Folder() + "-" + name
	}
	names[name] = true
	t := &table{name: name, title: strings.TrimSuffix(f.Doc, "."), kind: k, field: f.Name,
		about: fmt.Sprintf("One row per item of the %s field of each %s, in the order written.", f.Name, k)}
	t.cols = []column{{name: string(k), datatype: "string", about: "The id of the " + string(k) + " the item belongs to.", ref: tableOf(k)}}
	for _, sub := range f.Type.Elem.Fields {
		if flat(sub.Type) {
			t.cols = append(t.cols, fieldColumn(sub.Name, []string{sub.Name}, sub.Type, sub.Doc))
		}
	}
	return t
}

// subTable is the table of a list of objects inside each item of a list,
// such as the observations of an intent's signals: one row per inner item,
// keyed by the id of the page and the item's first required field (a
// signal's text), as in the item's own table.
func subTable(k content.Kind, f, sub content.Field, names map[string]bool) *table {
	name := f.Name + "_" + sub.Name + ".csv"
	names[name] = true
	t := &table{name: name, title: strings.TrimSuffix(sub.Doc, "."), kind: k, field: f.Name, sub: sub.Name,
		about: fmt.Sprintf("One row per item of the %s field of each item of the %s field of each %s, in the order written.", sub.Name, f.Name, k)}
	t.cols = []column{{name: string(k), datatype: "string", about: "The id of the " + string(k) + " the item belongs to.", ref: tableOf(k)}}
	for _, it := range f.Type.Elem.Fields {
		if it.Required && flat(it.Type) {
			t.cols = append(t.cols, fieldColumn(f.Name+"."+it.Name, []string{"\x00item", it.Name}, it.Type, fmt.Sprintf("The %s of the item of %s the row belongs to (%s).", it.Name, f.Name, strings.TrimSuffix(it.Doc, "."))))
			break
		}
	}
	for _, c := range sub.Type.Elem.Fields {
		if flat(c.Type) {
			t.cols = append(t.cols, fieldColumn(c.Name, []string{c.Name}, c.Type, c.Doc))
		}
	}
	return t
}

// tables are the CSV files of the export: every table of tableDefs that
// has a row.
func (x *exporter) tables() []*table {
	var out []*table
	for _, t := range tableDefs() {
		has := false
		x.rows(t, func([]string) bool {
			has = true
			return false
		})
		if has {
			out = append(out, t)
		}
	}
	// A reference into a kind with no published pages has no table to
	// point to; it has no values either.
	written := map[string]bool{}
	for _, t := range out {
		written[t.name] = true
	}
	for _, t := range out {
		for i := range t.cols {
			if t.cols[i].ref != "" && !written[t.cols[i].ref] {
				t.cols[i].ref = ""
			}
		}
	}
	return out
}

// rows gives the rows of t to yield one at a time, in order, until yield
// returns false. A row is made when it is given, from the page it comes
// from: no table is held whole.
func (x *exporter) rows(t *table, yield func([]string) bool) {
	pages := x.pages
	switch {
	case t.name == "entities.csv":
		for _, p := range pages {
			if !yield([]string{p.StableID(), string(p.Kind), p.Slug, x.pf.Config.AbsURL(p.Path()), p.Title}) {
				return
			}
		}
	case t.name == translationsCSV:
		for _, p := range pages {
			_, trs := x.translations(p)
			for _, tr := range trs {
				if !yield([]string{p.StableID(), tr.Lang, tr.Slug, tr.URL, tr.Title, tr.Summary}) {
					return
				}
			}
		}
	case t.name == translationFieldsCSV:
		for _, p := range pages {
			_, trs := x.translations(p)
			for _, tr := range trs {
				for _, row := range fieldRows(p.StableID(), tr) {
					if !yield(row) {
						return
					}
				}
			}
		}
	case t.name == "links.csv":
		for _, p := range pages {
			for _, e := range x.pf.Out(p) {
				if x.exported[e.To] && !yield([]string{p.StableID(), e.To.StableID(), e.Field, e.Relation}) {
					return
				}
			}
		}
	case t.sub != "":
		for _, p := range pages {
			if p.Kind != t.kind {
				continue
			}
			items, _ := x.field(p, t.field).([]any)
			for _, it := range items {
				inner, _ := lookup(it, []string{t.sub}).([]any)
				for _, in := range inner {
					row := []string{p.StableID()}
					for _, c := range t.cols[1:] {
						if len(c.path) == 2 && c.path[0] == "\x00item" {
							row = append(row, cell(lookup(it, c.path[1:])))
						} else {
							row = append(row, cell(lookup(in, c.path)))
						}
					}
					if !yield(row) {
						return
					}
				}
			}
		}
	case t.field != "":
		for _, p := range pages {
			if p.Kind != t.kind {
				continue
			}
			items, _ := x.field(p, t.field).([]any)
			for _, it := range items {
				row := []string{p.StableID()}
				for _, c := range t.cols[1:] {
					row = append(row, cell(lookup(it, c.path)))
				}
				if !yield(row) {
					return
				}
			}
		}
	default:
		for _, p := range pages {
			if p.Kind != t.kind {
				continue
			}
			fields := x.fields(p)
			row := []string{p.StableID(), p.Slug, x.pf.Config.AbsURL(p.Path()), p.Title}
			for _, c := range t.cols[4:] {
				row = append(row, cell(lookup(fields, c.path)))
			}
			if !yield(row) {
				return
			}
		}
	}
}

// lookup follows path through exported fields.
func lookup(v any, path []string) any {
	for _, k := range path {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	return v
}

// tableOf is the CSV file of a kind.
func tableOf(k content.Kind) string {
	if k == content.KindPage {
		return "pages.csv"
	}
	return k.Folder() + ".csv"
}

// fieldColumn describes the column of a field.
func fieldColumn(name string, path []string, t content.Type, doc string) column {
	c := column{name: name, about: doc, path: path}
	if t.Kind == content.TList {
		c.list = true
		t = *t.Elem
	}
	c.datatype = datatype(t)
	if t.Kind == content.TRef {
		var kinds []string
		for _, k := range t.Ref {
			kinds = append(kinds, string(k))
		}
		target := "entities.csv"
		if len(t.Ref) == 1 {
			target = tableOf(t.Ref[0])
		}
		if c.list {
			c.about += fmt.Sprintf(" The ids of the %ss (%s), joined with %q; each is also a row of links.csv with field %s.", strings.Join(kinds, "s or "), target, Separator, name)
		} else {
			c.about += fmt.Sprintf(" The id of the %s (%s).", strings.Join(kinds, " or "), target)
			c.ref = target
		}
	}
	return c
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

// cell is a data value as CSV text; a list's items joined with Separator.
func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = cell(e)
		}
		return strings.Join(parts, Separator)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		return x
	}
	return fmt.Sprint(v)
}

// csvMetadata is the CSV on the Web (W3C) metadata of the tables.
func (x *exporter) csvMetadata(tables []*table) map[string]any {
	var ts []any
	for _, t := range tables {
		var cols []any
		var fks []any
		for _, c := range t.cols {
			col := map[string]any{"name": c.name, "titles": c.name, "datatype": c.datatype, "dc:description": c.about}
			if c.list {
				col["separator"] = Separator
			}
			if c.name == t.key {
				col["required"] = true
			}
			cols = append(cols, col)
			if c.ref != "" {
				fks = append(fks, map[string]any{"columnReference": c.name, "reference": map[string]any{"resource": c.ref, "columnReference": "id"}})
			}
		}
		schema := map[string]any{"columns": cols}
		if t.key != "" {
			schema["primaryKey"] = t.key
		}
		if len(fks) > 0 {
			schema["foreignKeys"] = fks
		}
		ts = append(ts, map[string]any{"url": t.name, "dc:title": t.title, "dc:description": t.about, "tableSchema": schema})
	}
	return map[string]any{
		"@context":       []any{"http://www.w3.org/ns/csvw", map[string]any{"@language": x.pf.Config.Language}},
		"dc:title":       x.pf.Config.Title + " — CSV files",
		"dc:description": "The portfolio as CSV: every table is keyed by the entities' stable ids. Lists in one cell are joined with " + strconv.Quote(Separator) + ". " + neutralised,
		"dc:license":     map[string]any{"@id": x.pf.Config.Licence.DataURL},
		"tables":         ts,
	}
}
