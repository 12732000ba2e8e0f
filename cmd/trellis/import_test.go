package main

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/internal/testsite"
)

// importSite is a small site with pages an import can refer to.
func importSite(t *testing.T) string {
	return testsite.Write(t, map[string]string{
		"site.yaml":                             "title: Import test\nbase_url: https://import.example/\n",
		"content/intents/clean-air.md":          "---\ntitle: Clean air\nid: INT-1\nsummary: Air people can breathe.\n---\n",
		"content/intents/active-mobility.md":    "---\ntitle: Active mobility\nsummary: Walking and cycling.\n---\n",
		"content/organisations/city-council.md": "---\ntitle: City Council\nid: ORG-1\norg_id: XM-CITY-1\n---\n",
		"content/organisations/health-trust.md": "---\ntitle: Health Trust\n---\n",
	})
}

// tree returns every file under dir with its bytes.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	return out
}

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const goodCSV = "title,summary,status,intents,start,lead\n" +
	"Bike library,Lending bikes.,piloting,clean-air,2026-03-12,ORG-1\n" +
	"School streets,Closing streets at school times.,exploring,Clean air;active-mobility,,City Council\n"

func TestImportCSV(t *testing.T) {
	site := importSite(t)
	in := writeFile(t, t.TempDir(), "projects.csv", goodCSV)
	r := runCmd("import", "csv", in, "--kind", "initiative", "--source", site)
	if r.code != 0 {
		t.Fatalf("import: %v", r)
	}
	got := tree(t, site)
	want := "---\ntitle: Bike library\nsummary: Lending bikes.\nstatus: piloting\nintents: [clean-air]\nlead: city-council\nstart: 2026-03-12\n---\n"
	if got["content/initiatives/bike-library.md"] != want {
		t.Errorf("bike-library.md:\n%s\nwant:\n%s", got["content/initiatives/bike-library.md"], want)
	}
	if !strings.Contains(got["content/initiatives/school-streets.md"], "intents: [clean-air, active-mobility]") {
		t.Errorf("references by title and slug not resolved:\n%s", got["content/initiatives/school-streets.md"])
	}
	if c := runCmd("check", "--source", site); c.code != 0 {
		t.Errorf("check after import: %v", c)
	}
	// The same rows again: the pages exist, so nothing is written.
	r = runCmd("import", "csv", in, "--kind", "initiative", "--source", site)
	if r.code != 1 || !strings.Contains(r.stderr, "content/initiatives/bike-library.md already exists") {
		t.Errorf("second import: %v", r)
	}
}

func TestImportDryRunWritesNothing(t *testing.T) {
	site := importSite(t)
	before := tree(t, site)
	in := writeFile(t, t.TempDir(), "initiatives.csv", goodCSV)
	r := runCmd("import", "csv", in, "--source", site, "--dry-run")
	if r.code != 0 || !strings.Contains(r.stdout, "==> content/initiatives/bike-library.md (new") || !strings.Contains(r.stdout, "Nothing was written") {
		t.Fatalf("dry run (kind from the file name): %v", r)
	}
	if !maps.Equal(before, tree(t, site)) {
		t.Error("--dry-run wrote files")
	}
}

