package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
)

// MaxInput is the largest file import reads: a portfolio spreadsheet is
// kilobytes; anything past this is not one, and must not exhaust memory.
const MaxInput = 64 << 20

// MaxCell is the longest cell import accepts. Longer cells are reported:
// no front matter field is meant to hold a book.
const MaxCell = 100_000

// Table is one sheet of outside data: a header row and data rows, every
// cell with the place it came from, so that a diagnostic names it.
type Table struct {
	File   string // as given on the command line, for diagnostics
	Sheet  string // the XLSX sheet, or ""
	Header []Cell
	Rows   []Row
	// Kind is what the file's or sheet's name says it holds ("initiatives.csv"),
	// or what the reader knows (an IATI file); "" when it says nothing.
	Kind string
	// Into, when set, says each row is one item of that list field of a
	// page of Kind, named by the Owner column (funding.csv: funding lines of
	// initiatives, owned by the `initiative` column).
	Into, Owner string
	// Values are value maps a reader knows for its columns (IATI codes),
	// by the column's forgiving name; a mapping file's values replace them.
	Values map[string]map[string]string
	// Links says the table is an edge list (from, to, field, relation), as
	// trellis publishes in links.csv.
	Links bool
	// Whole says each cell of a table of list items holds one value, never
	// split on the list separator (the IATI reader's: a pool or a name may
	// hold a ";").
	Whole bool
	// Reuse says a row naming a page the site already has (by org_id, else
	// by slug or title) refers to that page rather than being a page to
	// write: the organisations an IATI file names.
	Reuse bool
	// Translations says each row is a page's text in another of the site's
	// languages: the page (named by the Owner column), the language (the
	// lang column), and translatable fields (content.Translatable).
	Translations bool
}

// Row is one data row.
type Row struct {
	Line  int // the row's number as a spreadsheet shows it (the header is 1), or its XML line
	Cells []Cell
}

// Cell is one value with where it stands.
type Cell struct {
	Text      string
	Line, Col int
	// Display is the value as the spreadsheet shows it, when it differs
	// from Text (a date or a formatted number in XLSX).
	Display string
	// Number says an XLSX cell holds a number (so a date field may read it
	// as an Excel serial date).
	Number bool
	// Formula says the value is the cached result of an XLSX formula.
	Formula bool
}

// at returns the cell of column i, or an empty cell placed at the row.
func (r Row) at(i int) Cell {
	if i < len(r.Cells) {
		return r.Cells[i]
	}
	return Cell{Line: r.Line, Col: i + 1}
}

// CSVOptions say how to read a CSV file.
type CSVOptions struct {
	// Encoding is the file's character encoding ("windows-1252",
	// "iso-8859-1", …); "" means UTF-8 (a byte-order mark is honoured).
	Encoding string
	// Comma is the delimiter; 0 means detect `,`, `;` or tab from the header.
	Comma rune
	// HeaderRow is the row that names the columns (1 when 0); rows above
	// it (a title, notes) are left out.
	HeaderRow int
}

