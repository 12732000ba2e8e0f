package generator_test

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator"
)

var updateOneLang = flag.Bool("update", false, "rewrite testdata/onelang.sha256 from the current build of testdata/onelang")

// oneLangGolden records every file a build of testdata/onelang publishes,
// in sha256sum's format: `cd public && sha256sum -c onelang.sha256` checks
// a build by hand.
const oneLangGolden = "testdata/onelang.sha256"

// buildOneLang builds the site in src as the golden was built: fixed time,
// no git dates (testdata's history is the repository's).
func buildOneLang(t *testing.T, src string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	res, err := generator.Build(generator.Options{Source: src, Destination: out, Now: now, NoGitDates: true})
	if err != nil {
		t.Fatalf("building %s: %v\n%v", src, err, res.Diags)
	}
	return out
}

// manifest is every file under dir, by slash-separated path, with its
// SHA-256 in hex.
func manifest(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		sum := sha256.Sum256(b)
		out[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TestOneLanguageGolden: a site in one language, with no `languages:` and
// no translations (testdata/onelang: the example portfolio as it was, in
// English only), is published byte for byte as recorded in
// testdata/onelang.sha256: every file, none more, none less. The golden
// records the site as published when languages landed (December 2026);
// whatever changes a one-language site's output from then on shows here as
// the files it changed.
//
// A change meant for every site (the theme, a new view) changes the golden
// too: review the files this test names, then run
// `go test ./generator -run TestOneLanguageGolden -update` and commit the
// new golden with the change.
func TestOneLanguageGolden(t *testing.T) {
	got := manifest(t, buildOneLang(t, "testdata/onelang"))
	if *updateOneLang {
		var b bytes.Buffer
		for _, p := range sortedKeys(got) {
			fmt.Fprintf(&b, "%s  %s\n", got[p], p)
		}
		if err := os.WriteFile(oneLangGolden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(oneLangGolden)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[string]string{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		sum, p, ok := strings.Cut(sc.Text(), "  ")
		if !ok || len(sum) != 64 {
			t.Fatalf("%s:%d: not a sha256sum line: %q", oneLangGolden, line, sc.Text())
		}
		want[p] = sum
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}

	var changed, added, removed []string
	for _, p := range sortedKeys(got) {
		switch w, ok := want[p]; {
		case !ok:
			added = append(added, p)
		case w != got[p]:
			changed = append(changed, p)
		}
	}
	for _, p := range sortedKeys(want) {
		if _, ok := got[p]; !ok {
			removed = append(removed, p)
		}
	}
	report := func(what string, paths []string) {
		if len(paths) == 0 {
			return
		}
		shown := paths[:min(len(paths), 15)]
		more := ""
		if len(paths) > len(shown) {
			more = fmt.Sprintf("\n\t… and %d more", len(paths)-len(shown))
		}
		t.Errorf("%d files %s:\n\t%s%s", len(paths), what, strings.Join(shown, "\n\t"), more)
	}
	report("published with other bytes than recorded", changed)
	report("published that the golden does not list", added)
	report("listed in the golden but not published", removed)
	if t.Failed() {
		t.Logf("a one-language site's output changed. If a change meant for every site did it, review these files and run\n\tgo test ./generator -run TestOneLanguageGolden -update\nIf a change for sites in several languages did it, it leaked into one-language sites: fix that instead.")
	}
	if len(got) < 300 {
		t.Errorf("only %d files published: the test site looks broken", len(got))
	}
}

// TestOneLanguageListedEqualsUnlisted: a site that lists its one language
// under `languages:` is published byte for byte as the same site with
// only `language:` (or neither, for English): one language needs no
// switcher, alternates or folders, whichever way it is written.
func TestOneLanguageListedEqualsUnlisted(t *testing.T) {
	base, err := os.ReadFile("testdata/onelang/site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	variant := func(t *testing.T, extra string) map[string]string {
		t.Helper()
		src := t.TempDir()
		if err := os.CopyFS(src, os.DirFS("testdata/onelang")); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, "site.yaml"), append(slices.Clip(base), extra...), 0o644); err != nil {
			t.Fatal(err)
		}
		return manifest(t, buildOneLang(t, src))
	}
	for _, c := range []struct{ name, unlisted, listed string }{
		{"English", "", "languages:\n  en:\n    name: English\n"},
		{"English named", "language: en\n", "language: en\nlanguages:\n  en: English\n"},
		{"Welsh", "language: cy\n", "languages:\n  cy:\n    name: Cymraeg\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			unlisted, listed := variant(t, c.unlisted), variant(t, c.listed)
			if len(unlisted) < 300 {
				t.Fatalf("only %d files published", len(unlisted))
			}
			var diff []string
			for _, p := range sortedKeys(unlisted) {
				if listed[p] != unlisted[p] {
					diff = append(diff, p)
				}
			}
			for _, p := range sortedKeys(listed) {
				if _, ok := unlisted[p]; !ok {
					diff = append(diff, p+" (only when listed)")
				}
			}
			if len(diff) > 0 {
				t.Errorf("%d files differ between %q and %q, among them:\n\t%s", len(diff), c.unlisted, c.listed, strings.Join(diff[:min(len(diff), 15)], "\n\t"))
			}
		})
	}
}
