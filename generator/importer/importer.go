// Package importer brings a portfolio kept elsewhere into a site: rows of a
// CSV or XLSX sheet, or activities of an IATI file, become content pages.
//
// It is not a stage of the build. It reads outside data, types every value
// with the same schema the content stage validates with
// (generator/content/schema.go), and writes Markdown files into content/;
// then the ordinary pipeline judges them, as it judges an editor's pages.
// Everything it reads is data: values go into front matter through a YAML
// encoder (never by pasting text), so no cell can break out of its field,
// and only a column declared as the Markdown body becomes a page body.
//
// An import is all or nothing: Prepare plans every file and reports every
// problem; Check loads the site with those files as `trellis check` would;
// Write writes them only when nothing failed, and never outside content/.
package importer

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
)

// Options say how to read the tables.
type Options struct {
	// Kind is the kind of the pages of tables whose name says nothing.
	Kind content.Kind
	// Into and Owner make each row an item of a list field (see Table.Into).
	Into, Owner string
	// Maps are the mapping files; each applies to the tables of its kind
	// (or to every table when there is one mapping and it names none).
	Maps []*Mapping
	// Dates is the order of day and month in dates such as 03/04/2026.
	Dates DateOrder
	// Intents are the intents (slug, title or id) of imported initiatives
	// whose rows name none: an IATI activity has no intents.
	Intents []string
	// Update changes existing pages: only the fields the import maps, the
	// body only when a column is mapped to it.
	Update bool
}

// File is one content file an import writes.
type File struct {
	Path   string // slash-separated, relative to the site folder
	Data   []byte
	New    bool
	Fields []string // the front matter fields it writes or changes
	From   string   // the row it comes from: "initiatives.csv:12"
}

// Prepare plans the files an import of tables into the site at dir would
// write, and reports every problem with the table, row and column it is
// about. It writes nothing.
func Prepare(dir string, tables []*Table, opt Options) ([]File, diag.List) {
	cfg, cd := config.Load(dir)
	im := &importer{cfg: cfg, opt: opt, byKey: map[string]*record{}, existing: map[string]*content.Page{}}
	if cd.HasErrors() {
		return nil, cd
	}
	set, _ := content.Load(dir, cfg.ContentDir, content.Options{Drafts: true, Statuses: cfg.Statuses})
	im.set = set
	for _, p := range set.Pages {
		im.existing[p.Key()] = p
	}
	var entity, lines, links, trans []*Table
	for _, t := range tables {
		switch {
		case t.Translations:
			trans = append(trans, t)
		case t.Links:
			links = append(links, t)
		case t.Into != "" || opt.Into != "":
			lines = append(lines, t)
		default:
			entity = append(entity, t)
		}
	}
	for _, t := range entity {
		im.entities(t)
	}
	for _, t := range lines {
		im.lines(t)
	}
	for _, t := range links {
		im.links(t)
	}
	for _, t := range trans {
		im.translations(t)
	}
	im.defaults()
	im.resolve()
	im.required()
	files := im.render()
	im.diags.Sort()
	return files, im.diags
}

type importer struct {
	cfg      *config.Config
	set      *content.Set
	opt      Options
	diags    diag.List
	recs     []*record
	byKey    map[string]*record // kind/slug
	existing map[string]*content.Page
	refs     []pendingRef
	orders   map[string]DateOrder // per table and column
}

// record is one page the import writes or changes.
type record struct {
	kind            content.Kind
	file            string // the input file
	line            int    // the input row
	slug, id, title string
	fields          map[string]*yaml.Node
	cells           map[string]Cell // where each field came from
	body            *string
	page            *content.Page // the page it updates, or nil
	mapping         *Mapping
	linesFrom       map[string]bool // list fields filled by a lines table
	mappedTopFields []string
	failed          []string // fields whose cells could not be read (reported once)
	translations    []translation
}

func (r *record) set(field string, n *yaml.Node, c Cell) {
	if _, ok := r.fields[field]; !ok {
		r.mappedTopFields = append(r.mappedTopFields, field)
	}
	r.fields[field] = n
	r.cells[field] = c
}

func (r *record) from() string { return fmt.Sprintf("%s:%d", r.file, r.line) }

// pendingRef is a reference written as a slug, title or id, resolved once
// every row is read.
type pendingRef struct {
	node   *yaml.Node
	kinds  []content.Kind
	table  *Table
	cell   Cell
	header string
}

// column is a table column and the field it fills.
type column struct {
	index  int
	header string
	path   string // "status", "funding.amount", "body"
	typ    content.Type
	values map[string]string
	sep    string
}