// ReadCSV reads a CSV file's bytes into a table. Every problem is a
// diagnostic at its row and column; the table is nil when the file cannot
// be used at all.
func ReadCSV(name string, data []byte, opt CSVOptions) (*Table, diag.List) {
	var diags diag.List
	fail := func(line, col int, code, hint, format string, args ...any) (*Table, diag.List) {
		diags.Add(diag.Diagnostic{File: name, Line: line, Col: col, Severity: diag.Error, Code: code, Message: fmt.Sprintf(format, args...), Hint: hint})
		return nil, diags
	}
	if len(data) > MaxInput {
		return fail(0, 0, "import-too-large", "split the file; a portfolio spreadsheet is far smaller", "the file is %d MB; import reads at most %d MB", len(data)>>20, MaxInput>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return fail(0, 0, "import-empty", "export the sheet again, with a header row and one row per page", "the file is empty")
	}
	text, err := decode(data, opt.Encoding)
	if err != nil {
		return fail(0, 0, "import-encoding", "name an encoding such as windows-1252, iso-8859-1 or utf-16", "%v", err)
	}
	if looksBinary(text) {
		return fail(0, 0, "import-not-csv", "export the sheet as CSV, or use `trellis import xlsx` for an Excel workbook", "this is not a CSV file: it holds binary data")
	}
	if !utf8.Valid(text) {
		line, col := content.InvalidUTF8(text)
		return fail(line, col, "import-encoding", "if the file was saved by Excel on Windows, add --encoding windows-1252; otherwise save it as \"CSV UTF-8\"",
			"the file is not UTF-8: byte 0x%02X cannot be read", text[offsetOf(text, line, col)])
	}
	header := max(opt.HeaderRow, 1)
	comma := opt.Comma
	if comma == 0 {
		comma = detectComma(text, header)
	}
	r := csv.NewReader(bytes.NewReader(text))
	r.Comma = comma
	r.FieldsPerRecord = -1 // ragged rows are reported below, all of them
	r.ReuseRecord = false
	t := &Table{File: name}
	var records [][]string
	var lines [][]Cell
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				hint := "check the quotes in this row: a quoted cell must end with a quote, and a quote inside it is written twice (\"\")"
				return fail(pe.StartLine, pe.Column, "import-csv-syntax", hint, "cannot read the CSV file: %v", pe.Err)
			}
			return fail(0, 0, "import-csv-syntax", "", "cannot read the CSV file: %v", err)
		}
		cells := make([]Cell, len(rec))
		for i, v := range rec {
			cells[i] = Cell{Text: v, Col: i + 1}
		}
		records = append(records, rec)
		lines = append(lines, cells)
	}
	if len(records) == 0 {
		return fail(0, 0, "import-empty", "export the sheet again, with a header row", "the file has no rows")
	}
	if len(records) < header {
		return fail(0, 0, "import-empty", "give --header-row with the row that names the columns, counting from 1 as a spreadsheet does",
			"the header row is row %d, but the file has %d %s", header, len(records), pl(len(records), "row", "rows"))
	}
	if blankRow(lines[header-1]) {
		return fail(header, 0, "import-empty", "give --header-row with the row that names the columns, counting from 1 as a spreadsheet does",
			"row %d is empty, so it cannot name the columns", header)
	}
	t.Header = lines[header-1]
	width := len(t.Header)
	for i := header; i < len(lines); i++ {
		row := Row{Line: i + 1, Cells: lines[i]}
		for j := range row.Cells {
			row.Cells[j].Line = row.Line
		}
		if blankRow(row.Cells) {
			continue
		}
		if len(row.Cells) != width {
			diags.Add(diag.Diagnostic{File: name, Line: row.Line, Col: min(len(row.Cells), width) + 1, Severity: diag.Error, Code: "import-ragged",
				Message: fmt.Sprintf("row %d has %d cells but the header has %d", row.Line, len(row.Cells), width),
				Hint:    "a cell holding the delimiter must be quoted; check this row for a stray comma or semicolon"})
		}
		t.Rows = append(t.Rows, row)
	}
	for i := range t.Header {
		t.Header[i].Line = header
	}
	classify(t, name)
	return t, diags
}

// decode turns the file into UTF-8: by the named encoding, or by its
// byte-order mark (UTF-8, UTF-16); otherwise the bytes are taken as they are.
func decode(data []byte, name string) ([]byte, error) {
	if name == "" || strings.EqualFold(name, "utf-8") || strings.EqualFold(name, "utf8") {
		switch {
		case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
			return data[3:], nil
		case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
			out, _, err := transform.Bytes(unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder(), data)
			if err != nil {
				return nil, fmt.Errorf("the file starts as UTF-16 but cannot be read as UTF-16: %v", err)
			}
			return out, nil
		}
		return data, nil
	}
	var enc encoding.Encoding
	switch strings.ToLower(name) {
	case "utf-16", "utf16":
		enc = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	default:
		var err error
		enc, err = htmlindex.Get(name)
		if err != nil {
			return nil, fmt.Errorf("unknown encoding %q", name)
		}
	}
	out, _, err := transform.Bytes(enc.NewDecoder(), data)
	if err != nil {
		return nil, fmt.Errorf("cannot read the file as %s: %v", name, err)
	}
	return bytes.TrimPrefix(out, []byte{0xEF, 0xBB, 0xBF}), nil
}

// looksBinary says whether the bytes are not text at all: a NUL byte, or a
// known binary signature (an XLSX or ODS is a ZIP archive).
func looksBinary(b []byte) bool {
	head := b[:min(len(b), 8192)]
	return bytes.IndexByte(head, 0) >= 0 || bytes.HasPrefix(b, []byte("PK\x03\x04")) || bytes.HasPrefix(b, []byte("%PDF"))
}

// detectComma picks the delimiter the header line (the header-th line,
// outside quotes) uses most: spreadsheets in many European locales export
// `;`.
func detectComma(b []byte, header int) rune {
	counts := map[rune]int{}
	quoted := false
	line := 1
	for _, r := range string(b[:min(len(b), 64<<10)]) {
		if r == '"' {
			quoted = !quoted
		}
		if quoted {
			continue
		}
		if r == '\n' {
			if line++; line > header {
				break
			}
			continue
		}
		if line == header && (r == ',' || r == ';' || r == '\t') {
			counts[r]++
		}
	}
	best := ','
	for _, r := range []rune{';', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

func offsetOf(b []byte, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(b[off:], '\n')
		if i < 0 {
			return len(b) - 1
		}
		off += i + 1
	}
	return min(off+col-1, len(b)-1)
}

func blankRow(cells []Cell) bool {
	for _, c := range cells {
		if strings.TrimSpace(c.Text) != "" {
			return false
		}
	}
	return true
}
