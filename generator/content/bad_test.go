package content_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
)

// TestBadInput checks that each mistake an editor can make is reported once,
// with the file, the line of the offending key and a hint.
func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		name     string
		file     string // under content/
		src      string
		code     string
		line     int
		severity diag.Severity
		message  string // a substring of the message
		hint     string // a substring of the hint
		unloaded bool   // the page must not be loaded at all
	}{
		{
			name: "malformed YAML", file: "about.md",
			src:  "---\ntitle: About\nsummary: a: b\n---\nBody\n",
			code: "fm-syntax", line: 3, severity: diag.Error, message: "YAML", hint: "quote", unloaded: true,
		},
		{
			name: "YAML with a bad indent", file: "about.md",
			src:  "---\ntitle: About\nimage:\n  src: a.jpg\n alt: A\n---\nBody\n",
			code: "fm-syntax", line: 5, severity: diag.Error, message: "YAML", unloaded: true,
		},
		{
			name: "YAML tab indentation", file: "about.md",
			src:  "---\ntitle: About\nimage:\n\tsrc: a.jpg\n---\nBody\n",
			code: "fm-syntax", line: 4, severity: diag.Error, message: "YAML", unloaded: true,
		},
		{
			name: "malformed TOML", file: "about.md",
			src:  "+++\ntitle = \"About\"\nsummary = unquoted words\n+++\nBody\n",
			code: "fm-syntax", line: 3, severity: diag.Error, message: "TOML", hint: "quoted", unloaded: true,
		},
		{
			name: "malformed JSON", file: "about.md",
			src:  "{\n  \"title\": \"About\",\n  \"summary\": \"x\"\n  \"date\": \"2024-01-01\"\n}\nBody\n",
			code: "fm-syntax", line: 4, severity: diag.Error, message: "JSON", hint: "comma", unloaded: true,
		},
		{
			name: "front matter never closed", file: "about.md",
			src:  "---\ntitle: About\n\nBody text\n",
			code: "fm-syntax", line: 1, severity: diag.Error, message: "never closed", hint: "close", unloaded: true,
		},
		{
			name: "TOML front matter never closed", file: "about.md",
			src:  "\n+++\ntitle = \"About\"\n",
			code: "fm-syntax", line: 2, severity: diag.Error, message: "never closed", unloaded: true,
		},
		{
			name: "no front matter and no heading", file: "about.md",
			src:  "Just text, no title.\n\n## A second-level heading\n",
			code: "fm-missing", line: 1, severity: diag.Error, message: "no title", hint: "# heading",
		},
		{
			name: "missing title", file: "about.md",
			src:  "---\nsummary: x\n---\n",
			code: "fm-required", severity: diag.Error, message: "`title`", hint: "add `title:`",
		},
		{
			name: "initiative without intents", file: "initiatives/bike-library.md",
			src:  "---\ntitle: Bike library\nsummary: Bikes.\nstatus: piloting\n---\n",
			code: "fm-required", severity: diag.Error, message: "`intents`", hint: "add `intents:`",
		},
		{
			name: "required field left empty", file: "initiatives/bike-library.md",
			src:  "---\ntitle: Bike library\nsummary: Bikes.\nstatus: piloting\nintents:\n---\n",
			code: "fm-required", line: 5, severity: diag.Error, message: "`intents` is empty",
		},
		{
			name: "wrong type", file: "intents/clean-air.md",
			src:  "---\ntitle: Clean air\nsummary: Air.\nhorizon: soon\n---\n",
			code: "fm-type", line: 4, severity: diag.Error, message: "`horizon` must be a whole number", hint: "2030",
		},
		{
			name: "list where a value is expected", file: "intents/clean-air.md",
			src:  "---\ntitle: Clean air\nsummary: Air.\ncolor:\n  - teal\n---\n",
			code: "fm-type", line: 5, severity: diag.Error, message: "`color`",
		},
		{
			name: "unknown status", file: "initiatives/bike-library.md",
			src:  "---\ntitle: Bike library\nsummary: Bikes.\nstatus: piloted\nintents: [clean-air]\n---\n",
			code: "fm-status", line: 4, severity: diag.Error, message: "piloted", hint: "did you mean `piloting`?",
		},
		{
			name: "enum typo", file: "initiatives/bike-library.md",
			src:  "---\ntitle: Bike library\nsummary: Bikes.\nstatus: piloting\nintents: [clean-air]\nfacet: adaptiv\n---\n",
			code: "fm-vocabulary", line: 6, severity: diag.Error, message: "`facet`", hint: "did you mean `adaptive`?",
		},
		{
			name: "enum typo in a nested list", file: "initiatives/bike-library.md",
			src:  "---\ntitle: Bike library\nsummary: Bikes.\nstatus: piloting\nintents: [clean-air]\npartners:\n  - org: city\n    role: fundng\n---\n",
			code: "fm-vocabulary", line: 8, severity: diag.Error, message: "`partners.role`", hint: "did you mean `funding`?",
		},
		{
			name: "bad date", file: "learnings/x.md",
			src:  "---\ntitle: X\nintents: [clean-air]\ndate: 2024-13-45\n---\n",
			code: "fm-date", line: 4, severity: diag.Error, message: "2024-13-45", hint: "YYYY-MM-DD",
		},
		{
			name: "date in words", file: "learnings/x.md",
			src:  "---\ntitle: X\nintents: [clean-air]\ndate: March 2024\n---\n",
			code: "fm-date", line: 4, severity: diag.Error,
		},
		{
			name: "bad timestamp", file: "narratives/x.md",
			src:  "---\ntitle: X\nteller: Ana\nconsent:\n  scope: [site]\n  given: 2024-01-01\nsource: talk\nat: 12 minutes in\n---\n",
			code: "fm-timestamp", line: 8, severity: diag.Error, hint: "HH:MM:SS",
		},
		{
			name: "bad email", file: "initiatives/bike-library.md",
			src:  "---\ntitle: Bike library\nsummary: Bikes.\nstatus: piloting\nintents: [clean-air]\ncontact: team at example.org\n---\n",
			code: "fm-email", line: 6, severity: diag.Error,
		},
		{
			name: "bad URL", file: "organisations/city.md",
			src:  "---\ntitle: City\nwebsite: www.example.org\n---\n",
			code: "fm-url", line: 3, severity: diag.Error, hint: "https://",
		},
		{
			name: "amount with currency sign", file: "initiatives/bike-library.md",
			src:  "---\ntitle: Bike library\nsummary: Bikes.\nstatus: piloting\nintents: [clean-air]\nfunding:\n  - source: city\n    amount: €250,000\n    currency: EUR\n---\n",
			code: "fm-type", line: 8, severity: diag.Error, message: "`funding.amount`",
		},
		{
			name: "image path outside the page", file: "about.md",
			src:  "---\ntitle: About\nimage:\n  src: ../../etc/passwd\n  alt: Nothing\n---\n",
			code: "fm-path", line: 4, severity: diag.Error,
		},
		{
			name: "image without alt", file: "about.md",
			src:  "---\ntitle: About\nimage:\n  src: https://example.org/a.jpg\n---\n",
			code: "fm-required", severity: diag.Error, message: "`image.alt`",
		},
		{
			name: "image file missing", file: "about/index.md",
			src:  "---\ntitle: About\nimage:\n  src: photo.jpg\n  alt: A photo\n---\n",
			code: "file-missing", severity: diag.Error, message: "photo.jpg", hint: "beside the page",
		},
		{
			name: "key set twice", file: "about.md",
			src:  "---\ntitle: About\nsummary: One\nsummary: Two\n---\n",
			code: "fm-duplicate-key", line: 4, severity: diag.Error, message: "`summary`",
		},
		{
			name: "kind by its folder name", file: "x.md",
			src:  "---\ntitle: City\nkind: organisations\n---\n",
			code: "fm-vocabulary", line: 3, severity: diag.Error, hint: "did you mean `organisation`?",
		},
		{
			name: "bad slug", file: "about.md",
			src:  "---\ntitle: About\nslug: About Us\n---\n",
			code: "fm-slug", line: 3, severity: diag.Error, hint: `"about-us"`,
		},
		{
			name: "unsafe alias", file: "about.md",
			src:  "---\ntitle: About\naliases: [/old/../../etc/]\n---\n",
			code: "fm-alias", line: 3, severity: diag.Error,
		},
		{
			name: "unknown field", file: "initiatives/bike-library.md",
			src:  "---\ntitle: Bike library\nsummary: Bikes.\nstatus: piloting\nintents: [clean-air]\nintens: [active-mobility]\n---\n",
			code: "fm-unknown-field", line: 6, severity: diag.Warning, message: "`intens`", hint: "did you mean `intents`?",
		},
		{
			name: "unknown nested field", file: "initiatives/bike-library.md",
			src:  "---\ntitle: Bike library\nsummary: Bikes.\nstatus: piloting\nintents: [clean-air]\npartners:\n  - org: city\n    rol: funding\n---\n",
			code: "fm-unknown-field", line: 8, severity: diag.Warning, message: "`partners.rol`", hint: "did you mean `partners.role`?",
		},
		{
			name: "field of another kind", file: "intents/clean-air.md",
			src:  "---\ntitle: Clean air\nsummary: Air.\nstatus: piloting\n---\n",
			code: "fm-unknown-field", line: 4, severity: diag.Warning, message: "`status`",
		},
		{
			name: "learning about nothing", file: "learnings/x.md",
			src:  "---\ntitle: X\ndate: 2024-01-01\n---\n",
			code: "fm-required", severity: diag.Error, hint: "initiatives:",
		},
		{
			name: "end before start", file: "initiatives/bike-library.md",
			src:  "---\ntitle: Bike library\nsummary: Bikes.\nstatus: piloting\nintents: [clean-air]\nstart: 2024-05-01\nend: 2024-01-01\n---\n",
			code: "fm-dates", line: 7, severity: diag.Error,
		},
		{
			name: "status history disagrees with status", file: "initiatives/bike-library.md",
			src:  "---\ntitle: Bike library\nsummary: Bikes.\nstatus: scaling\nintents: [clean-air]\nstatus_history:\n  - status: piloting\n    date: 2024-01-01\n---\n",
			code: "status-history", line: 4, severity: diag.Warning,
		},
		{
			name: "source without type", file: "sources/talk.md",
			src:  "---\ntitle: A talk\nurl: https://example.org/talk\n---\n",
			code: "fm-required", severity: diag.Error, message: "type",
		},
		{
			name: "invalid UTF-8", file: "about.md",
			src:  "---\ntitle: About\nsummary: caf\xe9 au lait\n---\n",
			code: "encoding", line: 3, severity: diag.Error, message: "UTF-8", hint: "UTF-8", unloaded: true,
		},
		{
			name: "NUL byte", file: "about.md",
			src:  "---\ntitle: About\n---\nBody\n\x00\n",
			code: "encoding", line: 5, severity: diag.Error, message: "NUL", unloaded: true,
		},
		{
			name: "empty file", file: "about.md",
			src:  "",
			code: "empty", severity: diag.Error, unloaded: true,
		},
		{
			name: "blank file", file: "about.md",
			src:  " \n\n\t\n",
			code: "empty", severity: diag.Error, unloaded: true,
		},
		{
			name: "file name without letters", file: "initiatives/日本.md",
			src:  initiativeMD,
			code: "slug", severity: diag.Error, unloaded: true,
		},
		{
			name: "signal observation without a date", file: "intents/clean-air.md",
			src:  "---\ntitle: Clean air\nsummary: Air.\nsignals:\n  - text: Children walking\n    baseline: \"47% (2023)\"\n    observations:\n      - {value: 52%}\n---\n",
			code: "fm-required", line: 8, severity: diag.Error, message: "signals.observations.date",
		},
		{
			name: "signal observation without a value", file: "intents/clean-air.md",
			src:  "---\ntitle: Clean air\nsummary: Air.\nsignals:\n  - text: Children walking\n    baseline: \"47% (2023)\"\n    observations:\n      - date: 2024-06-01\n        source: report\n---\n",
			code: "fm-required", line: 8, severity: diag.Error, message: "signals.observations.value",
		},
		{
			name: "signal observation in the wrong unit", file: "intents/clean-air.md",
			src:  "---\ntitle: Clean air\nsummary: Air.\nsignals:\n  - text: Children walking\n    baseline: \"47% (2023)\"\n    observations:\n      - {date: 2024-06-01, value: 52%}\n      - {date: 2024-07-01, value: 1200 pupils}\n---\n",
			code: "signal-unit", line: 9, severity: diag.Error, message: "in pupils, but the signal is measured in %", hint: "write it in %",
		},
		{
			name: "signal observation that is not a number", file: "intents/clean-air.md",
			src:  "---\ntitle: Clean air\nsummary: Air.\nsignals:\n  - text: Children walking\n    baseline: \"47% (2023)\"\n    observations:\n      - {date: 2024-06-01, value: about half}\n---\n",
			code: "signal-value", line: 8, severity: diag.Error, message: "not a number",
		},
		{
			name: "signal observation dated in the future", file: "intents/clean-air.md",
			src:  "---\ntitle: Clean air\nsummary: Air.\nsignals:\n  - text: Children walking\n    baseline: \"47% (2023)\"\n    observations:\n      - {date: 2024-06-01, value: 52%}\n      - {date: 2031-01-01, value: 70%}\n---\n",
			code: "signal-future", line: 9, severity: diag.Error, message: "after today", hint: "measured",
		},
		{
			name: "section index", file: "initiatives/_index.md",
			src:  "---\ntitle: All\n---\n",
			code: "section-index", severity: diag.Warning, unloaded: true,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set, diags := load(t, map[string]string{"content/" + tc.file: tc.src})
			got := withCode(diags, tc.code)
			if len(got) != 1 {
				t.Fatalf("want one %s diagnostic, got %d:\n%s", tc.code, len(got), diags.String())
			}
			d := got[0]
			if want := "content/" + tc.file; d.File != want {
				t.Errorf("File = %q, want %q", d.File, want)
			}
			if tc.line != 0 && d.Line != tc.line {
				t.Errorf("Line = %d, want %d\n%s", d.Line, tc.line, d)
			}
			if d.Severity != tc.severity {
				t.Errorf("Severity = %v, want %v", d.Severity, tc.severity)
			}
			if !strings.Contains(d.Message, tc.message) {
				t.Errorf("Message = %q, want it to contain %q", d.Message, tc.message)
			}
			if d.Hint == "" && tc.code != "fm-required" {
				t.Errorf("no hint: %s", d)
			}
			if !strings.Contains(d.Hint, tc.hint) {
				t.Errorf("Hint = %q, want it to contain %q", d.Hint, tc.hint)
			}
			if tc.unloaded && len(set.Pages) != 0 {
				t.Errorf("the page was loaded; want it left out")
			}
		})
	}
}

