package analysis_test

import (
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/analysis"
	"github.com/trellis-ssg/trellis/generator/content"
)

// gitIn runs git in dir with a fixed identity and date.
func gitIn(t *testing.T, dir, when string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=Test", "-c", "user.email=test@example.org",
		"-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+when, "GIT_COMMITTER_DATE="+when)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func appendTo(t *testing.T, file, text string) {
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

// historyRepo makes a git repository of the health fixture with a
// history: an edit, two private edits (by the subject's prefix and by a
// trailer), a rename and an edit after it, a story's edit, and a merge.
func historyRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/health")); err != nil {
		t.Fatal(err)
	}
	c := filepath.Join(dir, "content")
	gitIn(t, dir, "2026-01-05T10:00:00Z", "init", "-q")
	gitIn(t, dir, "2026-01-05T10:00:00Z", "add", ".")
	gitIn(t, dir, "2026-01-05T10:00:00Z", "commit", "-q", "-m", "Add the portfolio")
	appendTo(t, filepath.Join(c, "initiatives", "a.md"), "\nThe sensors went up in January.\n")
	gitIn(t, dir, "2026-02-01T10:00:00Z", "commit", "-q", "-am", "Record the sensors' <first>\x07 \x1b[31mmonth")
	appendTo(t, filepath.Join(c, "initiatives", "a.md"), "\nA typo.\n")
	gitIn(t, dir, "2026-03-01T10:00:00Z", "commit", "-q", "-am", "[Private] fix the supplier's name")
	appendTo(t, filepath.Join(c, "initiatives", "a.md"), "\nAnother.\n")
	gitIn(t, dir, "2026-03-05T10:00:00Z", "commit", "-q", "-am", "Tidy the wording\n\nPrivate: yes")
	gitIn(t, dir, "2026-04-01T10:00:00Z", "mv", "content/learnings/l2.md", "content/learnings/trees-need-water.md")
	gitIn(t, dir, "2026-04-01T10:00:00Z", "commit", "-q", "-m", "Name the trees learning by its title")
	appendTo(t, filepath.Join(c, "learnings", "trees-need-water.md"), "\nWatering rota: Tuesdays.\n")
	gitIn(t, dir, "2026-05-01T10:00:00Z", "commit", "-q", "-am", "Add the watering rota")
	appendTo(t, filepath.Join(c, "narratives", "n1.md"), "\nShe asked for the bus stop to move.\n")
	gitIn(t, dir, "2026-05-02T10:00:00Z", "commit", "-q", "-am", "Jo Example's second interview")
	gitIn(t, dir, "2026-06-01T10:00:00Z", "checkout", "-q", "-b", "side")
	appendTo(t, filepath.Join(c, "initiatives", "a.md"), "\nSummer readings.\n")
	gitIn(t, dir, "2026-06-01T10:00:00Z", "commit", "-q", "-am", "Add the summer readings")
	gitIn(t, dir, "2026-06-02T10:00:00Z", "checkout", "-q", "main")
	appendTo(t, filepath.Join(c, "initiatives", "b.md"), "\nPlanting began.\n")
	gitIn(t, dir, "2026-06-02T10:00:00Z", "commit", "-q", "-am", "Planting began")
	gitIn(t, dir, "2026-06-03T10:00:00Z", "merge", "-q", "--no-ff", "-m", "Merge branch 'side'", "side")
	return dir
}

func subjects(cs []content.Commit) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Subject)
	}
	return out
}

