package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var brokenSite = map[string]string{
	"content/intents/clean-air.md":     "---\ntitle: Clean air\nsummary: Air.\n---\n",
	"content/initiatives/bikes.md":     "---\ntitle: Bikes\nsummary: Bikes.\nstatus: piloting\nintents: [clean-ayr]\n---\nSee [[nowhere]].\n",
	"content/decisions/start-bikes.md": "---\ntitle: Start\ndate: 2025-01-01\noutcome: start\ninitiatives: [bikes]\n---\n",
}

func TestCheckJSON(t *testing.T) {
	dir := writeSite(t, brokenSite)
	var out, errb bytes.Buffer
	code := run([]string{"check", "--source", dir, "--format", "json"}, &out, &errb)
	if code != 1 {
		t.Fatalf("exit code %d, want 1; stderr: %s", code, errb.String())
	}
	var diags []struct {
		File, Severity, Code, Message, Hint string
		Line, Column                        int
	}
	if err := json.Unmarshal(out.Bytes(), &diags); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	var found bool
	for _, d := range diags {
		if d.Code == "ref-unknown" && d.File == "content/initiatives/bikes.md" && d.Line == 5 && d.Severity == "error" && strings.Contains(d.Hint, "clean-air") {
			found = true
		}
	}
	if !found {
		t.Errorf("no ref-unknown error at bikes.md:5 with a hint naming clean-air in %s", out.String())
	}
}

func TestCheckGitHub(t *testing.T) {
	dir := writeSite(t, brokenSite)
	var out, errb bytes.Buffer
	if code := run([]string{"check", "--source", dir, "--format", "github"}, &out, &errb); code != 1 {
		t.Fatalf("exit code %d, want 1", code)
	}
	want := "::error file=content/initiatives/bikes.md,line=7,col=5,title=trellis ref-unknown::wiki-link [[nowhere]] points to no page"
	if !strings.Contains(out.String(), want) {
		t.Errorf("missing annotation\n%s\nin\n%s", want, out.String())
	}
	if !strings.Contains(out.String(), "::warning file=content/decisions/start-bikes.md") {
		t.Errorf("the decision without evidence should be a warning annotation:\n%s", out.String())
	}
}

func TestCheckBadFormat(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"check", "--format", "xml"}, &out, &errb); code != 2 {
		t.Errorf("exit code %d, want 2", code)
	}
}

func TestNewRefusesToOverwrite(t *testing.T) {
	dir := writeSite(t, map[string]string{"site.yaml": "title: Test\n"})
	var out, errb bytes.Buffer
	if code := run([]string{"new", "--source", dir, "initiative", "Bike Library"}, &out, &errb); code != 0 {
		t.Fatalf("exit code %d: %s", code, errb.String())
	}
	if got := strings.TrimSpace(out.String()); got != "content/initiatives/bike-library.md" {
		t.Errorf("printed %q", got)
	}
	page := filepath.Join(dir, "content/initiatives/bike-library.md")
	first, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"title: \"Bike Library\"", "status: idea", "intents: []", "summary:"} {
		if !bytes.Contains(first, []byte(want)) {
			t.Errorf("new page lacks %q:\n%s", want, first)
		}
	}
	os.WriteFile(page, append(first, "Edited by hand.\n"...), 0o644)
	out.Reset()
	errb.Reset()
	if code := run([]string{"new", "--source", dir, "initiative", "Bike Library"}, &out, &errb); code != 1 {
		t.Errorf("second new: exit code %d, want 1", code)
	}
	if !strings.Contains(errb.String(), "already exists") {
		t.Errorf("stderr %q does not say the file exists", errb.String())
	}
	after, _ := os.ReadFile(page)
	if !bytes.HasSuffix(after, []byte("Edited by hand.\n")) {
		t.Error("the existing page was overwritten")
	}
}

func TestNewUsesSiteArchetype(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"site.yaml":              "title: Test\n",
		"archetypes/learning.md": "---\ntitle: {{ .Title }}\ndate: {{ .Date }}\ntype: insight\nintents: [x]\n---\nWhat did we learn?\n",
	})
	var out, errb bytes.Buffer
	if code := run([]string{"new", "--source", dir, "learning", "Benches matter"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	b, _ := os.ReadFile(filepath.Join(dir, "content/learnings/benches-matter.md"))
	if !bytes.Contains(b, []byte("What did we learn?")) || !bytes.Contains(b, []byte("title: Benches matter")) {
		t.Errorf("site archetype not used:\n%s", b)
	}
}

// TestNewLang: `trellis new --lang cy PAGE` starts the page's translation
// and prints its path; a language the site does not list is exit 1 with
// the site's languages named.
func TestNewLang(t *testing.T) {
	dir := writeSite(t, map[string]string{"site.yaml": "title: Test\nlanguages:\n  en: English\n  cy: Cymraeg\n",
		"content/initiatives/bike-library.md": "---\ntitle: Bike library\nsummary: Borrow a bike.\nstatus: idea\n---\nText.\n"})
	var out, errb bytes.Buffer
	if code := run([]string{"new", "--source", dir, "--lang", "cy", "initiatives/bike-library"}, &out, &errb); code != 0 {
		t.Fatalf("exit code %d: %s", code, errb.String())
	}
	if got := strings.TrimSpace(out.String()); got != "content/initiatives/bike-library.cy.md" {
		t.Errorf("printed %q", got)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "content/initiatives/bike-library.cy.md")); err != nil || !bytes.Contains(b, []byte("title: Bike library")) {
		t.Errorf("the translation: %s %v", b, err)
	}
	out.Reset()
	errb.Reset()
	if code := run([]string{"new", "--source", dir, "--lang", "fr", "initiatives/bike-library"}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "(en, cy)") {
		t.Errorf("--lang fr: exit %d, %q", code, errb.String())
	}
	if code := run([]string{"new", "--source", dir, "--lang", "cy", "initiative", "Bike library"}, &out, &errb); code != 2 {
		t.Errorf("--lang with a kind and title: exit %d, want 2", code)
	}
}

// TestCheckCountsTranslations: on a site in several languages, check says
// how many pages each other language has, and how many are not yet
// translated; a site in one language says nothing of it.
func TestCheckCountsTranslations(t *testing.T) {
	files := map[string]string{"site.yaml": "title: Test\nlanguages:\n  en: English\n  cy: Cymraeg\n  fr: Français\n",
		"content/intents/air.md":    "---\ntitle: Air\nsummary: Clean air.\n---\n",
		"content/intents/air.cy.md": "---\ntitle: Aer\n---\n",
		"content/intents/walk.md":   "---\ntitle: Walk\nsummary: Walking.\n---\n",
		"content/about.md":          "---\ntitle: About\n---\n"}
	var out, errb bytes.Buffer
	if code := run([]string{"check", "--source", writeSite(t, files)}, &out, &errb); code != 0 {
		t.Fatalf("exit code %d: %s %s", code, out.String(), errb.String())
	}
	for _, want := range []string{"cy (Cymraeg): 1 of 3 pages translated, 2 not yet\n", "fr (Français): 0 of 3 pages translated, 3 not yet\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("check says:\n%s\nwant %q", out.String(), want)
		}
	}
	files["site.yaml"] = "title: Test\n"
	delete(files, "content/intents/air.cy.md")
	out.Reset()
	run([]string{"check", "--source", writeSite(t, files)}, &out, &errb)
	if strings.Contains(out.String(), "translated") {
		t.Errorf("a site in one language: %s", out.String())
	}
}
