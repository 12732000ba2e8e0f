package render_test

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// vocabulary is the part of schema.org's vocabulary release file
// (testdata/standards/schemaorg/schemaorg-current-https.jsonld) the test
// checks JSON-LD against.
type vocabulary struct {
	super   map[string][]string // class → its direct superclasses
	domains map[string][]string // property → domainIncludes
	ranges  map[string][]string // property → rangeIncludes
	members map[string]string   // enumeration member → its enumeration
}

func ids(v any) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		if id, ok := v["@id"].(string); ok {
			out = append(out, strings.TrimPrefix(id, "schema:"))
		}
	case []any:
		for _, x := range v {
			out = append(out, ids(x)...)
		}
	}
	return out
}

func loadVocabulary(t *testing.T) *vocabulary {
	t.Helper()
	src, err := os.ReadFile("../testdata/standards/schemaorg/schemaorg-current-https.jsonld")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Graph []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	v := &vocabulary{super: map[string][]string{}, domains: map[string][]string{}, ranges: map[string][]string{}, members: map[string]string{}}
	for _, n := range doc.Graph {
		id, _ := n["@id"].(string)
		if !strings.HasPrefix(id, "schema:") {
			continue
		}
		id = strings.TrimPrefix(id, "schema:")
		var types []string
		switch ty := n["@type"].(type) {
		case string:
			types = []string{ty}
		case []any:
			for _, x := range ty {
				types = append(types, x.(string))
			}
		}
		for _, ty := range types {
			switch {
			case ty == "rdfs:Class":
				v.super[id] = append(v.super[id], ids(n["rdfs:subClassOf"])...)
			case ty == "rdf:Property":
				v.domains[id] = ids(n["schema:domainIncludes"])
				v.ranges[id] = ids(n["schema:rangeIncludes"])
			case strings.HasPrefix(ty, "schema:"):
				v.members[id] = strings.TrimPrefix(ty, "schema:")
			}
		}
	}
	return v
}

// is reports whether class is target or one of its subclasses.
func (v *vocabulary) is(class, target string) bool {
	if class == target {
		return true
	}
	for _, s := range v.super[class] {
		if v.is(s, target) {
			return true
		}
	}
	return false
}

var (
	isoDate     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	isoDateTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$`)
)

// check validates one node: its type is a class, every property is one
// schema.org allows on that type, and every value fits the property's range.
func (v *vocabulary) check(at string, n map[string]any, errs *[]string) {
	typ, _ := n["@type"].(string)
	if _, ok := v.super[typ]; !ok {
		*errs = append(*errs, fmt.Sprintf("%s: @type %q is not a schema.org type", at, typ))
		return
	}
	keys := make([]string, 0, len(n))
	for k := range n {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, prop := range keys {
		if strings.HasPrefix(prop, "@") {
			continue
		}
		domains, known := v.domains[prop]
		if !known {
			*errs = append(*errs, fmt.Sprintf("%s: %s is not a schema.org property", at, prop))
			continue
		}
		if !slices.ContainsFunc(domains, func(d string) bool { return v.is(typ, d) }) {
			*errs = append(*errs, fmt.Sprintf("%s: %s is not a property of %s (domain %v)", at, prop, typ, domains))
		}
		vals, ok := n[prop].([]any)
		if !ok {
			vals = []any{n[prop]}
		}
		for _, val := range vals {
			v.value(at+"."+prop, v.ranges[prop], val, errs)
		}
	}
}

// value checks a value against a property's range.
func (v *vocabulary) value(at string, ranges []string, val any, errs *[]string) {
	// has: the range admits t or a subtype of it (Text admits URL).
	has := func(t string) bool {
		return slices.ContainsFunc(ranges, func(r string) bool { return v.is(r, t) })
	}
	switch x := val.(type) {
	case map[string]any:
		typ, typed := x["@type"].(string)
		if !typed {
			return // a reference by @id alone: its type is not known here
		}
		if !slices.ContainsFunc(ranges, func(r string) bool { return v.is(typ, r) }) {
			*errs = append(*errs, fmt.Sprintf("%s: a %s where the range is %v", at, typ, ranges))
		}
		v.check(at, x, errs)
	case string:
		// An enumeration's value is one of its members, as an IRI.
		for _, r := range ranges {
			if v.is(r, "Enumeration") {
				member := strings.TrimPrefix(x, "https://schema.org/")
				if v.members[member] != r || member == x {
					*errs = append(*errs, fmt.Sprintf("%s: %q is not a member of the enumeration %s, as an IRI", at, x, r))
				}
				return
			}
		}
		switch {
		case has("Text") || has("URL"):
		case has("Date") && isoDate.MatchString(x), has("DateTime") && isoDateTime.MatchString(x):
		default:
			*errs = append(*errs, fmt.Sprintf("%s: the text %q where the range is %v", at, x, ranges))
		}
	case float64:
		if !has("Number") && !has("Integer") {
			*errs = append(*errs, fmt.Sprintf("%s: a number where the range is %v", at, ranges))
		}
	}
}

// TestJSONLDFollowsTheSchemaOrgVocabulary checks every JSON-LD block of
// the example site against schema.org's vocabulary: types, properties on
// the types that allow them, values in the properties' ranges,
// enumerations as member IRIs, dates as ISO 8601 dates.
func TestJSONLDFollowsTheSchemaOrgVocabulary(t *testing.T) {
	v := loadVocabulary(t)
	// The vocabulary check must be able to fail: what the issue found.
	for _, bad := range []map[string]any{
		{"@type": "Project", "name": "x", "about": "y"},
		{"@type": "Project", "name": "x", "dateModified": "2025-01-01"},
		{"@type": "ChooseAction", "actionStatus": "CompletedActionStatus"},
		{"@type": "Thing", "subjectOf": map[string]any{"@type": "Project", "name": "x"}},
		{"@type": "CreativeWork", "datePublished": "1 May 2025"},
	} {
		var errs []string
		v.check("bad", bad, &errs)
		if len(errs) == 0 {
			t.Errorf("%v passes", bad)
		}
	}
	out := build(t, "../..")
	pages, nodes := 0, 0
	for _, name := range out.Names() {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, block := range jsonLD(t, name, out.Files[name]) {
			pages++
			var errs []string
			v.check(name, block, &errs)
			for _, e := range errs {
				t.Error(e)
			}
			if m, ok := block["mainEntity"].(map[string]any); ok && m["@type"] != nil {
				nodes++
			}
		}
	}
	if pages < 100 || nodes < 70 {
		t.Errorf("%d JSON-LD blocks, %d with a main entity", pages, nodes)
	}
}
