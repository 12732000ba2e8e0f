package opendata_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/opendata"
	"github.com/trellis-ssg/trellis/internal/testsite"
)

// TestTranslationsInOpenData: the example is in English and Welsh.
// portfolio.json gives a translated entity its language and its Welsh
// title, summary and page; translations.csv has one row per translation,
// keyed by the entity's id, described in the CSV on the Web metadata with
// a foreign key into entities.csv; an entity not translated has none.
func TestTranslationsInOpenData(t *testing.T) {
	pf, files := example(t)
	var doc opendata.Document
	if err := json.Unmarshal(files["data/portfolio.json"], &doc); err != nil {
		t.Fatal(err)
	}
	byID, bySlug := map[string]opendata.Entity{}, map[string]opendata.Entity{}
	for _, e := range doc.Entities {
		byID[e.ID] = e
		bySlug[string(e.Kind)+"/"+e.Slug] = e
	}
	bike := bySlug["initiative/bike-library"]
	if bike.Lang != "en" || len(bike.Translations) != 1 {
		t.Fatalf("bike-library: lang %q, translations %+v", bike.Lang, bike.Translations)
	}
	tr := bike.Translations[0]
	if tr.Lang != "cy" || tr.Title != "Llyfrgell feiciau" || tr.Slug != "llyfrgell-feiciau" ||
		tr.URL != pf.Config.AbsURL("cy/initiatives/llyfrgell-feiciau/") || !strings.HasPrefix(tr.Summary, "Mae trigolion yn benthyg beic") {
		t.Errorf("bike-library's Welsh translation: %+v", tr)
	}
	if q, _ := tr.Fields["questions"].([]any); len(q) == 0 || !strings.HasPrefix(fmt.Sprint(q[0]), "Ydy pobl") {
		t.Errorf("bike-library's Welsh questions: %v", tr.Fields)
	}
	if st, _ := tr.Fields["stage"].(string); !strings.HasPrefix(st, "Trydedd ganolfan") {
		t.Errorf("bike-library's Welsh stage: %v", tr.Fields)
	}
	if _, ok := tr.Fields["status"]; ok || len(tr.Fields) != 2 {
		t.Errorf("bike-library's Welsh fields are more than its translated questions and stage: %v", tr.Fields)
	}
	if e := bySlug["intent/active-mobility"]; e.Lang != "en" || len(e.Translations) != 0 {
		t.Errorf("active-mobility (not translated): lang %q, translations %+v", e.Lang, e.Translations)
	}

	rows, err := csv.NewReader(bytes.NewReader(files["data/translations.csv"])).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("translations.csv: %v, %d rows", err, len(rows))
	}
	if got := strings.Join(rows[0], ","); got != "id,lang,slug,page_url,title,summary" {
		t.Errorf("translations.csv's head: %s", got)
	}
	n := 0
	for _, e := range doc.Entities {
		n += len(e.Translations)
	}
	if len(rows)-1 != n {
		t.Errorf("translations.csv has %d rows, portfolio.json %d translations", len(rows)-1, n)
	}
	found := false
	for _, r := range rows[1:] {
		if r[0] == bike.ID && r[1] == "cy" && r[4] == "Llyfrgell feiciau" && r[3] == tr.URL {
			found = true
		}
		if byID[r[0]].ID == "" {
			t.Errorf("translations.csv: %s is no entity", r[0])
		}
	}
	if !found {
		t.Errorf("translations.csv has no row for bike-library in Welsh: %v", rows)
	}

	var meta struct {
		Tables []struct {
			URL         string `json:"url"`
			TableSchema struct {
				ForeignKeys []struct {
					ColumnReference string `json:"columnReference"`
					Reference       struct {
						Resource string `json:"resource"`
					} `json:"reference"`
				} `json:"foreignKeys"`
			} `json:"tableSchema"`
		} `json:"tables"`
	}
	if err := json.Unmarshal(files["data/csv-metadata.json"], &meta); err != nil {
		t.Fatal(err)
	}
	described := false
	for _, tb := range meta.Tables {
		if tb.URL == "translations.csv" {
			fks := tb.TableSchema.ForeignKeys
			described = len(fks) == 1 && fks[0].ColumnReference == "id" && fks[0].Reference.Resource == "entities.csv"
		}
	}
	if !described {
		t.Errorf("csv-metadata.json does not describe translations.csv with its key into entities.csv: %+v", meta.Tables)
	}
}

// TestOneLanguageNoTranslations: a site in one language publishes no
// translations.csv and gives entities no language or translations, so
// its data are as they were before languages existed.
func TestOneLanguageNoTranslations(t *testing.T) {
	dir := testsite.Write(t, map[string]string{
		"site.yaml":                  "title: One language\nlanguage: en\n",
		"content/intents/air.md":     "---\ntitle: Air\nsummary: Clean air.\n---\nBody.\n",
		"content/initiatives/bus.md": "---\ntitle: Bus\nsummary: A bus.\nstatus: idea\nintents: [air]\n---\nBody.\n",
	})
	pf, diags := generator.Load(generator.Options{Source: dir, Now: now})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	files, err := opendata.Build(pf)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Name == "data/translations.csv" {
			t.Errorf("a site in one language publishes %s", f.Name)
		}
		if f.Name == "data/portfolio.json" && (bytes.Contains(f.Data, []byte(`"lang"`)) || bytes.Contains(f.Data, []byte(`"translations"`))) {
			t.Errorf("a site in one language gives entities languages: %s", f.Data)
		}
	}
}

// TestTranslatedFieldsInCSV: translation_fields.csv holds every text field
// a translation sets beyond title and summary, exactly as portfolio.json
// gives it, one row per value (a list's items in order).
func TestTranslatedFieldsInCSV(t *testing.T) {
	_, files := example(t)
	var doc opendata.Document
	if err := json.Unmarshal(files["data/portfolio.json"], &doc); err != nil {
		t.Fatal(err)
	}
	var want [][]string
	for _, e := range doc.Entities {
		for _, tr := range e.Translations {
			for _, name := range content.Translatable {
				switch v := tr.Fields[name].(type) {
				case nil:
				case []any:
					for _, x := range v {
						want = append(want, []string{e.ID, tr.Lang, name, fmt.Sprint(x)})
					}
				default:
					want = append(want, []string{e.ID, tr.Lang, name, fmt.Sprint(v)})
				}
			}
		}
	}
	rows, err := csv.NewReader(bytes.NewReader(files["data/translation_fields.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != "id,lang,field,value" {
		t.Fatalf("translation_fields.csv header: %v", rows)
	}
	got := rows[1:]
	if len(want) < 5 {
		t.Fatalf("the example's translations set only %d other fields: the test checks little", len(want))
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("translation_fields.csv:\n%v\nwant (from portfolio.json):\n%v", got, want)
	}
}
