package server

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trellis-ssg/trellis/generator/analysis"
)

// TestSuggestionsPanel: the preview serves the editors' panel of possible
// connections, escaped (a title is an editor's text), for all pages or
// one; it is never among the site's files; a dismissal in
// suggestions.yaml takes the pair off the panel, and one naming no page
// is a warning of the build.
func TestSuggestionsPanel(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, text string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(rel))
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.WriteFile(p, []byte(text), 0o644))
	}
	write("site.yaml", "title: Panel\nbase_url: https://panel.example/\n")
	body := "\nOlder residents in Harbour Lane overheat in summer heatwaves; cooling rooms, shade and water help older residents through the heat.\n"
	write("content/intents/wellbeing.md", "---\ntitle: Wellbeing\nsummary: Everyone thrives.\n---\n")
	write("content/initiatives/cool-rooms.md", "---\ntitle: \"Cool rooms <script>alert(1)</script> & co\"\nsummary: Cooling rooms for older residents in heatwaves.\nstatus: piloting\nintents: [wellbeing]\n---\n"+body)
	write("content/learnings/heat-and-older-residents.md", "---\ntitle: Heatwaves hit older residents hardest\ndate: 2026-07-01\nintents: [wellbeing]\n---\n"+body)
	s, err := New(Options{Source: dir, Now: func() time.Time { return testNow }})
	must(t, err)
	if info := s.Build(); !info.OK {
		t.Fatal(info.Diags)
	}
	get := func(url string) (int, string) {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", url, nil))
		return rec.Code, rec.Body.String()
	}
	code, page := get(SuggestionsPath)
	if code != 200 {
		t.Fatalf("%s: %d", SuggestionsPath, code)
	}
	for _, want := range []string{"Heatwaves hit older residents hardest", "content/learnings/heat-and-older-residents.md",
		"Cool rooms &lt;script&gt;alert(1)&lt;/script&gt; &amp; co", "accept: add to content/learnings/heat-and-older-residents.md: initiatives: [cool-rooms]",
		`href="/initiatives/cool-rooms/"`, "older residents"} {
		if !strings.Contains(page, want) {
			t.Errorf("the panel lacks %q:\n%s", want, page)
		}
	}
	if strings.Contains(page, "<script>alert") {
		t.Error("the panel shows a title unescaped")
	}
	if code, one := get(SuggestionsPath + "?page=/initiatives/cool-rooms/"); code != 200 || !strings.Contains(one, "Possible connections of Cool rooms") || !strings.Contains(one, "heat-and-older-residents") {
		t.Errorf("one page's panel: %d\n%s", code, one)
	}
	if code, _ := get(SuggestionsPath + "?page=/no/such/"); code != 404 {
		t.Errorf("the panel of no page: %d, want 404", code)
	}
	for name := range s.Files() {
		if strings.Contains(name, "suggest") {
			t.Errorf("the site has a file %s", name)
		}
	}

	write(analysis.DismissedFile, "dismissed:\n  - from: content/learnings/heat-and-older-residents.md\n    to: content/initiatives/cool-rooms.md\n  - from: content/intents/none.md\n    to: content/initiatives/cool-rooms.md\n")
	info := s.Build()
	warned := false
	for _, d := range info.Diags {
		warned = warned || d.File == analysis.DismissedFile && d.Code == "suggestions-unknown-page" && d.Line == 4
	}
	if !warned {
		t.Errorf("no warning for the entry naming no page: %v", info.Diags)
	}
	if _, page := get(SuggestionsPath); strings.Contains(page, "accept: add to content/learnings/heat-and-older-residents.md") || !strings.Contains(page, "1 dismissed") {
		t.Errorf("the dismissed pair is still on the panel:\n%s", page)
	}
}
