package visual

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"html"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// The golden files are rewritten with `go test ./generator/visual -run
// TestViewsGolden -update`. The flag may be registered by another test file
// of the package too, so it is looked up rather than declared twice.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files in testdata/")
	}
}

func viewsUpdate() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

var viewsNow = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// ---------------------------------------------------------------- fixtures

func pvPage(kind content.Kind, slug, title string) *content.Page {
	file := "content/" + kind.Folder() + "/" + slug + ".md"
	if kind == content.KindPage {
		file = "content/" + slug + ".md"
	}
	return &content.Page{Kind: kind, Slug: slug, File: file, Meta: content.Meta{Title: title}}
}

func pvRef(p *content.Page, field, target string, kinds ...content.Kind) {
	p.Refs = append(p.Refs, content.Ref{Field: field, Target: target, Kinds: kinds, Line: 1, Col: 1})
}

func pvDate(s string) content.Date {
	d, err := content.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// pvInitiative makes an initiative serving intents, with its references.
func pvInitiative(slug, title, status, facet, start, end string, intents ...string) *content.Page {
	p := pvPage(content.KindInitiative, slug, title)
	p.Status, p.Facet, p.Intents = status, facet, intents
	if start != "" {
		p.Start = pvDate(start)
	}
	if end != "" {
		p.End = pvDate(end)
	}
	for _, in := range intents {
		pvRef(p, "intents", in, content.KindIntent)
	}
	return p
}

func pvFund(p *content.Page, source string, amount float64, currency, pool string) {
	p.Funding = append(p.Funding, content.Funding{Source: source, Amount: amount, Currency: currency, Pool: pool, Stage: "committed"})
	pvRef(p, "funding.source", source, content.KindOrganisation)
}

func pvChange(p *content.Page, status, date, decision string) {
	p.StatusHistory = append(p.StatusHistory, content.StatusChange{Status: status, Date: pvDate(date), Decision: decision})
	if decision != "" {
		pvRef(p, "status_history.decision", decision, content.KindDecision)
	}
}

func pvDecision(slug, title, date, outcome string, initiatives ...string) *content.Page {
	d := pvPage(content.KindDecision, slug, title)
	d.Date, d.Outcome, d.Initiatives = pvDate(date), outcome, initiatives
	d.Learnings = []string{"x"} // not resolved: only to keep the steward's warning quiet
	for _, i := range initiatives {
		pvRef(d, "initiatives", i, content.KindInitiative)
	}
	return d
}

func pvResolve(tb testing.TB, pages []*content.Page) *portfolio.Portfolio {
	tb.Helper()
	pf, diags := portfolio.Resolve(config.Default(), &content.Set{Pages: pages, Root: ".", Dir: "content"}, viewsNow)
	for _, d := range diags {
		if d.Severity == diag.Error {
			tb.Fatalf("fixture does not resolve: %s", d)
		}
	}
	return pf
}

// smallPortfolio is a hand-made portfolio that uses every feature the
// views draw: several intents per initiative, status histories with and
// without decisions, planned and open ends, pooled and direct funding in
// two currencies, a funder that is not a page, risks at every level.
func smallPortfolio(tb testing.TB) *portfolio.Portfolio {
	tb.Helper()
	air := pvPage(content.KindIntent, "clean-air", "Clean air")
	homes := pvPage(content.KindIntent, "warm-homes", "Warm homes")
	move := pvPage(content.KindIntent, "active-mobility", "Active mobility & <play>")
	move.Weight = 1
	council := pvPage(content.KindOrganisation, "city-council", "City council")
	health := pvPage(content.KindOrganisation, "ministry-of-health", "Ministry of Health")
	trust := pvPage(content.KindOrganisation, "garden-trust", "Garden Trust")
	fund := pvPage(content.KindPage, "streets-fund", "Streets fund")

	bikes := pvInitiative("bike-library", "Bike library", "scaling", "enhancement", "2023-06-01", "", "active-mobility", "clean-air")
	pvChange(bikes, "prototyping", "2023-06-01", "")
	pvChange(bikes, "piloting", "2024-02-01", "start-bikes")
	pvChange(bikes, "scaling", "2025-09-18", "scale-bikes")
	pvFund(bikes, "city-council", 35000, "EUR", "")
	pvFund(bikes, "ministry-of-health", 180000, "EUR", "Streets fund")
	pvFund(bikes, "ministry-of-health", 300000, "EUR", "Streets fund")
	bikes.Risks = []content.Risk{{Type: "operational", Level: "medium"}, {Type: "programmatic", Level: "low"}}

	sensors := pvInitiative("air-sensors", "Citizen air sensors", "stopped", "adaptive", "2023-01-10", "", "clean-air")
	pvChange(sensors, "piloting", "2023-01-10", "")
	pvChange(sensors, "stopped", "2025-03-01", "stop-sensors")
	pvFund(sensors, "city-council", 90000, "EUR", "")
	sensors.Risks = []content.Risk{{Type: "reputational", Level: "high"}, {Type: "ethical"}}

	retrofit := pvInitiative("retrofit", "Street-by-street retrofit with a rather long name that will not fit", "piloting", "mission-oriented", "2024-04-01", "2027-03-31", "warm-homes", "clean-air")
	pvChange(retrofit, "piloting", "2024-09-01", "")
	pvFund(retrofit, "ministry-of-health", 400000, "EUR", "Streets fund")
	// A funder with no page (a site whose broken references are warnings).
	retrofit.Funding = append(retrofit.Funding, content.Funding{Source: "national-lottery", Amount: 120000, Currency: "GBP"})
	retrofit.Risks = []content.Risk{{Type: "fiduciary", Level: "high"}, {Type: "operational", Level: "medium"}}

	gardens := pvInitiative("gardens", "Growing gardens", "embedded", "", "2022-05-01", "", "active-mobility")
	pvFund(gardens, "garden-trust", 60000, "GBP", "")
	pvFund(gardens, "garden-trust", 15000, "EUR", "")

	idea := pvInitiative("heat-wardens", "Heat wardens", "idea", "anticipatory", "", "", "warm-homes")
	idea.Risks = []content.Risk{{Type: "operational", Level: "low"}}

	d1 := pvDecision("start-bikes", "Start the bike library pilot", "2024-01-20", "start", "bike-library")
	d2 := pvDecision("scale-bikes", "Scale the bike library", "2025-09-18", "scale", "bike-library")
	d3 := pvDecision("stop-sensors", "Stop the sensors", "2025-03-01", "stop", "air-sensors")
	d4 := pvDecision("fund-retrofit", "Fund the retrofit pilot", "2024-03-15", "start", "retrofit")
	d4.Updated = pvDate("2026-10-05")

	return pvResolve(tb, []*content.Page{air, homes, move, council, health, trust, fund, bikes, sensors, retrofit, gardens, idea, d1, d2, d3, d4})
}

// bigPortfolio generates n initiatives over 20 intents, deterministically,
// in an order shuffled by seed.
func bigPortfolio(tb testing.TB, n int, seed uint64) *portfolio.Portfolio {
	tb.Helper()
	r := rand.New(rand.NewPCG(42, 7))
	var pages []*content.Page
	for i := range 20 {
		pages = append(pages, pvPage(content.KindIntent, fmt.Sprintf("intent-%02d", i), fmt.Sprintf("Intent number %d", i)))
	}
	for i := range 40 {
		pages = append(pages, pvPage(content.KindOrganisation, fmt.Sprintf("org-%02d", i), fmt.Sprintf("Organisation %d", i)))
	}
	statuses := config.DefaultStatuses
	pools := []string{"", "", "Fund A", "Fund B", "Fund C", "Fund D", "Fund E", "Fund F", "Fund G"}
	for i := range n {
		var ins []string
		for range 1 + r.IntN(3) {
			s := fmt.Sprintf("intent-%02d", r.IntN(20))
			if !viewHas(ins, s) {
				ins = append(ins, s)
			}
		}
		start := time.Date(2018+r.IntN(8), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
		end := ""
		if r.IntN(3) == 0 {
			end = start.AddDate(1+r.IntN(4), 0, 0).Format("2006-01-02")
		}
		status := statuses[r.IntN(len(statuses))]
		p := pvInitiative(fmt.Sprintf("initiative-%04d", i), fmt.Sprintf("Initiative %d", i), status, content.Facets[r.IntN(4)], start.Format("2006-01-02"), end, ins...)
		if r.IntN(2) == 0 {
			pvChange(p, statuses[r.IntN(3)], start.Format("2006-01-02"), "")
			pvChange(p, status, start.AddDate(0, 6, 0).Format("2006-01-02"), "")
		}
		for range r.IntN(4) {
			cur := "EUR"
			if r.IntN(10) == 0 {
				cur = "USD"
			}
			pvFund(p, fmt.Sprintf("org-%02d", r.IntN(40)), float64(1000*(1+r.IntN(500))), cur, pools[r.IntN(len(pools))])
		}
		for range r.IntN(3) {
			p.Risks = append(p.Risks, content.Risk{Type: content.RiskTypes[r.IntN(6)], Level: content.Levels[r.IntN(3)]})
		}
		pages = append(pages, p)
	}
	for i := range 200 {
		pages = append(pages, pvDecision(fmt.Sprintf("decision-%03d", i), fmt.Sprintf("Decision %d", i),
			time.Date(2019+r.IntN(7), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC).Format("2006-01-02"),
			"continue", fmt.Sprintf("initiative-%04d", r.IntN(n))))
	}
	if seed != 0 {
		rand.New(rand.NewPCG(seed, seed)).Shuffle(len(pages), func(i, j int) { pages[i], pages[j] = pages[j], pages[i] })
	}
	return pvResolve(tb, pages)
}

// examplePortfolio loads the example site at the root of the repository.
func examplePortfolio(tb testing.TB) *portfolio.Portfolio {
	tb.Helper()
	root := filepath.Join("..", "..")
	cfg, diags := config.Load(root)
	set, d := content.Load(root, cfg.ContentDir, content.Options{Statuses: cfg.Statuses, Now: viewsNow, Languages: cfg.Languages.Codes()})
	diags = append(diags, d...)
	pf, d := portfolio.Resolve(cfg, set, viewsNow)
	diags = append(diags, d...)
	for _, d := range diags {
		if d.Severity == diag.Error {
			tb.Fatalf("example site: %s", d)
		}
	}
	return pf
}

type namedChart struct {
	name  string
	chart Chart
}

func allViews(pf *portfolio.Portfolio) []namedChart {
	return []namedChart{
		{"matrix", StatusMatrix(pf)},
		{"facets", FacetBalance(pf)},
		{"timeline", Timeline(pf)},
		{"funding", FundingFlows(pf)},
		{"risks", RiskOverview(pf)},
	}
}

// ---------------------------------------------------------------- tests

func TestViewsGolden(t *testing.T) {
	pf := smallPortfolio(t)
	for _, v := range allViews(pf) {
		file := filepath.Join("testdata", "views-"+v.name+".svg")
		got := []byte(string(v.chart.SVG) + "\n")
		if viewsUpdate() {
			if err := os.MkdirAll("testdata", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s (run with -update after checking the picture)", v.name, file)
		}
	}
}

func TestViewsDeterministic(t *testing.T) {
	a := allViews(bigPortfolio(t, 300, 0))
	b := allViews(bigPortfolio(t, 300, 99))
	small := allViews(bigPortfolio(t, 40, 5))
	small2 := allViews(bigPortfolio(t, 40, 6))
	for i := range a {
		if a[i].chart.SVG != b[i].chart.SVG {
			t.Errorf("%s: the SVG depends on the order pages were loaded in", a[i].name)
		}
		if fmt.Sprint(a[i].chart.Table) != fmt.Sprint(b[i].chart.Table) {
			t.Errorf("%s: the table depends on the order pages were loaded in", a[i].name)
		}
		if small[i].chart.SVG != small2[i].chart.SVG {
			t.Errorf("%s (detailed): the SVG depends on the order pages were loaded in", a[i].name)
		}
	}
	for range 3 {
		for i, v := range allViews(bigPortfolio(t, 300, 0)) {
			if v.chart.SVG != a[i].chart.SVG {
				t.Errorf("%s: two runs differ", v.name)
			}
		}
	}
}

// svgNode is an element of a parsed SVG.
type svgNode struct {
	name  string
	attrs map[string]string
}

// parseSVG checks that s is well-formed XML and returns its elements.
func parseSVG(t *testing.T, name, s string) []svgNode {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(s))
	var out []svgNode
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: not well-formed: %v", name, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			n := svgNode{name: se.Name.Local, attrs: map[string]string{}}
			for _, a := range se.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			out = append(out, n)
		}
	}
	return out
}