func (im *importer) errorAt(t *Table, c Cell, code, hint, format string, args ...any) {
	im.diags.Add(diag.Diagnostic{File: t.File, Line: c.Line, Col: c.Col, Severity: diag.Error, Code: code, Message: fmt.Sprintf(format, args...), Hint: hint})
}

func (im *importer) warnAt(t *Table, c Cell, code, hint, format string, args ...any) {
	im.diags.Add(diag.Diagnostic{File: t.File, Line: c.Line, Col: c.Col, Severity: diag.Warning, Code: code, Message: fmt.Sprintf(format, args...), Hint: hint})
}

// kindOf says what kind of page a table's rows are.
func (im *importer) kindOf(t *Table) (content.Kind, bool) {
	name := t.Kind
	if im.opt.Kind != "" && !t.Links && t.Into == "" {
		name = string(im.opt.Kind)
	}
	if m := im.mappingFor(t, ""); m != nil && m.Kind != "" && name == "" {
		name = m.Kind
	}
	if name == "" {
		im.errorAt(t, Cell{}, "import-kind", "add --kind initiative (or intent, learning, decision, narrative, source, organisation), or name the file after the kind, such as initiatives.csv",
			"cannot tell what kind of page each row is")
		return "", false
	}
	k, ok := content.ParseKind(name)
	if !ok || k == content.KindPage {
		im.errorAt(t, Cell{}, "import-kind", kindsHint(name), "unknown kind %q", name)
		return "", false
	}
	return k, true
}

// kindsHint lists the kinds of page, with the one an unknown name is
// likely meant to be.
func kindsHint(name string) string {
	names := make([]string, len(content.Kinds))
	for i, k := range content.Kinds {
		names[i] = string(k)
	}
	hint := "use one of: " + strings.Join(names, ", ")
	if s := diag.Suggest(name, names); s != "" {
		hint = fmt.Sprintf("did you mean %s? ", s) + hint
	}
	return hint
}

// mappingFor returns the mapping that applies to a table of kind k.
func (im *importer) mappingFor(t *Table, k content.Kind) *Mapping {
	if len(im.opt.Maps) == 1 && im.opt.Maps[0].Kind == "" {
		return im.opt.Maps[0]
	}
	for _, m := range im.opt.Maps {
		if mk, ok := content.ParseKind(m.Kind); ok && (k == "" || mk == k) {
			if k == "" && t.Kind != "" && string(mk) != t.Kind {
				continue
			}
			if (m.Into != "") == (t.Into != "" || im.opt.Into != "") {
				return m
			}
		}
	}
	return nil
}

// columns works out the field of every column of t, from the mapping or
// by name, and reports columns that fill nothing.
func (im *importer) columns(t *Table, fields []content.Field, prefix string, m *Mapping, skip map[int]bool) []column {
	paths := fieldPaths(fields, prefix == "")
	sep := ";"
	if m != nil && m.Separator != "" {
		sep = m.Separator
	}
	byNorm := map[string]*ColumnMap{}
	if m != nil {
		for i := range m.Columns {
			byNorm[norm(m.Columns[i].Column)] = &m.Columns[i]
		}
	}
	var out []column
	seen := map[string]int{}
	headerNorms := map[string]bool{}
	for i, h := range t.Header {
		name := strings.TrimSpace(h.Text)
		headerNorms[norm(name)] = true
		if skip[i] || name == "" {
			continue
		}
		c := column{index: i, header: name, sep: sep, values: t.Values[norm(name)]}
		if cm := byNorm[norm(name)]; cm != nil {
			if cm.Field == "" {
				continue
			}
			c.path = cm.Field
			if cm.Values != nil {
				merged := maps.Clone(c.values)
				if merged == nil {
					merged = map[string]string{}
				}
				maps.Copy(merged, cm.Values)
				c.values = merged
			}
			if cm.Separator != "" {
				c.sep = cm.Separator
			}
			if !slices.Contains(paths, c.path) {
				hint := "the fields are listed in docs/content.md"
				if s := diag.Suggest(c.path, paths); s != "" {
					hint = fmt.Sprintf("did you mean `%s`?", s)
				}
				im.diags.Add(diag.Diagnostic{File: m.File, Line: cm.Line, Severity: diag.Error, Code: "import-map",
					Message: fmt.Sprintf("column %q maps to `%s`, which is not a field of %s", name, cm.Field, kindOrField(fields, prefix)), Hint: hint})
				continue
			}
		} else {
			c.path = matchColumn(name, paths)
			if c.path == "" {
				hint := "map it in a mapping file (--suggest-map writes one), or leave it: it is not imported"
				if s := diag.Suggest(norm(name), normAll(paths)); s != "" {
					hint = fmt.Sprintf("did you mean `%s`? Name the column so, or map it in a mapping file", unnorm(s, paths))
				}
				im.warnAt(t, h, "import-column", hint, "column %q maps to no field; it is not imported", name)
				continue
			}
		}
		if c.path != bodyField {
			c.typ, _ = typeAt(fields, c.path)
			if c.typ.Kind == content.TObject || c.typ.Kind == content.TList && c.typ.Elem.Kind == content.TObject && c.typ.Elem.Short == "" {
				im.errorAt(t, h, "import-column", fmt.Sprintf("map columns to its parts instead, such as %s.%s", c.path, firstSub(c.typ)),
					"column %q maps to `%s`, which holds several values per item", name, c.path)
				continue
			}
		}
		if j, dup := seen[c.path]; dup {
			im.errorAt(t, h, "import-column", "leave one of them out in a mapping file (`column: ~`)",
				"columns %q and %q both map to `%s`", t.Header[j].Text, name, c.path)
			continue
		}
		seen[c.path] = i
		out = append(out, c)
	}
	if m != nil {
		for _, cm := range m.Columns {
			if !headerNorms[norm(cm.Column)] {
				im.diags.Add(diag.Diagnostic{File: m.File, Line: cm.Line, Severity: diag.Warning, Code: "import-map",
					Message: fmt.Sprintf("the mapping names column %q, which %s does not have", cm.Column, t.File), Hint: "check the column's name in the header row"})
			}
		}
	}
	return out
}

