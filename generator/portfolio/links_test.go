package portfolio_test

import (
	"path"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/markdown"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// linkSite is a site to link into. Its clean-air intent has a heading
// "Signals"; "commons" is both an initiative and a learning; the bike
// library used to be at /initiatives/cycle-share/.
func linkSite() map[string]string {
	return map[string]string{
		"content/intents/clean-air.md": intentMD + "Intro.\n\n## Signals\n\nText.\n",
		"content/initiatives/bike-library.md": initiative("Bike library", "idea", "clean-air",
			"aliases: [/initiatives/cycle-share/]\n", "## Costs\n\nText.\n"),
		"content/initiatives/commons.md":      initiative("Commons", "idea", "clean-air", "", ""),
		"content/learnings/commons.md":        "---\ntitle: Commons learning\ndate: 2025-01-01\nintents: [clean-air]\n---\n",
		"content/docs/report.pdf":             "%PDF-1.4\n",
		"content/initiatives/garden/index.md": initiative("Garden", "idea", "clean-air", "", ""),
		"content/initiatives/garden/plan.pdf": "%PDF-1.4\n",
	}
}

type linkCase struct {
	name, link string
	url, title string // the resolved target; url "" when the link must not resolve
	code, hint string // the diagnostic expected, if any
}

// checkLinks puts each case's link at line 4, column 5 of file (which has a
// two-line front matter followed by "See "), and checks the one slot's target
// and diagnostics.
func checkLinks(t *testing.T, file, frontMatter, tail string, cases []linkCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			site := linkSite()
			site[file] = frontMatter + "See " + tc.link + ".\n" + tail
			pf, diags := resolve(t, site, nil)
			p := page(t, pf, file)
			links := pf.Links(p)
			if len(links) != 1 {
				t.Fatalf("Links = %+v, want one slot", links)
			}
			want := markdown.Target{URL: tc.url, Title: tc.title}
			if links[0] != want {
				t.Errorf("%s resolved to %+v, want %+v", tc.link, links[0], want)
			}
			if tc.code == "" {
				if len(diags) != 0 {
					t.Errorf("unexpected diagnostics:\n%s", diags.String())
				}
				return
			}
			d := only(t, diags, tc.code)
			at(t, d, file, 4, 5, diag.Error)
			if !strings.Contains(d.Hint, tc.hint) {
				t.Errorf("hint %q, want it to contain %q", d.Hint, tc.hint)
			}
			if len(diags) != 1 {
				t.Errorf("want only the %s diagnostic, got:\n%s", tc.code, diags.String())
			}
		})
	}
}

func TestWikiLinks(t *testing.T) {
	checkLinks(t, "content/about.md", "---\ntitle: About\n---\n", "", []linkCase{
		{name: "exact slug", link: "[[clean-air]]", url: "/intents/clean-air/", title: "Clean air"},
		{name: "title case and spaces", link: "[[Clean Air]]", url: "/intents/clean-air/", title: "Clean air"},
		{name: "underscores", link: "[[clean_air]]", url: "/intents/clean-air/", title: "Clean air"},
		{name: "shouting", link: "[[CLEANAIR]]", url: "/intents/clean-air/", title: "Clean air"},
		{name: "label keeps the title", link: "[[clean-air|the air]]", url: "/intents/clean-air/", title: "Clean air"},
		{name: "alias last segment", link: "[[cycle-share]]", url: "/initiatives/bike-library/", title: "Bike library"},
		{name: "alias forgivingly", link: "[[Cycle Share]]", url: "/initiatives/bike-library/", title: "Bike library"},
		{name: "kind folder and slug", link: "[[intents/clean-air]]", url: "/intents/clean-air/", title: "Clean air"},
		{name: "kind and slug", link: "[[intent/clean-air]]", url: "/intents/clean-air/", title: "Clean air"},
		{name: "kind settles ambiguity", link: "[[initiatives/commons]]", url: "/initiatives/commons/", title: "Commons"},
		{name: "other kind of ambiguity", link: "[[learnings/commons]]", url: "/learnings/commons/", title: "Commons learning"},
		{name: "bundle", link: "[[garden]]", url: "/initiatives/garden/", title: "Garden"},
		{name: "heading", link: "[[clean-air#signals]]", url: "/intents/clean-air/#signals", title: "Clean air"},
		{name: "ambiguous", link: "[[commons]]", code: "ref-ambiguous",
			hint: "[[initiatives/commons]] or [[learnings/commons]]"},
		{name: "missing heading", link: "[[clean-air#signal]]", code: "link-heading", hint: "did you mean #signals?"},
		{name: "ambiguous with a heading", link: "[[commons#costs]]", code: "ref-ambiguous", hint: "say which"},
		{name: "missing heading, no headings", link: "[[initiatives/commons#costs]]", code: "link-heading", hint: "the page has no headings"},
		{name: "unknown", link: "[[clean-ari]]", code: "ref-unknown", hint: "did you mean `clean-air`?"},
		{name: "unknown, nothing close", link: "[[zzzzzzzzzzzz]]", code: "ref-unknown",
			hint: "no page in intents, initiatives, learnings, decisions, narratives, sources, organisations or any other folder has that slug"},
		{name: "unknown of a kind", link: "[[intents/clean-ari]]", code: "ref-unknown", hint: "did you mean `clean-air`?"},
		{name: "wrong kind", link: "[[initiatives/clean-air]]", code: "ref-unknown", hint: "no page in initiatives has that slug"},
	})
}

