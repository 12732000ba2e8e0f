package importer

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
)

// Mapping says how a table's columns become front matter fields. It is
// written by hand or started with --suggest-map:
//
//	kind: initiative
//	separator: ";"
//	columns:
//	  Project name: title
//	  Status:
//	    field: status
//	    values:
//	      In delivery: piloting
//	  Themes: {field: systems, separator: ","}
//	  Description: body
//	  Internal notes: ~
//	currency: EUR   # of amounts that name none
//	defaults:
//	  intents: [clean-air]
type Mapping struct {
	File string // where the mapping was read from, for diagnostics
	Kind string
	// Into and Owner make each row an item of a list field of a page named
	// by the Owner column (see Table.Into).
	Into, Owner string
	// Separator splits list cells; ";" when empty.
	Separator string
	Columns   []ColumnMap
	// Defaults are front matter values set on every page the import
	// writes where its row gives none, typed by the kind's schema.
	Defaults *yaml.Node
	// Dates is "day-first" or "month-first" for dates such as 03/04/2026.
	Dates string
	// Currency is the currency of amounts that name none ("12500").
	Currency string
	line     int
}

// ColumnMap maps one column.
type ColumnMap struct {
	Column string
	// Field is the front matter field ("status", "funding.amount"), "body"
	// for the Markdown body, or "" to leave the column out.
	Field string
	// Values maps the sheet's words to the field's ("In delivery": piloting).
	Values    map[string]string
	Separator string
	Line      int
}

// bodyField is the mapping target of the Markdown body.
const bodyField = "body"

// ParseMapping reads a mapping file.
func ParseMapping(name string, data []byte) (*Mapping, diag.List) {
	var diags diag.List
	m := &Mapping{File: name}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		diags.Errorf(name, 0, "import-map", "check the indentation of the mapping file", "cannot read the mapping: %v", err)
		return nil, diags
	}
	if len(doc.Content) == 0 {
		diags.Errorf(name, 0, "import-map", "start from `trellis import csv FILE --kind KIND --suggest-map`", "the mapping file is empty")
		return nil, diags
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		diags.Errorf(name, root.Line, "import-map", "write `columns:` with one `column: field` line each", "the mapping must be a set of keys")
		return nil, diags
	}
	bad := func(n *yaml.Node, format string, args ...any) {
		diags.Add(diag.Diagnostic{File: name, Line: n.Line, Col: n.Column, Severity: diag.Error, Code: "import-map", Message: fmt.Sprintf(format, args...),
			Hint: "see docs/import.md for the mapping file's keys"})
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "kind":
			m.Kind = v.Value
			if k, ok := content.ParseKind(v.Value); !ok || k == content.KindPage {
				diags.Add(diag.Diagnostic{File: name, Line: v.Line, Col: v.Column, Severity: diag.Error, Code: "import-kind",
					Message: fmt.Sprintf("unknown kind %q", v.Value), Hint: kindsHint(v.Value)})
				m.Kind = ""
			}
		case "into":
			m.Into = v.Value
		case "owner":
			m.Owner = v.Value
		case "separator":
			m.Separator = v.Value
		case "currency":
			c, err := ParseCurrency(v.Value)
			if err != nil {
				bad(v, "`currency`: %v", err)
			}
			m.Currency = c
		case "dates":
			if v.Value != "day-first" && v.Value != "month-first" {
				bad(v, "`dates` is day-first or month-first, not %q", v.Value)
			}
			m.Dates = v.Value
		case "defaults":
			if v.Kind != yaml.MappingNode {
				bad(v, "`defaults` must be fields and values, such as `intents: [clean-air]`")
				continue
			}
			m.Defaults = v
		case "columns":
			if v.Kind != yaml.MappingNode {
				bad(v, "`columns` must be `column: field` lines")
				continue
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				ck, cv := v.Content[j], v.Content[j+1]
				c := ColumnMap{Column: ck.Value, Line: ck.Line}
				switch cv.Kind {
				case yaml.ScalarNode:
					if cv.Tag != "!!null" {
						c.Field = cv.Value
					}
				case yaml.MappingNode:
					for x := 0; x+1 < len(cv.Content); x += 2 {
						kk, vv := cv.Content[x], cv.Content[x+1]
						switch kk.Value {
						case "field":
							if vv.Tag != "!!null" {
								c.Field = vv.Value
							}
						case "separator":
							c.Separator = vv.Value
						case "values":
							if vv.Kind != yaml.MappingNode {
								bad(vv, "`values` must be `sheet word: field value` lines")
								continue
							}
							c.Values = map[string]string{}
							for y := 0; y+1 < len(vv.Content); y += 2 {
								c.Values[vv.Content[y].Value] = vv.Content[y+1].Value
							}
						default:
							bad(kk, "unknown key `%s` for a column: use field, values or separator", kk.Value)
						}
					}
				default:
					bad(cv, "column %q must map to a field name", ck.Value)
				}
				m.Columns = append(m.Columns, c)
			}
		default:
			bad(k, "unknown key `%s`: use kind, columns, separator, dates, currency, defaults, into or owner", k.Value)
		}
	}
	return m, diags
}

