package generator_test

import (
	"encoding/csv"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/trellis-ssg/trellis/generator/content"
)

// readCSV reads a published CSV file as records keyed by its header.
func readCSV(t *testing.T, file string) []map[string]string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

// fundingBook is data/funding.csv with what a figure's scope needs to know
// of each initiative (from data/initiatives.csv): its intents and terms.
type fundingBook struct {
	rows      []map[string]string
	n         []int // each row's position among its initiative's rows, 1-based
	intents   map[string][]string
	terms     map[string]map[string]bool // initiative id → "systems/transport"
	withMoney int
}

func readFunding(t *testing.T, out string) *fundingBook {
	b := &fundingBook{rows: readCSV(t, filepath.Join(out, "data", "funding.csv")), intents: map[string][]string{}, terms: map[string]map[string]bool{}}
	count := map[string]int{}
	for _, r := range b.rows {
		count[r["initiative"]]++
		b.n = append(b.n, count[r["initiative"]])
	}
	b.withMoney = len(count)
	for _, r := range readCSV(t, filepath.Join(out, "data", "initiatives.csv")) {
		id := r["id"]
		b.intents[id] = strings.Split(r["intents"], ";")
		b.terms[id] = map[string]bool{}
		for _, tax := range []string{"systems", "places", "tags", "status", "facet"} {
			for _, v := range strings.Split(r[tax], ";") {
				if v != "" {
					b.terms[id][tax+"/"+content.Slugify(v)] = true
				}
			}
		}
	}
	return b
}

// sum adds up the rows a scope names ("intent=INT-0001 share=even
// currency=EUR"), independently of generator/money.
func (b *fundingBook) sum(t *testing.T, scope string) float64 {
	t.Helper()
	want := map[string]string{}
	if scope != "all" {
		for _, kv := range strings.Fields(scope) {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				t.Fatalf("scope %q: %q is not key=value", scope, kv)
			}
			want[k] = v
		}
	}
	total := 0.0
rows:
	for i, r := range b.rows {
		ini := r["initiative"]
		for k, v := range want {
			switch k {
			case "initiative", "source", "currency":
				if r[k] != v {
					continue rows
				}
			case "line":
				if strconv.Itoa(b.n[i]) != v {
					continue rows
				}
			case "pool":
				if (v == "-" && r["pool"] != "") || (v != "-" && content.Slugify(r["pool"]) != v) {
					continue rows
				}
			case "stage":
				if (v == "-" && r["stage"] != "") || (v != "-" && r["stage"] != v) {
					continue rows
				}
			case "year":
				if (v == "-1" && r["year"] != "") || (v != "-1" && r["year"] != v) {
					continue rows
				}
			case "intent":
				found := false
				for _, in := range b.intents[ini] {
					found = found || in == v
				}
				if !found {
					continue rows
				}
			case "term":
				if !b.terms[ini][v] {
					continue rows
				}
			case "share":
			default:
				t.Fatalf("scope %q: unknown key %q", scope, k)
			}
		}
		amount, err := strconv.ParseFloat(r["amount"], 64)
		if err != nil {
			t.Fatalf("funding.csv: amount %q: %v", r["amount"], err)
		}
		if want["share"] == "even" {
			amount /= float64(len(b.intents[ini]))
		}
		total += amount
	}
	return total
}

var moneyText = regexp.MustCompile(`[€£$]\s?[0-9]`)