// TestImportBadInput: every bad input of issue 17 is an error (or, for a
// column that fills nothing, a warning) at FILE:ROW:COLUMN, exit 1, and
// nothing is written.
func TestImportBadInput(t *testing.T) {
	win1252 := "title,summary,status,intents\nCaf\xe9 on the corner,A caf\xe9.,piloting,clean-air\n"
	cases := []struct {
		name, file, body string
		args             []string
		want             string // a regexp on stderr
	}{
		{"unknown kind", "p.csv", goodCSV, []string{"--kind", "initiatve"}, `unknown kind "initiatve"`},
		{"no kind", "p.csv", goodCSV, nil, `p\.csv: error import-kind: cannot tell what kind of page`},
		{"missing required", "p.csv", "title,summary,status\nBike library,Lends bikes.,piloting\n", nil, `p\.csv:2: error import-required: row 2 has no .intents.`},
		{"bad status", "p.csv", "title,summary,status,intents\nBike library,x,in delivery,clean-air\n", nil, `p\.csv:2:3: error import-status: column "status": unknown status "in delivery"`},
		{"bad date", "p.csv", "title,summary,status,intents,start\nBike library,x,piloting,clean-air,31/02/2026\n", []string{"--day-first"}, `p\.csv:2:5: error import-date: column "start": "31/02/2026" is not a date`},
		{"ambiguous date", "p.csv", "title,summary,status,intents,start\nBike library,x,piloting,clean-air,03/04/2026\n", nil, `p\.csv:2:5: error import-date: .*could be read day first or month first`},
		{"bad amount", "p.csv", "title,summary,status,intents,funding.source,funding.amount,funding.currency\nB,x,piloting,clean-air,ORG-1,about ten,EUR\n", nil, `p\.csv:2:6: error import-amount: column "funding.amount"`},
		{"bad currency", "p.csv", "title,summary,status,intents,funding.source,funding.amount,funding.currency\nB,x,piloting,clean-air,ORG-1,100,EURO\n", nil, `p\.csv:2:7: error import-currency: .*"EURO" is not an ISO 4217`},
		{"unknown reference", "p.csv", "title,summary,status,intents\nB,x,piloting,clean water\n", nil, `p\.csv:2:4: error import-ref: column "intents": no intent "clean water"`},
		{"same slug twice", "p.csv", "title,summary,status,intents\nBike library,x,piloting,clean-air\nBike Library!,y,piloting,clean-air\n", nil, `p\.csv:3:1: error import-duplicate: row 3 and p\.csv:2 both make the initiative "bike-library"`},
		{"not CSV", "p.csv", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", nil, `p\.csv: error import-not-csv: this is not a CSV file`},
		{"empty", "p.csv", "", nil, `p\.csv: error import-empty: the file is empty`},
		{"not UTF-8", "p.csv", win1252, nil, `p\.csv:2:4: error import-encoding: the file is not UTF-8.*\n.*--encoding windows-1252`},
		{"ragged row", "p.csv", "title,summary,status,intents\nB,x,piloting,clean-air,extra\n", nil, `p\.csv:2:5: error import-ragged: row 2 has 5 cells but the header has 4`},
		{"unclosed quote", "p.csv", "title,summary,status,intents\nB,\"x,piloting,clean-air\n", nil, `p\.csv:2:\d+: error import-csv-syntax: `},
		{"column maps to a non-field", "p.csv", goodCSV, []string{"--map", "MAP"}, `m\.yaml:3: error import-map: column "lead" maps to .leed., which is not a field of this kind\n.*did you mean .lead.`},
		{"unknown kind in the mapping", "p.csv", goodCSV, []string{"--map", "MAPKIND"}, `k\.yaml:1:7: error import-kind: unknown kind "initiatve"\n.*did you mean initiative\?`},
		{"several header rows", "p.csv", "title,summary,status,intents\nTitle,Summary,Status,Intents\nB,x,piloting,clean-air\n", nil,
			`p\.csv:2:1: error import-header-rows: row 2 looks like a second header row.*\n.*--header-row`},
		{"header row past the end", "p.csv", goodCSV, []string{"--header-row", "5"}, `p\.csv: error import-empty: the header row is row 5, but the file has 3 rows`},
		{"empty header row", "p.csv", "Projects\n,,,\n" + goodCSV, []string{"--header-row", "2"}, `p\.csv:2: error import-empty: row 2 is empty, so it cannot name the columns`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			site := importSite(t)
			before := tree(t, site)
			dir := t.TempDir()
			in := writeFile(t, dir, c.file, c.body)
			args := []string{"import", "csv", in, "--source", site}
			for _, a := range c.args {
				switch a {
				case "MAP":
					a = writeFile(t, dir, "m.yaml", "kind: initiative\ncolumns:\n  lead: leed\n")
				case "MAPKIND":
					a = writeFile(t, dir, "k.yaml", "kind: initiatve\n")
				}
				args = append(args, a)
			}
			if c.name != "no kind" && c.name != "unknown kind" && !contains(c.args, "--map") {
				args = append(args, "--kind", "initiative")
			}
			r := runCmd(args...)
			want := 1
			if c.name == "unknown kind" {
				want = 2
			}
			if r.code != want {
				t.Errorf("exit %d, want %d: %v", r.code, want, r)
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

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func TestImportEncodingFlag(t *testing.T) {
	site := importSite(t)
	in := writeFile(t, t.TempDir(), "p.csv", "title,summary,status,intents\nCaf\xe9 on the corner,A caf\xe9 \x80 5.,piloting,clean-air\n")
	r := runCmd("import", "csv", in, "--kind", "initiative", "--source", site, "--encoding", "windows-1252")
	if r.code != 0 {
		t.Fatalf("import --encoding windows-1252: %v", r)
	}
	b, _ := os.ReadFile(filepath.Join(site, "content/initiatives/cafe-on-the-corner.md"))
	if !strings.Contains(string(b), "title: Café on the corner\nsummary: A café € 5.\n") {
		t.Errorf("windows-1252 not decoded:\n%s", b)
	}
}

func TestImportUnmappedColumnWarns(t *testing.T) {
	site := importSite(t)
	in := writeFile(t, t.TempDir(), "p.csv", "title,summary,status,intents,tagz,Notes\nB,x,piloting,clean-air,a;b,internal\n")
	r := runCmd("import", "csv", in, "--kind", "initiative", "--source", site, "--dry-run")
	if r.code != 0 {
		t.Fatalf("%v", r)
	}
	if !regexp.MustCompile(`p\.csv:1:5: warning import-column: column "tagz" maps to no field.*\n.*did you mean .tags.`).MatchString(r.stderr) {
		t.Errorf("no did-you-mean warning for a misspelt column:\n%s", r.stderr)
	}
}

// TestImportAllOrNothing: one bad row among good ones writes nothing.
func TestImportAllOrNothing(t *testing.T) {
	site := importSite(t)
	before := tree(t, site)
	var b strings.Builder
	b.WriteString("title,summary,status,intents\n")
	for i := 0; i < 50; i++ {
		status := "piloting"
		if i == 37 {
			status = "flying"
		}
		b.WriteString("Initiative number " + string(rune('A'+i%26)) + strings.Repeat("x", i/26) + ",Does things.," + status + ",clean-air\n")
	}
	in := writeFile(t, t.TempDir(), "p.csv", b.String())
	r := runCmd("import", "csv", in, "--kind", "initiative", "--source", site)
	if r.code != 1 || !strings.Contains(r.stderr, `p.csv:39:3: error import-status`) || !strings.Contains(r.stderr, "Nothing was written") {
		t.Errorf("%v", r)
	}
	if !maps.Equal(before, tree(t, site)) {
		t.Error("a file with one bad row wrote files")
	}
}

// TestImportUpdate: --update changes only mapped fields; the body, the
// comments, the order and the other fields stay.
func TestImportUpdate(t *testing.T) {
	site := importSite(t)
	page := "---\n# kept comment\ntitle: Bike library\nid: INI-7\nsummary: Old summary.\nstatus: idea # was an idea\nintents: [clean-air]\nfacet: adaptive\nquestions:\n  - Does it work?\n---\n\nThe body [[clean-air]] stays.\n"
	testsite.WriteIn(t, site, map[string]string{"content/initiatives/bike-library.md": page})
	in := writeFile(t, t.TempDir(), "p.csv", "id,status,summary\nINI-7,scaling,New summary.\n")
	r := runCmd("import", "csv", in, "--kind", "initiative", "--source", site, "--update")
	if r.code != 0 {
		t.Fatalf("update: %v", r)
	}
	b, _ := os.ReadFile(filepath.Join(site, "content/initiatives/bike-library.md"))
	want := "---\n# kept comment\ntitle: Bike library\nid: INI-7\nsummary: New summary.\nstatus: scaling # was an idea\nintents: [clean-air]\nfacet: adaptive\nquestions:\n  - Does it work?\n---\n\nThe body [[clean-air]] stays.\n"
	if string(b) != want {
		t.Errorf("updated page:\n%s\nwant:\n%s", b, want)
	}
	// Without --update the same import is refused.
	r = runCmd("import", "csv", in, "--kind", "initiative", "--source", site)
	if r.code != 1 {
		t.Errorf("update without --update: %v", r)
	}
}

func TestImportMapping(t *testing.T) {
	site := importSite(t)
	dir := t.TempDir()
	in := writeFile(t, dir, "grants.csv", "Project,What it does,Status,Aims,Themes,Budget,Funder,Story\n"+
		"Bike library,Lends bikes.,In delivery,Clean air,\"transport, health\",\"£18,000\",City Council,\"Read [[clean-air]].\n\n<b>bold</b>\"\n")
	m := writeFile(t, dir, "map.yaml", `kind: initiative
columns:
  Project: title
  What it does: summary
  Status:
    field: status
    values:
      In delivery: piloting
  Aims: intents
  Themes: {field: systems, separator: ","}
  Budget: funding.amount
  Funder: funding.source
  Story: body
`)
	r := runCmd("import", "csv", in, "--map", m, "--source", site)
	if r.code != 0 {
		t.Fatalf("%v", r)
	}
	b, _ := os.ReadFile(filepath.Join(site, "content/initiatives/bike-library.md"))
	want := "---\ntitle: Bike library\nsummary: Lends bikes.\nstatus: piloting\nintents: [clean-air]\nsystems: [transport, health]\nfunding:\n  - source: city-council\n    amount: 18000\n    currency: GBP\n---\n\nRead [[clean-air]].\n\n<b>bold</b>\n"
	if string(b) != want {
		t.Errorf("page:\n%s\nwant:\n%s", b, want)
	}
	s := runCmd("import", "csv", in, "--kind", "initiative", "--suggest-map", "--source", site)
	for _, line := range []string{"kind: initiative", "  Project: title", "  # What it does: ~", "  Status:\n    field: status\n    values:", "      In delivery: ~", "  Budget: funding.amount", "  Funder: funding.source", "  Story: body"} {
		if !strings.Contains(s.stdout, line) {
			t.Errorf("--suggest-map lacks %q:\n%s", line, s.stdout)
		}
	}
}

// TestImportCSVHeaderRow: --header-row names the row that names the
// columns, in a CSV as in a workbook: the rows above it (a title, notes)
// are left out, the delimiter is the header's (tab, where the title above
// has a comma), and rows keep the numbers the file gives them.
func TestImportCSVHeaderRow(t *testing.T) {
	site := importSite(t)
	dir := t.TempDir()
	body := "Portfolio export, March 2026\nExported from the grants system, do not edit\n" + strings.ReplaceAll(goodCSV, ",", "\t")
	in := writeFile(t, dir, "projects.csv", body)
	r := runCmd("import", "csv", in, "--kind", "initiative", "--header-row", "3", "--source", site)
	if r.code != 0 {
		t.Fatalf("import --header-row 3: %v", r)
	}
	got := tree(t, filepath.Join(site, "content", "initiatives"))
	if len(got) != 2 || !strings.Contains(got["bike-library.md"], "summary: Lending bikes.\n") {
		t.Errorf("wrote %v:\n%s", keys(got), got["bike-library.md"])
	}
	bad := writeFile(t, dir, "bad.csv", strings.Replace(body, "piloting", "flying", 1))
	r = runCmd("import", "csv", bad, "--kind", "initiative", "--header-row", "3", "--source", importSite(t))
	if r.code != 1 || !strings.Contains(strings.ReplaceAll(r.stderr, dir+string(filepath.Separator), ""), `bad.csv:4:3: error import-status: column "status": unknown status "flying"`) {
		t.Errorf("an error below a header on row 3 is not at its own row: %v", r)
	}
	if r := runCmd("import", "csv", in, "--kind", "initiative", "--header-row", "0", "--source", site); r.code != 2 {
		t.Errorf("--header-row 0: exit %d, want 2", r.code)
	}
}
