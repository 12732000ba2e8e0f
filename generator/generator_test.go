package generator_test

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/trellis-ssg/trellis/internal/testsite"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"gopkg.in/yaml.v3"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/render"
)

// now is the fixed moment every build in these tests is judged against.
var now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// exampleSite is the repository root, which holds the example portfolio.
const exampleSite = "../"

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

// writeSite writes files under dir.
func writeSite(t *testing.T, dir string, files map[string]string) { testsite.WriteIn(t, dir, files) }

// smallSite is a valid site: one intent and one initiative serving it.
func smallSite() map[string]string {
	return map[string]string{
		"site.yaml": "title: Small portfolio\nbase_url: https://small.example/\n",
		"content/intents/a.md": `---
title: Intent A
summary: What A tries to change.
---

## Why it matters

Intent A is served by [[b]].
`,
		"content/initiatives/b.md": `---
title: Initiative B
summary: What B does.
status: piloting
intents: [a]
---

B serves [[a|intent A]].
`,
	}
}

// build builds the site in src into dest and fails the test on any error.
func build(t *testing.T, src, dest, baseURL string) generator.Result {
	t.Helper()
	res, err := generator.Build(generator.Options{Source: src, Destination: dest, BaseURL: baseURL, Now: now})
	if err != nil {
		for _, d := range res.Diags {
			t.Log(d.String())
		}
		t.Fatalf("Build(%s): %v", src, err)
	}
	if res.Diags.HasErrors() {
		t.Fatalf("Build(%s) succeeded with error diagnostics: %v", src, res.Diags)
	}
	return res
}

