package importer

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trellis-ssg/trellis/generator/content"
)

// Tables whose rows are not pages: a table of items of a list field
// (funding.csv: one funding line per row, named by its initiative), and an
// edge list (links.csv: from, to, field, relation), which carries the
// partners and relations that a flat table per kind cannot.

// lines adds each row of t as an item of a list field of the page its
// owner column names.
func (im *importer) lines(t *Table) {
	kind, ok := im.kindOf(t)
	if !ok {
		return
	}
	m := im.mappingFor(t, kind)
	into := firstOf(t.Into, im.opt.Into)
	if m != nil && m.Into != "" {
		into = m.Into
	}
	var ft content.Type
	found := false
	for _, f := range content.Fields(kind) {
		if f.Name == into && f.Type.Kind == content.TList && f.Type.Elem.Kind == content.TObject {
			ft, found = f.Type, true
		}
	}
	if !found {
		im.errorAt(t, Cell{}, "import-into", "name a list field of "+string(kind)+" such as funding, risks or status_history",
			"`%s` is not a list field of %s that rows can be added to", into, kind)
		return
	}
	owner := firstOf(t.Owner, im.opt.Owner)
	if m != nil && m.Owner != "" {
		owner = m.Owner
	}
	ownerCol := -1
	for i, h := range t.Header {
		n := norm(h.Text)
		if owner != "" && n == norm(owner) || owner == "" && (n == norm(string(kind)) || n == "id" || n == "slug") {
			ownerCol = i
			break
		}
	}
	if ownerCol < 0 {
		im.errorAt(t, Cell{Line: 1}, "import-owner", fmt.Sprintf("add a column named %s holding the id, slug or title of the %s each row belongs to, or name it with --owner", kind, kind),
			"no column says which %s each row belongs to", kind)
		return
	}
	cols := im.columns(t, ft.Elem.Fields, into, m, map[int]bool{ownerCol: true})
	for i := range cols {
		cols[i].path = into + "." + cols[i].path
	}
	for _, row := range t.Rows {
		cell := row.at(ownerCol)
		rec := im.owner(t, kind, cell, t.Header[ownerCol].Text)
		if rec == nil {
			continue
		}
		n, c := im.group(t, rec, row, into, ft, cols)
		if n == nil {
			continue
		}
		im.appendItems(rec, into, n.Content, c)
	}
}

// owner finds the record of the page a lines or links row belongs to,
// among the pages being imported, and then the site's pages (which an
// import may change only with --update).
func (im *importer) owner(t *Table, kind content.Kind, cell Cell, header string) *record {
	text := strings.TrimSpace(clean(cell.Text))
	if text == "" {
		im.errorAt(t, cell, "import-owner", "say which page the row belongs to", "column %q is empty", header)
		return nil
	}
	kinds := []content.Kind{kind}
	if kind == "" {
		kinds = content.Kinds
	}
	if k, s, ok := strings.Cut(text, "/"); ok {
		if kk, ok := content.ParseKind(k); ok {
			kinds, text = []content.Kind{kk}, s
		}
	}
	n := norm(text)
	for _, match := range []func(r *record) bool{
		func(r *record) bool { return r.id != "" && strings.EqualFold(r.id, text) },
		func(r *record) bool { return r.slug == text },
		func(r *record) bool { return norm(r.title) == n },
	} {
		for _, r := range im.recs {
			if containsKind(kinds, r.kind) && match(r) {
				return r
			}
		}
	}
	for _, match := range []func(p *content.Page) bool{
		func(p *content.Page) bool { return p.ID != "" && strings.EqualFold(p.ID, text) },
		func(p *content.Page) bool { return p.Slug == text },
		func(p *content.Page) bool { return norm(p.Title) == n },
	} {
		for _, p := range im.set.Pages {
			if !containsKind(kinds, p.Kind) || !match(p) {
				continue
			}
			if !im.opt.Update {
				im.errorAt(t, cell, "import-exists", "add --update to change the existing page (its body and other fields stay)",
					"%s already exists", p.File)
				return nil
			}
			rec := &record{kind: p.Kind, file: t.File, line: cell.Line, slug: p.Slug, id: p.ID, title: p.Title, page: p,
				fields: map[string]*yaml.Node{}, cells: map[string]Cell{}}
			im.byKey[p.Key()] = rec
			im.recs = append(im.recs, rec)
			return rec
		}
	}
	im.errorAt(t, cell, "import-owner", "write the id, slug or title of a page in the site or in this import",
		"column %q: no %s %q", header, kindNames(kinds), text)
	return nil
}