// TestHistoryFromGit: a page's commits are its file's, newest first,
// followed back through a rename, without private commits (by prefix,
// in any case, or trailer) or merges; a story's history gives dates but
// not messages; the page shows its history, escaped, and a valid Atom
// feed of it; "What's changed" links each entry to its change.
func TestHistoryFromGit(t *testing.T) {
	dir := historyRepo(t)
	pf, diags := generator.Load(generator.Options{Source: dir, Now: now})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if pf.Git != content.GitFull {
		t.Fatalf("git state %v, want full", pf.Git)
	}
	a := pf.Page(content.KindInitiative, "a")
	if got, want := subjects(a.Commits), []string{"Add the summer readings", "Record the sensors' <first> [31mmonth", "Add the portfolio"}; !slices.Equal(got, want) {
		t.Errorf("a's commits %q, want %q", got, want)
	}
	l := pf.Page(content.KindLearning, "trees-need-water")
	if got, want := subjects(l.Commits), []string{"Add the watering rota", "Name the trees learning by its title", "Add the portfolio"}; !slices.Equal(got, want) {
		t.Errorf("the renamed learning's commits %q, want %q (renames followed)", got, want)
	}
	h := analysis.HistoryOf(pf, pf.Page(content.KindNarrative, "n1"), 0)
	for _, c := range h.Changes {
		if c.Kind == analysis.ChangeCommit && c.Commit.Subject != "" {
			t.Errorf("a story's history shows the message %q", c.Commit.Subject)
		}
	}
	// a: its status change with its decision, and its three commits.
	ha := analysis.HistoryOf(pf, a, 0)
	var kinds []string
	for _, c := range ha.Changes {
		kinds = append(kinds, string(c.Kind)+" "+c.Date.Format("2006-01-02"))
	}
	if want := []string{"commit 2026-06-01", "commit 2026-02-01", "commit 2026-01-05", "status 2025-01-01"}; !slices.Equal(kinds, want) {
		t.Errorf("a's history %q, want %q", kinds, want)
	}

	out := filepath.Join(t.TempDir(), "public")
	if res, err := generator.Build(generator.Options{Source: dir, Destination: out, Now: now}); err != nil {
		t.Fatal(err, res.Diags)
	}
	html, err := os.ReadFile(filepath.Join(out, "initiatives", "a", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(html)
	for _, s := range []string{`id="page-history"`, "Record the sensors&#39; &lt;first&gt; [31mmonth", `href="/initiatives/a/history.xml"`, `type="application/atom+xml"`} {
		if !strings.Contains(page, s) {
			t.Errorf("a's page lacks %q", s)
		}
	}
	for _, s := range []string{"supplier", "Tidy the wording", "Merge branch", "<first>"} {
		if strings.Contains(page, s) {
			t.Errorf("a's page shows %q", s)
		}
	}
	feed, err := os.ReadFile(filepath.Join(out, "initiatives", "a", "history.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		ID      []string `xml:"id"`
		Title   []string `xml:"title"`
		Updated []string `xml:"updated"`
		Author  []struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Entries []struct {
			ID      []string `xml:"id"`
			Titles  []string `xml:"title"`
			Updates []string `xml:"updated"`
			Link    []struct {
				Rel  string `xml:"rel,attr"`
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(feed, &doc); err != nil {
		t.Fatalf("history.xml is not Atom: %v\n%s", err, feed)
	}
	if len(doc.ID) != 1 || len(doc.Title) != 1 || len(doc.Updated) != 1 || len(doc.Author) != 1 {
		t.Errorf("the feed has %d ids, %d titles, %d updated, %d authors (RFC 4287 4.1.1: one each)", len(doc.ID), len(doc.Title), len(doc.Updated), len(doc.Author))
	}
	if len(doc.Entries) != 4 {
		t.Errorf("%d entries, want 4", len(doc.Entries))
	}
	ids := map[string]bool{}
	for _, e := range doc.Entries {
		if len(e.ID) != 1 || len(e.Titles) != 1 || len(e.Updates) != 1 || len(e.Link) != 1 {
			t.Errorf("entry %v lacks or repeats a required element (RFC 4287 4.1.2)", e.ID)
			continue
		}
		if _, err := time.Parse(time.RFC3339, e.Updates[0]); err != nil {
			t.Errorf("entry %s: updated %q", e.ID[0], e.Updates[0])
		}
		if ids[e.ID[0]] {
			t.Errorf("entry id %s twice", e.ID[0])
		}
		ids[e.ID[0]] = true
		frag := e.Link[0].Href[strings.Index(e.Link[0].Href, "#")+1:]
		if !strings.Contains(page, `id="`+frag+`"`) {
			t.Errorf("entry %s links to #%s, which the page lacks", e.ID[0], frag)
		}
	}
	changes, err := os.ReadFile(filepath.Join(out, "changes", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(changes), `/initiatives/a/#change-`) {
		t.Error(`"What's changed" does not link a's entry to its change`)
	}
}

// TestHistoryShallowAndWithoutGit: a shallow clone's history says it is
// partial and the build does not fail; a site not kept in git shows the
// front matter's history alone, and says so.
func TestHistoryShallowAndWithoutGit(t *testing.T) {
	dir := historyRepo(t)
	shallow := filepath.Join(t.TempDir(), "shallow")
	gitIn(t, dir, "2026-07-01T10:00:00Z", "clone", "-q", "--depth", "1", "file://"+dir, shallow)
	plain := t.TempDir()
	if err := os.CopyFS(plain, os.DirFS("testdata/health")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, src string
		git       content.Git
		says      string
	}{
		{"shallow", shallow, content.GitShallow, "This history is partial"},
		{"no git", plain, content.GitNone, "This site is not kept in git"},
	} {
		out := filepath.Join(t.TempDir(), "public")
		res, err := generator.Build(generator.Options{Source: c.src, Destination: out, Now: now})
		if err != nil {
			t.Fatalf("%s: %v %v", c.name, err, res.Diags)
		}
		pf, diags := generator.Load(generator.Options{Source: c.src, Now: now})
		if pf.Git != c.git {
			t.Errorf("%s: git state %v, want %v", c.name, pf.Git, c.git)
		}
		warned := false
		for _, d := range diags {
			warned = warned || d.Code == "history-shallow" && d.File == ".git/shallow" && d.Severity.String() == "warning"
		}
		if warned != (c.git == content.GitShallow) {
			t.Errorf("%s: warned of a shallow history: %v", c.name, warned)
		}
		html, err := os.ReadFile(filepath.Join(out, "initiatives", "c", "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(html), c.says) {
			t.Errorf("%s: c's page does not say %q", c.name, c.says)
		}
		// The front matter's history is there either way: c's stop.
		if !strings.Contains(string(html), `id="change-2025-06-01-stopped"`) {
			t.Errorf("%s: c's page lacks its status change", c.name)
		}
	}
}
