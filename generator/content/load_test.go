package content_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/markdown"
)

// TestFormats checks that the same page in YAML, TOML and JSON front matter
// loads to the same Meta, the same references and the same body.
func TestFormats(t *testing.T) {
	formats := map[string]string{
		"yaml": `---
title: Bike library
summary: Residents borrow bikes.
status: piloting
intents: [clean-air, active-mobility]
date: 2024-03-01
weight: 2
draft: false
partners:
  - org: city-council
    role: funding
image:
  src: https://example.org/bike.jpg
  alt: A cargo bike
---
See [[clean-air]].
`,
		"toml": `+++
title = "Bike library"
summary = "Residents borrow bikes."
status = "piloting"
intents = ["clean-air", "active-mobility"]
date = "2024-03-01"
weight = 2
draft = false

[[partners]]
org = "city-council"
role = "funding"

[image]
src = "https://example.org/bike.jpg"
alt = "A cargo bike"
+++
See [[clean-air]].
`,
		// The nested object's closing brace sits alone on its line, where a
		// line-based splitter would end the front matter too early.
		"json": `{
  "title": "Bike library",
  "summary": "Residents borrow bikes.",
  "status": "piloting",
  "intents": ["clean-air", "active-mobility"],
  "date": "2024-03-01",
  "weight": 2,
  "draft": false,
  "partners": [{"org": "city-council", "role": "funding"}],
  "image": {
    "src": "https://example.org/bike.jpg",
    "alt": "A cargo bike"
}
}
See [[clean-air]].
`,
	}
	want := content.Meta{
		Title:    "Bike library",
		Summary:  "Residents borrow bikes.",
		Status:   "piloting",
		Intents:  []string{"clean-air", "active-mobility"},
		Weight:   2,
		Partners: []content.Partner{{Org: "city-council", Role: "funding"}},
		Image:    &content.Image{Src: "https://example.org/bike.jpg", Alt: "A cargo bike"},
	}
	want.Date, _ = content.ParseDate("2024-03-01")
	for name, src := range formats {
		t.Run(name, func(t *testing.T) {
			set, diags := load(t, map[string]string{"content/initiatives/bike-library.md": src})
			if len(diags) != 0 {
				t.Fatalf("diagnostics:\n%s", diags.String())
			}
			p := page(t, set, "content/initiatives/bike-library.md")
			if !reflect.DeepEqual(p.Meta, want) {
				t.Errorf("Meta =\n%+v\nwant\n%+v", p.Meta, want)
			}
			var targets []string
			for _, r := range p.Refs {
				targets = append(targets, r.Field+":"+r.Target+":"+r.Relation)
			}
			wantRefs := []string{"intents:clean-air:", "intents:active-mobility:", "partners.org:city-council:funding"}
			if !reflect.DeepEqual(targets, wantRefs) {
				t.Errorf("Refs = %v, want %v", targets, wantRefs)
			}
			if p.Kind != content.KindInitiative || p.Slug != "bike-library" || p.Path() != "initiatives/bike-library/" {
				t.Errorf("Kind %q, Slug %q, Path %q", p.Kind, p.Slug, p.Path())
			}
			if p.Body == nil || len(p.Body.Links) != 1 || p.Body.Links[0].Target != "clean-air" {
				t.Fatalf("body links = %+v, want one wiki-link to clean-air", p.Body)
			}
			if strings.Contains(p.Body.Text, "}") || strings.Contains(p.Body.Text, "alt") {
				t.Errorf("front matter leaked into the body: %q", p.Body.Text)
			}
			if want := strings.Count(src[:strings.Index(src, "See")], "\n") + 1; p.Body.Links[0].Line != want {
				t.Errorf("link on line %d, want %d", p.Body.Links[0].Line, want)
			}
		})
	}
}

