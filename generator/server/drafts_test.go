package server

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trellis-ssg/trellis/generator/diag"
)

// A draft as `trellis new` leaves it: marked draft, its summary and intents
// not yet written. The preview with drafts shows it, marked as a draft on
// the page, and the build does not fail for what it lacks; without drafts it
// is not served at all.
func TestPreviewShowsDrafts(t *testing.T) {
	dir := writeSite(t, 20, 7, "")
	draft := "---\ntitle: \"Half-written pilot\"\ndraft: true\n---\n\nNotes so far.\n"
	must(t, os.WriteFile(filepath.Join(dir, "content", "initiatives", "half-written-pilot.md"), []byte(draft), 0o644))
	const page = "initiatives/half-written-pilot/index.html"

	for _, drafts := range []bool{true, false} {
		s, err := New(Options{Source: dir, Drafts: drafts, Now: func() time.Time { return testNow }})
		must(t, err)
		info := s.Build()
		if !info.OK {
			t.Fatalf("drafts=%v: the build failed: %v", drafts, info.Diags)
		}
		if drafts && len(info.Diags) == 0 {
			t.Errorf("drafts=%v: no warning for what the draft lacks", drafts)
		}
		for _, d := range info.Diags {
			if d.Severity != diag.Warning {
				t.Errorf("drafts=%v: %v is an error; what a draft lacks is a warning", drafts, d)
			}
		}
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/initiatives/half-written-pilot/", nil))
		body := rec.Body.String()
		if drafts {
			if rec.Code != 200 || !strings.Contains(body, `class="draft-note"`) || !strings.Contains(body, "Half-written pilot") {
				t.Errorf("with drafts: %d, marked %v; want the draft served, marked as a draft", rec.Code, strings.Contains(body, "draft-note"))
			}
		} else if rec.Code != 404 || s.Files()[page] != nil {
			t.Errorf("without drafts: %d; want 404", rec.Code)
		}
	}
}
