package corpus_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/corpus"
	"github.com/trellis-ssg/trellis/generator/diag"
)

var now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// tree reads every file under dir, by slash path.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameTree(t *testing.T, what string, a, b map[string][]byte) {
	t.Helper()
	if len(a) != len(b) {
		t.Errorf("%s: %d files, then %d", what, len(a), len(b))
	}
	for name, da := range a {
		db, ok := b[name]
		switch {
		case !ok:
			t.Errorf("%s: %s is missing the second time", what, name)
		case !bytes.Equal(da, db):
			t.Errorf("%s: %s differs between two runs", what, name)
		}
	}
}

func TestBuildHasNoErrorsAndIsDeterministic(t *testing.T) {
	var outs [2]map[string][]byte
	var srcs [2]map[string][]byte
	for i := range outs {
		dir := t.TempDir()
		if err := corpus.Write(dir, 300, 1); err != nil {
			t.Fatal(err)
		}
		srcs[i] = tree(t, dir)
		res, err := generator.Build(generator.Options{Source: dir, Destination: filepath.Join(dir, "public"), Now: now})
		errs := 0
		for _, d := range res.Diags {
			if d.Severity == diag.Error {
				errs++
				if errs <= 20 {
					t.Error(d.String())
				}
			}
		}
		if errs > 0 || err != nil {
			t.Fatalf("build: %v; %d error diagnostics", err, errs)
		}
		if i == 0 {
			t.Logf("%d pages, %d files, %d diagnostics (warnings)", len(srcs[i])-1, res.Stats.Files, len(res.Diags))
		}
		outs[i] = tree(t, filepath.Join(dir, "public"))
	}
	sameTree(t, "corpus", srcs[0], srcs[1])
	sameTree(t, "output", outs[0], outs[1])
}

func TestMixAndSize(t *testing.T) {
	files, err := corpus.Generate(corpus.Options{Pages: 1000, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(files) - 1; got != 1000 {
		t.Fatalf("%d pages, want 1000", got)
	}
	count := map[string]int{}
	for _, f := range files[1:] {
		folder, _, ok := strings.Cut(strings.TrimPrefix(f.Path, "content/"), "/")
		if !ok {
			folder = ""
		}
		count[folder]++
		body := f.Data[bytes.Index(f.Data[4:], []byte("\n---\n"))+9:]
		if n := len(bytes.Fields(body)); n < 380 || n > 900 {
			t.Errorf("%s: body has %d words", f.Path, n)
		}
	}
	want := map[string][2]int{
		"intents": {40, 60}, "initiatives": {560, 620}, "learnings": {110, 130}, "decisions": {110, 130},
		"narratives": {90, 105}, "organisations": {5, 20}, "sources": {1, 5}, "": {1, 3},
	}
	for k, w := range want {
		if count[k] < w[0] || count[k] > w[1] {
			t.Errorf("%q: %d pages, want %d–%d", k, count[k], w[0], w[1])
		}
	}
	for _, k := range content.Kinds {
		if count[k.Folder()] == 0 {
			t.Errorf("no %s", k)
		}
	}
}

func TestSeedsDiffer(t *testing.T) {
	a, _ := corpus.Generate(corpus.Options{Pages: 50, Seed: 1})
	b, _ := corpus.Generate(corpus.Options{Pages: 50, Seed: 2})
	same := 0
	for i := range a {
		if a[i].Path == b[i].Path && bytes.Equal(a[i].Data, b[i].Data) {
			same++
		}
	}
	if same > 1 { // site.yaml names the seed, so even it differs
		t.Errorf("%d of %d files are the same for two seeds", same, len(a))
	}
}

func TestTooSmall(t *testing.T) {
	if err := corpus.Write(t.TempDir(), 5, 1); err == nil {
		t.Error("5 pages: no error")
	}
}