// TestLineNumbers checks that diagnostics and references point at the file's
// own lines whatever the format, leading blank lines, byte order mark or line
// endings.
func TestLineNumbers(t *testing.T) {
	// horizon on line 5 is bad; parent on line 4 is a reference; the
	// wiki-link sits on line 8.
	yamlSrc := "---\ntitle: Clean air\nsummary: Air.\nparent: health\nhorizon: soon\n---\n\n[[bike-library]]\n"
	for _, tc := range []struct {
		name string
		src  string
		lead int // lines added before line 1 of yamlSrc
	}{
		{"yaml", yamlSrc, 0},
		{"leading blank lines", "\n\n" + yamlSrc, 2},
		{"byte order mark", "\xef\xbb\xbf" + yamlSrc, 0},
		{"CRLF", strings.ReplaceAll(yamlSrc, "\n", "\r\n"), 0},
		{"byte order mark and CRLF", "\xef\xbb\xbf" + strings.ReplaceAll(yamlSrc, "\n", "\r\n"), 0},
		{"lone CR (old Mac line endings)", strings.ReplaceAll(yamlSrc, "\n", "\r"), 0},
		{"toml", "+++\ntitle = \"Clean air\"\nsummary = \"Air.\"\nparent = \"health\"\nhorizon = \"soon\"\n+++\n\n[[bike-library]]\n", 0},
		{"json", "{\n\"title\": \"Clean air\",\n\"summary\": \"Air.\",\n\"parent\": \"health\",\n\"horizon\": \"soon\"\n}\n\n[[bike-library]]\n", 0},
		{"json after a blank line", "\n{\"title\": \"Clean air\",\n\"summary\": \"Air.\",\n\"parent\": \"health\",\n\"horizon\": \"soon\"\n}\n\n[[bike-library]]\n", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set, diags := load(t, map[string]string{"content/intents/clean-air.md": tc.src})
			got := withCode(diags, "fm-type")
			if len(got) != 1 || got[0].Line != 5+tc.lead {
				t.Errorf("want fm-type on line %d, got:\n%s", 5+tc.lead, diags.String())
			}
			if len(diags) != 1 {
				t.Errorf("want only the fm-type error, got:\n%s", diags.String())
			}
			p := page(t, set, "content/intents/clean-air.md")
			if len(p.Refs) != 1 || p.Refs[0].Line != 4+tc.lead || p.Refs[0].Target != "health" {
				t.Errorf("Refs = %+v, want parent→health on line %d", p.Refs, 4+tc.lead)
			}
			if l := p.Line("summary"); l != 3+tc.lead {
				t.Errorf("Line(summary) = %d, want %d", l, 3+tc.lead)
			}
			if len(p.Body.Links) != 1 || p.Body.Links[0].Line != 8+tc.lead {
				t.Errorf("body links = %+v, want one on line %d", p.Body.Links, 8+tc.lead)
			}
			if p.Title != "Clean air" || p.Summary != "Air." {
				t.Errorf("Title %q, Summary %q", p.Title, p.Summary)
			}
		})
	}
}

func TestRefs(t *testing.T) {
	src := `---
title: Bike library
summary: Bikes.
status: piloting
intents: [clean-air, active-mobility]
lead: cycle-collective
partners:
  - org: city-council
    role: funding
  - health-ministry
related: [cargo-bikes]
funding:
  - source: city-council
    amount: 250_000
    currency: EUR
status_history:
  - status: piloting
    date: 2024-01-01
    decision: start-bike-library
---
`
	set, diags := load(t, map[string]string{"content/initiatives/bike-library.md": src})
	if len(diags) != 0 {
		t.Fatalf("diagnostics:\n%s", diags.String())
	}
	p := page(t, set, "content/initiatives/bike-library.md")
	org := []content.Kind{content.KindOrganisation}
	want := []content.Ref{
		{Field: "intents", Target: "clean-air", Kinds: []content.Kind{content.KindIntent}, Line: 5, Col: 11},
		{Field: "intents", Target: "active-mobility", Kinds: []content.Kind{content.KindIntent}, Line: 5, Col: 22},
		{Field: "lead", Target: "cycle-collective", Kinds: org, Line: 6, Col: 7},
		{Field: "partners.org", Target: "city-council", Kinds: org, Relation: "funding", Line: 8, Col: 10},
		{Field: "partners.org", Target: "health-ministry", Kinds: org, Line: 10, Col: 5},
		{Field: "related.to", Target: "cargo-bikes", Kinds: []content.Kind{content.KindInitiative}, Line: 11, Col: 11},
		{Field: "funding.source", Target: "city-council", Kinds: org, Line: 13, Col: 13},
		{Field: "status_history.decision", Target: "start-bike-library", Kinds: []content.Kind{content.KindDecision}, Line: 19, Col: 15},
	}
	if !reflect.DeepEqual(p.Refs, want) {
		t.Errorf("Refs:\n%s\nwant\n%s", refsString(p.Refs), refsString(want))
	}
	// The short forms decode as the objects they stand for.
	if len(p.Partners) != 2 || p.Partners[1] != (content.Partner{Org: "health-ministry"}) {
		t.Errorf("Partners = %+v", p.Partners)
	}
	if len(p.Related) != 1 || p.Related[0] != (content.Relation{To: "cargo-bikes"}) {
		t.Errorf("Related = %+v", p.Related)
	}
	if len(p.Funding) != 1 || p.Funding[0].Amount != 250000 {
		t.Errorf("Funding = %+v", p.Funding)
	}
}

