package opendata_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/opendata"
)

// csvFiles parses every published CSV file with encoding/csv, by name
// under data/.
func csvFiles(t *testing.T, files map[string][]byte) map[string][][]string {
	t.Helper()
	out := map[string][][]string{}
	for name, data := range files {
		if !strings.HasSuffix(name, ".csv") {
			continue
		}
		rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[strings.TrimPrefix(name, "data/")] = rows
	}
	return out
}

// csvw is the part of csv-metadata.json the tests read.
type csvw struct {
	Tables []struct {
		URL         string `json:"url"`
		TableSchema struct {
			Columns []struct {
				Name      string `json:"name"`
				Titles    string `json:"titles"`
				Datatype  string `json:"datatype"`
				Separator string `json:"separator"`
			} `json:"columns"`
			PrimaryKey  string `json:"primaryKey"`
			ForeignKeys []struct {
				ColumnReference string `json:"columnReference"`
				Reference       struct {
					Resource        string `json:"resource"`
					ColumnReference string `json:"columnReference"`
				} `json:"reference"`
			} `json:"foreignKeys"`
		} `json:"tableSchema"`
	} `json:"tables"`
}

func metadata(t *testing.T, files map[string][]byte) csvw {
	t.Helper()
	var m csvw
	if err := json.Unmarshal(files["data/csv-metadata.json"], &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func column(rows [][]string, name string) int {
	return slices.Index(rows[0], name)
}

func TestEveryCSVHeaderIsUnique(t *testing.T) {
	_, files := example(t)
	tables := csvFiles(t, files)
	if len(tables) < 10 {
		t.Fatalf("only %d CSV files", len(tables))
	}
	for name, rows := range tables {
		seen := map[string]bool{}
		for _, h := range rows[0] {
			if seen[h] {
				t.Errorf("%s has two columns named %q", name, h)
			}
			seen[h] = true
		}
		for i, r := range rows {
			if len(r) != len(rows[0]) {
				t.Errorf("%s row %d has %d cells for %d columns", name, i+1, len(r), len(rows[0]))
			}
		}
	}
}

// The CSV on the Web metadata describes every file as written: its
// columns, a separator for every list, a primary key that is unique and
// foreign keys, on every single-valued reference, that resolve.
func TestCSVWDescribesEveryTableWithSeparatorsAndKeys(t *testing.T) {
	_, files := example(t)
	tables := csvFiles(t, files)
	meta := metadata(t, files)
	if len(meta.Tables) != len(tables) {
		t.Errorf("csv-metadata describes %d tables, %d were written", len(meta.Tables), len(tables))
	}
	lists, fks, refs := 0, 0, 0
	for _, tb := range meta.Tables {
		rows, ok := tables[tb.URL]
		if !ok {
			t.Errorf("csv-metadata describes %s, which was not written", tb.URL)
			continue
		}
		var names []string
		for _, c := range tb.TableSchema.Columns {
			names = append(names, c.Name)
			if c.Titles != c.Name {
				t.Errorf("%s: column %s has titles %q", tb.URL, c.Name, c.Titles)
			}
		}
		if !slices.Equal(names, rows[0]) {
			t.Errorf("%s: metadata columns %v, file header %v", tb.URL, names, rows[0])
		}
		if k := tb.TableSchema.PrimaryKey; k != "" {
			col, seen := column(rows, k), map[string]bool{}
			for _, r := range rows[1:] {
				if r[col] == "" || seen[r[col]] {
					t.Errorf("%s: primary key %s=%q empty or twice", tb.URL, k, r[col])
				}
				seen[r[col]] = true
			}
		}
		// Which columns hold a list, or a reference, follows from the front
		// matter schema of the kind (or, in a table of a list of objects,
		// of that list's objects).
		types := columnTypes(tb.URL)
		fkCols := map[string]bool{}
		for _, fk := range tb.TableSchema.ForeignKeys {
			fkCols[fk.ColumnReference] = true
			fks++
			target, ok := tables[fk.Reference.Resource]
			if !ok || fk.Reference.ColumnReference != "id" {
				t.Errorf("%s: foreign key %s → %s.%s names no table written", tb.URL, fk.ColumnReference, fk.Reference.Resource, fk.Reference.ColumnReference)
				continue
			}
			ids := map[string]bool{}
			for _, r := range target[1:] {
				ids[r[column(target, "id")]] = true
			}
			col := column(rows, fk.ColumnReference)
			for _, r := range rows[1:] {
				if r[col] != "" && !ids[r[col]] {
					t.Errorf("%s: %s=%q is not an id of %s", tb.URL, fk.ColumnReference, r[col], fk.Reference.Resource)
				}
			}
		}
		for _, c := range tb.TableSchema.Columns {
			ty, known := types[c.Name]
			if !known {
				continue
			}
			if ty.Kind == content.TList {
				lists++
				if c.Separator != opendata.Separator {
					t.Errorf("%s: list column %s has separator %q", tb.URL, c.Name, c.Separator)
				}
				continue
			}
			if c.Separator != "" {
				t.Errorf("%s: single-valued column %s has separator %q", tb.URL, c.Name, c.Separator)
			}
			if ty.Kind == content.TRef {
				refs++
				if !fkCols[c.Name] {
					t.Errorf("%s: reference column %s has no foreign key", tb.URL, c.Name)
				}
			}
		}
	}
	if lists < 19 || refs < 10 || fks < 15 {
		t.Errorf("%d list columns, %d single references, %d foreign keys: fewer than the example has", lists, refs, fks)
	}
}

// columnTypes maps a table's columns to their front matter types.
func columnTypes(table string) map[string]content.Type {
	out := map[string]content.Type{}
	for _, k := range append([]content.Kind{content.KindPage}, content.Kinds...) {
		for _, f := range content.Fields(k) {
			switch {
			case f.Type.Kind == content.TList && f.Type.Elem.Kind == content.TObject:
				if table == f.Name+".csv" {
					for _, sub := range f.Type.Elem.Fields {
						out[sub.Name] = sub.Type
					}
					out[string(k)] = content.Type{Kind: content.TRef, Ref: []content.Kind{k}}
				}
			case table != k.Folder()+".csv" && !(k == content.KindPage && table == "pages.csv"):
			case f.Type.Kind == content.TObject:
				for _, sub := range f.Type.Fields {
					out[f.Name+"."+sub.Name] = sub.Type
				}
			default:
				out[f.Name] = f.Type
			}
		}
	}
	return out
}

// One key per entity: entities.csv, every kind's table, portfolio.json and
// links.csv all name an entity by the same id, and every list of
// references in a CSV cell holds ids that are also rows of links.csv.
func TestOneKeyAcrossEveryFile(t *testing.T) {
	pf, files := example(t)
	tables := csvFiles(t, files)
	ents := tables["entities.csv"]
	kindOf := map[string]string{}
	for _, r := range ents[1:] {
		kindOf[r[0]] = r[1]
	}
	var doc opendata.Document
	if err := json.Unmarshal(files["data/portfolio.json"], &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Entities) != len(ents)-1 {
		t.Errorf("portfolio.json has %d entities, entities.csv %d", len(doc.Entities), len(ents)-1)
	}
	for _, e := range doc.Entities {
		if kindOf[e.ID] != string(e.Kind) {
			t.Errorf("portfolio.json entity %s (%s) is %q in entities.csv", e.ID, e.Kind, kindOf[e.ID])
		}
		for _, l := range append(e.LinksTo, e.Linked...) {
			if kindOf[l.ID] == "" {
				t.Errorf("%s links to %s, not an id", e.ID, l.ID)
			}
		}
		for _, f := range content.Fields(e.Kind) {
			if v, ok := e.Fields[f.Name]; ok {
				checkRefs(t, e.ID+"."+f.Name, f.Type, v, kindOf)
			}
		}
	}
	// Each kind's rows in its table, by id and slug.
	for _, p := range pf.Pages {
		if !opendata.Exported(p) {
			continue
		}
		name := p.Kind.Folder() + ".csv"
		if p.Kind == content.KindPage {
			name = "pages.csv"
		}
		rows := tables[name]
		found := false
		for _, r := range rows[1:] {
			if r[column(rows, "id")] == p.StableID() && r[column(rows, "slug")] == p.Slug &&
				r[column(rows, "page_url")] == pf.Config.AbsURL(p.Path()) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s has no row with id %s, slug %s", name, p.StableID(), p.Slug)
		}
	}
	links := map[string]bool{}
	for _, r := range tables["links.csv"][1:] {
		links[r[0]+" "+r[1]+" "+r[2]] = true
	}
	items := 0
	for _, k := range content.Kinds {
		rows := tables[k.Folder()+".csv"]
		if rows == nil {
			continue
		}
		for _, f := range content.Fields(k) {
			if f.Type.Kind != content.TList || f.Type.Elem.Kind != content.TRef {
				continue
			}
			col := column(rows, f.Name)
			for _, r := range rows[1:] {
				if r[col] == "" {
					continue
				}
				for _, id := range strings.Split(r[col], opendata.Separator) {
					items++
					if !slices.Contains(f.Type.Elem.Ref, content.Kind(kindOf[id])) {
						t.Errorf("%s: %s of %s holds %q, not the id of a %v", k.Folder()+".csv", f.Name, r[0], id, f.Type.Elem.Ref)
					}
					if !links[r[0]+" "+id+" "+f.Name] {
						t.Errorf("links.csv has no row %s → %s (%s)", r[0], id, f.Name)
					}
				}
			}
		}
	}
	if items < 100 {
		t.Errorf("only %d list references checked", items)
	}
	for _, r := range tables["links.csv"][1:] {
		if kindOf[r[0]] == "" || kindOf[r[1]] == "" {
			t.Errorf("links.csv: %s → %s names an unknown id", r[0], r[1])
		}
	}
	var pooled int
	fund := tables["funding.csv"]
	for _, r := range fund[1:] {
		if r[column(fund, "pool")] == "Healthy Streets Fund" {
			pooled++
		}
	}
	if pooled < 2 {
		t.Errorf("funding.csv has %d lines of the pooled fund", pooled)
	}
}

// checkRefs fails for a reference in a portfolio.json field that is not
// the id of an entity of the right kind.
func checkRefs(t *testing.T, at string, ty content.Type, v any, kindOf map[string]string) {
	t.Helper()
	switch ty.Kind {
	case content.TRef:
		id, _ := v.(string)
		if !slices.Contains(ty.Ref, content.Kind(kindOf[id])) {
			t.Errorf("%s = %v: not the id of a %v", at, v, ty.Ref)
		}
	case content.TList:
		items, _ := v.([]any)
		for _, it := range items {
			checkRefs(t, at, *ty.Elem, it, kindOf)
		}
	case content.TObject:
		m, _ := v.(map[string]any)
		for _, f := range ty.Fields {
			if sub, ok := m[f.Name]; ok {
				checkRefs(t, at+"."+f.Name, f.Type, sub, kindOf)
			}
		}
	}
}

func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{
		"":                          "",
		"plain text":                "plain text",
		"=HYPERLINK(\"http://x\")":  "'=HYPERLINK(\"http://x\")",
		"+cmd|' /C calc'!A0":        "'+cmd|' /C calc'!A0",
		"-2+3":                      "'-2+3",
		"@SUM(1+1)":                 "'@SUM(1+1)",
		"\t=1":                      "'\t=1",
		"\r=1":                      "'\r=1",
		"-12.5":                     "-12.5",
		"+3":                        "+3",
		"-1e5":                      "-1e5",
		"'=already quoted":          "''=already quoted",
		"'-5":                       "''-5",
		"'tis the season":           "'tis the season",
		"a=b":                       "a=b",
		"-":                         "'-",
		"2026-01-01":                "2026-01-01",
		"https://example.org/?a=+1": "https://example.org/?a=+1",
	} {
		got := opendata.SafeCell(in)
		if got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
		// The documented rule undoes it exactly.
		back := got
		if opendata.FormulaPrefix.MatchString(back) {
			back = back[1:]
		}
		if back != in {
			t.Errorf("undoing SafeCell(%q) gives %q", in, back)
		}
	}
}