func TestViewsAccessibleSVG(t *testing.T) {
	for _, pf := range []*portfolio.Portfolio{smallPortfolio(t), examplePortfolio(t), bigPortfolio(t, 1000, 0)} {
		for _, v := range allViews(pf) {
			s := string(v.chart.SVG)
			for _, bad := range []string{"style=", "<style", "<script", "javascript:", "NaN", "Inf"} {
				if strings.Contains(s, bad) {
					t.Errorf("%s: contains %q", v.name, bad)
				}
			}
			nodes := parseSVG(t, v.name, s)
			root := nodes[0]
			if root.name != "svg" || root.attrs["role"] == "" || root.attrs["aria-labelledby"] == "" {
				t.Fatalf("%s: root %v lacks role or aria-labelledby", v.name, root)
			}
			ids := map[string]bool{}
			links := 0
			for _, n := range nodes {
				if id := n.attrs["id"]; id != "" {
					if ids[id] {
						t.Errorf("%s: duplicate id %q", v.name, id)
					}
					ids[id] = true
				}
				if n.name == "a" {
					links++
					if n.attrs["href"] == "" || strings.TrimSpace(n.attrs["aria-label"]) == "" {
						t.Errorf("%s: link without href or name: %v", v.name, n.attrs)
					}
				}
			}
			for _, id := range strings.Fields(root.attrs["aria-labelledby"]) {
				if !ids[id] {
					t.Errorf("%s: aria-labelledby names %q, which is not there", v.name, id)
				}
			}
			if (links > 0) != (root.attrs["role"] == "group") {
				t.Errorf("%s: %d links with role %q: a picture with links must be a group, one without an img", v.name, links, root.attrs["role"])
			}
			if !strings.Contains(s, "<title id=") || !strings.Contains(s, "<desc id=") {
				t.Errorf("%s: no title or desc", v.name)
			}
		}
	}
	// Text is escaped.
	m := StatusMatrix(smallPortfolio(t))
	if strings.Contains(string(m.SVG), "<play>") || !strings.Contains(string(m.SVG), "&amp; &lt;play&gt;") {
		t.Errorf("intent title not escaped in the matrix")
	}
}

