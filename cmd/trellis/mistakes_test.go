package main

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/trellis-ssg/trellis/internal/testsite"
)

// update rewrites this package's generated testdata: the want sections of
// testdata/mistakes/*.txt and testdata/import/messy-portfolio.csv.
var update = flag.Bool("update", false, "rewrite generated testdata (mistakes goldens, the messy import spreadsheet)")

// TestEditorMistakes runs trellis on the good site of testdata/mistakes/base
// with one mistake an editor makes, from testdata/mistakes/NAME.txt (a
// txtar archive: its comment says what the mistake is; `args` holds the
// command, one argument a line; every other file is written over the base
// site; `want` is the exit code and everything the command printed on
// stderr). The whole output is compared, so a mistake that is reported
// more than once, or drags false errors about other pages with it, fails.
// A build that fails must leave the previous public/ exactly as it was.
// Run with -update to rewrite the want sections.
func TestEditorMistakes(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join("testdata", "mistakes", "*.txt"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases in testdata/mistakes (%v)", err)
	}
	for _, file := range cases {
		name := strings.TrimSuffix(filepath.Base(file), ".txt")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			src := t.TempDir()
			if err := os.CopyFS(src, os.DirFS(filepath.Join("testdata", "mistakes", "base"))); err != nil {
				t.Fatal(err)
			}
			args := []string{"build"}
			for _, f := range ar.Files {
				switch f.Name {
				case "args":
					args = strings.Fields(string(f.Data))
				case "want":
				default:
					p := filepath.Join(src, filepath.FromSlash(f.Name))
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, f.Data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			dest := filepath.Join(t.TempDir(), "public")
			testsite.WriteIn(t, dest, map[string]string{"index.html": "the previous site", "initiatives/community-bus/index.html": "bus"})
			before := readTree(t, dest)
			args = append(args, "--source", src)
			if args[0] == "build" {
				args = append(args, "--destination", dest)
			}
			r := runCmd(args...)
			got := "exit " + strconv.Itoa(r.code) + "\n" + strings.ReplaceAll(r.stderr, src, "$SITE")
			if *update {
				for i := range ar.Files {
					if ar.Files[i].Name == "want" {
						ar.Files[i].Data = []byte(got)
					}
				}
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			var want string
			for _, f := range ar.Files {
				if f.Name == "want" {
					want = string(f.Data)
				}
			}
			if got != want {
				t.Errorf("trellis %s printed:\n%s\nwant:\n%s", strings.Join(args[:1], " "), got, want)
			}
			after := readTree(t, dest)
			if r.code != 0 && !sameFiles(before, after) {
				t.Errorf("a failed build changed the destination: %d files before, %d after", len(before), len(after))
			}
			if r.code == 0 && args[0] == "build" && sameFiles(before, after) {
				t.Errorf("a build that succeeded published nothing")
			}
		})
	}
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameFiles(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !bytes.Equal(v, w) {
			return false
		}
	}
	return true
}

// Run outside a site folder, every command says so, names the folder it
// looked in and what to do, and does nothing else.
func TestOutsideSiteFolder(t *testing.T) {
	dir := t.TempDir()
	const (
		msg  = "no site.yaml in $DIR: this is not a site folder"
		hint = "run trellis in the site's folder (cd there), or pass it with --source"
	)
	for _, tc := range []struct {
		args         []string
		code         int
		stdout, want string
	}{
		{[]string{"build"}, 1, "", "site.yaml: error not-a-site: " + msg + "\n    hint: " + hint + "\n\nBuild failed: 1 error, 0 warnings. Nothing was published.\n"},
		{[]string{"check"}, 1, "site.yaml: error not-a-site: " + msg + "\n    hint: " + hint + "\n1 error, 0 warnings\n", ""},
		{[]string{"serve", "--port", "0"}, 1, "", "trellis serve: " + msg + "\n    hint: " + hint + "\n"},
		{[]string{"new", "page", "About"}, 2, "", "trellis new: " + msg + "; " + hint + "\n"},
	} {
		t.Run(tc.args[0], func(t *testing.T) {
			r := runCmd(append(tc.args[:1:1], append([]string{"--source", dir}, tc.args[1:]...)...)...)
			stdout, stderr := strings.ReplaceAll(r.stdout, dir, "$DIR"), strings.ReplaceAll(r.stderr, dir, "$DIR")
			if r.code != tc.code || stdout != tc.stdout || stderr != tc.want {
				t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s\nwant exit %d, stdout:\n%s\nstderr:\n%s", r.code, stdout, stderr, tc.code, tc.stdout, tc.want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("trellis %s wrote into the folder: %v", tc.args[0], entries)
			}
		})
	}
}

// trellis new takes the words editors use for the kinds, says which kind
// it made, and --bundle makes a folder for the page's pictures.
func TestNewSynonymsAndBundle(t *testing.T) {
	dir := writeSite(t, map[string]string{"site.yaml": "title: T\n"})
	for _, tc := range []struct {
		args         []string
		path, stderr string
	}{
		{[]string{"story", "Mrs Ali's bus"}, "content/narratives/mrs-ali-s-bus.md", "trellis new: kind narrative (for \"story\")\n"},
		{[]string{"project", "Marsh End bus"}, "content/initiatives/marsh-end-bus.md", "trellis new: kind initiative (for \"project\")\n"},
		{[]string{"org", "Marsh End Trust"}, "content/organisations/marsh-end-trust.md", "trellis new: kind organisation (for \"org\")\n"},
		{[]string{"Organizations", "Lakeside Council"}, "content/organisations/lakeside-council.md", "trellis new: kind organisation (for \"Organizations\")\n"},
		{[]string{"initiatives", "Ride sharing"}, "content/initiatives/ride-sharing.md", ""},
		{[]string{"--bundle", "story", "Allotment"}, "content/narratives/allotment/index.md", "trellis new: kind narrative (for \"story\")\n"},
		{[]string{"--bundle", "page", "About"}, "content/about/index.md", ""},
	} {
		r := runCmd(append([]string{"new", "--source", dir}, tc.args...)...)
		if r.code != 0 || r.stdout != tc.path+"\n" || r.stderr != tc.stderr {
			t.Errorf("new %v: %v\nwant %s on stdout and %q on stderr", tc.args, r, tc.path, tc.stderr)
			continue
		}
		if !exists(filepath.Join(dir, filepath.FromSlash(tc.path))) {
			t.Errorf("new %v did not write %s", tc.args, tc.path)
		}
	}
	// A page is a file or a bundle, never both.
	if r := runCmd("new", "--source", dir, "--bundle", "project", "Marsh End bus"); r.code != 1 || !strings.Contains(r.stderr, "content/initiatives/marsh-end-bus.md already exists") {
		t.Errorf("a bundle beside the page's file: %v", r)
	}
	if r := runCmd("new", "--source", dir, "story", "Allotment"); r.code != 1 || !strings.Contains(r.stderr, "content/narratives/allotment/index.md already exists") {
		t.Errorf("a file beside the page's bundle: %v", r)
	}
}
