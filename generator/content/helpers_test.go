package content_test

import (
	"github.com/trellis-ssg/trellis/internal/testsite"
	"testing"
	"time"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
)

// now is the moment consent is judged against in every test.
var now = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// writeSite writes a small site into a new folder.
func writeSite(t *testing.T, files map[string]string) string { return testsite.Write(t, files) }

func opts() content.Options {
	return content.Options{Statuses: config.DefaultStatuses, Now: now}
}

// load writes files into a new site and loads its content folder.
func load(t *testing.T, files map[string]string) (*content.Set, diag.List) {
	t.Helper()
	return content.Load(writeSite(t, files), "content", opts())
}

// page returns the loaded page from file, failing the test when there is none.
func page(t *testing.T, set *content.Set, file string) *content.Page {
	t.Helper()
	for _, p := range set.Pages {
		if p.File == file {
			return p
		}
	}
	var got []string
	for _, p := range set.Pages {
		got = append(got, p.File)
	}
	t.Fatalf("no page from %s; loaded %v", file, got)
	return nil
}

func withCode(l diag.List, code string) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range l {
		if d.Code == code {
			out = append(out, d)
		}
	}
	return out
}

func errorsOf(l diag.List) diag.List {
	var out diag.List
	for _, d := range l {
		if d.Severity == diag.Error {
			out = append(out, d)
		}
	}
	return out
}

// Front matter of valid pages of each kind, to build test files from.
const (
	initiativeMD = "---\ntitle: Bike library\nsummary: Residents borrow bikes.\nstatus: piloting\nintents: [clean-air]\n---\nBody.\n"
	intentMD     = "---\ntitle: Clean air\nsummary: Air everyone can breathe.\n---\n"
)
