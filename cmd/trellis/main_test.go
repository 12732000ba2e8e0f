package main

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/trellis-ssg/trellis/internal/testsite"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// writeSite writes a small site into a new folder.
func writeSite(t *testing.T, files map[string]string) string { return testsite.Write(t, files) }

func goodSite() map[string]string {
	return map[string]string{
		"site.yaml": "title: Small portfolio\nbase_url: https://small.example/\n",
		"content/intents/a.md": `---
title: Intent A
summary: What A tries to change.
---

Served by [[b]].
`,
		"content/initiatives/b.md": `---
title: Initiative B
summary: What B does.
status: piloting
intents: [a]
---

B serves [[a]].
`,
	}
}

// badSite is goodSite with an initiative that names an unknown intent on
// line 5, column 14.
func badSite() map[string]string {
	files := goodSite()
	files["content/initiatives/c.md"] = `---
title: Initiative C
summary: What C does.
status: piloting
intents: [a, nope]
---
`
	return files
}

type result struct {
	code           int
	stdout, stderr string
}

func runCmd(args ...string) result {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return result{code, out.String(), errb.String()}
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout:\n%s\n--- stderr:\n%s", r.code, r.stdout, r.stderr)
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return !errors.Is(err, fs.ErrNotExist)
}

func TestBuildGoodSite(t *testing.T) {
	src := writeSite(t, goodSite())
	dest := filepath.Join(t.TempDir(), "public")
	r := runCmd("build", "--source", src, "--destination", dest)
	if r.code != 0 {
		t.Fatalf("build of a good site: %v", r)
	}
	for _, re := range []string{
		`(?m)^\s*intents\s*\|\s*1$`,
		`(?m)^\s*initiatives\s*\|\s*1$`,
		`(?m)^\s*learnings\s*\|\s*0$`,
		`(?m)^\s*total\s*\|\s*\d+$`,
		`(?m)^Wrote \d+ files in \d+ ms`,
	} {
		if !regexp.MustCompile(re).MatchString(r.stdout) {
			t.Errorf("stdout does not match %s:\n%s", re, r.stdout)
		}
	}
	if regexp.MustCompile(`: error `).MatchString(r.stderr) {
		t.Errorf("errors reported for a good site:\n%s", r.stderr)
	}
	for _, f := range []string{"index.html", "intents/a/index.html", "initiatives/b/index.html"} {
		if !exists(filepath.Join(dest, f)) {
			t.Errorf("build did not write %s", f)
		}
	}
	if exists(filepath.Join(src, "public")) {
		t.Error("build wrote into <source>/public although --destination was given")
	}

	// --quiet prints no summary.
	r = runCmd("build", "--quiet", "--source", src, "--destination", dest)
	if r.code != 0 || strings.Contains(r.stdout, "Wrote") {
		t.Errorf("build --quiet: %v", r)
	}
}

func TestBuildBadSite(t *testing.T) {
	src := writeSite(t, badSite())
	dest := filepath.Join(t.TempDir(), "public")
	r := runCmd("build", "--source", src, "--destination", dest)
	if r.code != 1 {
		t.Fatalf("build of a bad site: want exit 1, got %v", r)
	}
	if !regexp.MustCompile(`(?m)^content/initiatives/c\.md:5:14: error ref-unknown: .*"nope"`).MatchString(r.stderr) {
		t.Errorf("stderr has no file:line:col: error line for the unknown intent:\n%s", r.stderr)
	}
	if !strings.Contains(r.stderr, "Nothing was published") {
		t.Errorf("stderr does not say nothing was published:\n%s", r.stderr)
	}
	if !regexp.MustCompile(`Build failed: 1 error\b`).MatchString(r.stderr) {
		t.Errorf("stderr does not count the errors:\n%s", r.stderr)
	}
	if strings.Contains(r.stdout, "Wrote") {
		t.Errorf("a failed build printed a summary:\n%s", r.stdout)
	}
	if exists(dest) {
		t.Error("a failed build created the destination")
	}
}