func kindOrField(fields []content.Field, prefix string) string {
	if prefix != "" {
		return "`" + prefix + "`"
	}
	return "this kind"
}

func firstSub(t content.Type) string {
	if t.Kind == content.TList {
		t = *t.Elem
	}
	if len(t.Fields) > 0 {
		return t.Fields[0].Name
	}
	return "x"
}

// entities turns every row of t into a page.
func (im *importer) entities(t *Table) {
	kind, ok := im.kindOf(t)
	if !ok {
		return
	}
	m := im.mappingFor(t, kind)
	fields := content.Fields(kind)
	cols := im.columns(t, fields, "", m, im.pageURLColumns(t, kind))
	has := func(p string) int {
		for i, c := range cols {
			if c.path == p {
				return i
			}
		}
		return -1
	}
	titleCol, idCol, slugCol := has("title"), has("id"), has("slug")
	if titleCol < 0 && !(im.opt.Update && (idCol >= 0 || slugCol >= 0)) {
		hint := "name the column holding each page's title `title` (or `name`), or map it in a mapping file"
		im.errorAt(t, Cell{Line: 1}, "import-no-title", hint, "no column holds the title of each %s", kind)
		return
	}
	im.checkHeaderRows(t, cols, fields)
	for _, row := range t.Rows {
		rec := &record{kind: kind, file: t.File, line: row.Line, fields: map[string]*yaml.Node{}, cells: map[string]Cell{}, mapping: m}
		if titleCol >= 0 {
			rec.title = oneLine(clean(row.at(cols[titleCol].index).Text))
		}
		if idCol >= 0 {
			rec.id = strings.TrimSpace(clean(row.at(cols[idCol].index).Text))
		}
		if k, s, ok := strings.Cut(rec.id, "/"); ok && k == string(kind) && slugCol >= 0 && s == content.Slugify(row.at(cols[slugCol].index).Text) {
			rec.id = "" // trellis's own default id (kind/slug), as its open data writes it
		}
		slugCell := Cell{Line: row.Line, Col: 1}
		switch {
		case slugCol >= 0 && strings.TrimSpace(row.at(cols[slugCol].index).Text) != "":
			slugCell = row.at(cols[slugCol].index)
			raw := strings.TrimSpace(clean(slugCell.Text))
			rec.slug = content.Slugify(raw)
			if rec.slug != raw && rec.slug != "" {
				im.warnAt(t, slugCell, "import-slug", "slugs are lowercase letters, digits and hyphens", "slug %q is written as %q", raw, rec.slug)
			}
		case titleCol >= 0:
			slugCell = row.at(cols[titleCol].index)
			rec.slug = content.Slugify(rec.title)
		}
		// An update finds its page by id first: a slug may have changed.
		if im.opt.Update && rec.id != "" {
			for _, p := range im.set.Pages {
				if p.Kind == kind && p.ID == rec.id {
					rec.page = p
					rec.slug = p.Slug
				}
			}
		}
		if rec.title == "" && rec.page == nil {
			if titleCol >= 0 {
				im.errorAt(t, row.at(cols[titleCol].index), "import-required", "every page needs a title", "row %d has no title", row.Line)
			} else {
				im.errorAt(t, Cell{Line: row.Line, Col: 1}, "import-required", "with --update, give the id or slug of an existing page", "row %d names no existing page", row.Line)
			}
			continue
		}
		if rec.slug == "" {
			im.errorAt(t, slugCell, "import-slug", "add a `slug` column with a name in plain letters, such as bike-library",
				"cannot make a slug (the page's address) from %q", slugCell.Text)
			continue
		}
		key := string(kind) + "/" + rec.slug
		if prev := im.byKey[key]; prev != nil {
			im.errorAt(t, slugCell, "import-duplicate", "give each row its own title, or add a `slug` column to tell them apart",
				"row %d and %s both make the %s %q", row.Line, prev.from(), kind, rec.slug)
			continue
		}
		if rec.id != "" {
			for _, r := range im.recs {
				if r.kind == kind && r.id == rec.id {
					im.errorAt(t, row.at(cols[idCol].index), "import-duplicate", "each page needs its own id", "row %d has the same id %q as %s", row.Line, rec.id, r.from())
				}
			}
		}
		if t.Reuse && im.hasPage(kind, key, rec.title, cellOf(row, cols, has("org_id"))) {
			continue
		}
		if rec.page == nil {
			rec.page = im.existing[key]
		}
		if rec.page != nil && !im.opt.Update {
			im.errorAt(t, slugCell, "import-exists", "add --update to change the fields this import maps (the body and other fields stay), or give the row another title",
				"%s already exists", rec.page.File)
			continue
		}
		im.byKey[key] = rec
		im.recs = append(im.recs, rec)
		im.fill(t, rec, row, cols, fields)
	}
}

