package hostile

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/importer"
)

// fileNamePayloads is how many payloads name a page's file.
const fileNamePayloads = 24

// fileNames writes organisations whose file names are payloads: the page's
// slug is made from the name, so its mark must be in the published path.
func (w *writer) fileNames() error {
	w.stride["file name"] = len(w.all) / fileNamePayloads
	for range fileNamePayloads {
		// The placement first, for its mark.
		p := w.peek("file name")
		p.Mark = placementMark(p.ID, len(w.placed))
		name := strings.Map(func(r rune) rune {
			if r == '/' || r == 0 || r == '\n' || r == '\r' {
				return ' '
			}
			return r
		}, p.Text)
		for len(name) > 150 || !utf8.ValidString(name) {
			name = name[:len(name)-1]
		}
		if strings.TrimLeft(name, ".-_~ ") != name {
			name = "f" + name
		}
		file := "content/organisations/" + name + " " + p.Mark + ".md"
		w.take("file name", "file name", file, false)
		if err := w.write(file, []byte("---\ntitle: File name "+p.Mark+"\n---\n")); err != nil {
			return err
		}
	}
	return nil
}

// site adds payloads to site.yaml's texts and menus, keeping the base
// site's settings (its own hostile title, menus and logo), and lets broken
// wiki-links be warnings, since the body's wiki-link targets are payloads.
func (w *writer) site() error {
	const file = "site.yaml"
	src, err := os.ReadFile(filepath.Join(w.dir, file))
	if err != nil {
		return err
	}
	cfg := map[string]any{}
	if err := yaml.Unmarshal(src, &cfg); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	text := func(key string) string { return w.take("site.yaml", "site.yaml "+key, file, true).Value() }
	texts := func(key string, n int) []any {
		var out []any
		for range n {
			out = append(out, text(key))
		}
		return out
	}
	sub := func(key string) map[string]any {
		m, _ := cfg[key].(map[string]any)
		if m == nil {
			m = map[string]any{}
			cfg[key] = m
		}
		return m
	}
	cfg["title"] = text("title")
	cfg["description"] = text("description")
	cfg["statement"] = text("statement")
	cfg["steward"] = map[string]any{"name": text("steward.name")}
	cfg["contact"] = map[string]any{"name": "Contact (not published)", "email": "team@example.org"}
	cfg["licence"] = map[string]any{"content": text("licence.content"), "data": text("licence.data")}
	cfg["accessibility"] = map[string]any{"standard": text("accessibility.standard"), "known_issues": texts("accessibility.known_issues", 6),
		"enforcement": text("accessibility.enforcement"), "contact": map[string]any{"name": text("accessibility.contact.name"), "email": "access@example.org"}}
	// The accessibility statement's known issues take the rest, one a
	// line of the statement's list.
	issues := cfg["accessibility"].(map[string]any)
	for !w.done("site.yaml") {
		issues["known_issues"] = append(issues["known_issues"].([]any), text("accessibility.known_issues"))
	}
	iati := sub("iati")
	org, _ := iati["reporting_org"].(map[string]any)
	org["name"] = text("iati.reporting_org.name")
	sub("brand")["logo_alt"] = text("brand.logo_alt")
	cfg["broken_references"] = "warning"
	menu := sub("menu")
	w.stride["menu"] = len(w.all) / 8
	for _, m := range []string{"main", "footer"} {
		entries, _ := menu[m].([]any)
		for i := range 4 {
			// A menu lists each address once: each entry's its own.
			e := map[string]any{"title": w.take("menu", "menu."+m+" title", file, true).Value()}
			if i < 2 {
				e["page"] = []string{"clean-air", "bike-library"}[i]
			} else {
				e["url"] = fmt.Sprintf("/views/#%s-%d", m, i)
			}
			entries = append(entries, e)
		}
		menu[m] = entries
	}
	out, err := yaml.Marshal(cfg)
	if err != nil {
		return err
	}
	return w.write(file, out)
}

// brand writes a favicon whose SVG carries the svg-file payloads and a
// brand stylesheet whose rules carry the css-file payloads: what the
// sanitiser keeps of the first and the second as it is are published.
func (w *writer) brand() error {
	var svg, css strings.Builder
	svg.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 32 32">` + "\n")
	svg.WriteString(`<rect width="32" height="32" fill="#00594f"/>` + "\n")
	css.WriteString("/* The hostile corpus's brand stylesheet: every rule's selector is a payload's mark. */\n")
	for _, p := range w.all {
		switch p.Class {
		case "svg-file":
			p = w.record(p, "brand", "brand.favicon (SVG)", "brand/favicon.svg", false)
			svg.WriteString("<desc>" + p.Mark + "</desc>" + p.Text + "\n")
		case "css-file":
			p = w.record(p, "brand", "brand.css", "brand/hostile.css", false)
			css.WriteString("." + p.Mark + "{" + p.Text + "}\n")
		}
	}
	svg.WriteString("</svg>\n")
	if err := w.write("brand/favicon.svg", []byte(svg.String())); err != nil {
		return err
	}
	if err := w.write("brand/hostile.css", []byte(css.String())); err != nil {
		return err
	}
	// site.yaml names them.
	src, err := os.ReadFile(filepath.Join(w.dir, "site.yaml"))
	if err != nil {
		return err
	}
	cfg := map[string]any{}
	if err := yaml.Unmarshal(src, &cfg); err != nil {
		return err
	}
	b := cfg["brand"].(map[string]any)
	b["favicon"] = "brand/favicon.svg"
	b["css"] = []any{"brand/hostile.css"}
	out, err := yaml.Marshal(cfg)
	if err != nil {
		return err
	}
	return w.write("site.yaml", out)
}

// importRows is how many initiatives the corpus imports from a spreadsheet.
const importRows = 6

// importCSV imports initiatives from a CSV file whose cells are payloads,
// through trellis import's own code: what it writes is judged by the
// build like an editor's pages.
func (w *writer) importCSV() error {
	const file = "import/initiatives.csv"
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	cw.Write([]string{"title", "summary", "status", "intents", "stage", "tags", "body"})
	for row := range importRows {
		cell := func(field string, exact bool) string {
			return w.take("import", "import "+field, file, exact).Value()
		}
		title, summary, stage, tags := cell("title", true), cell("summary", true), cell("stage", true), cell("tags", false)
		// The body is Markdown, and takes the rest, a paragraph each: its
		// mark first, as in a page's body, so that a payload that opens a
		// block the sanitiser drops whole (<frameset>) does not take the
		// mark with it.
		var body []string
		for n := (len(w.all) - w.next["import"] + importRows - row - 1) / (importRows - row); n > 0; n-- {
			p := w.take("import", "import body (Markdown)", file, false)
			body = append(body, p.Mark+" "+p.Text)
		}
		cw.Write([]string{title, summary, "piloting", "clean-air", stage, tags, strings.Join(body, "\n\n")})
	}
	cw.Flush()
	if err := w.write(file, b.Bytes()); err != nil {
		return err
	}
	t, diags := importer.ReadCSV("initiatives.csv", b.Bytes(), importer.CSVOptions{})
	if diags.HasErrors() {
		return fmt.Errorf("import: %v", diags)
	}
	files, diags := importer.Prepare(w.dir, []*importer.Table{t}, importer.Options{Kind: content.KindInitiative})
	if diags.HasErrors() {
		return fmt.Errorf("import: %v", diags)
	}
	return importer.Write(w.dir, "content", files)
}
