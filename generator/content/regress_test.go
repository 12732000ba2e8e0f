package content_test

import (
	"testing"

	"github.com/trellis-ssg/trellis/generator/diag"
)

// TestOneDiagnosticPerMistake checks that one mistake gives one diagnostic,
// at the line of the key, and nothing else.
func TestOneDiagnosticPerMistake(t *testing.T) {
	for _, tc := range []struct {
		name, file, src string
		code            string
		line            int
		severity        diag.Severity
	}{
		{"image without alt", "about.md", "---\ntitle: About\nimage:\n  src: https://example.org/a.jpg\n---\n", "fm-required", 4, diag.Error},
		{"image with blank alt", "about.md", "---\ntitle: About\nimage:\n  src: https://example.org/a.jpg\n  alt: \"  \"\n---\n", "fm-required", 5, diag.Error},
		{"blank title", "about.md", "---\ntitle: ''\n---\n", "fm-required", 2, diag.Error},
		// A field of another kind is only a warning, whatever its value:
		// it is not decoded, so its value cannot fail the page.
		{"another kind's field with a bad value", "organisations/city.md", "---\ntitle: City\nhorizon: soon\nwebsite: https://example.org\n---\n", "fm-unknown-field", 3, diag.Warning},
		{"another kind's date field", "organisations/city.md", "---\ntitle: City\nstart: someday\n---\n", "fm-unknown-field", 3, diag.Warning},
		{"TOML table", "about.md", "+++\ntitle = \"About\"\n\n[image]\nsrc = \"https://example.org/a.jpg\"\n+++\n", "fm-required", 4, diag.Error},
		{"YAML parser error on the first line", "about.md", "---\n- title\nsummary: x\n---\n", "fm-syntax", 3, diag.Error},
		{"unclosed flow list", "about.md", "---\ntitle: About\ntags: [a, b\n---\n", "fm-syntax", 3, diag.Error},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := load(t, map[string]string{"content/" + tc.file: tc.src})
			if len(diags) != 1 {
				t.Fatalf("want one diagnostic, got:\n%s", diags.String())
			}
			d := diags[0]
			if d.Code != tc.code || d.Line != tc.line || d.Severity != tc.severity || d.File != "content/"+tc.file {
				t.Errorf("got %s\nwant %v %s at content/%s:%d", d, tc.severity, tc.code, tc.file, tc.line)
			}
		})
	}
}

// TestFieldOfAnotherKindNotDecoded checks that a field the kind does not have
// does not reach the page, where a later stage might use it.
func TestFieldOfAnotherKindNotDecoded(t *testing.T) {
	set, _ := load(t, map[string]string{
		"content/intents/clean-air.md": "---\ntitle: Clean air\nsummary: Air.\nstatus: piloting\nwebsite: https://example.org\n---\n",
	})
	p := page(t, set, "content/intents/clean-air.md")
	if p.Status != "" || p.Website != "" {
		t.Errorf("Status %q, Website %q; want them left out of an intent", p.Status, p.Website)
	}
	if p.Summary != "Air." {
		t.Errorf("Summary %q", p.Summary)
	}
}

// TestJSONEscapes checks that JSON front matter as PHP and Python write it
// (escaped slashes, non-ASCII as \u escapes, surrogate pairs) loads.
func TestJSONEscapes(t *testing.T) {
	set, diags := load(t, map[string]string{
		"content/organisations/city.md": "{\n  \"title\": \"Caf\\u00e9 \\ud83d\\udeb2 \\\"Lane\\\"\",\n  \"website\": \"https:\\/\\/example.org\\/city\\/\",\n  \"org_id\": \"a\\\\/b\"\n}\n",
	})
	if len(diags) != 0 {
		t.Fatalf("diagnostics:\n%s", diags.String())
	}
	p := page(t, set, "content/organisations/city.md")
	if p.Title != "Café 🚲 \"Lane\"" || p.Website != "https://example.org/city/" || p.OrgID != `a\/b` {
		t.Errorf("Title %q, Website %q, OrgID %q", p.Title, p.Website, p.OrgID)
	}
	if l := p.Line("website"); l != 3 {
		t.Errorf("Line(website) = %d, want 3", l)
	}
}
