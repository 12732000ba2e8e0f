package render_test

import (
	"os"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator/render"
)

// TestDeployDocsSayTheHeaders keeps docs/deploy/headers.md, which hosts'
// configurations are copied from, in step with the headers the build writes.
func TestDeployDocsSayTheHeaders(t *testing.T) {
	b, err := os.ReadFile("../../docs/deploy/headers.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	if n := strings.Count(doc, render.ContentSecurityPolicy); n < 3 {
		t.Errorf("docs/deploy/headers.md gives the policy %d times (table, nginx server and assets), want 3:\n%s", n, render.ContentSecurityPolicy)
	}
	for _, h := range render.SecurityHeaders {
		if !strings.Contains(doc, h[1]) {
			t.Errorf("docs/deploy/headers.md lacks %s: %s", h[0], h[1])
		}
	}
	for _, host := range []string{"GitHub Pages", "GitLab Pages", "Netlify", "Cloudflare Pages", "S3 + CloudFront", "nginx"} {
		if !strings.Contains(doc, "| "+host+" |") {
			t.Errorf("docs/deploy/headers.md has no row for %s", host)
		}
	}
}