func TestWikiLinkUnderBasePath(t *testing.T) {
	cfg := config.Default()
	if err := cfg.SetBaseURL("https://example.org/portfolio/"); err != nil {
		t.Fatal(err)
	}
	site := linkSite()
	site["content/about.md"] = "---\ntitle: About\n---\n[[clean-air#signals]] [doc](docs/report.pdf)\n"
	pf, diags := resolve(t, site, cfg)
	if len(diags) != 0 {
		t.Fatalf("unexpected diagnostics:\n%s", diags.String())
	}
	links := pf.Links(page(t, pf, "content/about.md"))
	if len(links) != 2 || links[0].URL != "/portfolio/intents/clean-air/#signals" || links[1].URL != "/portfolio/docs/report.pdf" {
		t.Errorf("Links = %+v, want them under /portfolio/", links)
	}
}

func TestWikiLinkMakesBacklink(t *testing.T) {
	site := linkSite()
	site["content/about.md"] = "---\ntitle: About\n---\n[[bike-library]], [[Bike Library]] and [[about]].\n"
	pf, _ := resolve(t, site, nil)
	about := page(t, pf, "content/about.md")
	bike := page(t, pf, "content/initiatives/bike-library.md")
	if got := pf.Referrers(bike, content.KindPage, "body"); len(got) != 1 || got[0] != about {
		t.Errorf("Referrers(bike, page, body) = %v, want about once", files(got))
	}
	// A link to the page itself resolves, but is no edge.
	if l := pf.Links(about)[2]; l.URL != "/about/" {
		t.Errorf("self link = %+v", l)
	}
	for _, e := range pf.Out(about) {
		if e.To == about {
			t.Errorf("a link to the page itself made an edge")
		}
	}
}