// norm is the forgiving form of a name, as wiki-links match slugs: case,
// spaces, hyphens, underscores and dots do not count.
func norm(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch r {
		case ' ', '-', '_', '.', '\u00a0', '\t':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// aliases are column names spreadsheets commonly use for a field, by their
// forgiving form.
var aliases = map[string]string{
	"name": "title", "projectname": "title", "project": "title", "projecttitle": "title", "initiativename": "title",
	"organisationname": "title", "organizationname": "title", "heading": "title",
	"description": "summary", "shortdescription": "summary", "abstract": "summary",
	"startdate": "start", "enddate": "end", "begins": "start", "ends": "end",
	"leadorganisation": "lead", "leadorganization": "lead", "leadpartner": "lead", "owner": "lead",
	"email": "contact", "contactemail": "contact",
	"keywords": "tags", "places": "places", "location": "places", "locations": "places", "neighbourhood": "places",
	"sector": "systems", "sectors": "systems", "themes": "systems",
	"organizationtype": "type", "organisationtype": "type", "orgtype": "type",
	"web": "website", "homepage": "website",
	"text": bodyField, "content": bodyField, "markdown": bodyField, "story": bodyField, "writeup": bodyField, "longdescription": bodyField, "fulltext": bodyField,
	"budget": "funding.amount", "amount": "funding.amount", "funder": "funding.source", "currency": "funding.currency",
	"fundingyear": "funding.year", "budgetyear": "funding.year", "year": "funding.year", "fundingstage": "funding.stage",
}

// fieldPaths lists every path a column can map to for kind: top-level
// fields, subfields of objects and lists of objects (funding.amount), and body.
func fieldPaths(fields []content.Field, body bool) []string {
	var out []string
	for _, f := range fields {
		out = append(out, f.Name)
		t := f.Type
		if t.Kind == content.TList {
			t = *t.Elem
		}
		if t.Kind == content.TObject {
			for _, s := range t.Fields {
				out = append(out, f.Name+"."+s.Name)
			}
		}
	}
	if body {
		out = append(out, bodyField)
	}
	return out
}

// matchColumn finds the field a column name means: the field of that name
// in the forgiving form, or a common spreadsheet name for it. It returns
// "" when nothing matches.
func matchColumn(name string, paths []string) string {
	n := norm(name)
	if n == "" {
		return ""
	}
	for _, p := range paths {
		if norm(p) == n {
			return p
		}
	}
	if a, ok := aliases[n]; ok {
		for _, p := range paths {
			if p == a {
				return p
			}
		}
	}
	// "Start date", "Lead (organisation)": drop words in brackets and a
	// trailing "date" and try again.
	if i := strings.IndexAny(name, "(["); i > 0 {
		return matchColumn(name[:i], paths)
	}
	if strings.HasSuffix(n, "date") && len(n) > 4 {
		return matchColumn(n[:len(n)-4], paths)
	}
	return ""
}

// kindHint says what a file or sheet name says it holds: "initiatives.csv"
// or a sheet "Initiatives" hold initiatives.
func kindHint(name string) string {
	if k, ok := content.ParseKind(baseName(name)); ok && k != content.KindPage {
		return string(k)
	}
	return ""
}

func baseName(name string) string {
	return strings.ToLower(strings.TrimSuffix(path.Base(strings.ReplaceAll(name, "\\", "/")), path.Ext(name)))
}

// classify says what a table holds from its name and header: pages of a
// kind, funding lines of initiatives (funding.csv), or an edge list
// (links.csv), as trellis publishes them.
func classify(t *Table, name string) {
	t.Kind = kindHint(name)
	heads := map[string]bool{}
	for _, h := range t.Header {
		heads[norm(h.Text)] = true
	}
	if heads["from"] && heads["to"] && heads["field"] && len(t.Header) <= 4 {
		t.Links = true
		return
	}
	// A table named after a list field of a kind, with a column named
	// after that kind, holds items of that field (funding.csv with an
	// initiative column, signals.csv with an intent column).
	base := strings.ReplaceAll(baseName(name), "-", "_")
	for _, k := range content.Kinds {
		if !heads[norm(string(k))] {
			continue
		}
		for _, f := range content.Fields(k) {
			if f.Name == base && f.Type.Kind == content.TList && f.Type.Elem.Kind == content.TObject {
				t.Kind, t.Into, t.Owner = string(k), f.Name, string(k)
				return
			}
		}
	}
}

// SuggestMapping writes a mapping file for t: each column with its best
// field, the ones that match none commented out, and a value map for words
// a vocabulary field does not know.
func SuggestMapping(t *Table, kind content.Kind, statuses []string) string {
	fields := content.Fields(kind)
	paths := fieldPaths(fields, true)
	var b strings.Builder
	fmt.Fprintf(&b, "# Mapping of %s to %s pages, written by `trellis import --suggest-map`.\n", t.File, kind)
	b.WriteString("# Each line is `column: field`; `~` leaves a column out; `body` is the Markdown body.\n")
	b.WriteString("# Edit it, then run: trellis import csv FILE --map THIS-FILE --dry-run\n")
	fmt.Fprintf(&b, "kind: %s\nseparator: \";\"\ncolumns:\n", kind)
	used := map[string]bool{}
	for i, h := range t.Header {
		name := strings.TrimSpace(h.Text)
		if name == "" {
			continue
		}
		field := matchColumn(name, paths)
		if field == "" || used[field] {
			hint := ""
			if s := diag.Suggest(norm(name), normAll(paths)); s != "" {
				hint = "  # closest field: " + unnorm(s, paths)
			} else {
				hint = "  # no field matches; see docs/content.md"
			}
			fmt.Fprintf(&b, "  # %s: ~%s\n", yamlKey(name), hint)
			continue
		}
		used[field] = true
		ft, ok := typeAt(fields, field)
		vocab := []string(nil)
		if ok {
			if ft.Kind == content.TList {
				ft = *ft.Elem
			}
			switch ft.Kind {
			case content.TEnum:
				vocab = ft.Enum
			case content.TStatus:
				vocab = statuses
			}
		}
		unknown := unknownWords(t, i, vocab)
		if len(unknown) == 0 {
			fmt.Fprintf(&b, "  %s: %s\n", yamlKey(name), field)
			continue
		}
		fmt.Fprintf(&b, "  %s:\n    field: %s\n    values:  # one of: %s\n", yamlKey(name), field, strings.Join(vocab, ", "))
		for _, w := range unknown {
			best := diag.Suggest(w, vocab)
			if best == "" {
				best = "~"
			}
			fmt.Fprintf(&b, "      %s: %s\n", yamlKey(w), best)
		}
	}
	return b.String()
}

// unknownWords lists the distinct values of column i that are not in vocab,
// as the import would read them.
func unknownWords(t *Table, i int, vocab []string) []string {
	if len(vocab) == 0 {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, r := range t.Rows {
		for _, w := range strings.Split(r.at(i).Text, ";") {
			w = strings.TrimSpace(w)
			if w == "" || seen[w] || inVocab(w, vocab) != "" {
				continue
			}
			seen[w] = true
			out = append(out, w)
		}
	}
	sort.Strings(out)
	return out
}

func normAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = norm(s)
	}
	return out
}

func unnorm(n string, paths []string) string {
	for _, p := range paths {
		if norm(p) == n {
			return p
		}
	}
	return n
}

// yamlKey quotes a column name when YAML would not read it back as itself.
func yamlKey(s string) string {
	out, err := yaml.Marshal(s)
	if err != nil {
		return fmt.Sprintf("%q", s)
	}
	return strings.TrimSuffix(string(out), "\n")
}

// typeAt returns the type of a field path such as "funding.amount".
func typeAt(fields []content.Field, p string) (content.Type, bool) {
	top, sub, dotted := strings.Cut(p, ".")
	for _, f := range fields {
		if f.Name != top {
			continue
		}
		if !dotted {
			return f.Type, true
		}
		t := f.Type
		if t.Kind == content.TList {
			t = *t.Elem
		}
		for _, s := range t.Fields {
			if s.Name == sub {
				return s.Type, true
			}
		}
	}
	return content.Type{}, false
}
