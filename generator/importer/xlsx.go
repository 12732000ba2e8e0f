package importer

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/trellis-ssg/trellis/generator/diag"
)

// XLSXOptions say which part of a workbook to read.
type XLSXOptions struct {
	// Sheet is the sheet to read; "" reads every sheet named after a kind
	// ("Initiatives", "Funding"), or else the first sheet.
	Sheet string
	// HeaderRow is the row that names the columns (1 when 0); rows above
	// it are left out.
	HeaderRow int
}

// maxUnzip bounds what a workbook may unpack to: a zip bomb is refused
// rather than filling memory.
const maxUnzip = 256 << 20

// ReadXLSX reads the sheets of an Excel workbook. A formula cell gives the
// value Excel last calculated (a warning says so); merged cells are
// reported, since a merged value belongs to no single row; a number in a
// date column is read as an Excel serial date.
func ReadXLSX(name string, data []byte, opt XLSXOptions) ([]*Table, diag.List) {
	var diags diag.List
	fail := func(format string, hint string, args ...any) ([]*Table, diag.List) {
		diags.Add(diag.Diagnostic{File: name, Severity: diag.Error, Code: "import-not-xlsx", Message: fmt.Sprintf(format, args...), Hint: hint})
		return nil, diags
	}
	if len(data) == 0 {
		diags.Add(diag.Diagnostic{File: name, Severity: diag.Error, Code: "import-empty", Message: "the file is empty", Hint: "save the workbook again from Excel or LibreOffice"})
		return nil, diags
	}
	if len(data) > MaxInput {
		return fail("the file is %d MB; import reads at most %d MB", "split the workbook", len(data)>>20, MaxInput>>20)
	}
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		hint := "save it as an Excel workbook (.xlsx)"
		if looksText(data) {
			hint = "this looks like text: if it is CSV, use `trellis import csv`"
		}
		return fail("this is not an XLSX workbook", hint)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzip})
	if err != nil {
		return fail("cannot open the workbook: %v", "save it again as an Excel workbook (.xlsx); password-protected workbooks cannot be read", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	var pick []string
	switch {
	case opt.Sheet != "":
		for _, s := range sheets {
			if strings.EqualFold(s, opt.Sheet) {
				pick = append(pick, s)
			}
		}
		if len(pick) == 0 {
			return fail("the workbook has no sheet %q", "its sheets are: "+strings.Join(sheets, ", "), opt.Sheet)
		}
	default:
		for _, s := range sheets {
			t := &Table{}
			classify(t, s)
			if t.Kind != "" || baseName(s) == "funding" || baseName(s) == "links" {
				pick = append(pick, s)
			}
		}
		if len(pick) == 0 && len(sheets) > 0 {
			pick = sheets[:1]
			if len(sheets) > 1 {
				diags.Add(diag.Diagnostic{File: name, Severity: diag.Warning, Code: "import-sheets",
					Message: fmt.Sprintf("the workbook has %d sheets; only the first, %q, is imported", len(sheets), sheets[0]),
					Hint:    "choose one with --sheet, or name sheets after kinds (Initiatives, Organisations, Funding) to import them together"})
			}
		}
	}
	header := max(opt.HeaderRow, 1)
	var out []*Table
	for _, sheet := range pick {
		file := name
		if len(sheets) > 1 {
			file = name + "[" + sheet + "]"
		}
		t, d := readSheet(f, file, sheet, header)
		diags = append(diags, d...)
		if t != nil {
			out = append(out, t)
		}
	}
	return out, diags
}

func readSheet(f *excelize.File, file, sheet string, header int) (*Table, diag.List) {
	var diags diag.List
	errAt := func(line, col int, code, hint, format string, args ...any) {
		diags.Add(diag.Diagnostic{File: file, Line: line, Col: col, Severity: diag.Error, Code: code, Message: fmt.Sprintf(format, args...), Hint: hint})
	}
	raw, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		errAt(0, 0, "import-not-xlsx", "save the workbook again", "cannot read sheet %q: %v", sheet, err)
		return nil, diags
	}
	shown, err := f.GetRows(sheet)
	if err != nil {
		shown = raw
	}
	merged, _ := f.GetMergeCells(sheet, true)
	for _, m := range merged {
		c, r, _ := excelize.CellNameToCoordinates(m.GetStartAxis())
		if r < header {
			continue
		}
		errAt(r, c, "import-merged", "unmerge the cells and give each row its own value",
			"cells %s:%s are merged; a merged value belongs to no single row", m.GetStartAxis(), m.GetEndAxis())
	}
	if len(raw) < header || blankStrings(raw[header-1]) {
		errAt(header, 0, "import-empty", "put the column names in the first row, or give --header-row", "sheet %q has no header row", sheet)
		return nil, diags
	}
	t := &Table{File: file, Sheet: sheet}
	formulas := 0
	firstFormula := ""
	for r := header - 1; r < len(raw); r++ {
		cells := make([]Cell, len(raw[r]))
		for c := range raw[r] {
			axis, _ := excelize.CoordinatesToCellName(c+1, r+1)
			cell := Cell{Text: raw[r][c], Line: r + 1, Col: c + 1}
			if r < len(shown) && c < len(shown[r]) {
				cell.Display = shown[r][c]
			}
			if typ, err := f.GetCellType(sheet, axis); err == nil && (typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber || typ == excelize.CellTypeDate) {
				if _, err := strconv.ParseFloat(cell.Text, 64); err == nil {
					cell.Number = true
				}
			}
			if fm, err := f.GetCellFormula(sheet, axis); err == nil && fm != "" {
				cell.Formula = true
				formulas++
				if firstFormula == "" {
					firstFormula = axis
				}
				if cell.Text == "" && r >= header {
					errAt(r+1, c+1, "import-formula", "open the workbook in Excel or LibreOffice and save it, so that its formulas are calculated",
						"cell %s is a formula with no calculated value", axis)
				}
			}
			cells[c] = cell
		}
		if r == header-1 {
			t.Header = cells
			continue
		}
		if blankRow(cells) {
			continue
		}
		t.Rows = append(t.Rows, Row{Line: r + 1, Cells: cells})
	}
	if formulas > 0 {
		diags.Add(diag.Diagnostic{File: file, Severity: diag.Warning, Code: "import-formula",
			Message: fmt.Sprintf("%d %s of sheet %q %s (the first is %s); the values last calculated are imported, not the formulas", formulas, pl(formulas, "cell", "cells"), sheet, pl(formulas, "holds a formula", "hold formulas"), firstFormula),
			Hint:    "if the workbook was changed since it was last saved in a spreadsheet program, open and save it there first"})
	}
	classify(t, sheet)
	if t.Kind == "" && !t.Links && t.Into == "" {
		// The workbook's own name may say the kind: initiatives.xlsx.
		t.Kind = kindHint(strings.TrimSuffix(file, "["+sheet+"]"))
	}
	return t, diags
}

func pl(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func blankStrings(ss []string) bool {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// looksText says whether the bytes read as text (for a hint that a file
// given as XLSX is CSV).
func looksText(b []byte) bool {
	head := b[:min(len(b), 512)]
	return bytes.IndexByte(head, 0) < 0
}