// hasPage says whether the site has a page of kind that a row names: by
// its org_id, else by its slug or title (a page with another org_id is
// another organisation of the same name).
func (im *importer) hasPage(kind content.Kind, key, title, orgID string) bool {
	orgID = strings.TrimSpace(orgID)
	for _, p := range im.set.Pages {
		switch {
		case p.Kind != kind:
		case orgID != "" && strings.EqualFold(p.OrgID, orgID):
			return true
		case (orgID == "" || p.OrgID == "") && (p.Key() == key || norm(p.Title) == norm(title)):
			return true
		}
	}
	return false
}

// cellOf is the text of column i of a row, or "" when there is no column.
func cellOf(row Row, cols []column, i int) string {
	if i < 0 {
		return ""
	}
	return clean(row.at(cols[i].index).Text)
}

// pageURLColumns finds a column named url that holds, in every row, the
// site's own address of a page of kind: trellis's open data writes the
// page's address so, and it is not a front matter field.
func (im *importer) pageURLColumns(t *Table, kind content.Kind) map[int]bool {
	prefix := im.cfg.AbsURL(kind.Folder() + "/")
	for i, h := range t.Header {
		if n := norm(h.Text); n != "url" && n != "pageurl" || len(t.Rows) == 0 {
			continue
		}
		all := true
		for _, r := range t.Rows {
			if v := strings.TrimSpace(r.at(i).Text); !strings.HasPrefix(v, prefix) {
				all = false
			}
		}
		if all {
			return map[int]bool{i: true}
		}
	}
	return nil
}

// fill sets the record's fields from the row's cells.
func (im *importer) fill(t *Table, rec *record, row Row, cols []column, fields []content.Field) {
	groups := map[string][]column{}
	var order []string
	for _, c := range cols {
		switch {
		case c.path == bodyField:
			text := strings.ReplaceAll(clean(row.at(c.index).Text), "\r\n", "\n")
			if strings.TrimSpace(text) != "" {
				rec.body = &text
			}
		case c.path == "slug":
		case strings.Contains(c.path, "."):
			top, _, _ := strings.Cut(c.path, ".")
			if _, ok := groups[top]; !ok {
				order = append(order, top)
			}
			groups[top] = append(groups[top], c)
		default:
			cell := row.at(c.index)
			if strings.TrimSpace(cell.Text) == "" {
				if rec.page != nil {
					rec.set(c.path, nil, cell) // an update clears what the sheet cleared
				}
				continue
			}
			if n := im.value(t, rec, cell, c, c.typ, c.path); n != nil {
				rec.set(c.path, n, cell)
			} else {
				rec.failed = append(rec.failed, c.path) // reported; not "missing" as well
			}
		}
	}
	for _, top := range order {
		ft, _ := typeAt(fields, top)
		n, cell := im.group(t, rec, row, top, ft, groups[top])
		if n != nil {
			rec.set(top, n, cell)
		}
	}
}

