package config

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

func compileSiteSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	b, err := json.Marshal(JSONSchema())
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("site.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("site.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// validate checks a site.yaml against the schema, as an editor would.
func validate(t *testing.T, s *jsonschema.Schema, src string) error {
	t.Helper()
	var v any
	if err := yaml.Unmarshal([]byte(src), &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return s.Validate(doc)
}

// The schema editors get for site.yaml agrees with Parse: what Parse reads
// without a problem validates, and an unknown key or a wrong type does not.
func TestJSONSchemaAgreesWithParse(t *testing.T) {
	s := compileSiteSchema(t)
	example, err := os.ReadFile(filepath.Join("..", "..", FileName))
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]string{
		"the example site": string(example),
		"goodSite":         goodSite,
		"a number as text": "title: 2026\nfeatured: 4\niati:\n  reporting_org:\n    type: 10\n",
	} {
		if _, diags := Parse([]byte(src)); len(diags) > 0 {
			t.Fatalf("%s: Parse: %s", name, diags)
		}
		if err := validate(t, s, src); err != nil {
			t.Errorf("%s: Parse reads it, the schema refuses it: %v", name, err)
		}
	}
	for name, src := range map[string]string{
		"unknown top-level key":  "title: X\ntitel: Y\n",
		"unknown nested key":     "accessibility:\n  contact:\n    emial: a@example.org\n",
		"wrong type":             "title: X\nfeatured: many\n",
		"list where text is":     "title: X\nlanguage:\n  - en\n",
		"text where a list is":   "statuses: idea\n",
		"map where text is":      "title: {a: b}\n",
		"unknown key in a list?": "accessibility:\n  known_issues: [{a: b}]\n",
	} {
		if _, diags := Parse([]byte(src)); len(diags) == 0 {
			t.Fatalf("%s: Parse reads it without a problem", name)
		}
		if err := validate(t, s, src); err == nil {
			t.Errorf("%s: Parse refuses it, the schema lets it through", name)
		}
	}
}