func refsString(rs []content.Ref) string {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "  %s %s %q %v @%d:%d\n", r.Field, r.Target, r.Relation, r.Kinds, r.Line, r.Col)
	}
	return b.String()
}

// TestScalarAsList checks that a single value where a list is expected is
// taken as a list of one, as editors write it.
func TestScalarAsList(t *testing.T) {
	set, diags := load(t, map[string]string{
		"content/initiatives/bike-library.md": "---\ntitle: Bike library\nsummary: Bikes.\nstatus: piloting\nintents: clean-air\ntags: cycling\n---\n",
	})
	if len(diags) != 0 {
		t.Fatalf("diagnostics:\n%s", diags.String())
	}
	p := page(t, set, "content/initiatives/bike-library.md")
	if !reflect.DeepEqual(p.Intents, []string{"clean-air"}) || !reflect.DeepEqual(p.Tags, []string{"cycling"}) {
		t.Errorf("Intents = %v, Tags = %v", p.Intents, p.Tags)
	}
	if len(p.Refs) != 1 || p.Refs[0].Field != "intents" || p.Refs[0].Target != "clean-air" || p.Refs[0].Line != 5 {
		t.Errorf("Refs = %+v", p.Refs)
	}
}

func TestKind(t *testing.T) {
	for _, tc := range []struct {
		file, src string
		kind      content.Kind
		path      string
	}{
		{"content/initiatives/bike-library.md", initiativeMD, content.KindInitiative, "initiatives/bike-library/"},
		{"content/intents/clean-air.md", intentMD, content.KindIntent, "intents/clean-air/"},
		{"content/organisations/city.md", "---\ntitle: City\n---\n", content.KindOrganisation, "organisations/city/"},
		{"content/about.md", "---\ntitle: About\n---\n", content.KindPage, "about/"},
		{"content/help/faq.md", "---\ntitle: FAQ\n---\n", content.KindPage, "help/faq/"},
		// kind: overrides the folder, by name or by folder name.
		{"content/stories/bike-library.md", "---\ntitle: Bike library\nkind: initiative\nsummary: Bikes.\nstatus: idea\nintents: [clean-air]\n---\n", content.KindInitiative, "initiatives/bike-library/"},
		{"content/intents/guide.md", "---\ntitle: Guide\nkind: page\n---\n", content.KindPage, "intents/guide/"},
		{"content/x.md", "---\ntitle: City\nkind: organisation\n---\n", content.KindOrganisation, "organisations/x/"},
		// slug: overrides the file name.
		{"content/intents/2024-clean-air.md", "---\ntitle: Clean air\nslug: clean-air\nsummary: Air.\n---\n", content.KindIntent, "intents/clean-air/"},
		// The file name is made a slug.
		{"content/intents/Clean Air.md", intentMD, content.KindIntent, "intents/clean-air/"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			set, diags := load(t, map[string]string{tc.file: tc.src})
			if len(diags) != 0 {
				t.Fatalf("diagnostics:\n%s", diags.String())
			}
			p := page(t, set, tc.file)
			if p.Kind != tc.kind || p.Path() != tc.path {
				t.Errorf("Kind %q, Path %q; want %q, %q", p.Kind, p.Path(), tc.kind, tc.path)
			}
		})
	}
}