// group builds an object, or a list of objects, from the columns of its
// parts (funding.source, funding.amount, …). In a list, a cell holding
// several values separated as lists are makes that many items, and a
// cell with one value applies to each.
func (im *importer) group(t *Table, rec *record, row Row, top string, ft content.Type, cols []column) (*yaml.Node, Cell) {
	isList := ft.Kind == content.TList
	ot := ft
	if isList {
		ot = *ft.Elem
	}
	type part struct {
		c     column
		cell  Cell
		texts []string
	}
	var parts []part
	n := 1
	first := Cell{}
	for _, c := range cols {
		cell := row.at(c.index)
		if strings.TrimSpace(cell.Text) == "" {
			continue
		}
		if first.Line == 0 {
			first = cell
		}
		texts := []string{cell.Text}
		if isList && c.typ.Kind != content.TText && c.typ.Kind != content.TList && !t.Whole {
			texts = splitList(cell.Text, c.sep)
		}
		parts = append(parts, part{c, cell, texts})
		if c.typ.Kind != content.TString {
			n = max(n, len(texts))
		}
	}
	if len(parts) == 0 {
		return nil, first
	}
	var items []*yaml.Node
	for i := 0; i < n; i++ {
		values := map[string]*yaml.Node{}
		var money string
		for _, p := range parts {
			text := p.cell.Text
			if len(p.texts) == n {
				text = p.texts[i]
			} else if len(p.texts) != 1 {
				im.errorAt(t, p.cell, "import-list", "give one value, or as many as the other columns of "+top,
					"column %q has %d values but other columns of `%s` have %d", p.c.header, len(p.texts), top, n)
				return nil, first
			}
			if strings.TrimSpace(text) == "" {
				continue
			}
			_, sub, _ := strings.Cut(p.c.path, ".")
			cell := p.cell
			cell.Text = text
			if p.c.typ.Kind == content.TNumber {
				v, cur, err := ParseMoney(mapValue(clean(text), p.c.values))
				if err != nil {
					im.errorAt(t, cell, "import-amount", "write the amount as a number, such as 18000, £18,000 or 18.000 €", "column %q: %v", p.c.header, err)
					continue
				}
				values[sub] = number(v)
				money = cur
				continue
			}
			if v := im.value(t, rec, cell, p.c, p.c.typ, p.c.path); v != nil {
				values[sub] = v
			}
		}
		if _, ok := values["amount"]; ok && money == "" && rec.mapping != nil && rec.mapping.Currency != "" {
			if _, set := values["currency"]; !set {
				values["currency"] = str(rec.mapping.Currency)
			}
		}
		if money != "" && hasField(ot, "currency") {
			if c, ok := values["currency"]; ok && c.Value != money {
				im.errorAt(t, first, "import-currency", "make the amount's currency sign and the currency column agree",
					"the amount is in %s but the currency is %s", money, c.Value)
			} else if !ok {
				values["currency"] = str(money)
			}
		}
		if len(values) == 0 {
			continue
		}
		item := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for _, f := range ot.Fields {
			if v, ok := values[f.Name]; ok {
				item.Content = append(item.Content, str(f.Name), v)
			}
		}
		for _, f := range ot.Fields {
			if _, ok := values[f.Name]; !ok && f.Required {
				im.errorAt(t, first, "import-required", fmt.Sprintf("add a column for %s.%s (%s)", top, f.Name, strings.TrimSuffix(f.Doc, ".")),
					"row %d: `%s` needs `%s`, which is empty or has no column", row.Line, top, f.Name)
			}
		}
		items = append(items, item)
	}
	if len(items) == 0 {
		return nil, first
	}
	if !isList {
		return items[0], first
	}
	return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: items}, first
}

func hasField(t content.Type, name string) bool {
	for _, f := range t.Fields {
		if f.Name == name {
			return true
		}
	}
	return false
}

