package server

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trellis-ssg/trellis/generator/config"
)

// mutate makes one random change to the site an editor could make, and
// returns the site-relative paths it touched, as the watcher would.
func mutate(t *testing.T, rng *rand.Rand, dir string, step int) (string, []string) {
	t.Helper()
	files := pageFiles(t, dir)
	pick := files[rng.IntN(len(files))]
	full := filepath.Join(dir, filepath.FromSlash(pick))
	srcb, err := os.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	src := string(srcb)
	write := func(s string) {
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	slugOf := func(f string) string { return strings.TrimSuffix(path.Base(f), ".md") }
	switch op := rng.IntN(14); op {
	case 0, 1: // retitle
		s, _ := replaceLine(src, "title", fmt.Sprintf("title: \"Retitled %d\"", step))
		write(s)
		return "retitle " + pick, []string{pick}
	case 2: // status (initiatives only; others keep their text)
		st := config.DefaultStatuses[rng.IntN(len(config.DefaultStatuses))]
		s, ok := replaceLine(src, "status", "status: "+st)
		if !ok {
			s = src + "\nMore text.\n"
		}
		write(s)
		return "status " + pick, []string{pick}
	case 3: // link to another page from the body
		other := files[rng.IntN(len(files))]
		write(src + fmt.Sprintf("\n\nSee also [[%s]].\n", slugOf(other)))
		return "link " + pick + " → " + other, []string{pick}
	case 4: // summary
		s, ok := replaceLine(src, "summary", fmt.Sprintf("summary: \"Summary %d\"", step))
		if !ok {
			s = src + "\nA new paragraph.\n"
		}
		write(s)
		return "summary " + pick, []string{pick}
	case 5: // date, which may make it the newest content
		s, ok := replaceLine(src, "date", fmt.Sprintf("date: 2026-%02d-%02d", 1+rng.IntN(11), 1+rng.IntN(28)))
		if !ok {
			s = src + "\nDated text.\n"
		}
		write(s)
		return "date " + pick, []string{pick}
	case 6: // rename
		to := path.Join(path.Dir(pick), fmt.Sprintf("renamed-%d.md", step))
		if err := os.Rename(full, filepath.Join(dir, filepath.FromSlash(to))); err != nil {
			t.Fatal(err)
		}
		return "rename " + pick + " → " + to, []string{pick, to}
	case 7: // delete
		if len(files) < 12 {
			return "nothing", nil
		}
		os.Remove(full)
		return "delete " + pick, []string{pick}
	case 8: // create: a copy under a new name
		to := path.Join(path.Dir(pick), fmt.Sprintf("copy-%d.md", step))
		s, _ := replaceLine(src, "id", fmt.Sprintf("id: NEW-%05d", step))
		s, _ = replaceLine(s, "title", fmt.Sprintf("title: \"Copy %d\"", step))
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(to)), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return "create " + to, []string{to}
	case 10, 11: // edit the text only: at the start (a card without summary shows it) or at the end
		if i := strings.Index(src, "\n---\n"); strings.HasPrefix(src, "---\n") && i > 0 && op == 10 {
			write(src[:i+5] + fmt.Sprintf("Opening words %d. ", step) + src[i+5:])
			return "edit start " + pick, []string{pick}
		}
		write(src + fmt.Sprintf("\nA closing sentence %d.\n", step))
		return "edit end " + pick, []string{pick}
	case 12: // cite a moment of the recording, and add a heading
		write(src + fmt.Sprintf("\n\n## Heading %d\n\nAs said <a class=\"yt-timestamp\" data-t=\"00:%02d:10\">[00:%02d:10]</a>.\n", step, step%60, step%60))
		return "cite " + pick, []string{pick}
	case 9: // save the same bytes
		write(src)
		return "touch " + pick, []string{pick}
	default: // break the front matter (and fix it in a later step, by another edit or a delete)
		if strings.HasPrefix(src, "---\n") && rng.IntN(2) == 0 {
			write(strings.Replace(src, "title: ", "title: [unclosed ", 1))
			return "break " + pick, []string{pick}
		}
		write(src + "\nPlain text.\n")
		return "append " + pick, []string{pick}
	}
}

// TestIncrementalEqualsFullBuild edits, renames, deletes and creates pages
// at random and checks after each rebuild that the server's files are
// byte-identical to a fresh full build.
func TestIncrementalEqualsFullBuild(t *testing.T) {
	steps := 60
	if testing.Short() {
		steps = 20
	}
	dir := writeSite(t, 40, 7, "")
	// Broken references are warnings, so renames and deletions still build.
	setConfig(t, dir, "broken_references", "warning")
	s, err := New(Options{Source: dir, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	if info := s.Build(); !info.OK {
		t.Fatalf("first build: %v", info.Diags)
	}
	rng := rand.New(rand.NewPCG(2026, 11))
	incremental, updated, failed := 0, 0, 0
	broken := map[string]bool{}
	for step := 1; step <= steps; step++ {
		what, paths := mutate(t, rng, dir, step)
		// Fix broken pages now and then, so most steps build.
		if len(broken) > 0 && rng.IntN(2) == 0 {
			for f := range broken {
				full := filepath.Join(dir, filepath.FromSlash(f))
				if src, err := os.ReadFile(full); err == nil {
					os.WriteFile(full, []byte(strings.Replace(string(src), "title: [unclosed ", "title: ", 1)), 0o644)
					paths = append(paths, f)
					what += "; fix " + f
				}
				delete(broken, f)
			}
		}
		if strings.HasPrefix(what, "break ") {
			broken[paths[0]] = true
		}
		info := s.build(changes{paths: paths})
		want, diags := fullBuild(t, dir, testNow, "")
		if diags.HasErrors() {
			if info.OK {
				t.Fatalf("step %d (%s): the full build fails but the server's succeeded", step, what)
			}
			failed++
			continue
		}
		if !info.OK {
			t.Fatalf("step %d (%s): the server's build failed: %v", step, what, info.Diags)
		}
		if info.Incremental {
			incremental++
		}
		if info.Updated {
			updated++
		}
		got, wantDiags := slices.Clone(info.Diags), slices.Clone(diags)
		got.Sort()
		wantDiags.Sort()
		if got.String() != wantDiags.String() {
			t.Fatalf("step %d (%s): diagnostics differ from a full build's:\n%s\nwant:\n%s", step, what, got, wantDiags)
		}
		if d := diffFiles(s.Files(), want); d != "" {
			t.Fatalf("step %d (%s, incremental %v): served files differ from a full build:\n%s", step, what, info.Incremental, d)
		}
		t.Logf("step %d: %s: incremental %v, updated %v, parsed %d, rendered %d, reused %d", step, what, info.Incremental, info.Updated, info.Parsed, info.Rendered, info.Reused)
	}
	if incremental == 0 || updated == 0 {
		t.Errorf("%d builds were incremental, %d updated the portfolio: each should be some", incremental, updated)
	}
	t.Logf("%d steps: %d incremental, %d updated the portfolio, %d failed as they should", steps, incremental, updated, failed)
}
