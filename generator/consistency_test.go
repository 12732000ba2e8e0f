package generator_test

import (
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"gopkg.in/yaml.v3"
)

// TestExampleStatesItsLicenceOnce: no page of the example names a licence
// other than the two site.yaml gives (issue 21: the About page said CC BY
// for the data, which site.yaml publishes under CC0).
func TestExampleStatesItsLicenceOnce(t *testing.T) {
	var cfg struct {
		Licence struct{ Content, Data string } `yaml:"licence"`
	}
	b, err := os.ReadFile(filepath.Join(exampleSite, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, &cfg); err != nil {
		t.Fatal(err)
	}
	out, _ := buildExample(t, "")
	licence := regexp.MustCompile(`(?i)\b(CC[ -]?BY(?:[ -]SA|[ -]NC|[ -]ND)*(?:[ -][0-9.]+)?|CC0(?:[ -][0-9.]+)?|Creative Commons [A-Za-z0-9. -]*?licen[cs]e|public domain)\b`)
	allowed := map[string]bool{strings.ToLower(cfg.Licence.Content): true, strings.ToLower(cfg.Licence.Data): true}
	checked := 0
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		checked++
		for _, m := range licence.FindAllString(text(parseHTML(t, p)), -1) {
			if !allowed[strings.ToLower(m)] {
				t.Errorf("%s names the licence %q; site.yaml gives %q and %q", rel, m, cfg.Licence.Content, cfg.Licence.Data)
			}
		}
		return nil
	})
	if checked < 50 {
		t.Fatalf("checked %d pages", checked)
	}
}

// TestExampleDecisionMoneyIsFunded: every amount a decision of the example
// names (in its text, context or rationale) is in the funding data: a
// funding line of one of its initiatives, their lines of one year, or a
// pooled fund's total.
func TestExampleDecisionMoneyIsFunded(t *testing.T) {
	out, _ := buildExample(t, "")
	book := readFunding(t, out)
	links := readCSV(t, filepath.Join(out, "data", "links.csv"))
	entities := readCSV(t, filepath.Join(out, "data", "entities.csv"))
	idOf := map[string]string{}
	for _, e := range entities {
		idOf[e["kind"]+"/"+e["slug"]] = e["id"]
	}
	amount := regexp.MustCompile(`€\s?([0-9][0-9,]*(?:\.[0-9]+)?)(\s?million)?`)
	decisions, _ := filepath.Glob(filepath.Join(out, "decisions", "*", "index.html"))
	named := 0
	for _, f := range decisions {
		slug := filepath.Base(filepath.Dir(f))
		id := idOf["decision/"+slug]
		known := map[float64]bool{}
		for _, l := range links {
			if l["from"] != id || l["field"] != "initiatives" {
				continue
			}
			byYear := map[string]float64{}
			for _, r := range book.rows {
				if r["initiative"] != l["to"] {
					continue
				}
				v, _ := strconv.ParseFloat(r["amount"], 64)
				known[v] = true
				byYear[r["year"]] += v
			}
			for _, v := range byYear {
				known[v] = true
			}
		}
		pools := map[string]float64{}
		for _, r := range book.rows {
			v, _ := strconv.ParseFloat(r["amount"], 64)
			if r["pool"] != "" {
				pools[r["pool"]] += v
			}
		}
		for _, v := range pools {
			known[v] = true
		}
		// The decision's own words: its text, context and rationale.
		doc := parseHTML(t, f)
		var words strings.Builder
		walkNodes(doc, func(n *html.Node) {
			class, _ := attr(n, "class")
			by, _ := attr(n, "aria-labelledby")
			if strings.Contains(" "+class+" ", " prose ") || (n.Data == "section" && (by == "context" || by == "rationale")) {
				words.WriteString(text(n) + " ")
			}
		})
		for _, m := range amount.FindAllStringSubmatch(words.String(), -1) {
			named++
			v, err := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", ""), 64)
			if err != nil {
				t.Fatal(err)
			}
			if m[2] != "" {
				v = math.Round(v * 1e6)
			}
			if !known[v] {
				t.Errorf("decisions/%s names %s, which is no funding line of its initiatives, no year of them and no pooled fund's total", slug, m[0])
			}
		}
	}
	if named < 5 {
		t.Fatalf("found %d amounts in the decisions", named)
	}
}
