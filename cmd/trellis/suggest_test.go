package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSuggestJSON: `trellis suggest --format json` prints one object per
// suggestion, the two pages as content files that exist, a score and a
// reason; --top bounds what each page asks for; the same site gives the
// same output.
func TestSuggestJSON(t *testing.T) {
	r := runCmd("suggest", "--source", exampleRoot, "--format", "json", "--top", "2")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var got []struct {
		From, To, Reason, Accept string
		Score                    float64
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	if len(got) < 10 {
		t.Fatalf("only %d suggestions", len(got))
	}
	for _, s := range got {
		for _, f := range []string{s.From, s.To} {
			if !strings.HasPrefix(f, "content/") {
				t.Errorf("%q is not a content file's path", f)
			} else if _, err := os.Stat(filepath.Join(exampleRoot, f)); err != nil {
				t.Errorf("%s: %v", f, err)
			}
		}
		if s.Score <= 0 || s.Reason == "" || s.Accept == "" {
			t.Errorf("%s → %s: score %v, reason %q, accept %q", s.From, s.To, s.Score, s.Reason, s.Accept)
		}
	}
	wider := runCmd("suggest", "--source", exampleRoot, "--format", "json", "--top", "4")
	var more []json.RawMessage
	json.Unmarshal([]byte(wider.stdout), &more)
	if len(more) <= len(got) {
		t.Errorf("--top 4 gives %d suggestions, --top 2 %d", len(more), len(got))
	}
	if again := runCmd("suggest", "--source", exampleRoot, "--format", "json", "--top", "2"); again.stdout != r.stdout {
		t.Error("two runs print different suggestions")
	}
	if bad := runCmd("suggest", "--source", exampleRoot, "--format", "xml"); bad.code != 2 {
		t.Errorf("--format xml: exit %d, want 2", bad.code)
	}
}

// TestSuggestionsNeverPublished: nothing of the suggestions reaches a
// built site: no published file holds a suggestion's reason or its way
// of being accepted.
func TestSuggestionsNeverPublished(t *testing.T) {
	r := runCmd("suggest", "--source", exampleRoot, "--format", "json")
	var got []struct{ Reason, Accept string }
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || len(got) == 0 {
		t.Fatalf("no suggestions (%v): %s", err, r.stderr)
	}
	out := filepath.Join(t.TempDir(), "public")
	if b := runCmd("build", "--source", exampleRoot, "--destination", out, "--quiet"); b.code != 0 {
		t.Fatalf("build: exit %d: %s", b.code, b.stderr)
	}
	files := 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files++
		text := string(data)
		for _, s := range got {
			if strings.Contains(text, s.Reason) || strings.Contains(text, s.Accept) {
				t.Errorf("%s holds a suggestion: %q", p, s.Reason)
				return nil
			}
		}
		if strings.Contains(text, "suggestions.yaml") {
			t.Errorf("%s names suggestions.yaml", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 100 {
		t.Fatalf("only %d files published", files)
	}
}
