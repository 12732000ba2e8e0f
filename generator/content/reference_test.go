package content

import (
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestReference keeps docs/content.md in step with the schema.
func TestReference(t *testing.T) {
	const file = "../../docs/content.md"
	got := Reference()
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
		t.Errorf("docs/content.md is out of date with schema.go; run go test ./generator/content -run TestReference -update")
	}
}
