package main

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/opendata"
)

// hostileCells are cell values that try to break out of a YAML value, to
// become a wiki-link, raw HTML or a formula, or to be very long.
var hostileCells = []string{
	`"; alert(1); "`,
	"line one\n---\ntitle: injected\n---\n<script>alert(1)</script>",
	"---",
	"...",
	"+++",
	"!!python/object/apply:os.system ['rm -rf /']",
	"!<tag:yaml.org,2002:int> 12",
	"&anchor value",
	"*anchor",
	"<<: *anchor",
	"key: value",
	"- a list item",
	"# a comment",
	"{flow: mapping}",
	"[flow, sequence]",
	"| literal",
	"> folded",
	"@at the start",
	"%YAML 1.1",
	"`backticks`",
	"[[clean-air]] and [[clean-air|a label]]",
	`<img src=x onerror="alert(1)">`,
	`<a href="javascript:alert(1)">click</a>`,
	`=HYPERLINK("http://evil.example","Click")`,
	`+cmd|' /C calc'!A0`,
	"-2+3",
	"'=1+1",
	"\ttab first",
	"yes",
	"null",
	"~",
	"2026-03-12",
	"0x1F",
	"1e3",
	"trailing spaces   ",
	"\u2028line separator\u2029",
	"bell\x07 and escape\x1b",
	"\ufeffbyte order mark",
	strings.Repeat("Ten thousand characters. ", 400),
}

// TestImportHostileCSV: every hostile cell lands in front matter as the
// same text, the site builds, the text shows escaped, no cell makes a
// wiki-link or HTML (only the declared body column is Markdown), and
// nothing is written outside content/.
func TestImportHostileCSV(t *testing.T) {
	site := importSite(t)
	inDir := t.TempDir()
	outside := filepath.Dir(site)
	beforeOutside := dirNames(t, outside)
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"title", "slug", "summary", "status", "intents", "tags", "stage", "body"})
	slugs := []string{"../../../etc/passwd", "../x", "/abs/path", "a/b", `..\..\win`, "con", "ok-slug", "%2e%2e%2fup"}
	for i, v := range hostileCells {
		slug := ""
		if i < len(slugs) {
			slug = slugs[i]
		}
		w.Write([]string{fmt.Sprintf("Hostile %d %s", i, v), slug, v, "piloting", "clean-air", v, v, "Body of row " + fmt.Sprint(i) + ": [[clean-air]]"})
	}
	w.Flush()
	in := writeFile(t, inDir, "hostile.csv", b.String())
	r := runCmd("import", "csv", in, "--kind", "initiative", "--source", site)
	if r.code != 0 {
		t.Fatalf("import of hostile cells: %v", r)
	}
	for name := range tree(t, site) {
		if !strings.HasPrefix(name, "content/initiatives/") && !strings.HasPrefix(name, "content/intents/") && !strings.HasPrefix(name, "content/organisations/") && name != "site.yaml" {
			t.Errorf("import wrote %s", name)
		}
	}
	if after := dirNames(t, outside); !maps.Equal(beforeOutside, after) {
		t.Errorf("import wrote beside the site: before %v, after %v", beforeOutside, after)
	}
	// A slug that is nothing but a way up is refused; nothing is written.
	before := tree(t, site)
	up := writeFile(t, inDir, "up.csv", "title,slug,summary,status,intents\nUp,..,x,piloting,clean-air\n")
	if r := runCmd("import", "csv", up, "--kind", "initiative", "--source", site); r.code != 1 || !strings.Contains(r.stderr, "error import-slug") {
		t.Errorf("slug ..: %v", r)
	}
	if !maps.Equal(before, tree(t, site)) {
		t.Error("a refused slug wrote files")
	}
	pf, diags := generator.Load(generator.Options{Source: site, NoGitDates: true})
	if diags.HasErrors() {
		t.Fatalf("the imported site does not load:\n%s", diags)
	}
	pages := pf.Of(content.KindInitiative)
	if len(pages) != len(hostileCells) {
		t.Fatalf("%d initiatives, want %d", len(pages), len(hostileCells))
	}
	byTitle := map[string]*content.Page{}
	for _, p := range pages {
		byTitle[p.Title] = p
	}
	for i, v := range hostileCells {
		want := expectText(v, true)
		var p *content.Page
		for title, q := range byTitle {
			if strings.HasPrefix(title, fmt.Sprintf("Hostile %d ", i)) || title == fmt.Sprintf("Hostile %d", i) {
				p = q
			}
		}
		if p == nil {
			t.Errorf("row %d: no page", i)
			continue
		}
		if !content.ValidSlug(p.Slug) {
			t.Errorf("row %d: slug %q", i, p.Slug)
		}
		if p.Summary != want {
			t.Errorf("row %d: summary %q, want %q", i, p.Summary, want)
		}
		if p.Stage != expectText(v, false) {
			t.Errorf("row %d: stage %q, want %q", i, p.Stage, expectText(v, false))
		}
		if len(p.Body.Links) != 1 {
			t.Errorf("row %d: %d body links, want the one of the body column", i, len(p.Body.Links))
		}
	}
	dest := filepath.Join(t.TempDir(), "public")
	if r := runCmd("build", "--source", site, "--destination", dest, "--quiet"); r.code != 0 {
		t.Fatalf("build: %v", r)
	}
	noPayloadsIn(t, filepath.Join(dest, "initiatives"))
}

