package browsertest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// htmlValidate is the html-validate CLI that `npm ci` in this folder installs.
var htmlValidate = filepath.Join("node_modules", ".bin", "html-validate")

// TestHTMLValid runs html-validate on every HTML file of the output with
// testdata/htmlvalidate.json: html-validate:recommended, less the rules that
// only judge the style of the minifier's output (lower-case doctype, raw but
// unambiguous "&") or are not about validity (title length), and with ids
// checked as HTML defines them (any characters but white space).
func TestHTMLValid(t *testing.T) {
	t.Parallel() // see the package documentation
	if _, err := os.Stat(htmlValidate); err != nil {
		missing(t, "html-validate is not installed at internal/browsertest/%s (run `npm ci` in internal/browsertest)", htmlValidate)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing(t, "node is not on PATH (apt-get install -y nodejs)")
	}
	files := htmlFiles(t)
	start := time.Now()
	htmlValidateFiles(t, node, siteDir, files)
	t.Logf("html-validate checked %d files in %v", len(files), time.Since(start).Round(time.Millisecond))
}

// htmlValidateFiles runs html-validate on files (relative to dir) and
// reports what it finds as an error.
func htmlValidateFiles(t *testing.T, node, dir string, files []string) {
	t.Helper()
	args := []string{filepath.Join("node_modules", "html-validate", "bin", "html-validate.mjs"),
		"--config", filepath.Join("testdata", "htmlvalidate.json"), "--formatter", "text"}
	if _, err := os.Stat(args[0]); err != nil {
		args[0] = htmlValidate // a layout of the package this test does not know
	}
	for _, f := range files {
		args = append(args, filepath.Join(dir, filepath.FromSlash(f)))
	}
	out, err := exec.Command(node, args...).CombinedOutput()
	report := strings.ReplaceAll(string(out), dir+string(filepath.Separator), "")
	if err != nil {
		t.Errorf("html-validate found errors in the output (%v):\n%s", err, report)
	} else if strings.TrimSpace(report) != "" {
		t.Logf("html-validate:\n%s", report)
	}
}