// TestBadValueDoesNotLeak checks that a value that fails its check does not
// reach the decoded page, where later stages would trust it.
func TestBadValueDoesNotLeak(t *testing.T) {
	set, diags := load(t, map[string]string{
		"content/initiatives/bike-library.md": "---\ntitle: Bike library\nsummary: Bikes.\nstatus: piloted\nintents: [clean-air]\nfacet: adaptiv\ncontact: nope\n---\n",
		"content/intents/clean-air.md":        "---\ntitle: Clean air\nsummary: Air.\nhorizon: soon\n---\n",
	})
	if n, _ := diags.Count(); n != 4 {
		t.Errorf("want 4 errors, got:\n%s", diags.String())
	}
	p := page(t, set, "content/initiatives/bike-library.md")
	if p.Status != "" || p.Facet != "" || p.Contact != "" {
		t.Errorf("bad values decoded: status %q, facet %q, contact %q", p.Status, p.Facet, p.Contact)
	}
	if i := page(t, set, "content/intents/clean-air.md"); i.Horizon != 0 {
		t.Errorf("Horizon = %d, want 0", i.Horizon)
	}
}

func TestDuplicateSlug(t *testing.T) {
	set, diags := load(t, map[string]string{
		"content/initiatives/bike-library.md": initiativeMD,
		"content/initiatives/bikes.md":        "---\ntitle: Bikes\nsummary: More bikes.\nstatus: idea\nintents: [clean-air]\nslug: bike-library\n---\n",
		// The same slug in another kind is another URL.
		"content/intents/bike-library.md": intentMD,
	})
	got := withCode(diags, "slug-duplicate")
	if len(got) != 1 {
		t.Fatalf("want one slug-duplicate, got:\n%s", diags.String())
	}
	d := got[0]
	if d.File != "content/initiatives/bikes.md" || d.Line != 6 || d.Severity != diag.Error {
		t.Errorf("got %s; want an error at content/initiatives/bikes.md:6", d)
	}
	if !strings.Contains(d.Message, "/initiatives/bike-library/") || !strings.Contains(d.Hint, "content/initiatives/bike-library.md") {
		t.Errorf("message or hint does not name the URL and the other file: %s", d)
	}
	if len(set.Pages) != 3 {
		t.Errorf("loaded %d pages, want 3", len(set.Pages))
	}
}

