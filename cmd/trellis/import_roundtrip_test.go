package main

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/xml"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/internal/testsite"
)

// exampleRoot is the repository's example site.
const exampleRoot = "../.."

// buildExample builds the example site, as `trellis build` does, and
// returns its destination.
func buildExample(t *testing.T) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	if r := runCmd("build", "--source", exampleRoot, "--destination", dest, "--quiet"); r.code != 0 {
		t.Fatalf("build of the example: %v", r)
	}
	return dest
}

// readCSV reads a published CSV file into its rows.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// listCSVs are the files of items of list fields (one row per funding
// line, partner, status change…), each with a column naming its page.
var listCSVs = []string{"funding.csv", "partners.csv", "related.csv", "risks.csv", "signals.csv", "status_history.csv", "evidence.csv"}

// withoutFiles blanks the columns of pictures and recordings, which are
// files beside a page and are not imported from data.
func withoutFiles(rows [][]string) [][]string {
	for i, h := range rows[0] {
		if strings.HasPrefix(h, "image.") || strings.HasPrefix(h, "media.") {
			for _, r := range rows[1:] {
				r[i] = ""
			}
		}
	}
	return rows
}

// entityCSVs are the per-kind files of the open data that import reads back.
var entityCSVs = []string{"intents.csv", "initiatives.csv", "learnings.csv", "decisions.csv", "narratives.csv", "sources.csv", "organisations.csv"}

// TestImportRoundTripCSV: the example's own data/*.csv, as `trellis build`
// writes them, imported in one run into an empty site, give the same
// entities with the same front matter values: building the imported site
// publishes the same per-kind CSV files and funding lines, and the same
// links wherever front matter made them (body links aside, with the
// bodies; and the object lists no CSV carries: status history, evidence).
func TestImportRoundTripCSV(t *testing.T) {
	orig := buildExample(t)
	site := t.TempDir()
	testsite.WriteIn(t, site, exampleSettings(t))
	// Consent records never leave the content folder, so the stories'
	// consent comes from a mapping, and so does the teller, who is never
	// published for an anonymous story (and whose name must not appear in
	// the story: "anonymous" would, in its anonymity field).
	// Pictures and recordings are files beside a page, not data: left out.
	narr := writeFile(t, t.TempDir(), "narratives.yaml", "kind: narrative\ndefaults:\n  teller: Teller on file\n  consent: {scope: [site, quote, media, data-export], given: 2025-01-01}\ncolumns:\n"+
		"  image.src: ~\n  image.alt: ~\n  image.caption: ~\n  media.type: ~\n  media.src: ~\n  media.video_id: ~\n  media.alt: ~\n  media.transcript: ~\n  media.caption: ~\n")
	data := filepath.Join(orig, "data")
	args := []string{"import", "csv", "--source", site, "--map", narr}
	for _, f := range append(slices.Clone(entityCSVs), listCSVs...) {
		args = append(args, filepath.Join(data, f))
	}
	r := runCmd(args...)
	if r.code != 0 {
		t.Fatalf("import of the example's open data: %v", r)
	}
	again := filepath.Join(t.TempDir(), "public")
	if r := runCmd("build", "--source", site, "--destination", again, "--quiet"); r.code != 0 {
		t.Fatalf("build of the imported site: %v", r)
	}
	for _, f := range append(slices.Clone(entityCSVs), listCSVs...) {
		want := withoutFiles(readCSV(t, filepath.Join(data, f)))
		got := withoutFiles(readCSV(t, filepath.Join(again, "data", f)))
		if len(want) < 2 {
			t.Fatalf("%s of the example has no rows", f)
		}
		if !slices.EqualFunc(want, got, slices.Equal) {
			t.Errorf("%s differs after the round trip:\n%s", f, diffRows(want, got))
		}
	}
	fromFrontMatter := func(rows [][]string) [][]string {
		var out [][]string
		for _, r := range rows[1:] {
			if r[2] == "body" {
				continue
			}
			out = append(out, r)
		}
		slices.SortFunc(out, func(a, b []string) int { return strings.Compare(strings.Join(a, "\x00"), strings.Join(b, "\x00")) })
		return out
	}
	want := fromFrontMatter(readCSV(t, filepath.Join(data, "links.csv")))
	got := fromFrontMatter(readCSV(t, filepath.Join(again, "data", "links.csv")))
	if len(want) < 300 || !slices.EqualFunc(want, got, slices.Equal) {
		t.Errorf("links from front matter differ after the round trip (%d and %d):\n%s", len(want), len(got), diffRows(want, got))
	}
}

