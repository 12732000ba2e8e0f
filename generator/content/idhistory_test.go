package content_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
)

// TestIDChangeIsWarned edits pages of a git checkout as an editor would and
// checks that a changed id is a warning with the file and the old id, both
// before committing and on the commit that made the change.
func TestIDChangeIsWarned(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := writeSite(t, map[string]string{
		"content/intents/clean-air.md":      "---\ntitle: Clean air\nsummary: x\nid: INT-0001\n---\n",
		"content/intents/green.md":          "---\ntitle: Green\nsummary: x\n---\n",
		"content/intents/heat.md":           "---\ntitle: Heat\nsummary: x\n---\n",
		"content/narratives/story/index.md": "---\ntitle: S\nteller: T\nconsent: {scope: [site], given: 2025-01-01}\nid: NAR-1\n---\n",
		"content/intents/untouched.md":      "---\ntitle: Untouched\nsummary: x\nid: INT-0009\n---\n",
	})
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(file, src string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, file), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	changed := func() []diag.Diagnostic {
		t.Helper()
		o := opts()
		o.GitDates = true
		_, diags := content.Load(dir, "content", o)
		return withCode(diags, "id-changed")
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "first")
	if d := changed(); len(d) != 0 {
		t.Fatalf("a fresh checkout: %v", d)
	}

	// An explicit id changed; a page renamed with its old address kept; a
	// page renamed without; a bundle's id changed.
	write("content/intents/clean-air.md", "---\ntitle: Clean air\nsummary: x\nid: INT-0100\n---\n")
	git("mv", "content/intents/green.md", "content/intents/greener.md")
	write("content/intents/greener.md", "---\ntitle: Green\nsummary: x\naliases: [/intents/green/]\n---\n")
	git("mv", "content/intents/heat.md", "content/intents/hot.md")
	write("content/narratives/story/index.md", "---\ntitle: S\nteller: T\nconsent: {scope: [site], given: 2025-01-01}\nid: NAR-2\n---\n")
	check := func(when string) {
		t.Helper()
		got := map[string]diag.Diagnostic{}
		for _, d := range changed() {
			got[d.File] = d
		}
		if len(got) != 3 {
			t.Errorf("%s: %d id-changed warnings, want 3: %v", when, len(got), got)
		}
		d := got["content/intents/clean-air.md"]
		if d.Severity != diag.Warning || d.Line != 4 || !strings.Contains(d.Message, `"INT-0001"`) || !strings.Contains(d.Hint, "id: INT-0001") {
			t.Errorf("%s: explicit id: %v", when, d)
		}
		d = got["content/intents/hot.md"]
		if !strings.Contains(d.Message, `"intent/heat"`) || !strings.Contains(d.Hint, "id: intent/heat") {
			t.Errorf("%s: renamed without alias: %v", when, d)
		}
		if d := got["content/narratives/story/index.md"]; !strings.Contains(d.Message, `"NAR-1"`) {
			t.Errorf("%s: bundle: %v", when, d)
		}
	}
	check("before committing")
	git("add", "-A")
	git("commit", "-q", "-m", "second")
	check("on the commit")
	// Once another commit follows, the change is history.
	write("content/intents/untouched.md", "---\ntitle: Touched\nsummary: x\nid: INT-0009\n---\n")
	git("commit", "-q", "-a", "-m", "third")
	if d := changed(); len(d) != 0 {
		t.Errorf("after a later commit: %v", d)
	}
}