// hrefs returns every link of a chart: its SVG's and its table's.
func hrefs(c Chart) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<a href="([^"]*)"`).FindAllStringSubmatch(string(c.SVG), -1) {
		out = append(out, strings.ReplaceAll(m[1], "&amp;", "&"))
	}
	cells := func(cs []Cell) {
		for _, c := range cs {
			if c.URL != "" {
				out = append(out, c.URL)
			}
			for _, l := range c.Links {
				out = append(out, l.URL)
			}
		}
	}
	for _, r := range c.Table.Rows {
		cells(append([]Cell{r.Head}, r.Cells...))
	}
	cells(c.Table.Foot)
	return out
}

func TestViewsLinksResolve(t *testing.T) {
	for _, pf := range []*portfolio.Portfolio{smallPortfolio(t), examplePortfolio(t), bigPortfolio(t, 1000, 0)} {
		ok := map[string]bool{}
		for _, p := range pf.Pages {
			ok[pf.URL(p)] = true
		}
		for _, tax := range portfolio.Taxonomies {
			for _, term := range pf.Terms(tax) {
				ok[pf.Config.URL(portfolio.TermPath(tax, term))] = true
			}
		}
		for _, mc := range MatrixCells(pf) {
			ok[pf.Config.URL(mc.Path)] = true
		}
		for _, v := range allViews(pf) {
			for _, u := range hrefs(v.chart) {
				if !ok[u] {
					t.Errorf("%s: link %q goes to no page", v.name, u)
				}
			}
		}
	}
}

