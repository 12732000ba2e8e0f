package opendata_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/opendata"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

var now = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)

// example loads the example portfolio at the repository's root.
func example(t *testing.T) (*portfolio.Portfolio, map[string][]byte) {
	t.Helper()
	pf, diags := generator.Load(generator.Options{Source: "../..", Now: now})
	if diags.HasErrors() {
		t.Fatalf("example site has errors: %v", diags)
	}
	files, err := opendata.Build(pf)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][]byte{}
	for _, f := range files {
		m[f.Name] = f.Data
	}
	return pf, m
}

func TestPortfolioJSONValidatesAgainstItsSchema(t *testing.T) {
	_, files := example(t)
	schema, err := jsonschema.UnmarshalJSON(bytes.NewReader(files["data/portfolio.schema.json"]))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("portfolio.schema.json", schema); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("portfolio.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(files["data/portfolio.json"]))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(doc); err != nil {
		t.Fatalf("portfolio.json does not validate: %v", err)
	}
	// The schema must be able to fail: an initiative without its status.
	var d map[string]any
	json.Unmarshal(files["data/portfolio.json"], &d)
	for _, e := range d["entities"].([]any) {
		ent := e.(map[string]any)
		if ent["kind"] == "initiative" {
			delete(ent["fields"].(map[string]any), "status")
			break
		}
	}
	if err := sch.Validate(d); err == nil {
		t.Error("an initiative without status validates")
	}
}

func TestPortfolioJSONLinksBothWays(t *testing.T) {
	pf, files := example(t)
	var d opendata.Document
	if err := json.Unmarshal(files["data/portfolio.json"], &d); err != nil {
		t.Fatal(err)
	}
	byID := map[string]opendata.Entity{}
	for _, e := range d.Entities {
		byID[e.ID] = e
	}
	if len(d.Entities) == 0 || len(d.Entities) > len(pf.Pages) {
		t.Fatalf("%d entities for %d pages", len(d.Entities), len(pf.Pages))
	}
	for _, e := range d.Entities {
		for _, l := range e.LinksTo {
			to, ok := byID[l.ID]
			if !ok {
				t.Fatalf("%s links to %s, which is not exported", e.ID, l.ID)
			}
			found := false
			for _, back := range to.Linked {
				if back.ID == e.ID && back.Field == l.Field {
					found = true
				}
			}
			if !found {
				t.Errorf("%s → %s (%s) has no linked_from entry on the target", e.ID, l.ID, l.Field)
			}
		}
	}
}

func TestConsentInExports(t *testing.T) {
	pf, files := example(t)
	all := string(bytes.Join([][]byte{files["data/portfolio.json"], files["data/narratives.csv"], files["data/links.csv"]}, nil))
	for _, key := range []string{`"consent"`, "withdrawn", "data-export"} {
		if strings.Contains(all, key) {
			t.Errorf("exports contain %q: consent records must not be published", key)
		}
	}
	var exported, withheld int
	for _, p := range pf.Of("narrative") {
		in := strings.Contains(all, "/narratives/"+p.Slug+"/")
		switch {
		case opendata.Exported(p) && !in:
			t.Errorf("story %s has data-export consent but is not exported", p.Slug)
		case !opendata.Exported(p) && in:
			t.Errorf("story %s has no data-export consent but is exported", p.Slug)
		case in:
			exported++
		default:
			withheld++
		}
	}
	if exported == 0 || withheld == 0 {
		t.Errorf("the example should have stories both with and without data-export consent (%d, %d)", exported, withheld)
	}
	if strings.Contains(all, "withdrawn-example") {
		t.Error("the withdrawn story is in the exports")
	}
}

func TestCatalogueIsJSONLDWithLicence(t *testing.T) {
	pf, files := example(t)
	var cat map[string]any
	if err := json.Unmarshal(files["data/catalog.jsonld"], &cat); err != nil {
		t.Fatal(err)
	}
	if cat["@type"] != "dcat:Catalog" || cat["@context"] == nil {
		t.Errorf("not a DCAT catalogue: %v", cat["@type"])
	}
	lic := cat["dct:license"].(map[string]any)["@id"]
	if lic != pf.Config.Licence.DataURL || lic == "" {
		t.Errorf("licence %v, want %s", lic, pf.Config.Licence.DataURL)
	}
	ds := cat["dcat:dataset"].([]any)[0].(map[string]any)
	if n := len(ds["dcat:distribution"].([]any)); n < 10 {
		t.Errorf("%d distributions", n)
	}
}

func TestDeterministic(t *testing.T) {
	_, a := example(t)
	_, b := example(t)
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}
