package server

import (
	"bytes"
	"io/fs"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/trellis-ssg/trellis/generator"
)

// git runs git in dir, committing as a test author at the given moment.
func git(t *testing.T, dir string, when string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+when, "GIT_COMMITTER_DATE="+when)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

var liveScript = regexp.MustCompile(`<script src="` + regexp.QuoteMeta(Prefix) + `live\.js" data-build="\d+" defer></script>`)

// sameAsBuild fetches every file of a full build of dir from the server
// and compares it with the build's, byte for byte apart from the preview's
// live-reload script.
func sameAsBuild(t *testing.T, s *Server, dir, step string) map[string][]byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	res, err := generator.Build(generator.Options{Source: dir, Destination: out, Now: testNow})
	if err != nil {
		t.Fatalf("%s: build: %v\n%s", step, err, res.Diags)
	}
	built := map[string][]byte{}
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		b, err := os.ReadFile(p)
		built[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	pages := 0
	for name, want := range built {
		if name == "_headers" {
			continue // read by static hosts; the preview sends its headers itself
		}
		path := "/" + name
		if strings.HasSuffix(path, "/index.html") {
			path = strings.TrimSuffix(path, "index.html")
			pages++
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		got := rec.Body.Bytes()
		if strings.HasSuffix(name, ".html") {
			if !liveScript.Match(got) && name != "404.html" {
				t.Errorf("%s: %s has no live-reload script", step, path)
			}
			got = liveScript.ReplaceAll(got, nil)
		}
		if rec.Code != 200 && name != "404.html" {
			t.Errorf("%s: GET %s: %d", step, path, rec.Code)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: %s differs from the build's: %s", step, name, firstDiff(got, want))
		}
	}
	if pages < 20 {
		t.Fatalf("%s: only %d pages compared", step, pages)
	}
	return built
}

// The preview is the published site: on a site kept in git, every page
// serve shows is the page build writes, "last updated" dates from git
// history included, and after a commit both show its date.
func TestServeEqualsBuildWithGitDates(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := writeSite(t, 30, 5, "")
	// Dates from git only show where front matter has none of its own.
	pages := pageFiles(t, dir)
	for _, f := range pages {
		src, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		var kept []string
		for _, l := range strings.Split(string(src), "\n") {
			if !strings.HasPrefix(l, "updated:") {
				kept = append(kept, l)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, f), []byte(strings.Join(kept, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git(t, dir, "2026-03-02T09:00:00Z", "init", "-q")
	git(t, dir, "2026-03-02T09:00:00Z", "add", "-A")
	git(t, dir, "2026-03-02T09:00:00Z", "commit", "-q", "-m", "first")
	edited := pages[len(pages)/2]
	appendText(t, filepath.Join(dir, edited), "\nA sentence added in June.\n")
	git(t, dir, "2026-06-15T09:00:00Z", "commit", "-q", "-am", "second")

	s, err := New(Options{Source: dir, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	if info := s.Build(); !info.OK {
		t.Fatalf("first build: %v", info.Diags)
	}
	built := sameAsBuild(t, s, dir, "after two commits")
	if !containsDate(built, "2026-03-02") || !containsDate(built, "2026-06-15") {
		t.Fatal("the build shows neither commit's date: the comparison says nothing about git dates")
	}

	// A commit changes the date the preview shows at the next build.
	appendText(t, filepath.Join(dir, edited), "\nAnother in October.\n")
	git(t, dir, "2026-10-20T09:00:00Z", "commit", "-q", "-am", "third")
	if info := s.build(changes{paths: []string{filepath.ToSlash(edited)}}); !info.OK {
		t.Fatalf("build after the third commit: %v", info.Diags)
	}
	built = sameAsBuild(t, s, dir, "after the third commit")
	if !containsDate(built, "2026-10-20") {
		t.Error("the third commit's date is not shown")
	}
	// An edit not yet committed keeps the last commit's date, in both.
	appendText(t, filepath.Join(dir, edited), "\nNot committed yet.\n")
	if info := s.build(changes{paths: []string{filepath.ToSlash(edited)}}); !info.OK {
		t.Fatalf("build after an edit: %v", info.Diags)
	}
	sameAsBuild(t, s, dir, "after an uncommitted edit")
}

func appendText(t *testing.T, file, text string) {
	t.Helper()
	f, err := os.OpenFile(file, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

func containsDate(files map[string][]byte, date string) bool {
	for name, b := range files {
		if strings.HasSuffix(name, ".html") && bytes.Contains(b, []byte(`datetime="`+date)) {
			return true
		}
	}
	return false
}