func TestFileLinks(t *testing.T) {
	const fm = "---\ntitle: Source\nsummary: S.\nstatus: idea\nintents: [clean-air]\n---\n"
	// The body of the linking page starts at line 7; checkLinks wants the
	// link on line 4, so these cases are checked here with their own lines.
	for _, tc := range []linkCase{
		{name: "up and across", link: "[a](../intents/clean-air.md)", url: "/intents/clean-air/", title: "Clean air"},
		{name: "sibling with heading", link: "[a](bike-library.md#costs)", url: "/initiatives/bike-library/#costs", title: "Bike library"},
		{name: "folder form", link: "[a](bike-library/)", url: "/initiatives/bike-library/", title: "Bike library"},
		{name: "no extension", link: "[a](bike-library)", url: "/initiatives/bike-library/", title: "Bike library"},
		{name: "bundle folder", link: "[a](garden/)", url: "/initiatives/garden/", title: "Garden"},
		{name: "bundle index", link: "[a](garden/index.md)", url: "/initiatives/garden/", title: "Garden"},
		{name: "published file", link: "[a](../docs/report.pdf)", url: "/docs/report.pdf"},
		{name: "another bundle's file", link: "[a](garden/plan.pdf)", code: "link-missing", hint: "relative to this file"},
		{name: "missing page", link: "[a](bike-libary.md)", code: "link-missing", hint: "relative to this file"},
		{name: "missing heading", link: "[a](bike-library.md#cost)", code: "link-heading", hint: "did you mean #costs?"},
		{name: "missing heading elsewhere", link: "[a](../intents/clean-air.md#costs)", code: "link-heading", hint: "#signals"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := "content/initiatives/source.md"
			site := linkSite()
			site[file] = fm + "See " + tc.link + ".\n"
			pf, diags := resolve(t, site, nil)
			links := pf.Links(page(t, pf, file))
			if len(links) != 1 {
				t.Fatalf("Links = %+v, want one slot", links)
			}
			if want := (markdown.Target{URL: tc.url, Title: tc.title}); links[0] != want {
				t.Errorf("%s resolved to %+v, want %+v", tc.link, links[0], want)
			}
			if tc.code == "" {
				if len(diags) != 0 {
					t.Errorf("unexpected diagnostics:\n%s", diags.String())
				}
				return
			}
			d := only(t, diags, tc.code)
			at(t, d, file, 7, 5, diag.Error)
			if !strings.Contains(d.Hint, tc.hint) {
				t.Errorf("hint %q, want it to contain %q", d.Hint, tc.hint)
			}
		})
	}
}

func TestBundleLinks(t *testing.T) {
	file := "content/initiatives/garden/index.md"
	fm := "---\ntitle: Garden\nsummary: S.\nstatus: idea\nintents: [clean-air]\n---\n"
	for _, tc := range []linkCase{
		{name: "own file", link: "[plan](plan.pdf)", url: "/initiatives/garden/plan.pdf"},
		{name: "own image", link: "![plan](plan.pdf)", url: "/initiatives/garden/plan.pdf"},
		{name: "from its folder, as on GitHub", link: "[a](../bike-library.md)", url: "/initiatives/bike-library/", title: "Bike library"},
		{name: "as if it were a single file", link: "[a](bike-library.md)", url: "/initiatives/bike-library/", title: "Bike library"},
		{name: "missing file", link: "[a](budget.pdf)", code: "link-missing"},
		{name: "anchor", link: "[a](#costs)", url: "#costs"},
		{name: "missing anchor", link: "[a](#cost)", code: "link-heading"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := linkSite()
			site[file] = fm + "See " + tc.link + ".\n\n## Costs\n"
			pf, diags := resolve(t, site, nil)
			links := pf.Links(page(t, pf, file))
			if len(links) != 1 {
				t.Fatalf("Links = %+v, want one slot", links)
			}
			if want := (markdown.Target{URL: tc.url, Title: tc.title}); links[0] != want {
				t.Errorf("%s resolved to %+v, want %+v", tc.link, links[0], want)
			}
			if tc.code == "" {
				if len(diags) != 0 {
					t.Errorf("unexpected diagnostics:\n%s", diags.String())
				}
				return
			}
			at(t, only(t, diags, tc.code), file, 7, 5, diag.Error)
		})
	}
}

func TestBrokenLinkIsWarningWhenSiteSaysSo(t *testing.T) {
	cfg := config.Default()
	cfg.BrokenReferences = "warning"
	site := linkSite()
	site["content/about.md"] = "---\ntitle: About\n---\n[[nowhere]] [a](nowhere.md) [[commons]] [[clean-air#nope]]\n"
	_, diags := resolve(t, site, cfg)
	if len(diags) != 4 {
		t.Fatalf("want four diagnostics, got:\n%s", diags.String())
	}
	if diags.HasErrors() {
		t.Errorf("broken links should be warnings:\n%s", diags.String())
	}
}

