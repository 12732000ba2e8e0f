package server

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trellis-ssg/trellis/internal/testimage"
	"github.com/trellis-ssg/trellis/internal/testsite"
)

// story is a published story with every scope and a photo; its markers
// are the words that only it brings into the site's files.
const story = `---
title: Kettle on the landing
teller: Ines
anonymity: named
quote: Quokka-green mould on every wall.
intents: [air]
consent: {scope: [site, quote, media, data-export], given: 2025-01-01}
media: {type: image, src: landing.jpg, alt: The landing}
---
The xylophone-shaped radiator never warmed.
`

var storyMarkers = []string{"kettle-on-the-landing", "Kettle on the landing", "Quokka-green", "xylophone-shaped", "landing.jpg", "landing."}

// TestWithdrawnStoryLeavesNothingInServe: a story goes from published to
// withdrawn while the dev server runs. Afterwards no file the server
// serves holds a trace of it, and every file that held one before (the
// page, the photo and its variants, search shards, feeds, sitemap, open
// data) is either gone (404) or no longer mentions it.
func TestWithdrawnStoryLeavesNothingInServe(t *testing.T) {
	dir := testsite.Write(t, map[string]string{
		"site.yaml":              "title: Withdrawals\n",
		"content/intents/air.md": "---\ntitle: Air\nsummary: Clean air.\n---\n",
		"content/narratives/kettle-on-the-landing/index.md": story,
	})
	photo := testimage.JPEG(testimage.Marked(1000, 500), 1)
	if err := os.WriteFile(filepath.Join(dir, "content/narratives/kettle-on-the-landing/landing.jpg"), photo, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{Source: dir, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	if info := s.Build(); !info.OK {
		t.Fatalf("first build: %v", info.Diags)
	}
	before, err := s.state.Load().site.all()
	if err != nil {
		t.Fatal(err)
	}
	var traced []string
	for name, data := range before {
		if trace(name, data) {
			traced = append(traced, name)
		}
	}
	for _, want := range []string{"narratives/kettle-on-the-landing/index.html", "narratives/kettle-on-the-landing/landing.jpg", "narratives/kettle-on-the-landing/landing.480w.jpg", "sitemap.xml", "feed.xml", "data/portfolio.json"} {
		if !contains(traced, want) {
			t.Errorf("before withdrawal, %s holds no trace of the story; the test would prove little", want)
		}
	}

	file := filepath.Join(dir, "content/narratives/kettle-on-the-landing/index.md")
	withdrawn := strings.Replace(story, "given: 2025-01-01}", "given: 2025-01-01, withdrawn: 2026-01-01}", 1)
	if err := os.WriteFile(file, []byte(withdrawn), 0o644); err != nil {
		t.Fatal(err)
	}
	if info := s.Build(); !info.OK {
		t.Fatalf("build after withdrawal: %v", info.Diags)
	}
	after, err := s.state.Load().site.all()
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range after {
		if trace(name, data) {
			t.Errorf("after withdrawal the server still has %s with a trace of the story", name)
		}
	}
	h := s.Handler()
	for _, name := range traced {
		url := "/" + strings.TrimSuffix(name, "index.html")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, url, nil))
		if rec.Code == http.StatusOK && trace(name, rec.Body.Bytes()) {
			t.Errorf("GET %s after withdrawal: 200 with a trace of the story", url)
		}
		if strings.HasPrefix(name, "narratives/kettle-on-the-landing/") && rec.Code != http.StatusNotFound {
			t.Errorf("GET %s after withdrawal: %d, want 404", url, rec.Code)
		}
	}
}

func trace(name string, data []byte) bool {
	for _, m := range storyMarkers {
		if strings.Contains(name, m) || bytes.Contains(bytes.ToLower(data), bytes.ToLower([]byte(m))) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