func TestStatusMatrixCounts(t *testing.T) {
	for _, pf := range []*portfolio.Portfolio{smallPortfolio(t), examplePortfolio(t), bigPortfolio(t, 1000, 0)} {
		m := StatusMatrix(pf)
		statuses := viewStatuses(pf)
		intents := viewIntents(pf)
		if len(m.Table.Rows) != len(intents) || len(m.Table.Head) != len(statuses)+2 {
			t.Fatalf("table is %d×%d, want %d intents × %d statuses", len(m.Table.Rows), len(m.Table.Head), len(intents), len(statuses))
		}
		cells := map[string]MatrixCell{}
		for _, mc := range MatrixCells(pf) {
			cells[mc.Intent.Slug+"|"+mc.Status] = mc
		}
		for i, in := range intents {
			row := m.Table.Rows[i]
			if row.Head.URL != pf.URL(in) {
				t.Errorf("row %d links %q, want %q", i, row.Head.URL, pf.URL(in))
			}
			total := 0
			for j, st := range statuses {
				want := 0
				for _, p := range pf.Of(content.KindInitiative) {
					if p.Status == st && viewHas(p.Intents, in.Slug) {
						want++
					}
				}
				total += want
				c := row.Cells[j]
				if c.Text != strconv.Itoa(want) {
					t.Errorf("%s × %s: %s, want %d", in.Slug, st, c.Text, want)
				}
				mc, has := cells[in.Slug+"|"+st]
				if want > 0 {
					if c.URL != pf.Config.URL(MatrixCellPath(in.Slug, st)) || !has || len(mc.Pages) != want || mc.Path != MatrixCellPath(in.Slug, st) {
						t.Errorf("%s × %s: link %q, cell %+v", in.Slug, st, c.URL, mc)
					}
					if !strings.Contains(string(m.SVG), `href="`+pf.Config.URL(MatrixCellPath(in.Slug, st))+`"`) {
						t.Errorf("%s × %s: no link in the picture", in.Slug, st)
					}
				} else if c.URL != "" || has {
					t.Errorf("%s × %s: an empty cell links %q", in.Slug, st, c.URL)
				}
			}
			if row.Cells[len(statuses)].Text != English.Number(total) {
				t.Errorf("%s: total %s, want %d", in.Slug, row.Cells[len(statuses)].Text, total)
			}
		}
		if got := m.Table.Foot[len(m.Table.Foot)-1].Text; got != English.Number(len(pf.Of(content.KindInitiative))) {
			t.Errorf("grand total %s, want %d", got, len(pf.Of(content.KindInitiative)))
		}
	}
	if got := MatrixCellPath("clean-air", "Piloting now"); got != "intents/clean-air/#status-piloting-now" {
		t.Errorf("MatrixCellPath = %q", got)
	}
}