// snapshot reads every file under dir, keyed by slash-separated path. A
// missing dir gives nil.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			out[rel+"/"] = nil
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out[rel] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameTree reports the differences between two snapshots.
func sameTree(t *testing.T, want, got map[string][]byte) {
	t.Helper()
	if (want == nil) != (got == nil) {
		t.Fatalf("tree existence differs: want exists=%v, got exists=%v", want != nil, got != nil)
	}
	var names []string
	for n := range want {
		names = append(names, n)
	}
	for n := range got {
		if _, ok := want[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	bad := 0
	for _, n := range names {
		w, inW := want[n]
		g, inG := got[n]
		switch {
		case !inW:
			t.Errorf("unexpected file %s", n)
		case !inG:
			t.Errorf("missing file %s", n)
		case !bytes.Equal(w, g):
			t.Errorf("file %s differs (%d bytes vs %d bytes)", n, len(w), len(g))
		default:
			continue
		}
		if bad++; bad > 20 {
			t.Fatal("too many differences")
		}
	}
}

// tester is the part of *testing.T the link checker uses, so that a test can
// run it on a fake to check that it catches broken links.
type tester interface {
	Helper()
	Errorf(format string, args ...any)
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

// fakeT records what the link checker reports.
type fakeT struct {
	errors int
	msgs   []string
}

func (f *fakeT) Helper() {}
func (f *fakeT) Errorf(format string, args ...any) {
	f.errors++
	f.msgs = append(f.msgs, fmt.Sprintf(format, args...))
}
func (f *fakeT) Fatal(args ...any) { panic(fmt.Sprint(args...)) }
func (f *fakeT) Fatalf(format string, args ...any) {
	panic(fmt.Sprintf(format, args...))
}

// parseHTML parses one output file.
func parseHTML(t tester, file string) *html.Node {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return doc
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// walkNodes calls f for every element under n.
func walkNodes(n *html.Node, f func(*html.Node)) {
	if n.Type == html.ElementNode {
		f(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walkNodes(c, f)
	}
}

// hrefs returns every <a href> under n, in document order.
func hrefs(n *html.Node) []string {
	var out []string
	walkNodes(n, func(e *html.Node) {
		if e.Data == "a" {
			if v, ok := attr(e, "href"); ok {
				out = append(out, v)
			}
		}
	})
	return out
}

// refs returns every href and src attribute under n (plus srcset URLs).
func refs(n *html.Node) []string {
	var out []string
	walkNodes(n, func(e *html.Node) {
		for _, a := range e.Attr {
			switch a.Key {
			case "href", "src":
				out = append(out, a.Val)
			case "srcset":
				for _, c := range strings.Split(a.Val, ",") {
					if f := strings.Fields(c); len(f) > 0 {
						out = append(out, f[0])
					}
				}
			}
		}
	})
	return out
}

// ids returns every id attribute under n (and name of <a name>).
func ids(n *html.Node) map[string]bool {
	out := map[string]bool{}
	walkNodes(n, func(e *html.Node) {
		if v, ok := attr(e, "id"); ok {
			out[v] = true
		}
		if e.Data == "a" {
			if v, ok := attr(e, "name"); ok {
				out[v] = true
			}
		}
	})
	return out
}

// text is the text content of n.
func text(n *html.Node) string {
	var b strings.Builder
	var f func(*html.Node)
	f = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			f(c)
		}
	}
	f(n)
	return b.String()
}

// section returns the <section> whose heading has the given id, or nil.
func section(doc *html.Node, headingID string) *html.Node {
	var found *html.Node
	walkNodes(doc, func(e *html.Node) {
		if found != nil || e.Data != "section" {
			return
		}
		walkNodes(e, func(h *html.Node) {
			if found == nil && (h.Data == "h2" || h.Data == "h3") {
				if id, _ := attr(h, "id"); id == headingID {
					found = e
				}
			}
		})
	})
	return found
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// page parses the output page at a site path such as /initiatives/x/.
func page(t *testing.T, out, sitePath string) *html.Node {
	t.Helper()
	return parseHTML(t, filepath.Join(out, filepath.FromSlash(strings.Trim(sitePath, "/")), "index.html"))
}

// checkLinks is the link checker: every root-relative href and src in every
// HTML file under out must start with mount (the URL path the site is
// served under, "/" at the root), resolve to a file in out (a folder to its
// index.html), and every #fragment must be an id in the target page. It
// returns how many links it checked.
func checkLinks(t tester, out, mount string) int {
	t.Helper()
	if !strings.HasSuffix(mount, "/") {
		mount += "/"
	}
	idCache := map[string]map[string]bool{}
	idsOf := func(file string) map[string]bool {
		if m, ok := idCache[file]; ok {
			return m
		}
		m := ids(parseHTML(t, file))
		idCache[file] = m
		return m
	}
	checked, broken := 0, 0
	report := func(format string, args ...any) {
		broken++
		if broken <= 30 {
			t.Errorf(format, args...)
		}
	}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		for _, ref := range refs(parseHTML(t, p)) {
			if ref == "" {
				report("%s: empty link", rel)
				continue
			}
			var target string
			var frag string
			switch {
			case strings.HasPrefix(ref, "#"):
				target, frag = p, ref[1:]
			case strings.HasPrefix(ref, "/") && !strings.HasPrefix(ref, "//"):
				u, err := url.Parse(ref)
				if err != nil {
					report("%s: unparsable link %q: %v", rel, ref, err)
					continue
				}
				if !strings.HasPrefix(u.Path, mount) {
					report("%s: link %q is outside %s", rel, ref, mount)
					continue
				}
				sub := strings.TrimPrefix(u.Path, mount)
				if strings.Contains(sub, "..") {
					report("%s: link %q climbs out of the site", rel, ref)
					continue
				}
				target = filepath.Join(out, filepath.FromSlash(sub))
				if sub == "" || strings.HasSuffix(sub, "/") {
					target = filepath.Join(target, "index.html")
				}
				frag = u.Fragment
			default:
				continue // absolute, mailto:, relative to the page: not ours
			}
			checked++
			fi, err := os.Stat(target)
			if err != nil || fi.IsDir() {
				report("%s: broken link %q (no file %s)", rel, ref, target)
				continue
			}
			if frag != "" {
				if !strings.HasSuffix(target, ".html") {
					report("%s: link %q has a fragment into a non-HTML file", rel, ref)
				} else if m := idsOf(target); !m[frag] && !m[unescape(frag)] {
					report("%s: link %q: no id %q in the target page", rel, ref, frag)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if broken > 30 {
		t.Errorf("... and %d more broken links", broken-30)
	}
	if checked == 0 {
		t.Errorf("the link checker found no links to check in %s", out)
	}
	return checked
}

// unescape percent-decodes a fragment, as browsers do before matching ids.
func unescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// frontMatter reads a YAML front matter block into v.
func frontMatter(t *testing.T, file string, v any) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.TrimPrefix(string(b), "---\n")
	fm, _, ok := strings.Cut(s, "\n---")
	if !ok {
		t.Fatalf("%s: no YAML front matter", file)
	}
	if err := yaml.Unmarshal([]byte(fm), v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

// slugList reads a front matter value that is a slug or a list of slugs.
type slugList []string

func (s *slugList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*s = []string{n.Value}
		return nil
	}
	var l []string
	if err := n.Decode(&l); err != nil {
		return err
	}
	*s = l
	return nil
}

func slugOfFile(file string) string {
	return strings.TrimSuffix(filepath.Base(file), ".md")
}

// ---------------------------------------------------------------------------
// The example site
// ---------------------------------------------------------------------------

func buildExample(t *testing.T, baseURL string) (string, generator.Result) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	return out, build(t, exampleSite, out, baseURL)
}

func TestExampleSiteBuilds(t *testing.T) {
	out, res := buildExample(t, "")
	for _, d := range res.Diags {
		if d.Severity == diag.Error {
			t.Errorf("error diagnostic: %s", d)
		}
	}
	if res.Stats.Files == 0 {
		t.Fatal("Stats.Files is 0")
	}

	initiatives := originals(filepath.Glob(filepath.Join(exampleSite, "content", "initiatives", "*.md")))
	if len(initiatives) == 0 {
		t.Fatal("no initiatives in the example site")
	}

	t.Run("initiatives and intents link both ways", func(t *testing.T) {
		pairs := 0
		for _, f := range initiatives {
			var fm struct {
				Intents slugList `yaml:"intents"`
			}
			frontMatter(t, f, &fm)
			slug := slugOfFile(f)
			ini := hrefs(page(t, out, "/initiatives/"+slug+"/"))
			for _, in := range fm.Intents {
				pairs++
				if !contains(ini, "/intents/"+in+"/") {
					t.Errorf("initiative %s does not link to its intent %s", slug, in)
				}
				if !contains(hrefs(page(t, out, "/intents/"+in+"/")), "/initiatives/"+slug+"/") {
					t.Errorf("intent %s does not link back to initiative %s", in, slug)
				}
			}
		}
		if pairs == 0 {
			t.Fatal("no initiative names an intent")
		}
	})

	t.Run("learnings appear on their initiatives", func(t *testing.T) {
		learnings := originals(filepath.Glob(filepath.Join(exampleSite, "content", "learnings", "*.md")))
		pairs := 0
		for _, f := range learnings {
			var fm struct {
				Initiatives slugList `yaml:"initiatives"`
			}
			frontMatter(t, f, &fm)
			slug := slugOfFile(f)
			if !contains(hrefs(page(t, out, "/learnings/"+slug+"/")), "/initiatives/"+fm.Initiatives.first()+"/") && len(fm.Initiatives) > 0 {
				t.Errorf("learning %s does not link to its initiative %s", slug, fm.Initiatives.first())
			}
			for _, ini := range fm.Initiatives {
				pairs++
				doc := page(t, out, "/initiatives/"+ini+"/")
				sec := section(doc, "back-learnings")
				if sec == nil {
					t.Errorf("initiative %s has no learnings section, though learning %s is about it", ini, slug)
					continue
				}
				if !strings.Contains(text(sec), "Learnings about this") {
					t.Errorf("initiative %s: learnings section is not headed \"Learnings about this\": %q", ini, text(sec))
				}
				if !contains(hrefs(sec), "/learnings/"+slug+"/") {
					t.Errorf("initiative %s: \"Learnings about this\" does not list learning %s", ini, slug)
				}
			}
		}
		if pairs == 0 {
			t.Fatal("no learning names an initiative")
		}
	})

	t.Run("source page wiki-links and timestamp citations", func(t *testing.T) {
		links := hrefs(page(t, out, "/sources/portfolio-management-versus-project-management/"))
		for _, want := range []string{
			"/organisations/oecd-opsi/",
			"/managing-innovation-portfolios/",
			"/innovation-portfolio-management/",
			"https://www.youtube.com/watch?v=W9xL8ZgZX-o&t=21s",
			"https://www.youtube.com/watch?v=W9xL8ZgZX-o&t=229s", // [00:03:49]
		} {
			if !contains(links, want) {
				t.Errorf("source page does not link to %s", want)
			}
		}
		for _, l := range links {
			if strings.Contains(l, "[[") || strings.Contains(l, "yt-timestamp") {
				t.Errorf("unresolved link on the source page: %q", l)
			}
		}
		// The wiki-link makes a backlink on the organisation's page.
		if !contains(hrefs(page(t, out, "/organisations/oecd-opsi/")), "/sources/portfolio-management-versus-project-management/") {
			t.Error("the OPSI page does not link back to the source that mentions it")
		}
	})

	t.Run("withdrawn story is not published", func(t *testing.T) {
		if _, err := os.Stat(filepath.Join(out, "narratives", "withdrawn-example")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("narratives/withdrawn-example exists in the output (stat err %v)", err)
		}
		// Its slug, title and quote appear nowhere: no page, card, feed,
		// sitemap entry, search entry or open-data row.
		for name, b := range snapshot(t, out) {
			for _, needle := range []string{"withdrawn-example", "Living beside the boundary road", "We got their traffic", "NAR-0006"} {
				if bytes.Contains(b, []byte(needle)) {
					t.Errorf("%s contains %q from the withdrawn story", name, needle)
				}
			}
		}
		sitemap, err := os.ReadFile(filepath.Join(out, "sitemap.xml"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(sitemap, []byte("/narratives/")) {
			t.Error("the sitemap lists no narratives at all; the check above proves nothing")
		}
	})
}

func (s slugList) first() string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// A partner's role and a relation's type belong to that one entry, not to
// every entry of the list.
func TestExampleSitePartnerRolesAndRelations(t *testing.T) {
	out, _ := buildExample(t, "")
	var fm struct {
		Partners []struct {
			Org  string `yaml:"org"`
			Role string `yaml:"role"`
		} `yaml:"partners"`
	}
	frontMatter(t, filepath.Join(exampleSite, "content", "initiatives", "bike-library.md"), &fm)
	if len(fm.Partners) < 2 {
		t.Fatal("bike-library should have several partners")
	}
	doc := page(t, out, "/initiatives/bike-library/")
	roles := map[string]string{} // org URL → text of its <li>
	walkNodes(doc, func(e *html.Node) {
		if e.Data != "li" {
			return
		}
		for _, h := range hrefs(e) {
			if strings.HasPrefix(h, "/organisations/") {
				if _, seen := roles[h]; !seen {
					roles[h] = text(e)
				}
			}
		}
	})
	for _, p := range fm.Partners {
		got, ok := roles["/organisations/"+p.Org+"/"]
		if !ok {
			t.Errorf("partner %s is not listed", p.Org)
			continue
		}
		if !strings.Contains(got, "("+p.Role+")") {
			t.Errorf("partner %s: want role %q, page says %q", p.Org, p.Role, got)
		}
	}

	// The same holds for the type of each related initiative.
	sec := section(doc, "related")
	if sec == nil {
		t.Fatal("bike-library has no related section")
	}
	for to, label := range map[string]string{
		"resting-benches":        "complements it",
		"walk-and-talk":          "complements it",
		"northgate-mobility-hub": "part of it",
	} {
		found := false
		walkNodes(sec, func(e *html.Node) {
			if e.Data == "li" && contains(hrefs(e), "/initiatives/"+to+"/") {
				found = true
				if !strings.Contains(text(e), label) {
					t.Errorf("related %s: want %q, page says %q", to, label, text(e))
				}
			}
		})
		if !found {
			t.Errorf("related initiative %s is not listed", to)
		}
	}
}

func TestExampleSiteHasNoBrokenLinks(t *testing.T) {
	out, _ := buildExample(t, "")
	n := checkLinks(t, out, "/")
	t.Logf("checked %d internal links", n)
}

// The link checker itself must catch a dead link and a dead fragment.
func TestLinkCheckerCatchesBrokenLinks(t *testing.T) {
	dir := t.TempDir()
	writeSite(t, dir, map[string]string{
		"index.html":   `<a href="/a/">ok</a><a href="/a/#x">ok</a><a href="#top" id="top">ok</a>`,
		"a/index.html": `<p id="x">a</p>`,
	})
	// A good tree passes.
	checkLinks(t, dir, "/")
	// A bad tree fails: run the checker on a fake T.
	writeSite(t, dir, map[string]string{"b.html": `<a href="/nope/">x</a><a href="/a/#y">y</a><img src="/missing.png">`})
	ft := &fakeT{}
	checkLinks(ft, dir, "/")
	if ft.errors != 3 {
		t.Errorf("link checker found %d problems in a tree with 3 broken links: %v", ft.errors, ft.msgs)
	}
}

func TestSubPathBuild(t *testing.T) {
	const base = "https://example.org/portfolio/"
	out, _ := buildExample(t, base)

	// Every root-relative link is under /portfolio/, and resolves when
	// the output is served there.
	checkLinks(t, out, "/portfolio/")

	canonicals := 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		walkNodes(parseHTML(t, p), func(e *html.Node) {
			if rel, _ := attr(e, "rel"); e.Data == "link" && rel == "canonical" {
				canonicals++
				if h, _ := attr(e, "href"); !strings.HasPrefix(h, base) {
					rel, _ := filepath.Rel(out, p)
					t.Errorf("%s: canonical URL %q does not start with %s", rel, h, base)
				}
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if canonicals == 0 {
		t.Error("no page has a canonical link")
	}

	sitemap, err := os.ReadFile(filepath.Join(out, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	locs := 0
	for _, part := range strings.Split(string(sitemap), "<loc>")[1:] {
		loc, _, _ := strings.Cut(part, "</loc>")
		locs++
		if !strings.HasPrefix(loc, base) {
			t.Errorf("sitemap URL %q does not start with %s", loc, base)
		}
	}
	if locs < 50 {
		t.Errorf("sitemap has only %d URLs", locs)
	}
	if robots, err := os.ReadFile(filepath.Join(out, "robots.txt")); err == nil && bytes.Contains(robots, []byte("Sitemap:")) &&
		!bytes.Contains(robots, []byte("Sitemap: "+base+"sitemap.xml")) {
		t.Errorf("robots.txt does not point at %ssitemap.xml:\n%s", base, robots)
	}
}

func TestAliasRedirect(t *testing.T) {
	out, _ := buildExample(t, "")
	file := filepath.Join(out, "organisations", "oecdobservatoryofpublicsec3116", "index.html")
	if _, err := os.Stat(file); err != nil {
		t.Fatalf("no redirect page for the alias: %v", err)
	}
	var refresh, canonical string
	walkNodes(parseHTML(t, file), func(e *html.Node) {
		if e.Data == "meta" {
			if v, _ := attr(e, "http-equiv"); strings.EqualFold(v, "refresh") {
				refresh, _ = attr(e, "content")
			}
		}
		if e.Data == "link" {
			if v, _ := attr(e, "rel"); v == "canonical" {
				canonical, _ = attr(e, "href")
			}
		}
	})
	if refresh != "0; url=/organisations/oecd-opsi/" {
		t.Errorf("meta refresh content = %q, want %q", refresh, "0; url=/organisations/oecd-opsi/")
	}
	if canonical == "" {
		t.Fatal("the redirect page has no canonical link")
	}
	u, err := url.Parse(canonical)
	if err != nil {
		t.Fatal(err)
	}
	if u.Path != "/organisations/oecd-opsi/" {
		t.Errorf("canonical link %q does not point at /organisations/oecd-opsi/", canonical)
	}
	// The target it redirects to exists.
	if _, err := os.Stat(filepath.Join(out, "organisations", "oecd-opsi", "index.html")); err != nil {
		t.Error(err)
	}
}

func TestRebuildIsByteIdentical(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	build(t, exampleSite, a, "")
	build(t, exampleSite, b, "")
	sa, sb := snapshot(t, a), snapshot(t, b)
	if len(sa) < 50 {
		t.Fatalf("only %d files in the output", len(sa))
	}
	sameTree(t, sa, sb)
	// Rebuilding into the same destination gives the same bytes too.
	build(t, exampleSite, a, "")
	sameTree(t, sa, snapshot(t, a))
}

// ---------------------------------------------------------------------------
// Failed builds
// ---------------------------------------------------------------------------

func findDiag(diags diag.List, code, file string) *diag.Diagnostic {
	for i, d := range diags {
		if d.Severity == diag.Error && d.Code == code && d.File == file {
			return &diags[i]
		}
	}
	return nil
}

func leftovers(t *testing.T, dest string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".tmp-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestFailedBuildLeavesDestinationUntouched(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "site")
	dest := filepath.Join(dir, "public")
	writeSite(t, src, smallSite())
	build(t, src, dest, "")
	before := snapshot(t, dest)
	if before["index.html"] == nil || before["initiatives/b/index.html"] == nil || before["intents/a/index.html"] == nil {
		t.Fatalf("the good build is missing pages: %d files", len(before))
	}
	checkLinks(t, dest, "/")

	writeSite(t, src, map[string]string{"content/initiatives/c.md": `---
title: Initiative C
summary: What C does.
status: piloting
intents: [a, nope]
---
`})
	res, err := generator.Build(generator.Options{Source: src, Destination: dest, Now: now})
	if !errors.Is(err, generator.ErrContent) {
		t.Fatalf("Build with an unknown intent: err = %v, want ErrContent", err)
	}
	d := findDiag(res.Diags, "ref-unknown", "content/initiatives/c.md")
	if d == nil {
		t.Fatalf("no ref-unknown error for content/initiatives/c.md in %v", res.Diags)
	}
	if d.Line != 5 {
		t.Errorf("diagnostic line = %d, want 5: %s", d.Line, d)
	}
	if !strings.Contains(d.String(), "content/initiatives/c.md:5") {
		t.Errorf("diagnostic does not read file:line: %s", d)
	}
	if !strings.Contains(d.Message, "nope") {
		t.Errorf("diagnostic does not name the unknown intent: %s", d)
	}
	sameTree(t, before, snapshot(t, dest))
	if l := leftovers(t, dest); len(l) > 0 {
		t.Errorf("temporary folders left beside the destination: %v", l)
	}
}

// A build whose rendering fails (not its content) publishes nothing either.
func TestFailedRenderLeavesDestinationUntouched(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	writeSite(t, dest, map[string]string{"index.html": "old site"})
	before := snapshot(t, dest)
	boom := errors.New("boom")
	err := render.Publish(dest, func(out render.Output) error {
		if err := out.WriteFile("index.html", []byte("new site")); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Publish: %v, want boom", err)
	}
	sameTree(t, before, snapshot(t, dest))
	if l := leftovers(t, dest); len(l) > 0 {
		t.Errorf("temporary folders left beside the destination: %v", l)
	}
}

func TestConcurrentBuildIsRefused(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "site")
	dest := filepath.Join(dir, "public")
	writeSite(t, src, smallSite())

	started, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- render.Publish(dest, func(out render.Output) error {
			close(started)
			<-release
			return out.WriteFile("index.html", []byte("first"))
		})
	}()
	select {
	case <-started:
	case err := <-done:
		t.Fatalf("the first Publish returned early: %v", err)
	}

	_, err := generator.Build(generator.Options{Source: src, Destination: dest, Now: now})
	close(release)
	if !errors.Is(err, render.ErrBusy) {
		t.Errorf("second build while the first holds the lock: err = %v, want ErrBusy", err)
	}
	if err := <-done; err != nil {
		t.Fatalf("the first Publish: %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(dest, "index.html")); err != nil || string(b) != "first" {
		t.Errorf("destination holds %q (%v), want the first build's output", b, err)
	}
	// Once the lock is released, a build goes through.
	build(t, src, dest, "")
}

func TestBadInputs(t *testing.T) {
	const okFM = "---\ntitle: X\nsummary: S\n---\n"
	cases := []struct {
		name  string
		file  string // the file the case adds or replaces
		body  string
		code  string
		line  int
		inMsg string // a fragment the message must contain, if set
		col   int    // the column, when the check can know it
	}{
		{"malformed YAML", "content/intents/x.md", "---\ntitle: X\nsummary: a: b\n---\n", "fm-syntax", 3, "YAML", 0},
		{"malformed TOML", "content/intents/x.md", "+++\ntitle = \"X\"\nsummary = \"unterminated\n+++\n", "fm-syntax", 3, "TOML", 0},
		{"malformed JSON", "content/intents/x.md", "{\n  \"title\": \"X\",\n  \"summary\": \"S\"\n  \"horizon\": 2030\n}\n", "fm-syntax", 4, "JSON", 0},
		{"missing required field", "content/intents/x.md", "---\ntitle: X\nhorizon: 2030\n---\n", "fm-required", 2, "summary", 0},
		{"wrong type", "content/intents/x.md", "---\ntitle: X\nsummary: S\nhorizon: soon\n---\n", "fm-type", 4, "horizon", 10},
		{"unknown intent", "content/initiatives/x.md", "---\ntitle: X\nsummary: S\nstatus: piloting\nintents: [a, nope]\n---\n", "ref-unknown", 5, "nope", 14},
		{"unknown status", "content/initiatives/x.md", "---\ntitle: X\nsummary: S\nstatus: flying\nintents: [a]\n---\n", "fm-status", 4, "flying", 9},
		{"duplicate slug", "content/intents/x.md", "---\ntitle: X\nslug: a\nsummary: S\n---\n", "slug-duplicate", 3, "", 0},
		{"broken wiki-link", "content/intents/x.md", okFM + "\nFirst paragraph.\n\nSee [[nope]] here.\n", "ref-unknown", 8, "nope", 5},
		{"link to a missing file", "content/intents/x.md", okFM + "\nSee [the other](missing.md).\n", "link-missing", 6, "missing.md", 0},
		{"link to a missing heading", "content/intents/x.md", okFM + "\nSee [[a#nope]].\n", "link-heading", 6, "nope", 0},
		{"invalid UTF-8", "content/intents/x.md", "---\ntitle: X\nsummary: caf\xe9\n---\n", "encoding", 3, "", 13},
		{"empty file", "content/intents/x.md", "", "empty", 0, "", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			src := filepath.Join(dir, "site")
			files := smallSite()
			files[tc.file] = tc.body
			writeSite(t, src, files)

			for _, withPrevious := range []bool{false, true} {
				dest := filepath.Join(dir, "public")
				if withPrevious {
					writeSite(t, dest, map[string]string{"index.html": "previous site", "intents/a/index.html": "a"})
				}
				before := snapshot(t, dest)
				res, err := generator.Build(generator.Options{Source: src, Destination: dest, Now: now})
				if !errors.Is(err, generator.ErrContent) {
					t.Fatalf("err = %v, want ErrContent; diagnostics: %v", err, res.Diags)
				}
				d := findDiag(res.Diags, tc.code, tc.file)
				if d == nil {
					t.Fatalf("no %s error for %s; got:\n%s", tc.code, tc.file, diagsString(res.Diags))
				}
				if d.Line != tc.line {
					t.Errorf("line = %d, want %d: %s", d.Line, tc.line, d)
				}
				if tc.col != 0 && d.Col != tc.col {
					t.Errorf("column = %d, want %d: %s", d.Col, tc.col, d)
				}
				if tc.inMsg != "" && !strings.Contains(d.Message, tc.inMsg) {
					t.Errorf("message does not mention %q: %s", tc.inMsg, d)
				}
				if d.Hint == "" && tc.code != "ref-unknown" {
					t.Logf("no hint: %s", d)
				}
				if withPrevious {
					sameTree(t, before, snapshot(t, dest))
				} else if _, err := os.Stat(dest); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("a failed build created the destination (stat: %v)", err)
				}
				if l := leftovers(t, dest); len(l) > 0 {
					t.Errorf("temporary folders left beside the destination: %v", l)
				}
			}
		})
	}
}

func diagsString(l diag.List) string {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// The small site itself builds cleanly, with its wiki-links resolved: the
// fixtures the bad-input cases start from are good apart from the one change.
func TestSmallSiteBuilds(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "site")
	writeSite(t, src, smallSite())
	out := filepath.Join(dir, "public")
	build(t, src, out, "")
	if !contains(hrefs(page(t, out, "/initiatives/b/")), "/intents/a/") {
		t.Error("initiative b does not link to intent a")
	}
	if !contains(hrefs(page(t, out, "/intents/a/")), "/initiatives/b/") {
		t.Error("intent a does not link to initiative b")
	}
	checkLinks(t, out, "/")
}

// originals are the pages among files, not their translations (NAME.cy.md).
func originals(files []string, _ error) []string {
	var out []string
	for _, f := range files {
		if strings.Count(filepath.Base(f), ".") == 1 {
			out = append(out, f)
		}
	}
	return out
}
