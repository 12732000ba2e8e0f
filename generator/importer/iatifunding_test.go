package importer

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// TestIATIFundingLines: another publisher's transactions become funding
// lines by provider, currency and year: disbursements as disbursed lines,
// what they leave of commitments as committed lines, a commitment and its
// disbursement of the same year as one disbursed line, pledges and planned
// disbursements as planned lines; expenditure is not funding, and incoming
// money from no one named is a warning at its line.
func TestIATIFundingLines(t *testing.T) {
	data, err := os.ReadFile("testdata/iati-funding.xml")
	if err != nil {
		t.Fatal(err)
	}
	tables, diags := ReadIATI("f.xml", data, IATIOptions{Language: "en", Statuses: []string{"piloting"}})
	var got []string
	for _, tb := range tables {
		if tb.Into != "funding" {
			continue
		}
		for _, r := range tb.Rows {
			var cells []string
			for _, c := range r.Cells[1:6] {
				cells = append(cells, c.Text)
			}
			got = append(got, strings.Join(cells, " "))
		}
	}
	want := []string{
		"GB-CHC-1 70000 USD 2026 planned",
		"GB-CHC-1 40000 EUR 2024 committed",
		"GB-CHC-1 30000 EUR 2024 disbursed",
		"GB-CHC-1 30000 EUR 2025 disbursed",
		"XM-DAC-7 5000 EUR 2025 disbursed",
		"Friends of the Wells 8000 GBP 2025 planned",
	}
	if !slices.Equal(got, want) {
		t.Errorf("funding lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(diags) != 2 || diags[1].Code != "iati-no-provider" || diags[1].Line != 67 {
		t.Errorf("want the schema warning (no xmllint given) and one warning at line 67 for the incoming funds from no one: %v", diags)
	}
}
