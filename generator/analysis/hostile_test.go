package analysis_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/internal/hostile"
)

// TestHostileCommitMessages: every payload of the hostile corpus, as the
// first line of a commit that changed a page, is published inert in the
// page's history (hostile.Inert), its mark shown, in a feed that stays
// well-formed XML, and on "What's changed".
func TestHostileCommitMessages(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/health")); err != nil {
		t.Fatal(err)
	}
	// Room for every commit in the history and its feed.
	f, err := os.OpenFile(filepath.Join(dir, "site.yaml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(f, "feeds:\n  entries: 2000")
	f.Close()
	gitIn(t, dir, "2026-01-05T10:00:00Z", "init", "-q")
	gitIn(t, dir, "2026-01-05T10:00:00Z", "add", ".")
	gitIn(t, dir, "2026-01-05T10:00:00Z", "commit", "-q", "-m", "Add the portfolio")
	// One commit per payload, made at once with git fast-import.
	payloads := hostile.Payloads()
	page, err := os.ReadFile(filepath.Join(dir, "content", "initiatives", "a.md"))
	if err != nil {
		t.Fatal(err)
	}
	var stream bytes.Buffer
	for i, p := range payloads {
		msg := strings.ReplaceAll(p.Value(), "\x00", "") + "\n"
		page = append(page, fmt.Sprintf("\nEdit %d.\n", i)...)
		fmt.Fprintf(&stream, "commit refs/heads/main\ncommitter Test <test@example.org> %d +0000\ndata %d\n%s", 1767607200+60*(i+1), len(msg), msg)
		if i == 0 {
			stream.WriteString("from refs/heads/main^0\n")
		}
		fmt.Fprintf(&stream, "M 100644 inline content/initiatives/a.md\ndata %d\n%s\n", len(page), page)
	}
	cmd := exec.Command("git", "-C", dir, "fast-import", "--quiet", "--force")
	cmd.Stdin = &stream
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git fast-import: %v\n%s", err, out)
	}
	gitIn(t, dir, "2026-03-01T10:00:00Z", "reset", "-q", "--hard", "main")

	out := filepath.Join(t.TempDir(), "public")
	if res, err := generator.Build(generator.Options{Source: dir, Destination: out, Now: now}); err != nil {
		t.Fatal(err, res.Diags)
	}
	for _, name := range []string{"initiatives/a/index.html", "changes/index.html"} {
		data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range hostile.Inert(doc) {
			t.Errorf("%s: %s", name, bad)
		}
		if name == "initiatives/a/index.html" {
			for _, p := range payloads {
				// A payload of several lines shows its first, the
				// subject; its mark is on its last.
				if !strings.Contains(p.Text, "\n") && !bytes.Contains(data, []byte(p.Mark)) {
					t.Errorf("%s: payload %s is not in the history", name, p)
				}
			}
		}
	}
	feed, err := os.ReadFile(filepath.Join(out, "initiatives", "a", "history.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Entries []struct {
			Title string `xml:"title"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(feed, &doc); err != nil {
		t.Fatalf("the history feed is not well-formed: %v", err)
	}
	if len(doc.Entries) < len(payloads) {
		t.Errorf("the feed has %d entries, fewer than the %d commits", len(doc.Entries), len(payloads))
	}
}
