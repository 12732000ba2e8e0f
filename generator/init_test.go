package generator_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/starter"
	"github.com/trellis-ssg/trellis/internal/testsite"
)

// trellis init, then check and build, in a temporary folder: the new site
// has no problem at all (not even a warning), builds, and the link checker
// finds every link of the output alive, served at the root and under a
// sub-path; with example pages and without.
func TestInitThenBuild(t *testing.T) {
	for _, tc := range []struct {
		name  string
		opt   starter.Options
		mount string
		pages int
	}{
		{"examples", starter.Options{}, "/", 8},
		{"examples under a sub-path", starter.Options{BaseURL: "https://example.gov/portfolio/"}, "/portfolio/", 8},
		{"empty", starter.Options{Empty: true}, "/", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "site")
			tc.opt.Now = now
			if _, err := starter.Write(dir, tc.opt); err != nil {
				t.Fatal(err)
			}
			pf, diags := generator.Load(generator.Options{Source: dir, Now: now})
			if len(diags) > 0 {
				t.Errorf("trellis check of a new site:\n%s", diags)
			}
			if len(pf.Pages) != tc.pages {
				t.Errorf("%d pages, want %d", len(pf.Pages), tc.pages)
			}
			out := filepath.Join(dir, "public")
			res := build(t, dir, out, "")
			if len(res.Diags) > 0 {
				t.Errorf("trellis build of a new site:\n%s", res.Diags)
			}
			n := checkLinks(t, out, tc.mount)
			if n < 50 {
				t.Errorf("only %d internal links checked", n)
			}
			if tc.pages > 0 {
				home, err := os.ReadFile(filepath.Join(out, "index.html"))
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(home), tc.mount+"intents/cleaner-air-around-schools/") {
					t.Error("the home page does not link the example intent")
				}
				// The About page is in the main menu, from its front matter.
				_, nav, _ := strings.Cut(string(home), `<nav aria-label="Main">`)
				nav, _, _ = strings.Cut(nav, "</nav>")
				if !strings.Contains(nav, `href="`+tc.mount+`about/"`) {
					t.Errorf("the main menu has no link to the About page:\n%s", nav)
				}
			}
		})
	}
}

// The example site ships the schemas trellis schema writes (README: editors
// point their YAML tooling at them); they are kept current.
func TestExampleSchemasAreCurrent(t *testing.T) {
	dir := t.TempDir()
	testsite.WriteIn(t, dir, map[string]string{"site.yaml": fileText(t, filepath.Join(exampleSite, "site.yaml"))})
	files, err := generator.WriteSchemas(dir, "schemas")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 9 {
		t.Fatalf("wrote only %v", files)
	}
	for _, f := range files {
		if got, want := fileText(t, filepath.Join(exampleSite, f)), fileText(t, filepath.Join(dir, f)); got != want {
			t.Errorf("%s is out of date: run go run ./cmd/trellis schema", f)
		}
	}
}

func fileText(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