func TestKindOverrideUsesItsSchema(t *testing.T) {
	// An initiative in the wrong folder is checked as an initiative.
	_, diags := load(t, map[string]string{"content/notes/x.md": "---\ntitle: X\nkind: initiative\n---\n"})
	var missing []string
	for _, d := range withCode(diags, "fm-required") {
		missing = append(missing, d.Message)
	}
	if len(missing) != 3 {
		t.Errorf("want summary, status and intents missing, got:\n%s", diags.String())
	}
}

func TestBundle(t *testing.T) {
	set, diags := load(t, map[string]string{
		"content/narratives/allotment/index.md": `---
title: Allotment
teller: Ana
consent:
  scope: [site, media]
  given: 2024-01-01
media:
  type: image
  src: photo.jpg
  alt: Ana in her allotment
---
![Ana](photo.jpg)
`,
		"content/narratives/allotment/photo.jpg":    "jpeg",
		"content/narratives/allotment/sub/plan.pdf": "pdf",
		"content/downloads/report.pdf":              "pdf",
		"content/.hidden.md":                        "not content",
		"content/notes.md~":                         "backup",
	})
	if len(diags) != 0 {
		t.Fatalf("diagnostics:\n%s", diags.String())
	}
	if len(set.Pages) != 1 {
		t.Fatalf("loaded %d pages, want 1", len(set.Pages))
	}
	p := set.Pages[0]
	if p.File != "content/narratives/allotment/index.md" || p.Bundle != "content/narratives/allotment" {
		t.Errorf("File %q, Bundle %q", p.File, p.Bundle)
	}
	if p.Kind != content.KindNarrative || p.Slug != "allotment" || p.Path() != "narratives/allotment/" {
		t.Errorf("Kind %q, Slug %q, Path %q", p.Kind, p.Slug, p.Path())
	}
	if want := []string{"photo.jpg", "sub/plan.pdf"}; !reflect.DeepEqual(p.Resources, want) {
		t.Errorf("Resources = %v, want %v", p.Resources, want)
	}
	if !p.HasResource("photo.jpg") || p.HasResource("other.jpg") {
		t.Error("HasResource does not follow Resources")
	}
	if want := []string{"downloads/report.pdf"}; !reflect.DeepEqual(set.Files, want) {
		t.Errorf("Files = %v, want %v", set.Files, want)
	}
	if len(p.Body.Links) != 1 || !p.Body.Links[0].Image || p.Body.Links[0].Kind != markdown.FileLink {
		t.Errorf("body links = %+v", p.Body.Links)
	}
}

func TestBundleMissingFileHint(t *testing.T) {
	_, diags := load(t, map[string]string{
		"content/about/index.md":  "---\ntitle: About\nimage:\n  src: phot.jpg\n  alt: Team\n---\n",
		"content/about/photo.jpg": "jpeg",
	})
	got := withCode(diags, "file-missing")
	if len(got) != 1 || got[0].Hint != "did you mean `photo.jpg`?" {
		t.Errorf("want file-missing suggesting photo.jpg, got:\n%s", diags.String())
	}
}

func TestDrafts(t *testing.T) {
	files := map[string]string{
		"content/intents/clean-air.md": intentMD,
		"content/intents/draft.md":     "---\ntitle: Draft\nsummary: Not yet.\ndraft: true\n---\n",
	}
	root := writeSite(t, files)
	for _, tc := range []struct {
		drafts bool
		want   []string
	}{
		{false, []string{"content/intents/clean-air.md"}},
		{true, []string{"content/intents/clean-air.md", "content/intents/draft.md"}},
	} {
		o := opts()
		o.Drafts = tc.drafts
		set, diags := content.Load(root, "content", o)
		if len(diags) != 0 {
			t.Fatalf("diagnostics:\n%s", diags.String())
		}
		var got []string
		for _, p := range set.Pages {
			got = append(got, p.File)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Drafts %v: pages %v, want %v", tc.drafts, got, tc.want)
		}
	}
	// A draft does not take its slug from a published page.
	_, diags := load(t, map[string]string{
		"content/intents/clean-air.md": intentMD,
		"content/intents/draft.md":     "---\ntitle: Draft\nsummary: Not yet.\nslug: clean-air\ndraft: true\n---\n",
	})
	if len(diags) != 0 {
		t.Errorf("a draft with a published page's slug: %s", diags.String())
	}
}