func TestBuildBadSiteKeepsPreviousOutput(t *testing.T) {
	files := goodSite()
	src := writeSite(t, files)
	dest := filepath.Join(t.TempDir(), "public")
	if r := runCmd("build", "--source", src, "--destination", dest); r.code != 0 {
		t.Fatalf("first build: %v", r)
	}
	before, err := os.ReadFile(filepath.Join(dest, "initiatives", "b", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	bad := badSite()["content/initiatives/c.md"]
	if err := os.WriteFile(filepath.Join(src, "content", "initiatives", "c.md"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runCmd("build", "--source", src, "--destination", dest); r.code != 1 {
		t.Fatalf("second build: want exit 1, got %v", r)
	}
	after, err := os.ReadFile(filepath.Join(dest, "initiatives", "b", "index.html"))
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("the failed build changed the published site (err %v)", err)
	}
}

func TestUsageErrors(t *testing.T) {
	src := writeSite(t, goodSite())
	dest := filepath.Join(t.TempDir(), "public")
	for _, tc := range []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no command", nil, "Usage:"},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"unknown build flag", []string{"build", "--nope", "--source", src, "--destination", dest}, "-nope"},
		{"unknown check flag", []string{"check", "--nope", "--source", src}, "-nope"},
		{"stray argument", []string{"build", "--source", src, "--destination", dest, "extra"}, `unexpected argument "extra"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCmd(tc.args...)
			if r.code != 2 {
				t.Fatalf("want exit 2, got %v", r)
			}
			if !strings.Contains(r.stderr, tc.stderr) {
				t.Errorf("stderr does not mention %q:\n%s", tc.stderr, r.stderr)
			}
		})
	}
	if exists(dest) {
		t.Error("a usage error built the site")
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"build", "--help"}, {"build", "-h"}, {"help", "build"}} {
		r := runCmd(args...)
		if r.code != 0 {
			t.Errorf("%v: want exit 0, got %v", args, r)
			continue
		}
		all := r.stdout + r.stderr
		for _, want := range []string{"Usage: trellis build", "-destination", "-source", "-base-url"} {
			if !strings.Contains(all, want) {
				t.Errorf("%v: usage does not mention %q:\n%s", args, want, all)
			}
		}
	}
	for _, args := range [][]string{{"help"}, {"--help"}} {
		r := runCmd(args...)
		if r.code != 0 || !strings.Contains(r.stdout, "Commands:") || !strings.Contains(r.stdout, "build") {
			t.Errorf("%v: %v", args, r)
		}
	}
	if r := runCmd("check", "--help"); r.code != 0 || !strings.Contains(r.stdout+r.stderr, "Usage: trellis check") {
		t.Errorf("check --help: %v", r)
	}
}

func TestVersion(t *testing.T) {
	for _, arg := range []string{"version", "--version"} {
		r := runCmd(arg)
		if r.code != 0 {
			t.Errorf("%s: %v", arg, r)
		}
		if !regexp.MustCompile(`^trellis \S+( \((commit [0-9a-f]{12}(, modified)?|modified)\))?\n$`).MatchString(r.stdout) {
			t.Errorf("%s: stdout = %q, want \"trellis <version> (commit <hash>)\\n\"", arg, r.stdout)
		}
	}
}

func TestCheck(t *testing.T) {
	t.Run("good site", func(t *testing.T) {
		src := writeSite(t, goodSite())
		r := runCmd("check", "--source", src)
		if r.code != 0 {
			t.Fatalf("check of a good site: %v", r)
		}
		if !regexp.MustCompile(`(?m)^0 errors, \d+ warnings?$`).MatchString(r.stdout) {
			t.Errorf("stdout has no count line:\n%s", r.stdout)
		}
		if exists(filepath.Join(src, "public")) {
			t.Error("check wrote public/")
		}
	})
	t.Run("bad site", func(t *testing.T) {
		src := writeSite(t, badSite())
		r := runCmd("check", "--source", src)
		if r.code != 1 {
			t.Fatalf("check of a bad site: want exit 1, got %v", r)
		}
		if !regexp.MustCompile(`(?m)^content/initiatives/c\.md:5:14: error ref-unknown: `).MatchString(r.stdout) {
			t.Errorf("no file:line:col: error line:\n%s", r.stdout)
		}
		if !regexp.MustCompile(`(?m)^1 error, \d+ warnings?$`).MatchString(r.stdout) {
			t.Errorf("stdout has no count line:\n%s", r.stdout)
		}
		if exists(filepath.Join(src, "public")) {
			t.Error("check wrote public/")
		}
	})
	t.Run("example site", func(t *testing.T) {
		r := runCmd("check", "--source", "../..")
		if r.code != 0 {
			t.Fatalf("check of the example site: %v", r)
		}
	})
}
