package opendata_test

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator/codelist"
	"github.com/trellis-ssg/trellis/generator/opendata"
)

var update = flag.Bool("update", false, "rewrite docs/data.md")

// TestDictionary keeps docs/data.md in step with the files trellis writes,
// and checks that it names every column of every CSV file of the example.
func TestDictionary(t *testing.T) {
	const file = "../../docs/data.md"
	got := opendata.Dictionary()
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != got {
		t.Errorf("docs/data.md is out of date; run go test ./generator/opendata -run TestDictionary -update")
	}
	for s, code := range opendata.DefaultSectors {
		if !codelist.Sector.Has(code) {
			t.Errorf("the built-in table maps %s to %s, which is not an active DAC sector", s, code)
		}
	}
	_, files := example(t)
	for name, rows := range csvFiles(t, files) {
		at := strings.Index(got, "### "+name+"\n")
		if at < 0 {
			t.Errorf("docs/data.md does not describe %s", name)
			continue
		}
		section := got[at:]
		if end := strings.Index(section[4:], "### "); end >= 0 {
			section = section[:end+4]
		}
		for _, h := range rows[0] {
			if !strings.Contains(section, "| `"+h+"` |") {
				t.Errorf("docs/data.md does not describe %s's column %s", name, h)
			}
		}
	}
}