func TestPagesSorted(t *testing.T) {
	set, _ := load(t, map[string]string{
		"content/intents/b.md":          intentMD,
		"content/intents/a.md":          intentMD,
		"content/initiatives/z.md":      initiativeMD,
		"content/about.md":              "---\ntitle: About\n---\n",
		"content/narratives/n/index.md": "---\ntitle: N\nteller: T\nconsent:\n  scope: [site]\n  given: 2024-01-01\n---\n",
	})
	var got []string
	for _, p := range set.Pages {
		got = append(got, p.File)
	}
	want := []string{"content/about.md", "content/initiatives/z.md", "content/intents/a.md", "content/intents/b.md", "content/narratives/n/index.md"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("pages in order %v, want %v", got, want)
	}
}

func TestMissingContentFolder(t *testing.T) {
	set, diags := content.Load(t.TempDir(), "content", opts())
	if len(set.Pages) != 0 || len(withCode(diags, "read")) != 1 || !diags.HasErrors() {
		t.Errorf("want one read error, got:\n%s", diags.String())
	}
}

func TestNarrative(t *testing.T) {
	const head = "---\ntitle: Story\nteller: Ana\n"
	for _, tc := range []struct {
		name     string
		src      string
		code     string // the one diagnostic wanted, "" for none
		line     int
		severity diag.Severity
		withheld string // a substring of Withheld, "" for published
	}{
		{
			name: "published",
			src:  head + "consent:\n  scope: [site, quote]\n  given: 2024-01-10\n  expires: 2027-01-10\n---\n",
		},
		{
			name: "withdrawn in the past",
			src:  head + "consent:\n  scope: [site, quote]\n  given: 2024-01-10\n  withdrawn: 2025-02-01\n---\n",
			code: "consent-withheld", line: 4, severity: diag.Warning, withheld: "withdrawn on 2025-02-01",
		},
		{
			name: "withdrawn today",
			src:  head + "consent:\n  scope: [site]\n  given: 2024-01-10\n  withdrawn: 2025-06-01\n---\n",
			code: "consent-withheld", line: 4, severity: diag.Warning, withheld: "withdrawn",
		},
		{
			name: "expired",
			src:  head + "consent:\n  scope: [site]\n  given: 2023-01-10\n  expires: 2025-01-10\n---\n",
			code: "consent-withheld", line: 4, severity: diag.Warning, withheld: "expired on 2025-01-10",
		},
		{
			name: "scope without site",
			src:  head + "consent:\n  scope: [quote, data-export]\n  given: 2024-01-10\n---\n",
			code: "consent-withheld", line: 4, severity: diag.Warning, withheld: "does not cover",
		},
		{
			name: "expiring within 60 days",
			src:  head + "consent:\n  scope: [site]\n  given: 2024-01-10\n  expires: 2025-07-15\n---\n",
			code: "consent-expiring", line: 4, severity: diag.Warning,
		},
		{
			name: "consent missing",
			src:  head + "---\n",
			code: "fm-required", severity: diag.Error,
		},
		{
			name: "consent without given",
			src:  head + "consent:\n  scope: [site]\n---\n",
			code: "fm-required", line: 5, severity: diag.Error,
		},
		{
			name: "unknown scope",
			src:  head + "consent:\n  scope: [website]\n  given: 2024-01-10\n---\n",
			code: "fm-vocabulary", line: 5, severity: diag.Error,
		},
		{
			name: "image without alt",
			src:  head + "consent:\n  scope: [site, media]\n  given: 2024-01-10\nmedia:\n  type: image\n  src: https://example.org/a.jpg\n---\n",
			code: "media-alt", line: 7, severity: diag.Error,
		},
		{
			name: "audio without transcript",
			src:  head + "consent:\n  scope: [site, media]\n  given: 2024-01-10\nmedia:\n  type: audio\n  src: https://example.org/a.mp3\n---\n",
			code: "media-transcript", line: 7, severity: diag.Error,
		},
		{
			name: "video without transcript",
			src:  head + "consent:\n  scope: [site, media]\n  given: 2024-01-10\nmedia:\n  type: video\n  video_id: abc123\n---\n",
			code: "media-transcript", line: 7, severity: diag.Error,
		},
		{
			name: "video without id or src",
			src:  head + "consent:\n  scope: [site, media]\n  given: 2024-01-10\nmedia:\n  type: video\n  transcript: Hello.\n---\n",
			code: "media-src", line: 7, severity: diag.Error,
		},
		{
			name: "audio with transcript",
			src:  head + "consent:\n  scope: [site, media]\n  given: 2024-01-10\nmedia:\n  type: audio\n  src: https://example.org/a.mp3\n  transcript: |\n    Hello.\n---\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set, diags := load(t, map[string]string{"content/narratives/story.md": tc.src})
			if tc.code == "" {
				if len(diags) != 0 {
					t.Errorf("diagnostics:\n%s", diags.String())
				}
			} else {
				got := withCode(diags, tc.code)
				if len(got) != 1 || len(diags) != 1 {
					t.Fatalf("want just one %s, got:\n%s", tc.code, diags.String())
				}
				d := got[0]
				if (tc.line != 0 && d.Line != tc.line) || d.Severity != tc.severity || d.File != "content/narratives/story.md" {
					t.Errorf("got %s; want %v at line %d", d, tc.severity, tc.line)
				}
			}
			p := page(t, set, "content/narratives/story.md")
			if !strings.Contains(p.Withheld, tc.withheld) || (tc.withheld == "") != (p.Withheld == "") {
				t.Errorf("Withheld = %q, want %q", p.Withheld, tc.withheld)
			}
		})
	}
}