func TestFacetBalanceCounts(t *testing.T) {
	pf := smallPortfolio(t)
	c := FacetBalance(pf)
	want := map[string]string{"Enhancement": "1", "Adaptive": "1", "Mission-oriented": "1", "Anticipatory": "1", "Facet not set": "1"}
	for _, r := range c.Table.Rows {
		if got := r.Cells[len(r.Cells)-1].Text; got != want[r.Head.Text] {
			t.Errorf("%s: %s, want %s", r.Head.Text, got, want[r.Head.Text])
		}
	}
	if len(c.Table.Rows) != 5 {
		t.Errorf("%d rows, want the 4 facets and 'not set'", len(c.Table.Rows))
	}
}

// parseMoney reads "€1,200,000" or "120,000 GBP" back.
func parseMoney(s string) (float64, string) {
	cur := ""
	switch {
	case strings.HasPrefix(s, "€"):
		cur, s = "EUR", strings.TrimPrefix(s, "€")
	case strings.HasPrefix(s, "$"):
		cur, s = "USD", strings.TrimPrefix(s, "$")
	case strings.HasPrefix(s, "£"):
		cur, s = "GBP", strings.TrimPrefix(s, "£")
	default:
		if i := strings.LastIndexByte(s, ' '); i > 0 {
			cur, s = s[i+1:], s[:i]
		}
	}
	v, _ := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	return v, cur
}

