package opendata_test

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/piprate/json-gold/ld"
)

// A SHACL Core validator for the constraints the official DCAT-AP shapes
// use (targetClass, property with an IRI path, minCount, maxCount,
// nodeKind, class, datatype, node, or, hasValue), run over the shapes
// themselves: testdata/standards/dcat-ap holds the shapes of DCAT-AP 3.0.1
// and 2.1.1 as published, with N-Triples copies made by
// scripts/standards/shapes-to-ntriples (Go has no kept Turtle parser).
// json-gold turns the catalogue's JSON-LD into RDF.

const (
	rdfType  = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
	rdfFirst = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first"
	rdfRest  = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"
	rdfNil   = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil"
	sh       = "http://www.w3.org/ns/shacl#"
)

// graph is a set of triples indexed by subject and predicate.
type graph map[string]map[string][]ld.Node

func key(n ld.Node) string {
	switch n := n.(type) {
	case ld.IRI:
		return n.Value
	case ld.BlankNode:
		return n.Attribute
	}
	return ""
}

func newGraph(ds *ld.RDFDataset) graph {
	g := graph{}
	for _, q := range ds.GetQuads("@default") {
		s := key(q.Subject)
		if g[s] == nil {
			g[s] = map[string][]ld.Node{}
		}
		g[s][q.Predicate.GetValue()] = append(g[s][q.Predicate.GetValue()], q.Object)
	}
	return g
}

func (g graph) one(s, p string) ld.Node {
	if os := g[s][p]; len(os) > 0 {
		return os[0]
	}
	return nil
}

func (g graph) list(head ld.Node) []ld.Node {
	var out []ld.Node
	for head != nil && key(head) != rdfNil {
		out = append(out, g.one(key(head), rdfFirst))
		head = g.one(key(head), rdfRest)
	}
	return out
}

func loadShapes(t *testing.T, files ...string) graph {
	t.Helper()
	var b strings.Builder
	for _, f := range files {
		src, err := os.ReadFile("../testdata/standards/dcat-ap/" + f)
		if err != nil {
			t.Fatal(err)
		}
		// Blank node labels are per file.
		b.WriteString(strings.ReplaceAll(string(src), "_:b", "_:"+strings.TrimSuffix(f, ".nt")+"b"))
	}
	ds, err := ld.ParseNQuads(b.String())
	if err != nil {
		t.Fatal(err)
	}
	return newGraph(ds)
}

func jsonldGraph(t *testing.T, data []byte) graph {
	t.Helper()
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	opts := ld.NewJsonLdOptions("")
	// No document may be fetched: the context is inline.
	opts.DocumentLoader = offline{}
	ds, err := ld.NewJsonLdProcessor().ToRDF(doc, opts)
	if err != nil {
		t.Fatal(err)
	}
	return newGraph(ds.(*ld.RDFDataset))
}

// offline refuses to load a remote JSON-LD document.
type offline struct{}

func (offline) LoadDocument(u string) (*ld.RemoteDocument, error) {
	return nil, fmt.Errorf("the catalogue refers to a remote document %s", u)
}

// validator checks a data graph against a shapes graph.
type validator struct {
	shapes, data graph
	errs         []string
}

func (v *validator) run() {
	var targets []string
	for s := range v.shapes {
		if v.shapes.one(s, sh+"targetClass") != nil {
			targets = append(targets, s)
		}
	}
	sort.Strings(targets)
	for _, shape := range targets {
		class := key(v.shapes.one(shape, sh+"targetClass"))
		var focus []string
		for s, ps := range v.data {
			for _, ty := range ps[rdfType] {
				if key(ty) == class {
					focus = append(focus, s)
				}
			}
		}
		sort.Strings(focus)
		for _, f := range focus {
			for _, msg := range v.node(ld.NewIRI(f), shape) {
				v.errs = append(v.errs, fmt.Sprintf("%s (%s): %s", f, shape, msg))
			}
		}
	}
}