func TestFileTooLarge(t *testing.T) {
	root := writeSite(t, map[string]string{"content/intents/clean-air.md": intentMD})
	big := filepath.Join(root, "content", "huge.md")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file: no time or disk spent on the bytes.
	if err := f.Truncate(content.MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	set, diags := content.Load(root, "content", opts())
	got := withCode(diags, "file-too-large")
	if len(got) != 1 || got[0].File != "content/huge.md" || got[0].Severity != diag.Error {
		t.Fatalf("want one file-too-large error on content/huge.md, got:\n%s", diags.String())
	}
	if len(set.Pages) != 1 {
		t.Errorf("loaded %d pages, want only the intent", len(set.Pages))
	}
}

func TestSymlinkOutside(t *testing.T) {
	outside := writeSite(t, map[string]string{"secret.md": "---\ntitle: Secret\n---\n"})
	root := writeSite(t, map[string]string{"content/intents/clean-air.md": intentMD})
	link := filepath.Join(root, "content", "secret.md")
	if err := os.Symlink(filepath.Join(outside, "secret.md"), link); err != nil {
		t.Skipf("cannot make a symbolic link: %v", err)
	}
	// A link out of content/ but within the site is still outside.
	if err := os.WriteFile(filepath.Join(root, "site.yaml"), []byte("title: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("..", "site.yaml"), filepath.Join(root, "content", "site.md")); err != nil {
		t.Fatal(err)
	}
	// A link inside the content folder is fine.
	if err := os.Symlink("clean-air.md", filepath.Join(root, "content", "intents", "air.md")); err != nil {
		t.Fatal(err)
	}
	set, diags := content.Load(root, "content", opts())
	got := withCode(diags, "symlink-outside")
	var files []string
	for _, d := range got {
		files = append(files, d.File)
		if d.Severity != diag.Error {
			t.Errorf("severity %v, want error: %s", d.Severity, d)
		}
	}
	if want := []string{"content/secret.md", "content/site.md"}; !reflect.DeepEqual(files, want) {
		t.Errorf("symlink-outside on %v, want %v\n%s", files, want, diags.String())
	}
	for _, p := range set.Pages {
		if p.Title == "Secret" || p.File == "content/site.md" || p.File == "content/secret.md" {
			t.Errorf("loaded %s through a link to outside the content folder", p.File)
		}
	}
	if len(set.Pages) != 2 {
		t.Errorf("loaded %d pages, want the intent and its link inside the folder", len(set.Pages))
	}
}

// TestAllReported checks that one load reports every bad file, not just the
// first, in the same order every time.
func TestAllReported(t *testing.T) {
	files := map[string]string{
		"content/intents/clean-air.md":        intentMD,
		"content/intents/bad-yaml.md":         "---\ntitle: X\nsummary: a: b\n---\n",
		"content/intents/bad-horizon.md":      "---\ntitle: X\nsummary: Y\nhorizon: soon\n---\n",
		"content/initiatives/bike-library.md": "---\ntitle: X\nsummary: Y\nstatus: piloted\nintens: [clean-air]\n---\n",
		"content/learnings/x.md":              "---\ntitle: X\nintents: [clean-air]\ndate: yesterday\n---\n",
		"content/about.md":                    "",
		"content/notes.md":                    "no front matter\n",
		"content/json.md":                     "{\"title\": \"X\",}\n",
	}
	root := writeSite(t, files)
	var first diag.List
	for i := 0; i < 5; i++ {
		_, diags := content.Load(root, "content", opts())
		diags.Sort()
		if i == 0 {
			first = diags
			continue
		}
		if !reflect.DeepEqual(diags, first) {
			t.Fatalf("load %d reported differently:\n%s\nfirst:\n%s", i, diags.String(), first.String())
		}
	}
	type key struct {
		file, code string
		line       int
	}
	var got []key
	for _, d := range first {
		got = append(got, key{d.File, d.Code, d.Line})
	}
	want := []key{
		{"content/about.md", "empty", 0},
		{"content/initiatives/bike-library.md", "fm-required", 2},
		{"content/initiatives/bike-library.md", "fm-status", 4},
		{"content/initiatives/bike-library.md", "fm-unknown-field", 5},
		{"content/intents/bad-horizon.md", "fm-type", 4},
		{"content/intents/bad-yaml.md", "fm-syntax", 3},
		{"content/json.md", "fm-syntax", 1},
		{"content/learnings/x.md", "fm-date", 4},
		{"content/notes.md", "fm-missing", 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("diagnostics:\n%s\nwant (file, code, line):\n%v", first.String(), want)
	}
}
