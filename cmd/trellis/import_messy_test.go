package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/internal/testsite"
)

// messySite holds the intents and organisations the messy spreadsheet
// refers to, by slug, title (in any case) or id.
func messySite(t *testing.T) string {
	files := map[string]string{"site.yaml": "title: Messy import\nbase_url: https://messy.example/\n"}
	for i, in := range messyIntents {
		files["content/intents/"+slug(in)+".md"] = fmt.Sprintf("---\ntitle: %s\nid: INT-%02d\nsummary: An intent.\n---\n", in, i+1)
	}
	for i, o := range messyOrgs {
		files["content/organisations/"+slug(o)+".md"] = fmt.Sprintf("---\ntitle: %s\nid: ORG-%02d\n---\n", o, i+1)
	}
	return testsite.Write(t, files)
}

func slug(s string) string { return strings.ReplaceAll(strings.ToLower(s), " ", "-") }

var (
	messyIntents = []string{"Clean air", "Active mobility", "Warm homes", "Healthy ageing", "Green neighbourhoods"}
	messyOrgs    = []string{"City Council", "Health Trust", "Cycle Collective", "Energy Coop", "Garden Network", "Aldergrove Foundation"}
)

// generateMessy writes 200 rows as people really keep them: headers in odd
// case and spacing, status words of their own (mapped in messy-map.yaml),
// money with symbols and separators of several countries, dates in ISO,
// day-first and written out, references by title, slug and id in any case,
// lists with stray spaces, multi-line cells, quotes, formula-like text,
// Markdown bodies, blank cells and blank rows.
func generateMessy() []byte {
	rng := rand.New(rand.NewPCG(17, 2026))
	pick := func(ss ...string) string { return ss[rng.IntN(len(ss))] }
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{" Project Name ", "Short description", "STATUS", "Intents", "Start-Date", "end date", "Lead_Organisation",
		"Budget", "Funder", "Budget year", "Themes", "Neighbourhoods", "Contact email", "Facet", "Internal notes", "Write-up"})
	statuses := []string{"In delivery", "in delivery", "Pilot", "Scoping", "Done", "On hold", "Cancelled", "piloting", "Scaling up", "idea", "Embedded"}
	places := []string{"Eastbank", "Millbrook", "Harbour Lane", "Old Town", "Northgate", "Café Quarter"}
	themes := []string{"transport", "health", "housing", "energy", "food", "green space"}
	for i := 0; i < 200; i++ {
		if i == 60 || i == 140 {
			w.Write(make([]string, 16)) // a blank row left in the sheet
		}
		title := fmt.Sprintf("%s %s %d", pick("Community", "Street", "School", "Neighbourhood", "Pop-up", "Résident"), pick("gardens", "repair café", "cargo bikes", "heat shelter", "retrofit", "walking club", "“quiet” streets"), i+1)
		if i%37 == 5 {
			title = "  " + strings.ToUpper(title) + "  "
		}
		summary := pick("Helps people get around.", "Keeps homes warm, dry and cheap to heat.", "Brings neighbours together, \"quietly\".", "Line one of a note\nand line two.", "Trees, shade; benches.")
		var intents []string
		for j := 0; j <= rng.IntN(2); j++ {
			in := messyIntents[rng.IntN(len(messyIntents))]
			switch rng.IntN(4) {
			case 0:
				intents = append(intents, strings.ToLower(in))
			case 1:
				intents = append(intents, slug(in))
			case 2:
				intents = append(intents, fmt.Sprintf("int-%02d", indexOf(messyIntents, in)+1))
			default:
				intents = append(intents, " "+in+" ")
			}
		}
		day, month, year := 1+rng.IntN(28), 1+rng.IntN(12), 2020+rng.IntN(6)
		start := ""
		switch rng.IntN(5) {
		case 0:
			start = fmt.Sprintf("%04d-%02d-%02d", year, month, day)
		case 1:
			start = fmt.Sprintf("%02d/%02d/%04d", day, month, year)
		case 2:
			start = fmt.Sprintf("%d %s %d", day, []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}[month-1], year)
		case 3:
			start = fmt.Sprintf("%02d.%02d.%04d", day, month, year)
		}
		end := ""
		if rng.IntN(3) == 0 {
			end = fmt.Sprintf("%04d-%02d-%02d", year+2, month, day)
		}
		lead := ""
		if rng.IntN(3) > 0 {
			o := messyOrgs[rng.IntN(len(messyOrgs))]
			lead = pick(o, strings.ToUpper(o), slug(o), fmt.Sprintf("ORG-%02d", indexOf(messyOrgs, o)+1))
		}
		budget, funder, fyear := "", "", ""
		if rng.IntN(4) > 0 {
			n := 1000 * (1 + rng.IntN(400))
			budget = pick(fmt.Sprintf("£%s", thousands(n, ",")), fmt.Sprintf("%s €", thousands(n, ".")), fmt.Sprintf("EUR %s", thousands(n, " ")), fmt.Sprint(n), fmt.Sprintf("€%s.50", thousands(n, ",")))
			funder = messyOrgs[rng.IntN(len(messyOrgs))]
			fyear = fmt.Sprint(year + rng.IntN(2))
		}
		var th []string
		for j := 0; j < rng.IntN(3); j++ {
			th = append(th, themes[rng.IntN(len(themes))])
		}
		var pl []string
		for j := 0; j < rng.IntN(3); j++ {
			pl = append(pl, places[rng.IntN(len(places))])
		}
		contact := ""
		if rng.IntN(4) == 0 {
			contact = pick("team@example.org", "mailto:hello@example.org", " Bikes@Example.org ")
		}
		facet := pick("", "", "enhancement", "Mission oriented", "ADAPTIVE", "anticipatory")
		notes := pick("", "", "=SUM(A1:A3)", "+44 1234", "@channel", "-- check with finance", "call back; urgent")
		body := pick("", "", "We started in **spring**.\n\n- one\n- two\n", "See [[clean-air]] for why.\n", "A paragraph with <em>emphasis</em> and a [link](https://example.org).\n")
		w.Write([]string{title, summary, pick(statuses...), strings.Join(intents, pick(";", "; ", " ;")), start, end, lead,
			budget, funder, fyear, strings.Join(th, ";"), strings.Join(pl, " ; "), contact, facet, notes, body})
	}
	w.Flush()
	return b.Bytes()
}