// diffRows lists the rows only one side has.
func diffRows(want, got [][]string) string {
	key := func(r []string) string { return strings.Join(r, " | ") }
	var b strings.Builder
	w, g := map[string]bool{}, map[string]bool{}
	for _, r := range want {
		w[key(r)] = true
	}
	for _, r := range got {
		g[key(r)] = true
	}
	for _, r := range want {
		if !g[key(r)] {
			b.WriteString("- " + key(r) + "\n")
		}
	}
	for _, r := range got {
		if !w[key(r)] {
			b.WriteString("+ " + key(r) + "\n")
		}
	}
	if b.Len() == 0 {
		return "(same rows, in another order)"
	}
	return b.String()
}

// xmlNode is any XML element, for comparing files element by element.
type xmlNode struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Nodes   []xmlNode  `xml:",any"`
}

// canon writes the element with its attributes sorted, its text trimmed
// and its children in order, on one line.
func (n xmlNode) canon() string {
	var b strings.Builder
	b.WriteString("<" + n.XMLName.Local + n.attrs() + ">" + strings.TrimSpace(n.Text))
	for _, c := range n.Nodes {
		b.WriteString(c.canon())
	}
	b.WriteString("</" + n.XMLName.Local + ">")
	return b.String()
}

func (n xmlNode) attrs() string {
	var as []string
	for _, a := range n.Attrs {
		name := a.Name.Local
		if a.Name.Space != "" {
			name = a.Name.Space + " " + name
		}
		as = append(as, " "+name+"="+strconv.Quote(a.Value))
	}
	slices.Sort(as)
	return strings.Join(as, "")
}

// activityFacts flattens an IATI activity file into sorted facts: each
// activity's attributes, and each of its child elements, written
// canonically, so that a difference names the element (but results, the
// signals of the intents an initiative serves: intents do not come back
// from IATI). The root's
// generated-datetime (when the file was made) is not a fact of the
// portfolio.
func activityFacts(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var root xmlNode
	if err := xml.Unmarshal(b, &root); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range root.Nodes {
		id := ""
		for _, c := range a.Nodes {
			if c.XMLName.Local == "iati-identifier" {
				id = strings.TrimSpace(c.Text)
			}
		}
		out = append(out, id+" <iati-activity"+a.attrs()+">")
		for _, c := range a.Nodes {
			if c.XMLName.Local == "result" {
				continue // the signals of the initiative's intents, which import does not bring back
			}
			out = append(out, id+" "+c.canon())
		}
	}
	slices.Sort(out)
	return out
}

// TestImportRoundTripIATI: the example's IATI export, imported into an
// empty site, gives the same initiatives, organisations and funding lines:
// building that site exports the same activities, element for element
// (identifiers, titles, descriptions, statuses, dates, participating
// organisations, places, sectors, budgets, planned disbursements,
// transactions, web pages and relations, with what trellis keeps in its
// own namespace: status words, leads and partner roles, instruments,
// pools, relations), and publishes the same initiatives, organisations,
// partners, funding lines and relations in its CSV files, as far as IATI
// carries them (docs/import.md lists what it does not).
func TestImportRoundTripIATI(t *testing.T) {
	files := exampleSettings(t)
	files["content/intents/imported.md"] = "---\ntitle: Imported\nsummary: Initiatives imported from IATI.\n---\n"
	iatiRoundTrip(t, buildExample(t), files, 400, 10)
}