// TestPublishedFileInNestedContentDir links to a published file when the
// content folder is not a single folder under the site: its URL is relative
// to the content folder, where the render stage writes it.
func TestPublishedFileInNestedContentDir(t *testing.T) {
	for _, dir := range []string{"content", "src/content", "."} {
		t.Run(dir, func(t *testing.T) {
			p := func(rel string) string { return path.Join(dir, rel) }
			root := writeSite(t, map[string]string{
				p("docs/report.pdf"): "%PDF-1.4\n",
				p("about.md"):        "---\ntitle: About\n---\n[report](docs/report.pdf)\n",
				p("guides/how.md"):   "---\ntitle: How\n---\n[report](../docs/report.pdf)\n",
			})
			cfg := config.Default()
			cfg.ContentDir = dir
			set, diags := content.Load(root, dir, content.Options{Statuses: config.DefaultStatuses, Now: now})
			if diags.HasErrors() {
				t.Fatalf("fixture does not load:\n%s", diags.String())
			}
			pf, diags := portfolio.Resolve(cfg, set, now)
			if len(diags) != 0 {
				t.Fatalf("unexpected diagnostics:\n%s", diags.String())
			}
			if len(pf.Pages) != 2 {
				t.Fatalf("Pages = %v", files(pf.Pages))
			}
			for _, pg := range pf.Pages {
				if got := pf.Links(pg); len(got) != 1 || got[0].URL != "/docs/report.pdf" {
					t.Errorf("%s: Links = %+v, want /docs/report.pdf", pg.File, got)
				}
			}
		})
	}
}

// TestAmbiguousWithPlainPage: a plain page and an intent share a slug. The
// hint must offer forms that each resolve to one of them.
func TestAmbiguousWithPlainPage(t *testing.T) {
	site := linkSite()
	site["content/clean-air.md"] = "---\ntitle: Clean air, the page\n---\n"
	site["content/about.md"] = "---\ntitle: About\n---\n[[clean-air]]\n"
	_, diags := resolve(t, site, nil)
	d := only(t, diags, "ref-ambiguous")
	at(t, d, "content/about.md", 4, 1, diag.Error)
	forms := strings.Split(strings.TrimPrefix(d.Hint, "say which: "), " or ")
	if len(forms) != 2 {
		t.Fatalf("hint %q should offer two forms", d.Hint)
	}
	want := map[string]string{"Clean air, the page": "/clean-air/", "Clean air": "/intents/clean-air/"}
	for _, form := range forms {
		site["content/about.md"] = "---\ntitle: About\n---\n" + form + "\n"
		pf, diags := resolve(t, site, nil)
		if len(diags) != 0 {
			t.Errorf("the hint's %s does not resolve:\n%s", form, diags.String())
			continue
		}
		l := pf.Links(page(t, pf, "content/about.md"))[0]
		if want[l.Title] != l.URL {
			t.Errorf("%s resolved to %+v", form, l)
		}
		delete(want, l.Title)
	}
	if len(want) != 0 {
		t.Errorf("no form of the hint leads to %v", want)
	}
}

// TestPagesBuiltInMemory resolves pages that were not loaded from files: a
// page without a body has no links and no headings.
func TestPagesBuiltInMemory(t *testing.T) {
	bare := &content.Page{Kind: content.KindIntent, Slug: "bare", File: "content/intents/bare.md"}
	bare.Title = "Bare"
	from := &content.Page{Kind: content.KindPage, Slug: "from", File: "content/from.md",
		Body: &markdown.Document{Links: []markdown.Link{{Kind: markdown.WikiLink, Target: "bare", Fragment: "x", Line: 3, Col: 2}}}}
	pf, diags := portfolio.Resolve(config.Default(), &content.Set{Dir: "content", Pages: []*content.Page{bare, from}}, now)
	if got := pf.Page(content.KindIntent, "bare"); got != bare {
		t.Errorf("Page(intent, bare) = %v", got)
	}
	if got := pf.Page(content.KindInitiative, "bare"); got != nil {
		t.Errorf("Page(initiative, bare) = %v, want nil", got)
	}
	if got := pf.Links(bare); got != nil {
		t.Errorf("Links(bare) = %v, want none", got)
	}
	d := only(t, diags, "link-heading")
	at(t, d, "content/from.md", 3, 2, diag.Error)
	if !strings.Contains(d.Hint, "no headings") {
		t.Errorf("hint %q", d.Hint)
	}
}
