package portfolio_test

import (
	"github.com/trellis-ssg/trellis/internal/testsite"
	"testing"
	"time"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// now is the moment every test resolves at: consent and the steward's
// "last 12 months" are judged against it.
var now = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// Front matter of small valid pages of each kind, to build sites from.
const (
	intentMD = "---\ntitle: Clean air\nsummary: Air everyone can breathe.\n---\n"
	orgMD    = "---\ntitle: City council\n---\n"
)

// initiative returns an initiative page serving intents, with extra front
// matter lines and a body.
func initiative(title, status, intents, extra, body string) string {
	return "---\ntitle: " + title + "\nsummary: Something useful.\nstatus: " + status + "\nintents: [" + intents + "]\n" + extra + "---\n" + body
}

// narrative returns a story with consent to publish, plus extra lines.
func narrative(title, extra string) string {
	return "---\ntitle: " + title + "\nteller: Marta\nconsent:\n  scope: [site]\n  given: 2024-01-01\n" + extra + "---\nThe story.\n"
}

// writeSite writes a small site into a new folder.
func writeSite(tb testing.TB, files map[string]string) string { return testsite.Write(tb, files) }

// load writes files into a new site and loads its content folder. The
// fixtures are meant to be valid content: a loading error fails the test, so
// that a mistake in a fixture is not mistaken for a portfolio diagnostic.
func load(t *testing.T, files map[string]string) *content.Set {
	t.Helper()
	set, diags := content.Load(writeSite(t, files), "content", content.Options{Statuses: config.DefaultStatuses, Now: now})
	for _, d := range diags {
		if d.Severity == diag.Error {
			t.Fatalf("fixture does not load:\n%s", diags.String())
		}
	}
	return set
}

// resolve loads files and resolves them with cfg (the defaults when nil).
func resolve(t *testing.T, files map[string]string, cfg *config.Config) (*portfolio.Portfolio, diag.List) {
	t.Helper()
	if cfg == nil {
		cfg = config.Default()
	}
	return portfolio.Resolve(cfg, load(t, files), now)
}

// page returns the published page from file, failing the test when there is none.
func page(t *testing.T, pf *portfolio.Portfolio, file string) *content.Page {
	t.Helper()
	for _, p := range pf.Pages {
		if p.File == file {
			return p
		}
	}
	t.Fatalf("no published page from %s; have %v", file, files(pf.Pages))
	return nil
}

func files(ps []*content.Page) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.File)
	}
	return out
}

func withCode(l diag.List, code string) diag.List {
	var out diag.List
	for _, d := range l {
		if d.Code == code {
			out = append(out, d)
		}
	}
	return out
}

// only returns the one diagnostic with code, failing the test unless there
// is exactly one.
func only(t *testing.T, l diag.List, code string) diag.Diagnostic {
	t.Helper()
	got := withCode(l, code)
	if len(got) != 1 {
		t.Fatalf("want one %s diagnostic, got %d:\n%s", code, len(got), l.String())
	}
	return got[0]
}

func none(t *testing.T, l diag.List, code string) {
	t.Helper()
	if got := withCode(l, code); len(got) > 0 {
		t.Fatalf("want no %s diagnostic, got:\n%s", code, got.String())
	}
}

// at checks a diagnostic's place and severity.
func at(t *testing.T, d diag.Diagnostic, file string, line, col int, sev diag.Severity) {
	t.Helper()
	if d.File != file || d.Line != line || (col >= 0 && d.Col != col) || d.Severity != sev {
		t.Errorf("%s: want %s:%d:%d %s", d, file, line, col, sev)
	}
}