// noPayloadsIn fails on any HTML page under dir that holds a payload
// unescaped.
func noPayloadsIn(t *testing.T, dir string) {
	t.Helper()
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() || !strings.HasSuffix(p, ".html") {
			return nil
		}
		html, _ := os.ReadFile(p)
		for _, bad := range []string{"<script>alert", "<img src=x", `href="javascript:`, "onerror=\"alert"} {
			if bytes.Contains(html, []byte(bad)) {
				t.Errorf("%s holds %q unescaped", p, bad)
			}
		}
		return nil
	})
}

// expectText is what a cell becomes: text fields keep their lines, one-line
// fields join them; control characters (and a byte-order mark) go; the
// apostrophe of a spreadsheet-safe formula cell goes.
func expectText(v string, multi bool) string {
	v = strings.TrimPrefix(v, "'")
	v = strings.NewReplacer("\u2028", "\n", "\u2029", "\n", "\ufeff", "", "\x1b", "", "\x07", "").Replace(v)
	if !multi {
		return strings.Join(strings.Fields(v), " ")
	}
	return strings.TrimSpace(v)
}

func dirNames(t *testing.T, dir string) map[string]bool {
	out := map[string]bool{}
	es, _ := os.ReadDir(dir)
	for _, e := range es {
		out[e.Name()] = true
	}
	return out
}

// TestImportHostileXLSX: formula cells and hyperlinks in a workbook are
// data: the cached value is imported as text, never the formula.
func TestImportHostileXLSX(t *testing.T) {
	site := importSite(t)
	dir := t.TempDir()
	in := workbook(t, dir, []string{"Initiatives"}, map[string]map[string]any{"Initiatives": {
		"A1": "Title", "B1": "Summary", "C1": "Status", "D1": "Intents",
		"A2": "Linked", "B2": `=HYPERLINK("http://evil.example","Click")`, "C2": "piloting", "D2": "clean-air",
		"A3": `=1+1`, "B3": "+cmd|' /C calc'!A0", "C3": "piloting", "D3": "clean-air",
	}}, func(f *excelize.File) {
		f.SetCellHyperLink("Initiatives", "A2", "javascript:alert(1)", "External")
	})
	ef, _ := excelize.OpenFile(in)
	ef.SetCellValue("Initiatives", "A3", "=1+1 as text")
	ef.Save()
	// The formula's cached text, as Excel saves it: <c t="str"><f>…</f><v>Click</v></c>.
	patchZip(t, in, "xl/worksheets/sheet1.xml", func(s string) string {
		i := strings.Index(s, `<c r="B2"`)
		j := strings.Index(s[i:], "</c>") + i
		return s[:i] + `<c r="B2" t="str"><f>HYPERLINK(&quot;http://evil.example&quot;,&quot;Click&quot;)</f><v>Click</v>` + s[j:]
	})
	r := runCmd("import", "xlsx", in, "--source", site)
	if r.code != 0 {
		t.Fatalf("%v", r)
	}
	got := tree(t, filepath.Join(site, "content", "initiatives"))
	if !strings.Contains(got["linked.md"], "summary: Click\n") || strings.Contains(got["linked.md"], "evil") || strings.Contains(got["linked.md"], "javascript") {
		t.Errorf("linked.md:\n%s", got["linked.md"])
	}
	if !strings.Contains(got["1-1-as-text.md"], "title: =1+1 as text\n") || !strings.Contains(got["1-1-as-text.md"], "summary: +cmd|' /C calc'!A0\n") {
		t.Errorf("1-1-as-text.md:\n%s (%v)", got["1-1-as-text.md"], keys(got))
	}
}