// TestImportRoundTripIATIEdges: the same round trip over what the example
// does not have: the site's own statuses, an initiative without an id
// whose slug is not its title's, a partner without a role, a lead without
// an org_id, a recipient country and region of an initiative's own, a
// committed line of a year after the initiative's last change, a planned
// line in another currency with an instrument and a pool, a start that is
// only the page's date, an unqualified relation, and an initiative that
// names no organisation (whose activity has the reporting organisation as
// accountable, since IATI requires a participant).
func TestImportRoundTripIATIEdges(t *testing.T) {
	settings := map[string]string{
		"site.yaml": `title: Edges
base_url: https://edges.example/
language: en
statuses: [idea, trying, running, done, dropped]
iati:
  enabled: true
  reporting_org: {ref: XM-DAC-99-7, type: "11", name: Edge Borough Council}
  default_currency: EUR
  recipient_country: IE
  sector_vocabulary: {code: "99", uri: https://edges.example/systems/}
`,
	}
	src := maps.Clone(settings)
	for name, body := range map[string]string{
		"intents/green.md":            "title: Green streets\nsummary: Streets with trees.",
		"organisations/borough.md":    "title: Edge Borough\ntype: municipality\norg_id: XM-DAC-99-7\nsummary: The borough.",
		"organisations/roads.md":      "title: Roads Agency\ntype: agency\norg_id: XM-DAC-99-8",
		"organisations/neighbours.md": "title: Neighbours Together\ntype: community",
		"organisations/big-fund.md":   "title: Big Fund\ntype: philanthropy\norg_id: GB-CHC-9",
		"initiatives/trees-on-every-street.md": `title: Street trees
summary: A tree in front of every house.
status: trying
intents: [green]
date: 2026-01-15
updated: 2026-05-01
start: 2025-03-01
end: 2027-12-31
recipient_country: FR
places: [Lyon, Croix-Rousse]
systems: [trees, transport]
lead: neighbours
partners:
  - org: roads
  - org: borough
    role: accountable
funding:
  - {source: big-fund, amount: 1000, currency: EUR, year: 2027, stage: committed, instrument: grant}
  - {source: roads, amount: 500.5, currency: GBP, year: 2028, stage: planned, instrument: in-kind, pool: Green Pool}
  - {source: borough, amount: 2000, currency: EUR, year: 2025, stage: disbursed, instrument: budget}
related:
  - to: bus-lanes`,
		"initiatives/bus-lanes.md": `title: Bus lanes
id: B-1
summary: Faster buses.
status: idea
intents: [green]
date: 2025-11-20
updated: 2026-02-01
recipient_region: "289"
systems: [transport]
lead: borough
partners: [{org: roads, role: implementing}]
related:
  - {to: trees-on-every-street, relation: builds-on}`,
		"initiatives/benches.md": `title: Benches
id: D-1
summary: Somewhere to sit, with no organisation named yet.
status: running
intents: [green]
start: 2024-05-01
systems: [transport]`,
		"initiatives/crossings.md": `title: Safe crossings
id: C-1
summary: Crossings near schools.
status: done
intents: [green]
updated: 2025-01-01
start: 2023-01-01
end: 2024-06-30
systems: [transport]
lead: roads
funding:
  - {source: big-fund, amount: 300, currency: USD, year: 2023, stage: disbursed}
  - {source: borough, amount: 100, currency: EUR, year: 2024, stage: committed}
related:
  - {to: bus-lanes, relation: part-of}`,
	} {
		src["content/"+name] = "---\n" + body + "\n---\n"
	}
	dest := filepath.Join(t.TempDir(), "public")
	if r := runCmd("build", "--source", testsite.Write(t, src), "--destination", dest, "--quiet"); r.code != 0 {
		t.Fatalf("build of the site: %v", r)
	}
	settings["content/intents/green.md"] = src["content/intents/green.md"]
	iatiRoundTrip(t, dest, settings, 60, 2)
}

