package opendata_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/antchfx/xmlquery"
	"github.com/antchfx/xpath"

	"github.com/trellis-ssg/trellis/generator/codelist"
)

// An interpreter of the IATI ruleset (testdata/standards/iati/standard.json,
// the rules the IATI Validator applies beyond the schema, as its SPEC.rst
// describes them), over the XPath 1.0 of antchfx/xpath. The idSets the
// Validator passes in are the org-id.guide prefixes of package codelist;
// the Registry's publisher identifiers (idCondition) are not known here, so
// every rule applies.

type iatiCase struct {
	Condition string   `json:"condition"`
	Paths     []string `json:"paths"`
	Less      string   `json:"less"`
	More      string   `json:"more"`
	Regex     string   `json:"regex"`
	Sum       *float64 `json:"sum"`
	Min       *float64 `json:"min"`
	Max       *float64 `json:"max"`
	Date      string   `json:"date"`
	Start     string   `json:"start"`
	End       string   `json:"end"`
	One       string   `json:"one"`
	All       string   `json:"all"`
	If        string   `json:"if"`
	Then      string   `json:"then"`
	Prefix    []string `json:"prefix"`
	Separator string   `json:"separator"`
	Foreach   string   `json:"foreach"`
	Do        map[string]struct {
		Cases []json.RawMessage `json:"cases"`
	} `json:"do"`
	Subs     []string `json:"subs"`
	RuleInfo struct {
		ID       string `json:"id"`
		Severity string `json:"severity"`
		Message  string `json:"message"`
	} `json:"ruleInfo"`
}

// iatiFailure is a rule a node breaks.
type iatiFailure struct{ id, severity, message, where string }

type rulesetRun struct {
	t        *testing.T
	now      string
	failures []iatiFailure
	checked  map[string]int // cases applied, by rule name
}

func loadRuleset(t *testing.T) map[string]map[string]struct {
	Cases []json.RawMessage `json:"cases"`
} {
	src, err := os.ReadFile("../testdata/standards/iati/standard.json")
	if err != nil {
		t.Fatal(err)
	}
	var rs map[string]map[string]struct {
		Cases []json.RawMessage `json:"cases"`
	}
	if err := json.Unmarshal(src, &rs); err != nil {
		t.Fatal(err)
	}
	return rs
}