// patchZip rewrites one member of a ZIP archive (an XLSX part).
func patchZip(t *testing.T, path, member string, edit func(string) string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == member {
			data = []byte(edit(string(data)))
		}
		w, _ := zw.Create(f.Name)
		w.Write(data)
	}
	zr.Close()
	zw.Close()
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestImportHostileIATI: an IATI file's narratives and attributes, trellis's
// own included, are data: the hostile cells as titles, descriptions,
// organisation names, places and pools land in front matter as the same
// text, a web page address that climbs out of the site's folder makes no
// slug, nothing is written outside content/, and the site builds with the
// text escaped.
func TestImportHostileIATI(t *testing.T) {
	site := iatiSite(t, "en")
	inDir := t.TempDir()
	outside := dirNames(t, filepath.Dir(site))
	esc := func(s string) string {
		var b strings.Builder
		xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	var acts, cells []string
	for _, v := range hostileCells {
		if strings.ContainsAny(v, "\x07\x1b") {
			continue // not a character XML may hold
		}
		cells = append(cells, v)
	}
	urls := []string{"https://iati.example/initiatives/../../etc/", "https://iati.example/initiatives/a%2f..%2fb/", "https://iati.example/initiatives/../x/", "javascript:alert(1)"}
	for i, v := range cells {
		u := "https://elsewhere.example/"
		if i < len(urls) {
			u = urls[i]
		}
		acts = append(acts, fmt.Sprintf(`
 <iati-activity default-currency="EUR" xml:lang="en">
  <iati-identifier>XM-H-%d</iati-identifier>
  <reporting-org ref="XM-H" type="10"><narrative>Reporter</narrative></reporting-org>
  <title><narrative>Hostile %d %s</narrative></title>
  <description><narrative>%s</narrative></description>
  <participating-org ref="XM-H-ORG-%d" role="2" trellis:role="lead"><narrative>Org %d %s</narrative></participating-org>
  <activity-status code="2" trellis:status="%s"/>
  <activity-date iso-date="2025-01-01" type="2"/>
  <location><name><narrative>%s</narrative></name></location>
  <sector vocabulary="99" code="%s"><narrative>%s</narrative></sector>
  <transaction trellis:instrument="grant" trellis:pool="%s">
   <transaction-type code="1"/><transaction-date iso-date="2025-01-01"/><value value-date="2025-01-01">10</value>
   <provider-org ref="XM-H-ORG-%d"/>
  </transaction>
  <document-link format="text/html" url="%s"><title><narrative>x</narrative></title><category code="A12"/></document-link>
 </iati-activity>`, i, i, esc(v), esc(v), i, i, esc(v), esc(v), esc(v), esc(v), esc(v), esc(v), i, esc(u)))
	}
	body := `<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" xmlns:trellis="` + opendata.IATINamespace + `">` + strings.Join(acts, "") + "\n</iati-activities>\n"
	in := writeFile(t, inDir, "hostile.xml", body)
	if r := runCmd("import", "iati", in, "--intent", "safe-water", "--source", site); r.code != 0 {
		t.Fatalf("import of a hostile IATI file: %v", r)
	}
	for name := range tree(t, site) {
		if !strings.HasPrefix(name, "content/initiatives/") && !strings.HasPrefix(name, "content/intents/") && !strings.HasPrefix(name, "content/organisations/") && name != "site.yaml" {
			t.Errorf("import wrote %s", name)
		}
	}
	if after := dirNames(t, filepath.Dir(site)); !maps.Equal(outside, after) {
		t.Errorf("import wrote beside the site: before %v, after %v", outside, after)
	}
	pf, diags := generator.Load(generator.Options{Source: site, NoGitDates: true})
	if diags.HasErrors() {
		t.Fatalf("the imported site does not load:\n%s", diags)
	}
	orgs := map[string]string{}
	for _, o := range pf.Of(content.KindOrganisation) {
		orgs[o.Slug] = o.Title
	}
	byTitle := map[string]*content.Page{}
	for _, p := range pf.Of(content.KindInitiative) {
		byTitle[p.Title] = p
	}
	for i, v := range cells {
		p := byTitle[strings.TrimSpace(expectText(fmt.Sprintf("Hostile %d %s", i, v), false))]
		if p == nil {
			t.Errorf("activity %d: no page", i)
			continue
		}
		if !content.ValidSlug(p.Slug) || !strings.HasPrefix(p.Slug, fmt.Sprintf("hostile-%d", i)) {
			t.Errorf("activity %d: slug %q, want one from its title", i, p.Slug)
		}
		if p.Summary != expectText(v, true) {
			t.Errorf("activity %d: summary %q, want %q", i, p.Summary, expectText(v, true))
		}
		if want := strings.TrimSpace(expectText(fmt.Sprintf("Org %d %s", i, v), false)); orgs[p.Lead] != want {
			t.Errorf("activity %d: lead %q named %q, want %q", i, p.Lead, orgs[p.Lead], want)
		}
		if len(p.Funding) != 1 || p.Funding[0].Pool != expectText(v, false) {
			t.Errorf("activity %d: funding %+v, want the pool %q", i, p.Funding, expectText(v, false))
		}
		if p.Status != "piloting" || len(p.Body.Links) != 0 {
			t.Errorf("activity %d: status %q (a status word that is none of the site's is not one), %d body links", i, p.Status, len(p.Body.Links))
		}
	}
	dest := filepath.Join(t.TempDir(), "public")
	if r := runCmd("build", "--source", site, "--destination", dest, "--quiet"); r.code != 0 {
		t.Fatalf("build: %v", r)
	}
	noPayloadsIn(t, dest)
}
