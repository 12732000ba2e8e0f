package browsertest

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
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
	node := htmlValidateNode(t)
	files := htmlFiles(t)
	start := time.Now()
	htmlValidateFiles(t, node, siteDir, files)
	t.Logf("html-validate checked %d files in %v", len(files), time.Since(start).Round(time.Millisecond))
}

// htmlValidateNode returns the node that runs html-validate, or ends the
// test (skipped locally, failed in CI) when html-validate is not installed,
// or node is missing or older than html-validate needs.
func htmlValidateNode(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(htmlValidate); err != nil {
		missing(t, "html-validate is not installed at internal/browsertest/%s (run `npm ci` in internal/browsertest)", htmlValidate)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing(t, "node is not on PATH (apt-get install -y nodejs)")
	}
	if version, engines, ok := nodeEngines(node); ok && !nodeFits(version, engines) {
		missing(t, "node %s is older than html-validate needs (%s): install Node.js 20.19 or newer (Debian 13's nodejs)", version, engines)
	}
	return node
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

// nodeEngines returns node's version and the versions of Node.js the
// installed html-validate declares it needs.
func nodeEngines(node string) (version, engines string, ok bool) {
	out, err := exec.Command(node, "--version").Output()
	if err != nil {
		return "", "", false
	}
	data, err := os.ReadFile(filepath.Join("node_modules", "html-validate", "package.json"))
	if err != nil {
		return "", "", false
	}
	var pkg struct {
		Engines struct{ Node string } `json:"engines"`
	}
	if json.Unmarshal(data, &pkg) != nil || pkg.Engines.Node == "" {
		return "", "", false
	}
	return strings.TrimSpace(string(out)), pkg.Engines.Node, true
}

// nodeFits says whether a node version ("v20.19.2") meets an engines range
// of the forms npm packages write: alternatives joined by "||", each
// "^M.m.p", ">= M.m.p" or "M". A range it cannot read counts as met: the
// check is there to explain a failure, not to cause one.
func nodeFits(version, engines string) bool {
	have, ok := semver(strings.TrimPrefix(version, "v"))
	if !ok {
		return true
	}
	for _, alt := range strings.Split(engines, "||") {
		alt = strings.TrimSpace(alt)
		switch {
		case strings.HasPrefix(alt, "^"):
			want, ok := semver(alt[1:])
			if !ok {
				return true
			}
			if have[0] == want[0] && !less(have, want) {
				return true
			}
		case strings.HasPrefix(alt, ">="):
			want, ok := semver(strings.TrimSpace(alt[2:]))
			if !ok {
				return true
			}
			if !less(have, want) {
				return true
			}
		default:
			want, ok := semver(alt)
			if !ok {
				return true
			}
			if have[0] == want[0] {
				return true
			}
		}
	}
	return false
}

// semver reads "M", "M.m" or "M.m.p".
func semver(s string) ([3]int, bool) {
	var v [3]int
	parts := strings.Split(strings.TrimSpace(s), ".")
	if len(parts) > 3 {
		return v, false
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return v, false
		}
		v[i] = n
	}
	return v, true
}

func less(a, b [3]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

func TestNodeFits(t *testing.T) {
	const engines = "^20.19.0 || >= 22.12.0"
	for version, want := range map[string]bool{
		"v20.19.0": true, "v20.20.2": true, "v22.12.0": true, "v24.1.0": true,
		"v18.20.4": false, "v20.18.3": false, "v21.7.3": false, "v22.11.0": false,
		"weird": true,
	} {
		if got := nodeFits(version, engines); got != want {
			t.Errorf("nodeFits(%q, %q) = %v, want %v", version, engines, got, want)
		}
	}
	for engines, want := range map[string]bool{"18 || 20 || >=22": true, "16": false, ">= 18": true, "~1.2 || x": true} {
		if got := nodeFits("v20.20.2", engines); got != want {
			t.Errorf("nodeFits(v20.20.2, %q) = %v, want %v", engines, got, want)
		}
	}
}