// runRuleset applies every rule of the ruleset to an IATI file.
func runRuleset(t *testing.T, data []byte) *rulesetRun {
	t.Helper()
	doc, err := xmlquery.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	r := &rulesetRun{t: t, now: time.Now().UTC().Format("2006-01-02"), checked: map[string]int{}}
	rs := loadRuleset(t)
	contexts := make([]string, 0, len(rs))
	for c := range rs {
		contexts = append(contexts, c)
	}
	sort.Strings(contexts)
	for _, ctx := range contexts {
		nodes, err := xmlquery.QueryAll(doc, ctx)
		if err != nil {
			t.Fatalf("context %s: %v", ctx, err)
		}
		names := make([]string, 0, len(rs[ctx]))
		for n := range rs[ctx] {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range nodes {
			for _, name := range names {
				for _, raw := range rs[ctx][name].Cases {
					r.apply(n, name, raw, nil)
				}
			}
		}
	}
	return r
}

// apply runs one case of a rule on a context node; subs replaces $1.
func (r *rulesetRun) apply(n *xmlquery.Node, rule string, raw json.RawMessage, sub *string) {
	if sub != nil {
		raw = json.RawMessage(strings.ReplaceAll(string(raw), "$1", *sub))
	}
	var c iatiCase
	if err := json.Unmarshal(raw, &c); err != nil {
		r.t.Fatalf("%s: %v", rule, err)
	}
	if c.Condition != "" && !r.boolean(n, c.Condition) {
		return
	}
	r.checked[rule]++
	fail := func(format string, args ...any) {
		r.failures = append(r.failures, iatiFailure{c.RuleInfo.ID, c.RuleInfo.Severity, c.RuleInfo.Message,
			where(n) + ": " + fmt.Sprintf(format, args...)})
	}
	switch rule {
	case "atleast_one":
		if r.count(n, c.Paths) < 1 {
			fail("none of %v", c.Paths)
		}
	case "no_more_than_one":
		if k := r.count(n, c.Paths); k > 1 {
			fail("%d of %v", k, c.Paths)
		}
	case "one_or_all":
		// The activity's own attribute or element stands for all of
		// its parts; the export always writes it, so "all" is not
		// looked at.
		if r.count(n, []string{c.One}) == 0 {
			fail("no %s", c.One)
		}
	case "unique":
		seen := map[string]bool{}
		for _, v := range r.texts(n, c.Paths) {
			if seen[v] {
				fail("%q twice among %v", v, c.Paths)
			}
			seen[v] = true
		}
	case "startswith":
		var prefixes []string
		for _, p := range c.Prefix {
			if p == "ORG-ID-PREFIX" {
				prefixes = append(prefixes, codelist.OrgID.Codes()...)
			} else {
				prefixes = append(prefixes, r.texts(n, []string{p})...)
			}
		}
		for _, v := range r.texts(n, c.Paths) {
			ok := false
			for _, p := range prefixes {
				if strings.HasPrefix(v, p+c.Separator) {
					ok = true
				}
			}
			if !ok {
				fail("%q starts with none of the prefixes", v)
			}
		}
	case "regex_matches", "regex_no_matches":
		re := regexp.MustCompile(c.Regex)
		for _, v := range r.texts(n, c.Paths) {
			if re.MatchString(v) != (rule == "regex_matches") {
				fail("%q and %s", v, c.Regex)
			}
		}
	case "no_spaces":
		for _, v := range r.texts(n, c.Paths) {
			if strings.TrimSpace(v) != v {
				fail("%q", v)
			}
		}
	case "date_now":
		for _, d := range r.texts(n, []string{c.Date}) {
			if day(d) > r.now {
				fail("%s is after today", d)
			}
		}
	case "date_order":
		less, more := r.texts(n, []string{c.Less}), []string{r.now}
		if c.More != "NOW" {
			more = r.texts(n, []string{c.More})
		}
		for _, a := range less {
			for _, b := range more {
				if day(a) > day(b) {
					fail("%s is after %s", a, b)
				}
			}
		}
	case "time_limit":
		for _, a := range r.texts(n, []string{c.Start}) {
			for _, b := range r.texts(n, []string{c.End}) {
				s, _ := time.Parse("2006-01-02", day(a))
				e, _ := time.Parse("2006-01-02", day(b))
				if e.Sub(s) > 365*24*time.Hour {
					fail("%s to %s is longer than a year", a, b)
				}
			}
		}
	case "between_dates":
		for _, d := range r.texts(n, []string{c.Date}) {
			for _, a := range r.texts(n, []string{c.Start}) {
				for _, b := range r.texts(n, []string{c.End}) {
					if day(d) < day(a) || day(d) > day(b) {
						fail("%s is not between %s and %s", d, a, b)
					}
				}
			}
		}
	case "if_then":
		if r.boolean(n, c.If) && !r.boolean(n, c.Then) {
			fail("%s, but not %s", c.If, c.Then)
		}
	case "strict_sum":
		total := new(big.Rat)
		for _, v := range r.texts(n, c.Paths) {
			x, ok := new(big.Rat).SetString(v)
			if !ok {
				fail("%q is not a number", v)
				continue
			}
			total.Add(total, x)
		}
		if want := new(big.Rat).SetFloat64(*c.Sum); total.Cmp(want) != 0 {
			fail("the values of %v add up to %s, not %v", c.Paths, total.FloatString(2), *c.Sum)
		}
	case "range":
		for _, v := range r.texts(n, c.Paths) {
			x, err := strconv.ParseFloat(v, 64)
			if err != nil || (c.Min != nil && x < *c.Min) || (c.Max != nil && x > *c.Max) {
				fail("%q is out of range", v)
			}
		}
	case "loop":
		seen := map[string]bool{}
		for _, v := range r.texts(n, []string{c.Foreach}) {
			if seen[v] {
				continue
			}
			seen[v] = true
			for name, sub := range c.Do {
				for _, dc := range sub.Cases {
					v := v
					r.apply(n, name, dc, &v)
				}
			}
		}
	default:
		r.t.Errorf("the ruleset has a rule %q this interpreter does not know", rule)
	}
}

func day(s string) string {
	if len(s) >= 10 {
		return s[:10]
	}
	return s
}

func where(n *xmlquery.Node) string {
	for a := n; a != nil; a = a.Parent {
		if a.Data == "iati-activity" {
			if id := xmlquery.FindOne(a, "iati-identifier"); id != nil {
				return id.InnerText()
			}
		}
	}
	return n.Data
}

// texts are the string values of the nodes the paths select.
func (r *rulesetRun) texts(n *xmlquery.Node, paths []string) []string {
	var out []string
	for _, p := range paths {
		nodes, err := xmlquery.QueryAll(n, p)
		if err != nil {
			r.t.Fatalf("path %s: %v", p, err)
		}
		for _, x := range nodes {
			out = append(out, x.InnerText())
		}
	}
	return out
}

func (r *rulesetRun) count(n *xmlquery.Node, paths []string) int {
	return len(r.texts(n, paths))
}

// countsEqual is the form "count(A) = count(B)", which antchfx/xpath
// v1.3.9 evaluates to false when both counts are equal (while "count(A) -
// count(B)" is 0): the two sides are evaluated apart.
var countsEqual = regexp.MustCompile(`^\s*(count\(.*\))\s*=\s*(count\(.*\))\s*$`)

// boolean evaluates an XPath expression as XPath's boolean() would.
func (r *rulesetRun) boolean(n *xmlquery.Node, expr string) bool {
	if m := countsEqual.FindStringSubmatch(expr); m != nil {
		a := xpath.MustCompile(m[1]).Evaluate(xmlquery.CreateXPathNavigator(n))
		b := xpath.MustCompile(m[2]).Evaluate(xmlquery.CreateXPathNavigator(n))
		return a == b
	}
	e, err := xpath.Compile(expr)
	if err != nil {
		r.t.Fatalf("expression %s: %v", expr, err)
	}
	switch v := e.Evaluate(xmlquery.CreateXPathNavigator(n)).(type) {
	case bool:
		return v
	case float64:
		return v != 0 && !math.IsNaN(v)
	case string:
		return v != ""
	case *xpath.NodeIterator:
		return v.MoveNext()
	}
	return false
}

// TestIATIPassesTheStandardsRules runs the IATI ruleset over the example's
// activity file: no rule may fail, errors nor warnings. Then it breaks the
// file as the issue found it broken (no sector, no recipient, a reporting
// organisation without an agency prefix) and each must be caught.
func TestIATIPassesTheStandardsRules(t *testing.T) {
	_, files := example(t)
	data := files["data/iati-activities.xml"]
	run := runRuleset(t, data)
	for _, f := range run.failures {
		t.Errorf("rule %s (%s) %s: %s", f.id, f.severity, f.where, f.message)
	}
	for _, rule := range []string{"atleast_one", "startswith", "unique", "date_order", "date_now", "if_then", "regex_matches", "no_spaces", "loop", "strict_sum", "time_limit"} {
		if run.checked[rule] == 0 {
			t.Errorf("no %s rule was applied", rule)
		}
	}
	t.Logf("%v rule cases applied", run.checked)
	for rule, breakIt := range map[string]func(string) string{
		"6.2.2": func(s string) string {
			return regexp.MustCompile(`(?s)<sector .*?(/>|</sector>)`).ReplaceAllString(s, "")
		},
		"3.7.1": func(s string) string {
			return regexp.MustCompile(`<recipient-country [^>]*(/>|></recipient-country>)`).ReplaceAllString(s, "")
		},
		"1.14.8": func(s string) string {
			return strings.ReplaceAll(strings.ReplaceAll(s, `ref="XI-IATI-RVF" type="10">`, `ref="XM-RIVERFORD-1" type="10">`), ">XI-IATI-RVF-", ">XM-RIVERFORD-1-")
		},
		"2.1.2": func(s string) string { return strings.Replace(s, `percentage="50"`, `percentage="40"`, 1) },
		"11.2.1": func(s string) string {
			return strings.Replace(s, `<transaction-date iso-date="2023-01-01">`, `<transaction-date iso-date="2999-01-01">`, 1)
		},
		// The results: the signals of the intents an initiative serves.
		"8.6.1": func(s string) string {
			return strings.Replace(s, `<period-end iso-date="2030-12-31"`, `<period-end iso-date="2020-12-31"`, 1)
		},
		"8.10.1": func(s string) string { return strings.Replace(s, `<actual value="61">`, `<actual>`, 1) },
	} {
		broken := runRuleset(t, []byte(breakIt(string(data))))
		found := false
		for _, f := range broken.failures {
			if f.id == rule {
				found = true
			}
		}
		if !found {
			t.Errorf("breaking the file for rule %s goes unnoticed", rule)
		}
	}
}