// node returns the violations of value n against shape.
func (v *validator) node(n ld.Node, shape string) []string {
	if v.shapes.one(shape, sh+"deactivated") != nil {
		return nil
	}
	var out []string
	out = append(out, v.constraints(n, shape, "")...)
	for _, ps := range v.shapes[shape][sh+"property"] {
		p := key(ps)
		path := key(v.shapes.one(p, sh+"path"))
		var values []ld.Node
		if _, isBlank := n.(ld.BlankNode); isBlank || key(n) != "" {
			values = v.data[key(n)][path]
		}
		if m := v.shapes.one(p, sh+"minCount"); m != nil {
			if min, _ := strconv.Atoi(m.GetValue()); len(values) < min {
				out = append(out, fmt.Sprintf("%s: %d values, at least %d required", path, len(values), min))
			}
		}
		if m := v.shapes.one(p, sh+"maxCount"); m != nil {
			if max, _ := strconv.Atoi(m.GetValue()); len(values) > max {
				out = append(out, fmt.Sprintf("%s: %d values, at most %d allowed", path, len(values), max))
			}
		}
		if hv := v.shapes.one(p, sh+"hasValue"); hv != nil && !slices.ContainsFunc(values, func(x ld.Node) bool { return x.Equal(hv) }) {
			out = append(out, fmt.Sprintf("%s: lacks the value %s", path, hv.GetValue()))
		}
		for _, x := range values {
			out = append(out, v.constraints(x, p, path)...)
		}
	}
	return out
}

// constraints checks the value constraints of shape (a node or property
// shape) on one value.
func (v *validator) constraints(x ld.Node, shape, path string) []string {
	var out []string
	s := v.shapes[shape]
	for _, k := range s[sh+"nodeKind"] {
		if !nodeKind(x, key(k)) {
			out = append(out, fmt.Sprintf("%s: %s is not a %s", path, describe(x), strings.TrimPrefix(key(k), sh)))
		}
	}
	for _, c := range s[sh+"class"] {
		if !v.hasClass(x, key(c)) {
			out = append(out, fmt.Sprintf("%s: %s is not a %s", path, describe(x), key(c)))
		}
	}
	for _, d := range s[sh+"datatype"] {
		if l, ok := x.(ld.Literal); !ok || l.Datatype != key(d) {
			out = append(out, fmt.Sprintf("%s: %s is not a literal of type %s", path, describe(x), key(d)))
		}
	}
	for _, n := range s[sh+"node"] {
		if errs := v.node(x, key(n)); len(errs) > 0 {
			out = append(out, fmt.Sprintf("%s: %s does not conform to %s: %v", path, describe(x), key(n), errs))
		}
	}
	for _, or := range s[sh+"or"] {
		ok := false
		for _, alt := range v.shapes.list(or) {
			if len(v.node(x, key(alt))) == 0 {
				ok = true
			}
		}
		if !ok {
			out = append(out, fmt.Sprintf("%s: %s conforms to none of the alternatives", path, describe(x)))
		}
	}
	return out
}

func (v *validator) hasClass(x ld.Node, class string) bool {
	if ld.IsLiteral(x) {
		return false
	}
	for _, ty := range v.data[key(x)][rdfType] {
		if key(ty) == class {
			return true
		}
	}
	return false
}

func nodeKind(x ld.Node, kind string) bool {
	iri, blank, lit := ld.IsIRI(x), ld.IsBlankNode(x), ld.IsLiteral(x)
	switch strings.TrimPrefix(kind, sh) {
	case "IRI":
		return iri
	case "BlankNode":
		return blank
	case "Literal":
		return lit
	case "BlankNodeOrIRI":
		return blank || iri
	case "IRIOrLiteral":
		return iri || lit
	case "BlankNodeOrLiteral":
		return blank || lit
	}
	return false
}

func describe(x ld.Node) string {
	if l, ok := x.(ld.Literal); ok {
		return fmt.Sprintf("%q^^%s", l.Value, l.Datatype)
	}
	return key(x)
}