func TestFundingTotals(t *testing.T) {
	for _, pf := range []*portfolio.Portfolio{smallPortfolio(t), examplePortfolio(t), bigPortfolio(t, 1000, 0)} {
		want := map[string]float64{}
		for _, p := range pf.Of(content.KindInitiative) {
			for _, f := range p.Funding {
				want[f.Currency] += f.Amount
			}
		}
		c := FundingFlows(pf)
		rows := map[string]float64{}
		for _, r := range c.Table.Rows {
			v, cur := parseMoney(r.Cells[len(r.Cells)-1].Text)
			rows[cur] += v
		}
		foot := map[string]float64{}
		for _, part := range strings.Split(c.Table.Foot[4].Text, "; ") {
			v, cur := parseMoney(part)
			foot[cur] = v
		}
		if len(foot) != len(want) {
			t.Errorf("currencies %v, want %v", foot, want)
		}
		for cur, sum := range want {
			if math.Abs(rows[cur]-sum) > 0.5*float64(len(c.Table.Rows)) || math.Abs(foot[cur]-math.Round(sum)) > 0.5 {
				t.Errorf("%s: rows sum to %v, total says %v, funding lines sum to %v", cur, rows[cur], foot[cur], sum)
			}
			if !strings.Contains(string(c.SVG), ">"+cur+": "+English.Money(sum, cur)+" in all<") {
				t.Errorf("%s: the picture does not give the total %s", cur, English.Money(sum, cur))
			}
		}
	}
	// The small portfolio has two currencies, the bigger one first, and
	// a funder that is no page is named but not linked.
	c := FundingFlows(smallPortfolio(t))
	s := string(c.SVG)
	if strings.Index(s, ">EUR: ") > strings.Index(s, ">GBP: ") {
		t.Errorf("EUR (the larger) should come first")
	}
	if !strings.Contains(s, "national-lottery") || strings.Contains(s, `aria-label="national-lottery`) {
		t.Errorf("an unresolved funder should be named, not linked")
	}
	if !strings.Contains(s, `href="/streets-fund/"`) {
		t.Errorf("the pooled fund should link to its page")
	}
}

func TestFundingGroupsSmallFlows(t *testing.T) {
	s := string(FundingFlows(bigPortfolio(t, 1000, 0)).SVG)
	for _, want := range []string{"other funders", "other initiatives", "other intents"} {
		if !strings.Contains(s, want) {
			t.Errorf("no %q node", want)
		}
	}
	for i, limit := range []int{fundingMaxSources, fundingMaxPools, fundingMaxInitiatives, fundingMaxIntents} {
		// Two panels (EUR and USD).
		if n := strings.Count(s, "pv-node-"+strconv.Itoa(i)); n > 2*limit {
			t.Errorf("column %d has %d nodes, more than %d per currency", i, n, limit)
		}
	}
}

func TestTimeline(t *testing.T) {
	pf := smallPortfolio(t)
	c := Timeline(pf)
	s := string(c.SVG)
	if len(c.Table.Rows) != len(pf.Of(content.KindInitiative)) {
		t.Errorf("%d rows, want one per initiative", len(c.Table.Rows))
	}
	// Decisions are links; the as-of date is the newest date in the content.
	for _, d := range pf.Of(content.KindDecision) {
		if !strings.Contains(s, `href="`+pf.URL(d)+`"`) {
			t.Errorf("decision %s not marked", d.Slug)
		}
	}
	if !strings.Contains(s, "5 October 2026") {
		t.Errorf("the timeline should run open bars to the newest date in the content")
	}
	if !strings.Contains(s, "pv-planned") || !strings.Contains(s, "pv-open") {
		t.Errorf("no planned end or open arrow drawn")
	}
	big := Timeline(bigPortfolio(t, 1000, 0))
	if !strings.Contains(string(big.SVG), "pv-timeline-years") || len(big.Table.Rows) != 21 {
		t.Errorf("1,000 initiatives should be counted per intent and year (%d rows)", len(big.Table.Rows))
	}
}

