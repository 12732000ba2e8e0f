package generator_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/diag"
)

// draftSite is smallSite with a draft of every kind, each as `trellis new`
// leaves it before anything is filled in.
func draftSite() map[string]string {
	files := smallSite()
	for file, fm := range map[string]string{
		"content/intents/d-intent.md":             "title: Draft intent\nsummary:\n",
		"content/initiatives/d-initiative.md":     "title: Draft initiative\nsummary:\nstatus: idea\nintents: []\n",
		"content/learnings/d-learning.md":         "title: Draft learning\n",
		"content/decisions/d-decision.md":         "title: Draft decision\n",
		"content/narratives/d-narrative.md":       "title: Draft story\nteller:\n",
		"content/sources/d-source.md":             "title: Draft source\n",
		"content/organisations/d-organisation.md": "title: Draft organisation\n",
		"content/d-page.md":                       "summary: A page without even a title\n",
	} {
		files[file] = "---\n" + fm + "draft: true\n---\n\nWork in progress; see [[a]].\n"
	}
	return files
}

// A draft is checked, but what it lacks is a warning; left out of a build
// it fails nothing, and built with --drafts (as serve does) every draft
// page renders, marked as a draft, with no broken link. A story without
// consent is never shown, draft or not.
func TestDraftsLackingFieldsAreWarnings(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "site")
	writeSite(t, src, draftSite())
	for _, drafts := range []bool{false, true} {
		out := filepath.Join(dir, "public")
		res, err := generator.Build(generator.Options{Source: src, Destination: out, Drafts: drafts, Now: now})
		if err != nil {
			t.Fatalf("drafts %v: %v\n%s", drafts, err, diagsString(res.Diags))
		}
		warned := map[string]bool{}
		for _, d := range res.Diags {
			if d.Severity == diag.Error {
				t.Errorf("drafts %v: error %s", drafts, d)
			}
			warned[d.File] = true
		}
		for _, f := range []string{"content/intents/d-intent.md", "content/initiatives/d-initiative.md", "content/learnings/d-learning.md",
			"content/decisions/d-decision.md", "content/narratives/d-narrative.md", "content/sources/d-source.md", "content/d-page.md"} {
			if !warned[f] {
				t.Errorf("drafts %v: no warning about what %s lacks", drafts, f)
			}
		}
		for _, p := range []string{"intents/d-intent/", "initiatives/d-initiative/", "learnings/d-learning/", "decisions/d-decision/",
			"sources/d-source/", "organisations/d-organisation/", "d-page/"} {
			file := filepath.Join(out, filepath.FromSlash(p), "index.html")
			b, err := os.ReadFile(file)
			if !drafts {
				if err == nil {
					t.Errorf("a draft was published without --drafts: %s", p)
				}
				continue
			}
			if err != nil {
				t.Errorf("--drafts: no page for the draft %s", p)
				continue
			}
			if !strings.Contains(string(b), `class="draft-note"`) {
				t.Errorf("--drafts: %s is not marked as a draft", p)
			}
		}
		if _, err := os.Stat(filepath.Join(out, "narratives", "d-narrative", "index.html")); err == nil {
			t.Errorf("drafts %v: a story without consent was published", drafts)
		}
		if b, err := os.ReadFile(filepath.Join(out, "intents", "a", "index.html")); err != nil || strings.Contains(string(b), "draft-note") {
			t.Errorf("drafts %v: a published page is marked as a draft (%v)", drafts, err)
		}
		checkLinks(t, out, "/")
	}
}