func indexOf(ss []string, s string) int {
	for i, x := range ss {
		if x == s {
			return i
		}
	}
	return -1
}

func thousands(n int, sep string) string {
	s := fmt.Sprint(n)
	var out []string
	for len(s) > 3 {
		out = append([]string{s[len(s)-3:]}, out...)
		s = s[:len(s)-3]
	}
	return strings.Join(append([]string{s}, out...), sep)
}

// TestImportMessySpreadsheet: 200 realistically messy rows import, with a
// mapping file for the sheet's own words, to pages that `trellis check`
// passes; the same file imported twice gives the same bytes.
func TestImportMessySpreadsheet(t *testing.T) {
	path := filepath.Join("testdata", "import", "messy-portfolio.csv")
	if *update {
		if err := os.WriteFile(path, generateMessy(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, generateMessy()) {
		t.Fatalf("%s is not what its generator writes: run go test ./cmd/trellis -run TestImportMessySpreadsheet -update", path)
	}
	var trees []map[string]string
	for range 2 {
		site := messySite(t)
		r := runCmd("import", "csv", path, "--kind", "initiative", "--map", filepath.Join("testdata", "import", "messy-map.yaml"), "--day-first", "--source", site)
		if r.code != 0 {
			t.Fatalf("import of the messy spreadsheet: %v", r)
		}
		if !strings.Contains(r.stdout, "Wrote 200 pages (200 new, 0 updated).") {
			t.Errorf("stdout: %s", r.stdout)
		}
		if c := runCmd("check", "--source", site); c.code != 0 || !strings.Contains(c.stdout, "0 errors") {
			t.Errorf("check after the import: %v", c)
		}
		trees = append(trees, tree(t, filepath.Join(site, "content", "initiatives")))
	}
	if len(trees[0]) != 200 {
		t.Errorf("%d pages written, want 200", len(trees[0]))
	}
	for name, body := range trees[0] {
		if trees[1][name] != body {
			t.Errorf("%s differs between two imports of the same file", name)
		}
	}
	// Spot checks of what the mess became.
	var all strings.Builder
	for _, body := range trees[0] {
		all.WriteString(body)
	}
	for _, want := range []string{"currency: GBP", "currency: EUR", "status: piloting", "status: completed", "status: paused", "facet: mission-oriented", "contact: hello@example.org", "places: [Eastbank"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("no imported page has %q", want)
		}
	}
	if strings.Contains(all.String(), "SUM(A1") {
		t.Error("the internal notes column, mapped to nothing, was imported")
	}
}
