package analysis

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/portfolio"
	"github.com/trellis-ssg/trellis/generator/yamlerr"
)

// DismissedFile is the file, beside site.yaml, that lists the suggestions
// editors have dismissed. It is checked in, so a dismissed suggestion
// stays dismissed for everyone:
//
//	dismissed:
//	  - from: content/learnings/benches-change-who-walks.md
//	    to: content/initiatives/car-free-sundays.md
//	    note: different streets, different people
const DismissedFile = "suggestions.yaml"

// Dismissals are the pairs of pages whose suggestion was dismissed, either way.
type Dismissals struct {
	pairs map[[2]string]bool // by the two files, in order
}

// Has reports whether the suggestion connecting a and b was dismissed.
func (d *Dismissals) Has(a, b *content.Page) bool {
	if d == nil {
		return false
	}
	return d.pairs[filePair(a.File, b.File)]
}

// Len is the number of pairs dismissed.
func (d *Dismissals) Len() int {
	if d == nil {
		return 0
	}
	return len(d.pairs)
}

func filePair(a, b string) [2]string {
	if b < a {
		a, b = b, a
	}
	return [2]string{a, b}
}

type dismissedEntry struct {
	From string `yaml:"from"`
	To   string `yaml:"to"`
	Note string `yaml:"note"`
}

// LoadDismissed reads siteDir's suggestions.yaml, if it has one. An entry
// naming a file that is not a published page of pf, or a page twice, is
// a warning with its line: the entry does nothing, and is probably left
// over from a page renamed or removed since.
func LoadDismissed(siteDir string, pf *portfolio.Portfolio) (*Dismissals, diag.List) {
	d := &Dismissals{pairs: map[[2]string]bool{}}
	src, err := os.ReadFile(filepath.Join(siteDir, DismissedFile))
	if errors.Is(err, fs.ErrNotExist) {
		return d, nil
	}
	var diags diag.List
	if err != nil {
		diags.Warnf(DismissedFile, 0, "suggestions-read", "check the file's permissions", "cannot read: %v", err)
		return d, diags
	}
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		e := yamlerr.Explain(src, err)
		diags.Add(diag.Diagnostic{File: DismissedFile, Line: e.Line, Col: e.Col, Severity: diag.Warning, Code: "suggestions-syntax",
			Message: "invalid YAML: " + e.Message, Hint: e.Hint})
		return d, diags
	}
	if len(root.Content) == 0 {
		return d, nil
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		diags.Warnf(DismissedFile, doc.Line, "suggestions-shape", "start the file with `dismissed:` and list pairs under it", "suggestions.yaml is not a mapping")
		return d, diags
	}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		if k.Value != "dismissed" {
			diags.Add(diag.Diagnostic{File: DismissedFile, Line: k.Line, Col: k.Column, Severity: diag.Warning, Code: "suggestions-unknown-key",
				Message: "unknown key `" + k.Value + "`", Hint: "the file has one key, dismissed: a list of {from, to, note}"})
			continue
		}
		if v.Kind != yaml.SequenceNode {
			if v.Tag != "!!null" {
				diags.Warnf(DismissedFile, v.Line, "suggestions-shape", "list the pairs: - {from: content/…, to: content/…}", "dismissed is not a list")
			}
			continue
		}
		for _, item := range v.Content {
			d.entry(item, pf, &diags)
		}
	}
	return d, diags
}

// entry reads one dismissed pair.
func (d *Dismissals) entry(item *yaml.Node, pf *portfolio.Portfolio, diags *diag.List) {
	var e dismissedEntry
	if item.Kind != yaml.MappingNode || item.Decode(&e) != nil {
		diags.Warnf(DismissedFile, item.Line, "suggestions-shape", "write each entry as {from: content/…, to: content/…}", "an entry of dismissed is not a pair of pages")
		return
	}
	for i := 0; i+1 < len(item.Content); i += 2 {
		switch k := item.Content[i]; k.Value {
		case "from", "to", "note":
		default:
			diags.Add(diag.Diagnostic{File: DismissedFile, Line: k.Line, Col: k.Column, Severity: diag.Warning, Code: "suggestions-unknown-key",
				Message: "unknown key `" + k.Value + "`", Hint: "an entry has from, to and an optional note"})
		}
	}
	ok := true
	for _, f := range []struct{ key, file string }{{"from", e.From}, {"to", e.To}} {
		line, col := item.Line, item.Column
		if n := valueNode(item, f.key); n != nil {
			line, col = n.Line, n.Column
		}
		switch {
		case strings.TrimSpace(f.file) == "":
			diags.Add(diag.Diagnostic{File: DismissedFile, Line: line, Col: col, Severity: diag.Warning, Code: "suggestions-entry",
				Message: "the entry has no `" + f.key + "`", Hint: "name both pages by their files, as trellis suggest prints them"})
			ok = false
		case pf.ByFile(f.file) == nil:
			hint := "the page was probably renamed or removed: fix the path, or remove the entry"
			if s := diag.Suggest(f.file, pf.PageFiles()); s != "" {
				hint = "did you mean " + s + "?"
			}
			diags.Add(diag.Diagnostic{File: DismissedFile, Line: line, Col: col, Severity: diag.Warning, Code: "suggestions-unknown-page",
				Message: f.key + ": " + f.file + " is not a page of the site", Hint: hint})
			ok = false
		}
	}
	if ok && e.From == e.To {
		diags.Add(diag.Diagnostic{File: DismissedFile, Line: item.Line, Col: item.Column, Severity: diag.Warning, Code: "suggestions-entry",
			Message: "from and to are the same page", Hint: "remove the entry"})
		ok = false
	}
	if ok {
		d.pairs[filePair(e.From, e.To)] = true
	}
}

// valueNode is the value of key in a mapping node, or nil.
func valueNode(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}