// value types one cell for a field, or reports why it cannot be read.
func (im *importer) value(t *Table, rec *record, cell Cell, c column, typ content.Type, path string) *yaml.Node {
	text := clean(cell.Text)
	if len(text) > MaxCell {
		im.errorAt(t, cell, "import-too-long", "shorten the cell, or put long text in the body column", "column %q holds %d characters; a cell may hold at most %d", c.header, len(text), MaxCell)
		return nil
	}
	if typ.Kind == content.TList {
		elem := *typ.Elem
		seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
		words := []string{text}
		if elem.Kind != content.TText {
			words = splitList(text, c.sep)
		}
		for _, w := range words {
			sub := cell
			sub.Text = w
			if elem.Kind == content.TObject { // partners: [org], related: [to]
				seq.Style = 0
				ref := im.value(t, rec, sub, c, objectShort(elem), path)
				if ref != nil {
					seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{str(elem.Short), ref}})
				}
				continue
			}
			if v := im.value(t, rec, sub, c, elem, path); v != nil {
				seq.Content = append(seq.Content, v)
			}
		}
		if len(seq.Content) == 0 {
			return nil
		}
		return seq
	}
	if cell.Number && cell.Display != "" && (typ.Kind == content.TString || typ.Kind == content.TText) {
		text = clean(cell.Display) // text as the sheet shows it, not Excel's stored number
	}
	text = mapValue(strings.TrimSpace(text), c.values)
	if text == "" {
		return nil
	}
	bad := func(code, hint, format string, args ...any) *yaml.Node {
		im.errorAt(t, cell, code, hint, "column %q: "+format, append([]any{c.header}, args...)...)
		return nil
	}
	switch typ.Kind {
	case content.TString:
		if strings.HasSuffix(path, "currency") {
			cur, err := ParseCurrency(text)
			if err != nil {
				return bad("import-currency", "write an ISO 4217 code such as EUR, GBP or USD", "%v", err)
			}
			return str(cur)
		}
		return str(oneLine(text))
	case content.TText:
		return text2(text)
	case content.TInt:
		v, ok := ParseInt(text)
		if !ok {
			return bad("import-number", "write a whole number, such as 2030", "%q is not a whole number", text)
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: fmt.Sprint(v)}
	case content.TNumber:
		v, _, err := ParseMoney(text)
		if err != nil {
			return bad("import-number", "write a number, such as 18000", "%v", err)
		}
		return number(v)
	case content.TBool:
		v, ok := ParseBool(text)
		if !ok {
			return bad("import-bool", "write yes or no", "%q is not yes or no", text)
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(v)}
	case content.TDate:
		if cell.Number {
			if d, ok := SerialDate(text); ok {
				return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: d.String()}
			}
		}
		d, err := ParseDate(text, im.dateOrder(t, rec, c))
		if err == errAmbiguous {
			return bad("import-date", "add --day-first (12/03/2026 is 12 March) or --month-first (12/03/2026 is 3 December), or set `dates:` in the mapping",
				"%q could be read day first or month first", text)
		}
		if err != nil {
			return bad("import-date", "write dates as 2026-03-12, 12/03/2026 or 12 March 2026", "%q is not a date", text)
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: d.String()}
	case content.TTimestamp:
		if _, ok := content.ParseTimestamp(text); !ok {
			return bad("import-timestamp", "write a moment as HH:MM:SS, such as 00:45:50", "%q is not a moment of a recording", text)
		}
		return str(text)
	case content.TPath:
		// A file beside the page (checked once the page is staged) or an address.
		if u, ok := ParseURL(text); ok {
			return str(u)
		}
		if strings.Contains(text, "://") || strings.ContainsAny(text, "/\\") || strings.HasPrefix(text, ".") {
			return bad("import-path", "give the name of a file beside the page, such as photo.jpg, or a full https:// address", "%q is neither a file name nor a web address", text)
		}
		return str(text)
	case content.TURL:
		u, ok := ParseURL(text)
		if !ok {
			return bad("import-url", "write a full address starting with https://", "%q is not a web address", text)
		}
		return str(u)
	case content.TEmail:
		e, ok := ParseEmail(text)
		if !ok {
			return bad("import-email", "write a plain address such as team@example.org", "%q is not an email address", text)
		}
		return str(e)
	case content.TEnum:
		v := inVocab(text, typ.Enum)
		if v == "" {
			return bad("import-vocabulary", vocabHint(text, typ.Enum), "%q is not one of the values of `%s`", text, path)
		}
		return str(v)
	case content.TStatus:
		v := inVocab(text, im.cfg.Statuses)
		if v == "" {
			return bad("import-status", vocabHint(text, im.cfg.Statuses), "unknown status %q", text)
		}
		return str(v)
	case content.TRef:
		n := str(text)
		im.refs = append(im.refs, pendingRef{node: n, kinds: typ.Ref, table: t, cell: cell, header: c.header})
		return n
	}
	return str(oneLine(text))
}

