package generator_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator"
)

// xmllint is Debian's libxml2-utils, which .ci/run installs: the XML
// Schema validator the tests hand the IATI file and the sitemap to. Without
// it the test is skipped locally, and fails in CI.
func xmllint(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("xmllint is not installed: .ci/run installs libxml2-utils")
		}
		t.Skip("xmllint is not installed (apt-get install libxml2-utils); the XML Schema validation is skipped")
	}
	return p
}

// TestPublishedXMLValidatesAgainstItsSchema builds the example site and
// validates data/iati-activities.xml against the IATI 2.03 activity schema
// and sitemap.xml against the sitemaps.org 0.9 schema, with libxml2 (the
// schemas as their publishers released them, in testdata/standards), and
// checks that a file breaking its schema is refused.
func TestPublishedXMLValidatesAgainstItsSchema(t *testing.T) {
	lint := xmllint(t)
	dest := filepath.Join(t.TempDir(), "public")
	res, err := generator.Build(generator.Options{Source: "..", Destination: dest, Now: now})
	if err != nil {
		t.Fatalf("build: %v\n%v", err, res.Diags)
	}
	for file, schema := range map[string]string{
		"data/iati-activities.xml": "testdata/standards/iati/iati-activities-schema.xsd",
		// The sitemaps.org schema, with the declaration of the alternate
		// links of the languages that sitemap.xsd's strict wildcard wants.
		"sitemap.xml": "testdata/standards/sitemap/xhtml-link.xsd",
	} {
		path := filepath.Join(dest, filepath.FromSlash(file))
		out, err := exec.Command(lint, "--noout", "--nonet", "--schema", schema, path).CombinedOutput()
		if err != nil {
			t.Errorf("%s does not validate against %s: %v\n%s", file, schema, err, out)
		}
		// The validator must be able to say no: the same file with an
		// element out of place.
		b, _ := os.ReadFile(path)
		broken := strings.Replace(string(b), "<loc>", "<lastmod>2025-01-01</lastmod><loc>", 1)
		if file != "sitemap.xml" {
			broken = strings.Replace(string(b), "<iati-identifier>", "<activity-status code=\"2\"></activity-status><iati-identifier>", 1)
		}
		bad := filepath.Join(t.TempDir(), filepath.Base(file))
		os.WriteFile(bad, []byte(broken), 0o644)
		if out, err := exec.Command(lint, "--noout", "--nonet", "--schema", schema, bad).CombinedOutput(); err == nil {
			t.Errorf("a broken %s validates against %s:\n%s", file, schema, out)
		}
	}
	// An alternate without its hreflang is refused.
	b, _ := os.ReadFile(filepath.Join(dest, "sitemap.xml"))
	if !strings.Contains(string(b), `<xhtml:link rel="alternate" hreflang="cy"`) {
		t.Error("the sitemap lists no Welsh alternates")
	}
	bad := filepath.Join(t.TempDir(), "sitemap.xml")
	os.WriteFile(bad, []byte(strings.Replace(string(b), ` hreflang="cy"`, "", 1)), 0o644)
	if out, err := exec.Command(lint, "--noout", "--nonet", "--schema", "testdata/standards/sitemap/xhtml-link.xsd", bad).CombinedOutput(); err == nil {
		t.Errorf("an alternate without hreflang validates:\n%s", out)
	}
	if !strings.Contains(string(b), "<loc>https://portfolio.riverford.example/data/</loc>") {
		t.Error("the sitemap does not list /data/, the DCAT landing page")
	}
}
