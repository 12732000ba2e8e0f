package main

import (
	"maps"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// workbook writes an XLSX file with excelize: each sheet's cells by
// their A1 names; a value starting with "=" is written as a formula.
func workbook(t *testing.T, dir string, sheets []string, cells map[string]map[string]any, prepare func(f *excelize.File)) string {
	t.Helper()
	f := excelize.NewFile()
	for i, s := range sheets {
		if i == 0 {
			f.SetSheetName("Sheet1", s)
		} else {
			f.NewSheet(s)
		}
		for axis, v := range cells[s] {
			if fs, ok := v.(string); ok && strings.HasPrefix(fs, "=") {
				if err := f.SetCellFormula(s, axis, fs[1:]); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if err := f.SetCellValue(s, axis, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if prepare != nil {
		prepare(f)
	}
	p := filepath.Join(dir, "portfolio.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestImportXLSX: several sheets named after kinds import together (the
// Notes sheet is left out); a date cell is an Excel serial date; a formula
// gives its cached value, with a warning saying so.
func TestImportXLSX(t *testing.T) {
	site := importSite(t)
	dir := t.TempDir()
	date := time.Date(2025, 9, 18, 0, 0, 0, 0, time.UTC)
	in := workbook(t, dir, []string{"Initiatives", "Organisations", "Notes"}, map[string]map[string]any{
		"Initiatives": {
			"A1": "Title", "B1": "Summary", "C1": "Status", "D1": "Intents", "E1": "Start", "F1": "Lead", "G1": "Budget", "H1": "Funder", "I1": "Currency", "J1": "Year",
			"A2": "Bike library", "B2": "Lends bikes.", "C2": "Piloting", "D2": "Clean air", "E2": date, "F2": "River Trust", "G2": 1200, "H2": "City Council", "I2": "EUR", "J2": 2025,
			"A3": "School streets", "B3": "Closes streets.", "C3": "exploring", "D3": "clean-air", "E3": 45000, "F3": "ORG-1", "G3": "=G2*2", "H3": "River Trust", "I3": "GBP", "J3": "=J2+1",
		},
		"Organisations": {"A1": "Name", "B1": "Type", "C1": "Website", "A2": "River Trust", "B2": "community", "C2": "www.rivertrust.example"},
		"Notes":         {"A1": "Anything", "A2": "not imported"},
	}, func(f *excelize.File) {
		style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		f.SetCellStyle("Initiatives", "E2", "E3", style)
	})
	// excelize keeps a formula's value only as the cached <v>; write it so.
	setCached(t, in, map[string]float64{"G3": 2400, "J3": 2026})
	r := runCmd("import", "xlsx", in, "--source", site)
	if r.code != 0 {
		t.Fatalf("import xlsx: %v", r)
	}
	if !regexp.MustCompile(`portfolio\.xlsx\[Initiatives\]: warning import-formula: 2 cells of sheet "Initiatives" hold formulas \(the first is G3\)`).MatchString(r.stderr) {
		t.Errorf("no warning about formulas:\n%s", r.stderr)
	}
	got := tree(t, site)
	bike := got["content/initiatives/bike-library.md"]
	for _, want := range []string{"status: piloting", "start: 2025-09-18", "lead: river-trust", "amount: 1200\n    currency: EUR\n    year: 2025"} {
		if !strings.Contains(bike, want) {
			t.Errorf("bike-library.md lacks %q:\n%s", want, bike)
		}
	}
	school := got["content/initiatives/school-streets.md"]
	for _, want := range []string{"start: 2023-03-15", "lead: city-council", "amount: 2400\n    currency: GBP\n    year: 2026"} {
		if !strings.Contains(school, want) {
			t.Errorf("school-streets.md lacks %q:\n%s", want, school)
		}
	}
	if !strings.Contains(got["content/organisations/river-trust.md"], "website: https://www.rivertrust.example") {
		t.Errorf("organisation sheet not imported:\n%v", got["content/organisations/river-trust.md"])
	}
	if c := runCmd("check", "--source", site); c.code != 0 {
		t.Errorf("check: %v", c)
	}
}

// setCached writes cached values for formula cells into the workbook, as
// Excel or LibreOffice do when they save.
func setCached(t *testing.T, path string, values map[string]float64) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for axis, v := range values {
		fm, _ := f.GetCellFormula("Initiatives", axis)
		f.SetCellValue("Initiatives", axis, v)
		f.SetCellFormula("Initiatives", axis, fm)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
}

func TestImportXLSXBad(t *testing.T) {
	cases := []struct {
		name    string
		sheets  []string
		cells   map[string]map[string]any
		prepare func(f *excelize.File)
		file    string // raw bytes instead of a workbook
		args    []string
		want    string
	}{
		{name: "merged cells", sheets: []string{"Initiatives"}, cells: map[string]map[string]any{"Initiatives": {
			"A1": "Title", "B1": "Summary", "C1": "Status", "D1": "Intents", "A2": "Bike library", "B2": "x", "C2": "piloting", "D2": "clean-air", "A3": "School streets", "C3": "piloting", "D3": "clean-air"}},
			prepare: func(f *excelize.File) { f.MergeCell("Initiatives", "B2", "B3") },
			want:    `portfolio\.xlsx:2:2: error import-merged: cells B2:B3 are merged`},
		{name: "several header rows", sheets: []string{"Initiatives"}, cells: map[string]map[string]any{"Initiatives": {
			"A1": "Title", "B1": "Summary", "C1": "Status", "D1": "Intents", "A2": "title", "B2": "summary", "C2": "status", "D2": "intents",
			"A3": "Bike library", "B3": "x", "C3": "piloting", "D3": "clean-air"}},
			want: `portfolio\.xlsx:2:1: error import-header-rows: row 2 looks like a second header row`},
		{name: "formula without a value", sheets: []string{"Initiatives"}, cells: map[string]map[string]any{"Initiatives": {
			"A1": "Title", "B1": "Summary", "C1": "Status", "D1": "Intents", "A2": "Bike library", "B2": "=CONCAT(\"a\",\"b\")", "C2": "piloting", "D2": "clean-air"}},
			want: `portfolio\.xlsx:2:2: error import-formula: cell B2 is a formula with no calculated value`},
		{name: "not a workbook", file: "title,summary\nBike library,x\n", want: `portfolio\.xlsx: error import-not-xlsx: this is not an XLSX workbook\n.*import csv`},
		{name: "empty", file: "", want: `portfolio\.xlsx: error import-empty`},
		{name: "unknown sheet", sheets: []string{"Initiatives"}, cells: map[string]map[string]any{"Initiatives": {"A1": "Title"}}, args: []string{"--sheet", "Projects"},
			want: `error import-not-xlsx: the workbook has no sheet "Projects"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			site := importSite(t)
			before := tree(t, site)
			dir := t.TempDir()
			var in string
			if c.sheets != nil {
				in = workbook(t, dir, c.sheets, c.cells, c.prepare)
			} else {
				in = writeFile(t, dir, "portfolio.xlsx", c.file)
			}
			r := runCmd(append([]string{"import", "xlsx", in, "--source", site}, c.args...)...)
			if r.code != 1 {
				t.Errorf("exit %d, want 1: %v", r.code, r)
			}
			stderr := strings.ReplaceAll(r.stderr, dir+string(filepath.Separator), "")
			if !regexp.MustCompile(c.want).MatchString(stderr) {
				t.Errorf("stderr does not match %s:\n%s", c.want, stderr)
			}
			if !maps.Equal(before, tree(t, site)) {
				t.Error("a failed import wrote files")
			}
		})
	}
}