func validate(t *testing.T, shapes graph, data []byte) []string {
	v := &validator{shapes: shapes, data: jsonldGraph(t, data)}
	v.run()
	return v.errs
}

var dcatShapes = map[string][]string{
	"DCAT-AP 3.0.1": {"dcat-ap-3.0.1-shapes.nt", "dcat-ap-3.0.1-ranges.nt"},
	"DCAT-AP 2.1.1": {"dcat-ap-2.1.1-shapes.nt", "dcat-ap-2.1.1-range.nt"},
}

// TestCatalogueConformsToDCATAP validates catalog.jsonld against the
// official SHACL shapes of DCAT-AP 3.0.1 and 2.1.1, and checks that the
// validator finds what the issue found: a distribution without accessURL,
// a media type as a string, an untyped date, a licence that is no
// LicenseDocument.
func TestCatalogueConformsToDCATAP(t *testing.T) {
	_, files := example(t)
	data := files["data/catalog.jsonld"]
	for name, f := range dcatShapes {
		shapes := loadShapes(t, f...)
		if errs := validate(t, shapes, data); len(errs) > 0 {
			t.Errorf("%s: %d violations:\n%s", name, len(errs), strings.Join(errs, "\n"))
		}
		for what, breakIt := range map[string]func(map[string]any){
			"no accessURL":        func(d map[string]any) { delete(d, "dcat:accessURL") },
			"a string media type": func(d map[string]any) { d["dcat:mediaType"] = "text/csv" },
			"a plain licence":     func(d map[string]any) { d["dct:license"] = map[string]any{"@id": "https://example.org/licence"} },
			"an untyped date": func(d map[string]any) {
				if name == "DCAT-AP 2.1.1" { // 3.0.1's shapes leave a date's type to the ranges of its vocabulary
					d["dct:modified"] = "2026-01-01"
				} else {
					d["dcat:mediaType"] = "text/csv"
				}
			},
		} {
			var cat map[string]any
			json.Unmarshal(data, &cat)
			dist := cat["dcat:dataset"].([]any)[0].(map[string]any)["dcat:distribution"].([]any)[0].(map[string]any)
			breakIt(dist)
			broken, _ := json.Marshal(cat)
			if errs := validate(t, shapes, broken); len(errs) == 0 {
				t.Errorf("%s: a distribution with %s passes", name, what)
			}
		}
	}
	// What the shapes leave open and DCAT-AP's text asks for: dates typed
	// as xsd:date (DCAT-AP 3.0.1 §7 "Literal typed as xsd:date or
	// xsd:dateTime"), e-mail addresses as mailto: IRIs (vCard hasEmail and
	// FOAF mbox ranges), a title that names the portfolio once.
	g := jsonldGraph(t, data)
	dates, mails := 0, 0
	for s, ps := range g {
		for p, os := range ps {
			for _, o := range os {
				switch {
				case strings.HasSuffix(p, "/modified") || strings.HasSuffix(p, "/issued"):
					dates++
					if l, ok := o.(ld.Literal); !ok || l.Datatype != "http://www.w3.org/2001/XMLSchema#date" {
						t.Errorf("%s %s %s: not an xsd:date", s, p, describe(o))
					}
				case strings.HasSuffix(p, "#hasEmail") || strings.HasSuffix(p, "/mbox"):
					mails++
					if !ld.IsIRI(o) || !strings.HasPrefix(o.GetValue(), "mailto:") {
						t.Errorf("%s %s %s: not a mailto: IRI", s, p, describe(o))
					}
				case strings.HasSuffix(p, "/title") && strings.Contains(strings.ToLower(o.GetValue()), "portfolio portfolio"):
					t.Errorf("%s: title %q", s, o.GetValue())
				}
			}
		}
	}
	if dates < 3 || mails < 2 {
		t.Errorf("%d dates, %d e-mail addresses in the catalogue", dates, mails)
	}
}