func TestRiskOverview(t *testing.T) {
	pf := smallPortfolio(t)
	c := RiskOverview(pf)
	cell := func(risk, level string) Cell {
		j := -1
		for k, h := range c.Table.Head {
			if h == level {
				j = k - 1
			}
		}
		for _, r := range c.Table.Rows {
			if r.Head.Text == risk {
				return r.Cells[j]
			}
		}
		t.Fatalf("no row %s", risk)
		return Cell{}
	}
	got := cell("Operational", "Medium")
	if got.Text != "2" || len(got.Links) != 2 || got.Links[0].Text != "Bike library" || got.Links[0].URL != "/initiatives/bike-library/" {
		t.Errorf("operational × medium = %+v", got)
	}
	if got := cell("Ethical", "Not rated"); got.Text != "1" {
		t.Errorf("ethical, not rated = %+v", got)
	}
	if c.Table.Foot[len(c.Table.Foot)-1].Text != "7" {
		t.Errorf("total %s, want 7", c.Table.Foot[len(c.Table.Foot)-1].Text)
	}
}

func TestViewColoursContrast(t *testing.T) {
	white := "#ffffff"
	need := func(what, a, b string, min float64) {
		t.Helper()
		if r := chartContrast(a, b); r < min {
			t.Errorf("%s: %s on %s is %.2f:1, want %.1f:1", what, a, b, r, min)
		}
	}
	for i, c := range chartStatusColors {
		need("status colour against white", c, white, 3)
		if i > 0 {
			need("status colour against the previous status", c, chartStatusColors[i-1], 3)
		}
		need("count on a status colour", chartInk(c), c, 4.5)
	}
	for _, c := range chartHeat {
		need("count on a matrix cell", chartInk(c), c, 4.5)
	}
	for _, l := range append(content.Levels, "") {
		need("risk level", chartLevelColor(l), white, 3)
	}
	for _, c := range chartFlowColors {
		need("funding node", c, white, 3)
	}
	need("flow outline", chartFlowEdge, white, 3)
	need("other", chartNeutral, white, 3)
	need("cell borders and axes", chartRule, white, 3)
	need("secondary text", chartMuted, white, 4.5)
	need("text", chartInkDark, white, 4.5)
	// The arithmetic itself.
	if r := chartContrast("#000000", "#ffffff"); math.Abs(r-21) > 0.01 {
		t.Errorf("black on white = %.2f, want 21", r)
	}
	if r := chartContrast("#767676", "#ffffff"); math.Abs(r-4.54) > 0.01 {
		t.Errorf("#767676 on white = %.2f, want 4.54", r)
	}
}

func TestChartHelpers(t *testing.T) {
	for in, want := range map[float64]string{0: "0", -0.04: "0", 1.25: "1.3", 100: "100", -3.14159: "-3.1", 2.05: "2.1"} {
		if got := chartNum(in); got != want {
			t.Errorf("chartNum(%v) = %q, want %q", in, got, want)
		}
	}
	for _, c := range []struct {
		v    float64
		cur  string
		full string
		abbr string
	}{
		{1200000, "EUR", "€1,200,000", "€1.2m"},
		{35000, "GBP", "£35,000", "£35k"},
		{950, "USD", "$950", "$950"},
		{120000, "CHF", "120,000 CHF", "120k CHF"},
	} {
		if got := English.Money(c.v, c.cur); got != c.full {
			t.Errorf("Money(%v, %s) = %q, want %q", c.v, c.cur, got, c.full)
		}
		if got := English.MoneyShort(c.v, c.cur); got != c.abbr {
			t.Errorf("MoneyShort(%v, %s) = %q, want %q", c.v, c.cur, got, c.abbr)
		}
	}
	if got := chartFit("Street-by-street retrofit", 80, 13); !strings.HasSuffix(got, "…") || chartTextWidth(got, 13) > 80 {
		t.Errorf("chartFit = %q", got)
	}
}

