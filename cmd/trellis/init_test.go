package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator/starter"
)

func entries(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, _ os.DirEntry, err error) error {
		if err == nil {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// trellis init, then check and build, as the README tells a new user.
func TestInitCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "my-portfolio")
	r := runCmd("init", dir, "--title", "Riverside: our portfolio")
	if r.code != 0 {
		t.Fatalf("init: %v", r)
	}
	if !strings.Contains(r.stdout, "Started a new site in "+dir) || !strings.Contains(r.stdout, "cd "+dir) {
		t.Errorf("init does not say what it did and what to do next:\n%s", r.stdout)
	}
	yaml, _ := os.ReadFile(filepath.Join(dir, "site.yaml"))
	if !strings.Contains(string(yaml), `title: 'Riverside: our portfolio'`) {
		t.Errorf("site.yaml does not have the title:\n%s", yaml)
	}
	if r := runCmd("check", "--source", dir); r.code != 0 || !strings.Contains(r.stdout, "0 errors, 0 warnings") {
		t.Errorf("check right after init: %v", r)
	}
	if r := runCmd("build", "--source", dir, "--quiet"); r.code != 0 || r.stderr != "" {
		t.Errorf("build right after init: %v", r)
	}
	if !exists(filepath.Join(dir, "public", "index.html")) {
		t.Error("build wrote no public/index.html")
	}
}

// A folder that has files is refused with exit 2 and a message naming
// them, and nothing is written; --force writes beside them.
func TestInitRefusesAFolderWithFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.md"), []byte("mine\n"), 0o644)
	before := entries(t, dir)
	r := runCmd("init", dir)
	if r.code != 2 {
		t.Fatalf("init into a folder with files: %v", r)
	}
	if !strings.Contains(r.stderr, "notes.md") || !strings.Contains(r.stderr, "--force") || !strings.Contains(r.stderr, "Nothing was written") {
		t.Errorf("the refusal does not name the file and the way out:\n%s", r.stderr)
	}
	if after := entries(t, dir); !slices.Equal(before, after) {
		t.Errorf("a refused init wrote %v", after)
	}
	r = runCmd("init", "--force", dir)
	if r.code != 0 || !exists(filepath.Join(dir, "site.yaml")) {
		t.Fatalf("init --force: %v", r)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "notes.md")); string(b) != "mine\n" {
		t.Error("init --force changed a file that was there")
	}
	// Again: every file exists now, and each is kept and named.
	r = runCmd("init", "--force", dir)
	if r.code != 0 || !strings.Contains(r.stderr, "kept "+filepath.Join(dir, "site.yaml")) {
		t.Errorf("init --force over a site: %v", r)
	}
}

func TestInitFlags(t *testing.T) {
	t.Run("flags after the folder", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "s")
		r := runCmd("init", dir, "--empty", "--base-url", "https://example.gov/portfolio/")
		if r.code != 0 {
			t.Fatalf("%v", r)
		}
		if exists(filepath.Join(dir, "content", "about.md")) || !exists(filepath.Join(dir, "content", "intents", ".gitkeep")) {
			t.Error("--empty wrote example pages, or no content folders")
		}
		if b, _ := os.ReadFile(filepath.Join(dir, "site.yaml")); !strings.Contains(string(b), "base_url: https://example.gov/portfolio/\n") {
			t.Errorf("--base-url not in site.yaml:\n%s", b)
		}
		if r := runCmd("build", "--source", dir, "--quiet"); r.code != 0 {
			t.Errorf("build of an empty new site: %v", r)
		}
	})
	t.Run("bad base URL", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "s")
		r := runCmd("init", "--base-url", "ftp://example.gov/", dir)
		if r.code != 2 || !strings.Contains(r.stderr, "base_url") || exists(dir) {
			t.Errorf("init with a bad base URL: %v", r)
		}
	})
	t.Run("two folders", func(t *testing.T) {
		if r := runCmd("init", "a", "b"); r.code != 2 || !strings.Contains(r.stderr, `unexpected argument "b"`) {
			t.Errorf("%v", r)
		}
	})
	t.Run("help", func(t *testing.T) {
		if r := runCmd("help", "init"); r.code != 0 || !strings.Contains(r.stderr, "-force") {
			t.Errorf("%v", r)
		}
	})
}

// What trellis version prints and what a site it starts pins, for each way
// trellis can be built.
func TestBuildVersion(t *testing.T) {
	const sha = "0123456789abcdef0123456789abcdef01234567"
	for _, tc := range []struct {
		name string
		v    buildVersion
		want string
		pin  starter.Pin
	}{
		{"release (ldflags)", buildVersion{Version: "v1.2.0", Commit: sha}, "v1.2.0 (commit 0123456789ab)", starter.Pin{Module: "v1.2.0", Action: "v1.2.0"}},
		{"go install @v1.2.0", buildVersion{Version: "v1.2.0"}, "v1.2.0", starter.Pin{Module: "v1.2.0", Action: "v1.2.0"}},
		{"checkout at a commit", buildVersion{Version: "v0.0.0-20261124120000-0123456789ab", Commit: sha}, "v0.0.0-20261124120000-0123456789ab (commit 0123456789ab)",
			starter.Pin{Module: "v0.0.0-20261124120000-0123456789ab", Action: sha}},
		{"checkout with changes", buildVersion{Version: "v0.0.0-20261124120000-0123456789ab+dirty", Commit: sha, Modified: true}, "v0.0.0-20261124120000-0123456789ab+dirty (commit 0123456789ab, modified)", starter.Pin{}},
		{"go install @pseudo-version", buildVersion{Version: "v0.0.0-20261124120000-0123456789ab", Commit: "0123456789ab"}, "v0.0.0-20261124120000-0123456789ab (commit 0123456789ab)", starter.Pin{}},
		{"no information", buildVersion{Version: "devel"}, "devel", starter.Pin{}},
	} {
		if got := tc.v.String(); got != tc.want {
			t.Errorf("%s: prints %q, want %q", tc.name, got, tc.want)
		}
		if got := tc.v.pin(); got != tc.pin {
			t.Errorf("%s: pins %+v, want %+v", tc.name, got, tc.pin)
		}
	}
}

// The link-time variables a release build sets (.goreleaser.yaml's ldflags)
// are what trellis version prints, and what trellis init pins.
func TestVersionFromLinkTime(t *testing.T) {
	defer func(v, c string) { version, commit = v, c }(version, commit)
	version, commit = "v1.4.2", "fedcba9876543210fedcba9876543210fedcba98"
	r := runCmd("version")
	if r.stdout != "trellis v1.4.2 (commit fedcba987654)\n" {
		t.Errorf("version: %q", r.stdout)
	}
	dir := filepath.Join(t.TempDir(), "s")
	if r := runCmd("init", "--empty", dir); r.code != 0 || !strings.Contains(r.stdout, "with trellis v1.4.2") {
		t.Fatalf("init: %v", r)
	}
	wf, _ := os.ReadFile(filepath.Join(dir, ".github", "workflows", "pages.yml"))
	if !regexp.MustCompile(`(?m)^\s+- uses: trellis-ssg/trellis@v1\.4\.2$`).Match(wf) {
		t.Errorf("pages.yml does not pin v1.4.2:\n%s", wf)
	}
}
