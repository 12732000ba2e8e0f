package importer

import (
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
)

// A translation an import writes: a page's text in another of the site's
// languages, as the file NAME.LANG.md beside the page (a bundle's
// index.LANG.md), which content reads as that page's translation.
type translation struct {
	lang   string
	line   int
	fields []string // translatable field names, in the table's order
	values []string
}

// translations adds each row of t to the page its owner column names, as
// that page's text in the row's language.
func (im *importer) translations(t *Table) {
	kind, ok := im.kindOf(t)
	if !ok {
		return
	}
	ownerCol, langCol := -1, -1
	var fields []int
	for i, h := range t.Header {
		switch n := norm(h.Text); {
		case n == norm(t.Owner):
			ownerCol = i
		case n == "lang":
			langCol = i
		case slices.Contains(content.Translatable, n):
			fields = append(fields, i)
		}
	}
	if ownerCol < 0 || langCol < 0 {
		im.errorAt(t, Cell{Line: 1}, "import-translation", "report this: a table of translations needs its page and language columns", "the table of translations has no page or language column")
		return
	}
	langs := im.cfg.Languages.Codes()
	for _, row := range t.Rows {
		lc := row.at(langCol)
		lang := strings.TrimSpace(lc.Text)
		if len(langs) < 2 || !slices.Contains(langs[1:], lang) {
			im.errorAt(t, lc, "import-translation", "add the language to site.yaml's languages, or leave its text out of the import",
				"%q is not one of the site's other languages", lang)
			continue
		}
		rec := im.owner(t, kind, row.at(ownerCol), t.Header[ownerCol].Text)
		if rec == nil {
			continue
		}
		tr := translation{lang: lang, line: lc.Line}
		for _, i := range fields {
			if v := strings.TrimSpace(clean(row.at(i).Text)); v != "" {
				tr.fields = append(tr.fields, norm(t.Header[i].Text))
				tr.values = append(tr.values, v)
			}
		}
		if len(tr.fields) > 0 {
			rec.translations = append(rec.translations, tr)
		}
	}
}

// translationFiles are the files of a record's translations, beside its
// page file (at page, slash-separated, relative to the site folder). A
// translation that exists already is kept as it is: it is an editor's,
// and a warning says so.
func (im *importer) translationFiles(r *record, page string) []File {
	var files []File
	for _, tr := range r.translations {
		dir, base := path.Split(page)
		file := path.Join(dir, strings.TrimSuffix(base, ".md")+"."+tr.lang+".md")
		if _, err := os.Stat(filepath.Join(im.set.Root, filepath.FromSlash(file))); err == nil {
			im.diags.Add(diag.Diagnostic{File: r.file, Line: tr.line, Severity: diag.Warning, Code: "import-translation-exists",
				Message: file + " exists and is kept as it is",
				Hint:    "edit the translation by hand, or delete it and import again to write it from the file"})
			continue
		}
		root := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for i, f := range tr.fields {
			root.Content = append(root.Content, str(f), str(tr.values[i]))
		}
		data, err := pageBytes(root, nil)
		if err != nil {
			im.writeFailed(r.file, tr.line, err)
			continue
		}
		files = append(files, File{Path: file, Data: data, New: true, Fields: tr.fields, From: r.from()})
	}
	return files
}
