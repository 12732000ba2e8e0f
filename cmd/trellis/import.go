package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/importer"
)

const importSynopsis = `Import pages from a spreadsheet or an IATI file into content/:

  trellis import csv  FILE... [--header-row N] [--kind KIND] [--map MAPPING.yaml] [--dry-run] [--update]
  trellis import xlsx FILE [--sheet NAME] [--header-row N] [--kind KIND] [--map MAPPING.yaml] [--dry-run] [--update]
  trellis import iati FILE [--lenient] [--map MAPPING.yaml] [--dry-run] [--update]

One page per row (or per IATI activity and organisation). Columns match fields by name
(case, spaces, hyphens and underscores do not count) or by a mapping file; --suggest-map
prints one to edit. Nothing is written when any row has an error, and the imported pages
are checked as 'trellis check' would before anything is written. See docs/import.md.`

// multiFlag is a flag that may be given several times.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

func importCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" {
		fmt.Fprintln(stderr, importSynopsis)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	format := args[0]
	switch format {
	case "csv", "xlsx", "iati":
	default:
		fmt.Fprintf(stderr, "trellis import: unknown format %q: use csv, xlsx or iati\n\n%s\n", format, importSynopsis)
		return 2
	}
	fs := newFlags("import "+format, importSynopsis, stderr)
	source := fs.String("source", ".", "the site folder, holding site.yaml and content/")
	kind := fs.String("kind", "", "the kind of page each row is: intent, initiative, learning, decision, narrative, source or organisation (default: from the file or sheet name)")
	var maps, intents multiFlag
	fs.Var(&intents, "intent", "an intent (slug, title or id) of every imported initiative that names none; may be repeated (IATI activities have none)")
	fs.Var(&maps, "map", "a mapping file of columns to fields (may be given once per kind)")
	dryRun := fs.Bool("dry-run", false, "print what would be written and every problem; write nothing")
	update := fs.Bool("update", false, "change existing pages: only the fields the import maps; the body and other fields stay")
	suggest := fs.Bool("suggest-map", false, "print a mapping file for the file's columns, to edit and pass with --map")
	dayFirst := fs.Bool("day-first", false, "read dates such as 03/04/2026 as 3 April")
	monthFirst := fs.Bool("month-first", false, "read dates such as 03/04/2026 as 4 March")
	encoding := fs.String("encoding", "", "the CSV file's character encoding, such as windows-1252 (default UTF-8)")
	delimiter := fs.String("delimiter", "", "the CSV delimiter (default: whichever of , ; or tab the header uses)")
	into := fs.String("into", "", "add each row as an item of this list field (such as funding) of the page its owner column names")
	owner := fs.String("owner", "", "with --into, the column naming the page each row belongs to")
	sheet := fs.String("sheet", "", "xlsx: the sheet to import (default: every sheet named after a kind, or the first)")
	headerRow := fs.Int("header-row", 1, "csv, xlsx: the row that names the columns; the rows above it are left out")
	lenient := fs.Bool("lenient", false, "iati: import the activities that are valid and report the others")
	files, code := parseInterspersed(fs, args[1:])
	if code >= 0 {
		return code
	}
	if len(files) == 0 {
		fmt.Fprintf(stderr, "trellis import %s: name the file to import\n", format)
		return 2
	}
	if *headerRow < 1 {
		fmt.Fprintln(stderr, "trellis import: --header-row counts rows from 1, as a spreadsheet does")
		return 2
	}
	if *dayFirst && *monthFirst {
		fmt.Fprintln(stderr, "trellis import: give --day-first or --month-first, not both")
		return 2
	}
	opt := importer.Options{Update: *update, Into: *into, Owner: *owner, Intents: intents}
	if *dayFirst {
		opt.Dates = importer.DayFirst
	} else if *monthFirst {
		opt.Dates = importer.MonthFirst
	}
	var diags diag.List
	if *kind != "" {
		k, ok := content.ParseKind(*kind)
		if !ok || k == content.KindPage {
			fmt.Fprintf(stderr, "trellis import: unknown kind %q: use intent, initiative, learning, decision, narrative, source or organisation\n", *kind)
			return 2
		}
		opt.Kind = k
	}
	for _, m := range maps {
		data, err := os.ReadFile(m)
		if err != nil {
			fmt.Fprintf(stderr, "trellis import: %v\n", err)
			return 2
		}
		mp, d := importer.ParseMapping(m, data)
		diags = append(diags, d...)
		if mp != nil {
			opt.Maps = append(opt.Maps, mp)
		}
	}
	var tables []*importer.Table
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "trellis import: %v\n", err)
			return 1
		}
		switch format {
		case "csv":
			var comma rune
			if *delimiter != "" {
				d := *delimiter
				if d == `\t` || d == "tab" {
					d = "\t"
				}
				comma = []rune(d)[0]
			}
			t, d := importer.ReadCSV(name, data, importer.CSVOptions{Encoding: *encoding, Comma: comma, HeaderRow: *headerRow})
			diags = append(diags, d...)
			if t != nil {
				tables = append(tables, t)
			}
		case "xlsx":
			ts, d := importer.ReadXLSX(name, data, importer.XLSXOptions{Sheet: *sheet, HeaderRow: *headerRow})
			diags = append(diags, d...)
			tables = append(tables, ts...)
		case "iati":
			cfg, _ := config.Load(*source)
			xmllint, _ := exec.LookPath("xmllint") // "" when not installed: the schema is then not checked, and a warning says so
			ts, d := importer.ReadIATI(name, data, importer.IATIOptions{Language: cfg.Language, Languages: otherLanguages(cfg), Lenient: *lenient, Statuses: cfg.Statuses,
				ReportingRef: cfg.IATI.ReportingOrg.Ref, Country: cfg.IATI.RecipientCountry, Region: cfg.IATI.RecipientRegion,
				BaseURL: cfg.BaseURL, XMLLint: xmllint})
			diags = append(diags, d...)
			tables = append(tables, ts...)
		}
	}
	if *suggest {
		if len(tables) != 1 {
			fmt.Fprintln(stderr, "trellis import --suggest-map: give one file (and, for a workbook, one --sheet)")
			printDiags(stderr, diags)
			return 2
		}
		k := opt.Kind
		if k == "" {
			k, _ = content.ParseKind(tables[0].Kind)
		}
		if k == "" || k == content.KindPage {
			fmt.Fprintln(stderr, "trellis import --suggest-map: add --kind, such as --kind initiative")
			return 2
		}
		cfg, _ := config.Load(*source)
		fmt.Fprint(stdout, importer.SuggestMapping(tables[0], k, cfg.Statuses))
		return 0
	}
	var planned []importer.File
	if !diags.HasErrors() {
		var d diag.List
		planned, d = importer.Prepare(*source, tables, opt)
		diags = append(diags, d...)
	}
	if !diags.HasErrors() && len(planned) > 0 {
		d, err := importer.Check(*source, planned)
		if err != nil {
			fmt.Fprintf(stderr, "trellis import: %v\nNothing was written.\n", err)
			return 1
		}
		diags = append(diags, d...)
	}
	diags.Sort()
	printDiags(stderr, diags)
	e, w := diags.Count()
	if e > 0 {
		fmt.Fprintf(stderr, "\nImport failed: %d %s, %d %s. Nothing was written.\n", e, plural(e, "error", "errors"), w, plural(w, "warning", "warnings"))
		return 1
	}
	news := 0
	for _, f := range planned {
		if f.New {
			news++
		}
	}
	if *dryRun {
		for _, f := range planned {
			what := "new"
			if !f.New {
				what = "update: " + strings.Join(f.Fields, ", ")
			}
			fmt.Fprintf(stdout, "==> %s (%s; from %s) <==\n%s\n", f.Path, what, f.From, f.Data)
		}
		fmt.Fprintf(stdout, "Dry run: would write %d %s (%d new, %d updated). Nothing was written.\n", len(planned), plural(len(planned), "page", "pages"), news, len(planned)-news)
		return 0
	}
	cfg, _ := config.Load(*source)
	if err := importer.Write(*source, cfg.ContentDir, planned); err != nil {
		fmt.Fprintf(stderr, "trellis import: %v\nNothing was written.\n", err)
		return 1
	}
	for _, f := range planned {
		fmt.Fprintln(stdout, filepath.FromSlash(f.Path))
	}
	fmt.Fprintf(stdout, "Wrote %d %s (%d new, %d updated).\n", len(planned), plural(len(planned), "page", "pages"), news, len(planned)-news)
	return 0
}

// parseInterspersed parses flags given before, between and after the file
// names, as `trellis import csv FILE --kind initiative` is written. It
// returns the file names, and an exit code or -1 to go on.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, int) {
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, 0
			}
			return nil, 2
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return files, -1
		}
		if rest[0] == "--" {
			return append(files, rest[1:]...), -1
		}
		files = append(files, rest[0])
		args = rest[1:]
	}
}

// otherLanguages are the site's languages after its default: those an
// import writes translations in.
func otherLanguages(cfg *config.Config) []string {
	if codes := cfg.Languages.Codes(); len(codes) > 1 {
		return codes[1:]
	}
	return nil
}