func containsKind(ks []content.Kind, k content.Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// appendItems adds items to a list field that lines or links fill; the
// first such item replaces what the field held.
func (im *importer) appendItems(rec *record, field string, items []*yaml.Node, c Cell) {
	if rec.linesFrom == nil {
		rec.linesFrom = map[string]bool{}
	}
	cur := rec.fields[field]
	if cur == nil || !rec.linesFrom[field] && cur.Kind != yaml.SequenceNode {
		cur = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	}
	cur.Content = append(cur.Content, items...)
	rec.set(field, cur, c)
	rec.linesFrom[field] = true
}

// links reads an edge list as trellis publishes it in links.csv: partners
// (partners.org with the role as relation) and related initiatives
// (related.to with the relation) become items of those fields; references
// of plain fields fill those fields where the page's own table left them
// empty. Other rows (body links, funding sources) are carried by other
// tables and are skipped.
func (im *importer) links(t *Table) {
	col := map[string]int{}
	for i, h := range t.Header {
		col[norm(h.Text)] = i
	}
	for _, need := range []string{"from", "to", "field"} {
		if _, ok := col[need]; !ok {
			im.errorAt(t, Cell{Line: 1}, "import-links", "an edge list has the columns from, to, field and relation", "no column %q", need)
			return
		}
	}
	rel, hasRel := col["relation"]
	for _, row := range t.Rows {
		field := strings.TrimSpace(row.at(col["field"]).Text)
		if !linkField(field) {
			continue
		}
		top, sub, dotted := strings.Cut(field, ".")
		from := row.at(col["from"])
		kind := kindOfRef(from.Text)
		var fd *content.Field
		if kind != "" {
			for _, f := range content.Fields(kind) {
				if f.Name == top {
					f := f
					fd = &f
				}
			}
		}
		if kind != "" && fd == nil {
			continue
		}
		if fd == nil {
			// The from column holds an id without its kind: find the page first.
			rec := im.owner(t, "", from, t.Header[col["from"]].Text)
			if rec == nil {
				continue
			}
			kind = rec.kind
			for _, f := range content.Fields(kind) {
				if f.Name == top {
					f := f
					fd = &f
				}
			}
			if fd == nil {
				continue
			}
		}
		ft := fd.Type
		to := row.at(col["to"])
		c := column{index: col["to"], header: t.Header[col["to"]].Text, sep: ";"}
		switch {
		case dotted && ft.Kind == content.TList && ft.Elem.Kind == content.TObject && ft.Elem.Short == sub:
			rec := im.owner(t, kind, from, t.Header[col["from"]].Text)
			if rec == nil {
				continue
			}
			ref := im.value(t, rec, to, c, objectShort(*ft.Elem), field)
			if ref == nil {
				continue
			}
			item := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{str(sub), ref}}
			if hasRel {
				if r := strings.TrimSpace(row.at(rel).Text); r != "" {
					for _, f := range ft.Elem.Fields {
						if f.Name != sub && f.Type.Kind == content.TEnum {
							rc := column{index: rel, header: t.Header[rel].Text}
							if v := im.value(t, rec, row.at(rel), rc, f.Type, top+"."+f.Name); v != nil {
								item.Content = append(item.Content, str(f.Name), v)
							}
							break
						}
					}
				}
			}
			im.appendItems(rec, top, []*yaml.Node{item}, from)
		case dotted && ft.Kind == content.TObject:
			// A reference inside an object (a story's collected.by).
			st, ok := typeAt([]content.Field{*fd}, field)
			rec := im.owner(t, kind, from, t.Header[col["from"]].Text)
			if !ok || st.Kind != content.TRef || rec == nil {
				continue
			}
			ref := im.value(t, rec, to, c, st, field)
			if ref == nil {
				continue
			}
			obj := rec.fields[top]
			if obj == nil || obj.Kind != yaml.MappingNode {
				obj = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			}
			if slices.ContainsFunc(obj.Content, func(n *yaml.Node) bool { return n.Value == sub }) {
				continue // the page's own table gave it
			}
			obj.Content = append(obj.Content, str(sub), ref)
			rec.set(top, obj, from)
		case !dotted && (ft.Kind == content.TRef || ft.Kind == content.TList && ft.Elem.Kind == content.TRef):
			rec := im.owner(t, kind, from, t.Header[col["from"]].Text)
			if rec == nil || rec.fields[top] != nil && !rec.linesFrom[top] {
				continue
			}
			ref := im.value(t, rec, to, c, refType(ft), field)
			if ref == nil {
				continue
			}
			if ft.Kind == content.TRef {
				rec.set(top, ref, from)
				continue
			}
			if rec.linesFrom == nil {
				rec.linesFrom = map[string]bool{}
			}
			cur := rec.fields[top]
			if cur == nil {
				cur = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
			}
			cur.Content = append(cur.Content, ref)
			rec.set(top, cur, from)
			rec.linesFrom[top] = true
		}
	}
}

// linkField says whether an edge of this field fills front matter an
// edge list can rebuild: a reference field, or the reference of a list of
// objects that may be written as that reference alone (partners.org).
func linkField(field string) bool {
	top, sub, dotted := strings.Cut(field, ".")
	for _, k := range content.Kinds {
		for _, f := range content.Fields(k) {
			if f.Name != top {
				continue
			}
			t := f.Type
			if dotted && t.Kind == content.TList && t.Elem.Kind == content.TObject && t.Elem.Short == sub {
				return true
			}
			if st, ok := typeAt([]content.Field{f}, field); dotted && ok && t.Kind == content.TObject && st.Kind == content.TRef {
				return true // collected.by
			}
			if !dotted && (t.Kind == content.TRef || t.Kind == content.TList && t.Elem.Kind == content.TRef) {
				return true
			}
		}
	}
	return false
}

func refType(t content.Type) content.Type {
	if t.Kind == content.TList {
		return *t.Elem
	}
	return t
}

// kindOfRef reads the kind of "initiative/bike-library"; "" when the
// reference does not say.
func kindOfRef(s string) content.Kind {
	if k, _, ok := strings.Cut(strings.TrimSpace(s), "/"); ok {
		if kk, ok := content.ParseKind(k); ok {
			return kk
		}
	}
	return ""
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
