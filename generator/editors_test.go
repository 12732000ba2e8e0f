package generator_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

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

// The site's own pages are linked like pages: by wiki-link name, with the
// forgiving lookup, by a path from the site's root, or by a relative link
// to their folder as on GitHub, and every such link is written under the
// base path.
func TestLinksToTheSitesOwnPages(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "site")
	files := smallSite()
	files["content/initiatives/b.md"] = "---\ntitle: Initiative B\nsummary: What B does.\nstatus: piloting\nintents: [a]\ntags: [Cargo bikes]\nsystems: [transport]\n---\n\nB serves [[a|intent A]].\n"
	files["content/about.md"] = `---
title: About
---

[[map]] · [[Narratives]] · [[search]] · [[views|the views]] · [[initiatives]] · [[stories]] · [[tags/cargo-bikes]] ·
[[Tags / Cargo Bikes|bikes]] · [[systems]] · [[map#main|map again]] · [[home]]

[stories](/narratives/) · [map](/map) · [a](/intents/a/) · [b](/initiatives/b/) · [data](/data/portfolio.json) ·
[feed](/feed.xml) · [home](/) · [folder](intents/) · [up](../content/initiatives/)
`
	writeSite(t, src, files)
	out := filepath.Join(dir, "public")
	res, err := generator.Build(generator.Options{Source: src, Destination: out, BaseURL: "https://example.org/portfolio/", Now: now})
	if err != nil {
		t.Fatalf("%v\n%s", err, diagsString(res.Diags))
	}
	var got []string
	walkNodes(withClass(page(t, out, "/about/"), "prose"), func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "a" {
			href, _ := attr(n, "href")
			got = append(got, href+" "+text(n))
		}
	})
	want := []string{
		"/portfolio/map/ Intent map", "/portfolio/narratives/ Stories", "/portfolio/search/ Search", "/portfolio/views/ the views",
		"/portfolio/initiatives/ Initiatives", "/portfolio/narratives/ Stories", "/portfolio/tags/cargo-bikes/ Cargo bikes",
		"/portfolio/tags/cargo-bikes/ bikes", "/portfolio/systems/ Systems", "/portfolio/map/#main map again", "/portfolio/ Home",
		"/portfolio/narratives/ stories", "/portfolio/map/ map", "/portfolio/intents/a/ a", "/portfolio/initiatives/b/ b",
		"/portfolio/data/portfolio.json data", "/portfolio/feed.xml feed", "/portfolio/ home", "/portfolio/intents/ folder",
		"/portfolio/initiatives/ up",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("links of the about page:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	checkLinks(t, out, "/portfolio/")
}

// withClass returns the first element with the class, or nil.
func withClass(doc *html.Node, class string) *html.Node {
	var found *html.Node
	walkNodes(doc, func(e *html.Node) {
		if c, _ := attr(e, "class"); found == nil && e.Type == html.ElementNode && slices.Contains(strings.Fields(c), class) {
			found = e
		}
	})
	return found
}

// The portfolio's list of the site's own pages, which links resolve
// against, is exactly what the render stage makes besides the content
// pages and their redirects.
func TestSectionsAreRendered(t *testing.T) {
	out, _ := buildExample(t, "")
	pf, _ := generator.Load(generator.Options{Source: exampleSite, Now: now})
	known := map[string]string{}
	for _, p := range pf.Pages {
		known[p.Path()] = "page"
		for _, a := range p.Aliases {
			known[a] = "alias"
		}
	}
	// Every language has its pages (its translations) and sections.
	for _, lp := range pf.Languages() {
		for _, p := range lp.Pages {
			if !lp.Foreign(p) {
				known[p.Path()] = "page"
			}
		}
		sections := lp.Sections()
		if len(sections) < 40 {
			t.Errorf("only %d sections", len(sections))
		}
		pre := lp.Config.Prefix()
		for _, s := range sections {
			if known[pre+s.Path] != "" {
				t.Errorf("section %q has the path of a %s", s.Name, known[pre+s.Path])
			}
			known[pre+s.Path] = "section"
			if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(pre+s.Path), "index.html")); err != nil {
				t.Errorf("section %q: no page at /%s%s", s.Name, pre, s.Path)
			}
		}
	}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.Name() != "index.html" {
			return err
		}
		rel, _ := filepath.Rel(out, filepath.Dir(p))
		sitePath := filepath.ToSlash(rel) + "/"
		if rel == "." {
			sitePath = ""
		}
		if known[sitePath] == "" {
			t.Errorf("/%s is neither a page, a redirect nor a section", sitePath)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A folder of Markdown written for GitHub builds as it is: a page per
// Markdown file, READMEs and index.md files as their folders' pages, titles
// taken from the first # heading and shown once, unknown front matter keys
// kept quietly, and every relative link between the files resolved.
func TestGitHubStyleDocs(t *testing.T) {
	const src = "testdata/github-docs"
	out := filepath.Join(t.TempDir(), "public")
	res := build(t, src, out, "")
	if len(res.Diags) != 0 {
		t.Errorf("diagnostics:\n%s", diagsString(res.Diags))
	}
	pages := map[string]string{ // Markdown file → site path and title
		"README.md":                      "readme/|Lakeside field handbook",
		"CONTRIBUTING.md":                "contributing/|Contributing",
		"getting-started/README.md":      "getting-started/|Getting started",
		"getting-started/install.md":     "getting-started/install/|Installing the tools",
		"getting-started/first-steps.md": "getting-started/first-steps/|First steps",
		"guide/index.md":                 "guide/|The guide",
		"guide/writing.md":               "guide/writing/|Writing notices",
		"guide/advanced/README.md":       "guide/advanced/|Advanced topics",
		"guide/advanced/tuning.md":       "guide/advanced/tuning/|Tuning the timetable",
		"faq/index.md":                   "faq/|Frequently asked questions",
	}
	n := 0
	err := filepath.WalkDir(filepath.Join(src, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			n++
			rel, _ := filepath.Rel(filepath.Join(src, "content"), p)
			if _, ok := pages[filepath.ToSlash(rel)]; !ok {
				t.Errorf("the test does not say where %s is published", rel)
			}
		}
		return err
	})
	if err != nil || n != len(pages) {
		t.Fatalf("%d Markdown files, %d pages listed (%v)", n, len(pages), err)
	}
	for file, want := range pages {
		sitePath, title, _ := strings.Cut(want, "|")
		doc := page(t, out, "/"+sitePath)
		var h1s []string
		walkNodes(doc, func(e *html.Node) {
			if e.Type == html.ElementNode && e.Data == "h1" {
				h1s = append(h1s, text(e))
			}
		})
		if len(h1s) != 1 || h1s[0] != title {
			t.Errorf("%s: headings %q, want one h1 %q", file, h1s, title)
		}
	}
	// Files beside the pages: the bundle's, and the folder of pages'.
	for _, f := range []string{"faq/seating.txt", "getting-started/checklist.txt"} {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(f))); err != nil {
			t.Errorf("%s is not published: %v", f, err)
		}
	}
	if n := checkLinks(t, out, "/handbook/"); n < 100 {
		t.Errorf("only %d links checked", n)
	}
	// The links written between the files are links, not unresolved text.
	if got := hrefs(withClass(page(t, out, "/getting-started/install/"), "prose")); strings.Join(got, " ") !=
		"/handbook/getting-started/first-steps/ /handbook/getting-started/ /handbook/contributing/" {
		t.Errorf("the install page links to %q", got)
	}
}