// TestRenderExampleViews writes the example site's views, and the small
// portfolio's, as SVG and HTML files to the folder named by
// TRELLIS_VIEWS_OUT, to look at them.
func TestRenderExampleViews(t *testing.T) {
	out := os.Getenv("TRELLIS_VIEWS_OUT")
	if out == "" {
		t.Skip("set TRELLIS_VIEWS_OUT to a folder to write the pictures")
	}
	for prefix, pf := range map[string]*portfolio.Portfolio{"example": examplePortfolio(t), "small": smallPortfolio(t), "big": bigPortfolio(t, 1000, 0)} {
		for _, v := range allViews(pf) {
			base := filepath.Join(out, prefix+"-"+v.name)
			page := "<!doctype html><meta charset=utf-8><body style=\"margin:16px;background:#fff\">" + string(v.chart.SVG) + "</body>"
			if err := os.WriteFile(base+".svg", []byte(v.chart.SVG), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(base+".html", []byte(page), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func BenchmarkViews1000(b *testing.B) {
	pf := bigPortfolio(b, 1000, 0)
	b.ResetTimer()
	for b.Loop() {
		for _, v := range allViews(pf) {
			_ = v
		}
	}
}

// TestChartLinks checks that a link is written around what was drawn
// inside it, named with its visible text, and that what comes before and
// after it stays in place.
func TestChartLinks(t *testing.T) {
	var c chartBuf
	c.raw("<g>")
	c.text(1, 2, "before")
	for i := 0; i < 3; i++ {
		c.link("/a/"+chartInt(i)+"/", "Item "+chartInt(i), "pv-link")
		c.hit(0, 0, 24, 24)
		c.tip("no tooltip inside a link")
		c.text(3, 4, "Shown "+chartInt(i))
		c.endLink()
	}
	c.text(5, 6, "after")
	c.raw("</g>")
	want := `<g><text x="1" y="2">before</text>`
	for i := 0; i < 3; i++ {
		n := chartInt(i)
		want += `<a href="/a/` + n + `/" aria-label="Shown ` + n + ` — Item ` + n + `" class="pv-link">` +
			`<rect x="0" y="0" width="24" height="24" fill="#ffffff" fill-opacity="0" class="pv-hit"/>` +
			`<text x="3" y="4">Shown ` + n + wordGap + `</text></a>`
	}
	want += `<text x="5" y="6">after</text></g>`
	if got := c.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if c.inLink != 0 || len(c.starts) != 0 {
		t.Errorf("links left open: %d, %v", c.inLink, c.starts)
	}
}

// BenchmarkStatusMatrix10k draws the status matrix of the 10,000-page
// corpus: about 500 intents, so some 3,000 links.
func BenchmarkStatusMatrix10k(b *testing.B) {
	pf := corpusPortfolio(b)
	b.ResetTimer()
	for b.Loop() {
		StatusMatrix(pf)
	}
}

// TestFundingNamesWhole (issue 21): on the example, no name in the funding
// picture is cut short ("Ministry of…"): a name too long for its column
// takes a second line, its nodes spread out to leave room for it.
func TestFundingNamesWhole(t *testing.T) {
	s := string(FundingFlows(examplePortfolio(t)).SVG)
	labels := regexp.MustCompile(`(?s)<text [^>]*class="pv-label"[^>]*>(.*?)</text>`).FindAllStringSubmatch(s, -1)
	if len(labels) < 20 {
		t.Fatalf("%d labels in the funding picture", len(labels))
	}
	tags := regexp.MustCompile(`<[^>]+>`)
	two := 0
	for _, l := range labels {
		text := html.UnescapeString(tags.ReplaceAllString(l[1], " "))
		if strings.Contains(text, "…") {
			t.Errorf("a name is cut short: %q", strings.Join(strings.Fields(text), " "))
		}
		if strings.Contains(l[1], `dy="`) {
			two++
		}
	}
	for _, name := range []string{"Ministry of Environment and", "Walking and cycling as the easy"} {
		if !strings.Contains(s, ">"+name+"<") {
			t.Errorf("%q does not begin a line of its own", name)
		}
	}
	if two == 0 {
		t.Error("no name takes a second line")
	}
}
