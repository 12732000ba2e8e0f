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