func TestVideoID(t *testing.T) {
	set, diags := load(t, map[string]string{
		"content/sources/talk.md":  "---\ntitle: Talk\nvideoId: d2283f99\n---\nAt <a class=\"yt-timestamp\" data-t=\"00:00:21\">[00:00:21]</a> she says.\n",
		"content/sources/talk2.md": "---\ntitle: Talk\ntype: talk\nvideo_id: abc\n---\n",
	})
	if len(diags) != 0 {
		t.Fatalf("diagnostics:\n%s", diags.String())
	}
	p := page(t, set, "content/sources/talk.md")
	if p.VideoID() != "d2283f99" || p.Type != "video" {
		t.Errorf("VideoID %q, Type %q; a source with only videoId is a video", p.VideoID(), p.Type)
	}
	if len(p.Body.Citations) != 1 || p.Body.Citations[0].Seconds != 21 || p.Body.Citations[0].Line != 5 {
		t.Errorf("Citations = %+v, want 00:00:21 on line 5", p.Body.Citations)
	}
	if p := page(t, set, "content/sources/talk2.md"); p.VideoID() != "abc" || p.Type != "talk" {
		t.Errorf("VideoID %q, Type %q", p.VideoID(), p.Type)
	}
}

// TestExampleSite loads the example portfolio that ships with trellis.
func TestExampleSite(t *testing.T) {
	o := opts()
	o.Languages = []string{"en", "cy"} // site.yaml's
	set, diags := content.Load("../..", "content", o)
	if errs := errorsOf(diags); len(errs) != 0 {
		t.Errorf("the example site has errors:\n%s", errs.String())
	}
	count := map[content.Kind]int{}
	for _, p := range set.Pages {
		count[p.Kind]++
	}
	for kind, min := range map[content.Kind]int{
		content.KindIntent: 4, content.KindInitiative: 20, content.KindLearning: 10, content.KindDecision: 5,
		content.KindNarrative: 8, content.KindSource: 2, content.KindOrganisation: 6,
	} {
		if count[kind] < min {
			t.Errorf("%d %s pages, want at least %d", count[kind], kind, min)
		}
	}
	if len(set.Translations) < 5 {
		t.Errorf("%d Welsh translations, want at least 5", len(set.Translations))
	}
}

func TestBodyImageWithoutAltWarns(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"content/pages/photo/index.md":   "---\ntitle: Photo\n---\nText.\n\n![](garden.png)\n\n![Beds at dusk](garden.png)\n",
		"content/pages/photo/garden.png": "png",
	})
	_, diags := content.Load(dir, "content", content.Options{Statuses: []string{"idea"}})
	var found []string
	for _, d := range diags {
		if d.Code == "image-alt" {
			found = append(found, fmt.Sprintf("%s:%d %s", d.File, d.Line, d.Severity))
		}
	}
	if len(found) != 1 || found[0] != "content/pages/photo/index.md:6 warning" {
		t.Errorf("image-alt diagnostics %v, want one warning at line 6", found)
	}
}