// dmy is a date written with day and month as numbers before the year.
var dmy = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}\b`)

func objectShort(t content.Type) content.Type {
	for _, f := range t.Fields {
		if f.Name == t.Short {
			return f.Type
		}
	}
	return content.Type{Kind: content.TString}
}

func vocabHint(v string, vocab []string) string {
	h := "use one of " + strings.Join(vocab, ", ") + ", or map the sheet's word to one of them in a mapping file (`values:`)"
	if s := diag.Suggest(v, vocab); s != "" {
		return fmt.Sprintf("did you mean %s? ", s) + h
	}
	return h
}

// dateOrder is the order of day and month for a column: the flag, the
// mapping, or what the column's own dates show (one with a day over 12).
func (im *importer) dateOrder(t *Table, rec *record, c column) DateOrder {
	if im.opt.Dates != DateUnknown {
		return im.opt.Dates
	}
	if rec.mapping != nil {
		switch rec.mapping.Dates {
		case "day-first":
			return DayFirst
		case "month-first":
			return MonthFirst
		}
	}
	if im.orders == nil {
		im.orders = map[string]DateOrder{}
	}
	key := fmt.Sprintf("%s\x00%s\x00%d", t.File, t.Sheet, c.index)
	if o, ok := im.orders[key]; ok {
		return o
	}
	day, month := false, false
	for _, r := range t.Rows {
		m := dmy.FindStringSubmatch(strings.TrimSpace(r.at(c.index).Text))
		if m == nil {
			continue
		}
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		day = day || a > 12
		month = month || b > 12
	}
	o := DateUnknown
	if day && !month {
		o = DayFirst
	} else if month && !day {
		o = MonthFirst
	}
	im.orders[key] = o
	return o
}

// resolve turns every reference into the slug of the page it names: by
// slug, id, title or organisation identifier, among the site's pages and
// the pages the import writes.
func (im *importer) resolve() {
	type target struct {
		kind                    content.Kind
		slug, id, title, org_id string
	}
	var all []target
	taken := map[string]bool{}
	for _, r := range im.recs {
		taken[string(r.kind)+"/"+r.slug] = true
		oid := ""
		if n := r.fields["org_id"]; n != nil {
			oid = n.Value
		}
		all = append(all, target{r.kind, r.slug, r.id, r.title, oid})
	}
	for _, p := range im.set.Pages {
		if !taken[p.Key()] {
			all = append(all, target{p.Kind, p.Slug, p.ID, p.Title, p.OrgID})
		}
	}
	for _, ref := range im.refs {
		text := strings.TrimSpace(ref.node.Value)
		want := ref.kinds
		if k, s, ok := strings.Cut(text, "/"); ok {
			if kk, ok := content.ParseKind(k); ok && slices.Contains(want, kk) {
				want, text = []content.Kind{kk}, s
			}
		}
		n := norm(text)
		var found []target
		for _, match := range []func(target) bool{
			func(x target) bool { return x.id != "" && strings.EqualFold(x.id, text) },
			func(x target) bool { return x.slug == text },
			func(x target) bool { return x.org_id != "" && strings.EqualFold(x.org_id, text) },
			func(x target) bool { return norm(x.slug) == n },
			func(x target) bool { return norm(x.title) == n },
		} {
			for _, x := range all {
				if slices.Contains(want, x.kind) && match(x) && !slices.ContainsFunc(found, func(f target) bool { return f.kind == x.kind && f.slug == x.slug }) {
					found = append(found, x)
				}
			}
			if len(found) > 0 {
				break
			}
		}
		names := kindNames(want)
		switch {
		case len(found) == 1:
			ref.node.Value = found[0].slug
		case len(found) > 1:
			var which []string
			for _, f := range found {
				which = append(which, f.slug)
			}
			im.errorAt(ref.table, ref.cell, "import-ref-ambiguous", "write the slug instead: "+strings.Join(which, " or "),
				"column %q: %q could be the %s %s", ref.header, text, names, strings.Join(which, " or "))
		default:
			var cands []string
			for _, x := range all {
				if slices.Contains(want, x.kind) {
					cands = append(cands, x.slug, x.title)
				}
			}
			hint := "write the slug, title or id of a page that exists, or import that " + names + " too"
			if s := diag.Suggest(text, cands); s != "" {
				hint = fmt.Sprintf("did you mean %q? ", s) + hint
			}
			im.errorAt(ref.table, ref.cell, "import-ref", hint, "column %q: no %s %q", ref.header, names, text)
		}
	}
}

func kindNames(ks []content.Kind) string {
	var s []string
	for _, k := range ks {
		s = append(s, string(k))
	}
	return strings.Join(s, " or ")
}

// defaults sets the mapping's defaults on new pages whose rows gave none.
func (im *importer) defaults() {
	flag := &Table{File: "--intent"}
	for _, r := range im.recs {
		if r.kind == content.KindInitiative && r.page == nil && r.fields["intents"] == nil && len(im.opt.Intents) > 0 {
			seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
			for _, in := range im.opt.Intents {
				n := str(in)
				im.refs = append(im.refs, pendingRef{node: n, kinds: []content.Kind{content.KindIntent}, table: flag, header: "--intent"})
				seq.Content = append(seq.Content, n)
			}
			r.set("intents", seq, Cell{Line: r.line})
		}
		if r.page != nil || r.mapping == nil || r.mapping.Defaults == nil {
			continue
		}
		d := r.mapping.Defaults
		for i := 0; i+1 < len(d.Content); i += 2 {
			name := d.Content[i].Value
			if _, ok := r.fields[name]; !ok {
				r.set(name, deepCopy(d.Content[i+1]), Cell{Line: r.line})
			}
		}
	}
}

// required reports new pages that lack a required field.
func (im *importer) required() {
	for _, r := range im.recs {
		for _, f := range content.Fields(r.kind) {
			if !f.Required || f.Name == "title" || slices.Contains(r.failed, f.Name) {
				continue
			}
			n, set := r.fields[f.Name]
			if r.page != nil && !set {
				continue
			}
			if n == nil || n.Kind == yaml.SequenceNode && len(n.Content) == 0 {
				im.diags.Add(diag.Diagnostic{File: r.file, Line: r.line, Severity: diag.Error, Code: "import-required",
					Message: fmt.Sprintf("row %d has no `%s`, which every %s needs", r.line, f.Name, r.kind),
					Hint:    requiredHint(r.kind, f)})
			}
		}
	}
}

func requiredHint(k content.Kind, f content.Field) string {
	h := fmt.Sprintf("add a column for %s (%s), or set it for every row under `defaults:` in a mapping file", f.Name, strings.TrimSuffix(f.Doc, "."))
	if k == content.KindInitiative && f.Name == "intents" {
		h += ", or give --intent SLUG for every initiative that names none"
	}
	return h
}

// checkHeaderRows reports a second header row: a first data row whose
// cells name fields more than they hold values.
func (im *importer) checkHeaderRows(t *Table, cols []column, fields []content.Field) {
	if len(t.Rows) == 0 || len(cols) < 2 {
		return
	}
	paths := fieldPaths(fields, true)
	row := t.Rows[0]
	names, filled := 0, 0
	for _, c := range row.Cells {
		if strings.TrimSpace(c.Text) == "" {
			continue
		}
		filled++
		if matchColumn(c.Text, paths) != "" {
			names++
		}
	}
	if filled >= 2 && names*2 > filled {
		im.errorAt(t, Cell{Line: row.Line, Col: 1}, "import-header-rows", "keep one header row: delete the others, or give --header-row with the row that names the columns",
			"row %d looks like a second header row: its cells name fields", row.Line)
		t.Rows = t.Rows[1:]
	}
}

// splitList splits a list cell on sep, dropping blanks.
func splitList(s, sep string) []string {
	var out []string
	for _, p := range strings.Split(s, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// mapValue applies a column's value map: exact words first, then in the
// forgiving form.
func mapValue(s string, values map[string]string) string {
	if len(values) == 0 {
		return s
	}
	if v, ok := values[s]; ok {
		return v
	}
	n := norm(s)
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if norm(k) == n {
			return values[k]
		}
	}
	return s
}

// clean makes a cell safe to hold as text: it drops the apostrophe that
// spreadsheet-safe CSV puts before a formula-like cell (OWASP), and
// control characters other than tab and newline.
func clean(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		s = s[1:]
	}
	if strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsControl(r) && r != '\n' && r != '\t' || r == '\u2028' || r == '\u2029' || r == '\ufeff'
	}) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\u2028' || r == '\u2029':
			return '\n'
		case r == '\ufeff', unicode.IsControl(r) && r != '\n' && r != '\t':
			return -1
		}
		return r
	}, strings.ReplaceAll(s, "\r\n", "\n"))
}

// oneLine joins the lines of a one-line field with spaces.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\n\t") {
		return strings.TrimSpace(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

func text2(s string) *yaml.Node {
	n := str(strings.TrimSpace(s))
	if strings.Contains(n.Value, "\n") {
		n.Style = yaml.LiteralStyle
		for _, l := range strings.Split(n.Value, "\n") {
			if delimiter(l) {
				// A block line "---" would end the front matter for readers
				// that trim lines: keep the text on one escaped line instead.
				n.Style = yaml.DoubleQuotedStyle
			}
		}
	}
	return n
}

func number(v float64) *yaml.Node {
	tag := "!!float"
	if v == float64(int64(v)) {
		tag = "!!int"
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: FormatNumber(v)}
}

func deepCopy(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = nil
	for _, x := range n.Content {
		c.Content = append(c.Content, deepCopy(x))
	}
	c.Line, c.Column = 0, 0
	return &c
}