// iatiRoundTrip imports the IATI file of the built site orig into a new
// site of the given files (settings and an intent named "green" or
// "imported"), builds it, and compares the two IATI files element by
// element, and the two sites' published initiatives, organisations,
// partners, funding lines and relations, as far as IATI carries them.
func iatiRoundTrip(t *testing.T, orig string, files map[string]string, minFacts, minRows int) {
	t.Helper()
	site := testsite.Write(t, files)
	intent := "imported"
	if _, ok := files["content/intents/green.md"]; ok {
		intent = "green"
	}
	in := filepath.Join(orig, "data", "iati-activities.xml")
	if r := runCmd("import", "iati", in, "--intent", intent, "--source", site); r.code != 0 {
		t.Fatalf("import of the IATI file: %v", r)
	}
	again := filepath.Join(t.TempDir(), "public")
	if r := runCmd("build", "--source", site, "--destination", again, "--quiet"); r.code != 0 {
		t.Fatalf("build of the imported site: %v", r)
	}
	want := activityFacts(t, in)
	got := activityFacts(t, filepath.Join(again, "data", "iati-activities.xml"))
	t.Logf("%d facts compared", len(want))
	if len(want) < minFacts || !slices.Equal(want, got) {
		t.Errorf("the IATI file differs after the round trip (%d and %d facts):\n%s", len(want), len(got), diffRows(column(want), column(got)))
	}
	for _, kind := range []string{"<transaction", "<planned-disbursement", "<location", "trellis-ssg"} {
		if !slices.ContainsFunc(want, func(s string) bool { return strings.Contains(s, kind) }) {
			t.Errorf("the IATI file has no %s: the round trip does not test it", kind)
		}
	}
	// The same entities, as the open data publishes them: references to
	// organisations by org_id (or name), since organisation pages are
	// named anew.
	for _, c := range []struct {
		file string
		cols []string
	}{
		{"initiatives.csv", []string{"id", "slug", "page_url", "title", "summary", "status", "systems", "places", "lead", "start", "end", "contact", "recipient_country", "recipient_region"}},
		{"partners.csv", []string{"initiative", "org", "role"}},
		{"funding.csv", []string{"initiative", "source", "amount", "currency", "year", "instrument", "stage", "pool"}},
		{"related.csv", []string{"initiative", "to", "relation"}},
	} {
		w := entityRows(t, filepath.Join(orig, "data"), c.file, c.cols)
		g := entityRows(t, filepath.Join(again, "data"), c.file, c.cols)
		if len(w) < minRows || !slices.EqualFunc(w, g, slices.Equal) {
			t.Errorf("%s differs after the IATI round trip (%d and %d rows):\n%s", c.file, len(w), len(g), diffRows(w, g))
		}
	}
	// Every organisation an initiative names comes back with its name,
	// identifier and type.
	orgs := func(dir string) [][]string {
		return entityRows(t, dir, "organisations.csv", []string{"org_id", "title", "type"})
	}
	w, g := orgs(filepath.Join(orig, "data")), orgs(filepath.Join(again, "data"))
	named := map[string]bool{}
	for _, f := range []string{"partners.csv", "funding.csv", "initiatives.csv"} {
		for _, r := range entityRows(t, filepath.Join(orig, "data"), f, []string{"org", "source", "lead"}) {
			for _, v := range r {
				named[v] = true
			}
		}
	}
	w = slices.DeleteFunc(w, func(r []string) bool { return !named[cmp.Or(r[0], "title:"+r[1])] })
	if len(w) < minRows || !slices.EqualFunc(w, g, slices.Equal) {
		t.Errorf("the organisations differ after the IATI round trip (%d and %d):\n%s", len(w), len(g), diffRows(w, g))
	}
}

// column makes a one-column table of lines, for diffRows.
func column(lines []string) [][]string {
	var out [][]string
	for _, l := range lines {
		out = append(out, []string{l})
	}
	return out
}

// entityRows reads the named columns of a published CSV file, sorted, with
// each reference to an organisation written as its org_id (or its title,
// when it has none). A column the file does not have is left out.
func entityRows(t *testing.T, dir, file string, cols []string) [][]string {
	t.Helper()
	orgs := map[string]string{}
	o := readCSV(t, filepath.Join(dir, "organisations.csv"))
	oi := slices.Index(o[0], "id")
	ot := slices.Index(o[0], "title")
	oo := slices.Index(o[0], "org_id")
	for _, r := range o[1:] {
		orgs[r[oi]] = cmp.Or(r[oo], "title:"+r[ot])
	}
	rows := readCSV(t, filepath.Join(dir, file))
	var out [][]string
	for _, r := range rows[1:] {
		var row []string
		for _, c := range cols {
			i := slices.Index(rows[0], c)
			if i < 0 {
				continue
			}
			v := r[i]
			if c == "org" || c == "source" || c == "lead" {
				if id, ok := orgs[v]; ok {
					v = id
				}
			}
			row = append(row, v)
		}
		out = append(out, row)
	}
	slices.SortFunc(out, func(a, b []string) int { return strings.Compare(strings.Join(a, "\x00"), strings.Join(b, "\x00")) })
	return out
}

// exampleSettings are the example's site.yaml and the brand files it names
// (logo, stylesheets), for an empty site that is configured as the example.
func exampleSettings(t *testing.T) map[string]string {
	t.Helper()
	files := map[string]string{}
	for _, name := range []string{"site.yaml", "brand"} {
		err := filepath.WalkDir(filepath.Join(exampleRoot, name), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			rel, _ := filepath.Rel(exampleRoot, p)
			files[filepath.ToSlash(rel)] = string(b)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return files
}