// TestMoneyReconciles is issue 21's funding reconciliation: every money
// figure on every page of the example carries the funding lines it adds up,
// and adding those lines of data/funding.csv again gives the figure, as a
// number and as written. No page shows an amount outside such a figure
// (but in text an editor wrote), and the pages that must show money do.
func TestMoneyReconciles(t *testing.T) {
	out, _ := buildExample(t, "")
	book := readFunding(t, out)
	if len(book.rows) < 20 {
		t.Fatalf("funding.csv has %d rows", len(book.rows))
	}
	figures := map[string]int{} // by page
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		doc := parseHTML(t, p)
		var walk func(n *html.Node, inFigure, editor bool)
		walk = func(n *html.Node, inFigure, editor bool) {
			if n.Type == html.ElementNode {
				class, _ := attr(n, "class")
				switch {
				case n.Data == "data":
					scope, ok := attr(n, "data-money")
					if !ok {
						break
					}
					inFigure = true
					figures[rel]++
					value, _ := attr(n, "value")
					v, err := strconv.ParseFloat(value, 64)
					if err != nil {
						t.Errorf("%s: figure %q has value %q", rel, text(n), value)
						break
					}
					if want := book.sum(t, scope); math.Abs(want-v) > 0.005 {
						t.Errorf("%s: figure %q (%s) says %v; funding.csv adds up to %v", rel, text(n), scope, v, want)
					}
					digits := strings.Map(func(r rune) rune {
						if r >= '0' && r <= '9' {
							return r
						}
						return -1
					}, text(n))
					// Written in whole units: a share of an even split is rounded.
					shown := strconv.FormatInt(int64(math.Round(math.Abs(v))), 10)
					if digits != shown {
						t.Errorf("%s: figure %q is written with digits %s, its value is %v", rel, text(n), digits, v)
					}
				case n.Data == "svg", n.Data == "script", n.Data == "pre", n.Data == "code":
					return
				case strings.Contains(" "+class+" ", " prose ") || strings.Contains(" "+class+" ", " lead ") || n.Data == "blockquote":
					editor = true
				case n.Data == "li" && strings.Contains(" "+class+" ", " card "):
					editor = true
				case n.Data == "section":
					// A decision's context and rationale, as the editor wrote them.
					if by, _ := attr(n, "aria-labelledby"); by == "context" || by == "rationale" {
						editor = true
					}
				}
			}
			if n.Type == html.TextNode && !inFigure && !editor && moneyText.MatchString(n.Data) {
				t.Errorf("%s: an amount outside a figure: %q", rel, strings.TrimSpace(n.Data))
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c, inFigure, editor)
			}
		}
		walk(doc, false, false)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Pages that must show money: the overview, every funded initiative,
	// every intent and funder with money, the pooled fund's page, the list
	// of initiatives and a taxonomy term of funded initiatives.
	must := []string{"money/index.html", "initiatives/index.html", "initiatives/bike-library/index.html", "intents/clean-air/index.html",
		"organisations/ministry-of-health/index.html", "healthy-streets-fund/index.html", "systems/transport/index.html", "status/scaling/index.html"}
	for _, m := range must {
		if figures[filepath.FromSlash(m)] == 0 {
			t.Errorf("%s shows no money figure", m)
		}
	}
	n := 0
	for _, c := range figures {
		n += c
	}
	t.Logf("%d figures on %d pages checked against %d funding lines", n, len(figures), len(book.rows))
}

// TestMoneyCSVsAreTheTablesShown: every table of the funding overview, the
// money by stage at its top too, is followed by a CSV download of exactly
// its rows: the same labels, in the same order, with the same amounts.
func TestMoneyCSVsAreTheTablesShown(t *testing.T) {
	out, _ := buildExample(t, "")
	doc := page(t, out, "/money/")
	var table *html.Node
	checked := map[string]bool{}
	walkNodes(doc, func(n *html.Node) {
		if n.Data == "table" {
			table = n
		}
		if _, dl := attr(n, "download"); n.Data != "a" || !dl {
			return
		}
		href, _ := attr(n, "href")
		if table == nil {
			t.Errorf("%s follows no table", href)
			return
		}
		f, err := os.Open(filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(href, "/"))))
		if err != nil {
			t.Error(err)
			return
		}
		recs, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", href, err)
		}
		var shown [][]string // each row's label, then its amounts
		walkNodes(table, func(tr *html.Node) {
			if tr.Data != "tr" || tr.Parent.Data == "thead" {
				return
			}
			var row []string
			walkNodes(tr, func(c *html.Node) {
				if c.Data == "th" && len(row) == 0 {
					row = append(row, strings.TrimSpace(text(c)))
				}
				if v, ok := attr(c, "value"); ok && c.Data == "data" {
					row = append(row, v)
				}
			})
			shown = append(shown, row)
		})
		if len(recs)-1 != len(shown) {
			t.Errorf("%s has %d rows, its table %d", href, len(recs)-1, len(shown))
			return
		}
		for i, row := range shown {
			rec := recs[i+1]
			got := append([]string{rec[0]}, rec[len(rec)-(len(row)-1):]...)
			if strings.Join(got, "|") != strings.Join(row, "|") {
				t.Errorf("%s row %d: %q, the table shows %q", href, i+1, got, row)
			}
		}
		checked[href] = true
		table = nil
	})
	for _, want := range []string{"/money/stages.csv", "/money/funders.csv", "/money/pools.csv", "/money/intents.csv", "/money/intents-shared.csv", "/money/years.csv", "/money/lines.csv"} {
		if !checked[want] {
			t.Errorf("no table of the overview is followed by %s", want)
		}
	}
}
