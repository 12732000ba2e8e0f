package opendata_test

import (
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/internal/testsite"
)

const iatiSite = `title: T
base_url: https://example.org/
iati:
  enabled: true
  reporting_org: {ref: XM-NOWHERE-1, type: "10", name: T}
  sectors:
    gardens: "99999"
%s
`

var badIATIPages = map[string]string{
	"content/intents/a.md":            "---\ntitle: A\nsummary: x\n---\n",
	"content/organisations/funder.md": "---\ntitle: Funder\n---\n",
	// line 6: systems; lines 8 and 9: the funding lines.
	"content/initiatives/b.md": "---\ntitle: B\nsummary: x\nstatus: idea\nintents: [a]\nsystems: [transport, astrology]\nfunding:\n  - {source: funder, amount: 10, currency: EUR}\n  - {source: funder, amount: 10, currency: XYZ, year: 2025}\nrecipient_country: ZZ\n---\n",
	"content/initiatives/c.md": "---\ntitle: C\nsummary: x\nstatus: idea\nintents: [a]\ntags: [\"one; two\"]\n---\n",
}

// TestIATIBadInput: each mistake the IATI export cannot take is reported
// with its file and line; the standard's warnings become errors with
// iati.strict.
func TestIATIBadInput(t *testing.T) {
	for _, strict := range []bool{false, true} {
		files := map[string]string{}
		for k, v := range badIATIPages {
			files[k] = v
		}
		extra := ""
		if strict {
			extra = "  strict: true"
		}
		files["site.yaml"] = strings.Replace(iatiSite, "%s", extra, 1)
		dir := testsite.Write(t, files)
		_, diags := generator.Load(generator.Options{Source: dir, Now: now, NoGitDates: true})
		soft := diag.Warning
		if strict {
			soft = diag.Error
		}
		for _, want := range []struct {
			file, code string
			line       int
			severity   diag.Severity
			text       string
		}{
			{"site.yaml", "config-iati-org", 5, soft, "XM-NOWHERE-1"},
			{"site.yaml", "config-iati-code", 7, diag.Error, `"99999"`},
			{"site.yaml", "iati-recipient", 3, soft, "no recipient"},
			{"content/initiatives/b.md", "iati-sector", 6, soft, `"astrology"`},
			{"content/initiatives/b.md", "iati-funding", 8, soft, "no year"},
			{"content/initiatives/b.md", "iati-funding", 9, soft, `"XYZ"`},
			{"content/initiatives/b.md", "iati-funding", 9, soft, "no stage"},
			{"content/initiatives/b.md", "iati-recipient", 10, diag.Error, `"ZZ"`},
			{"content/initiatives/c.md", "iati-sector", 2, soft, "no systems"},
			{"content/initiatives/c.md", "data-separator", 6, diag.Warning, `"one; two"`},
		} {
			found := false
			for _, d := range diags {
				if d.File == want.file && d.Code == want.code && d.Line == want.line && d.Severity == want.severity && strings.Contains(d.Message, want.text) && d.Hint != "" {
					found = true
				}
			}
			if !found {
				t.Errorf("strict=%v: no %s %s at %s:%d about %s in\n%v", strict, want.severity, want.code, want.file, want.line, want.text, diags)
			}
		}
		// transport is in the built-in table.
		for _, d := range diags {
			if strings.Contains(d.Message, `"transport"`) {
				t.Errorf("transport has a sector: %v", d)
			}
		}
	}
}
