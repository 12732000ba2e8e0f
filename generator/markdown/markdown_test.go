package markdown

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
)

func convert(t testing.TB, src string, opt Options) *Document {
	t.Helper()
	d, err := New().Convert([]byte(src), opt)
	if err != nil {
		t.Fatalf("Convert(%q): %v", src, err)
	}
	return d
}

func TestLinks(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []Link
	}{
		{"wiki forms", "See [[a]] and [[kind/b | B ]]\n  [[c#Some Heading|C]]", []Link{
			{Kind: WikiLink, Target: "a", Line: 1, Col: 5},
			{Kind: WikiLink, Target: "kind/b", Label: "B", Line: 1, Col: 15},
			{Kind: WikiLink, Target: "c", Fragment: "Some Heading", Label: "C", Line: 2, Col: 3},
		}},
		{"file, anchor and image in source order", "# T\n\n- [x *y*](../b/c%20d.md?q=1#frag) ![alt](img/p.png)\n- [z](#top) [[w]]", []Link{
			{Kind: FileLink, Target: "../b/c d.md", Fragment: "frag", Label: "x y", Line: 3, Col: 3},
			{Kind: FileLink, Target: "img/p.png", Label: "alt", Image: true, Line: 3, Col: 35},
			{Kind: AnchorLink, Fragment: "top", Label: "z", Line: 4, Col: 3},
			{Kind: WikiLink, Target: "w", Line: 4, Col: 13},
		}},
		{"external links are not recorded", "[a](https://x.org) [b](//x.org/abs) [c](javascript:x) <https://y.org>", nil},
		{"root-relative links are site links", "[b](/narratives/#top) ![m](/img/map.png)", []Link{
			{Kind: SiteLink, Target: "/narratives/", Fragment: "top", Label: "b", Line: 1, Col: 1},
			{Kind: SiteLink, Target: "/img/map.png", Label: "m", Image: true, Line: 1, Col: 23},
		}},
		{"reference link at its use, not its definition", "[r]: far.md\n\ntext [x][r]", []Link{
			{Kind: FileLink, Target: "far.md", Label: "x", Line: 3, Col: 6},
		}},
		{"footnote links in source order", "a[^1] [[b]]\n\n[^1]: [[c]]\n\n[[d]]", []Link{
			{Kind: WikiLink, Target: "b", Line: 1, Col: 7},
			{Kind: WikiLink, Target: "c", Line: 3, Col: 7},
			{Kind: WikiLink, Target: "d", Line: 5, Col: 1},
		}},
		{"CRLF and lone CR line ends", "x\r\n[[a]]\ry [[b]]", []Link{
			{Kind: WikiLink, Target: "a", Line: 2, Col: 1},
			{Kind: WikiLink, Target: "b", Line: 3, Col: 3},
		}},
		{"columns count bytes of the source as given, not the cleaned one", "\x00\x01é [[a]]\n\xff[[b]]", []Link{
			{Kind: WikiLink, Target: "a", Line: 1, Col: 6},
			{Kind: WikiLink, Target: "b", Line: 2, Col: 2},
		}},
		{"in a blockquote and a table", "> q [[a]]\n\n| h |\n|---|\n| [x](y.md) |", []Link{
			{Kind: WikiLink, Target: "a", Line: 1, Col: 5},
			{Kind: FileLink, Target: "y.md", Label: "x", Line: 5, Col: 3},
		}},
		{"wiki-link inside a Markdown link is not a link of its own", "[see [[a]]](b.md)", []Link{
			{Kind: FileLink, Target: "b.md", Label: "see a", Line: 1, Col: 1},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := convert(t, tt.src, Options{})
			if !reflect.DeepEqual(d.Links, tt.want) {
				t.Errorf("Links of %q:\n got %+v\nwant %+v", tt.src, d.Links, tt.want)
			}
			if got := countSlots(t, d); got != len(d.Links) {
				t.Errorf("%d links have an open slot, want %d", got, len(d.Links))
			}
		})
	}
}

// countSlots checks that every slot in d.HTML is well formed and refers to a
// link, and returns how many links have an opening slot.
func countSlots(t testing.TB, d *Document) int {
	t.Helper()
	opened := map[int]bool{}
	h := d.HTML
	for {
		i := bytes.IndexByte(h, slotMarker)
		if i < 0 {
			break
		}
		j := bytes.IndexByte(h[i+1:], slotMarker)
		if j < 2 {
			t.Fatalf("malformed slot in %q", d.HTML)
		}
		var n int
		if _, err := fmt.Sscanf(string(h[i+2:i+1+j]), "%d", &n); err != nil || n < 0 || n >= len(d.Links) {
			t.Fatalf("slot %q refers to no link (%d links)", h[i:i+2+j], len(d.Links))
		}
		if k := h[i+1]; k == slotOpen || k == slotImageOpen {
			opened[n] = true
		}
		h = h[i+2+j:]
	}
	return len(opened)
}

func TestHeadings(t *testing.T) {
	src := "# Intro\n\nText\n\n## Costs & *funding*\n\nSetext\n------\n\n## Intro\n\n### [[ok-a|The A]] `code`\n\n## Ääkköset på svenska\n\n## 123\n\n## Intro 1\n"
	want := []Heading{
		{1, "intro", "Intro"},
		{2, "costs--funding", "Costs & funding"},
		{2, "setext", "Setext"},
		{2, "intro-1", "Intro"},
		{3, "the-a-code", "The A code"},
		{2, "ääkköset-på-svenska", "Ääkköset på svenska"},
		{2, "123", "123"},
		{2, "intro-1-1", "Intro 1"},
	}
	d := convert(t, src, Options{})
	if !reflect.DeepEqual(d.Headings, want) {
		t.Errorf("Headings:\n got %+v\nwant %+v", d.Headings, want)
	}
	for _, h := range want {
		if !bytes.Contains(d.HTML, []byte(` id="`+h.ID+`"`)) {
			t.Errorf("HTML has no id %q:\n%s", h.ID, d.HTML)
		}
	}
}

func TestManyRepeatedHeadings(t *testing.T) {
	// Ids of repeats must not be found by counting up from 1 each time:
	// 20,000 equal headings once took 24 s.
	d := convert(t, strings.Repeat("## a\n", 20000), Options{})
	if got := d.Headings[len(d.Headings)-1].ID; got != "a-19999" {
		t.Errorf("last id = %q, want a-19999", got)
	}
}

func TestCitations(t *testing.T) {
	src := "a <a class=\"yt-timestamp\" data-t=\"00:00:21\">[00:00:21]</a>\n\n" +
		"- b <a data-t='1:02:03' class='yt-timestamp'>[1:02:03]</a>, <a class=\"yt-timestamp\" data-t=\"59:59\">[59:59]</a>\n" +
		"- `<a class=\"yt-timestamp\" data-t=\"00:00:01\">[00:00:01]</a>` <a class=\"yt-timestamp\" data-t=\"00:60:00\">x</a>\n"
	want := []Citation{
		{"00:00:21", 21, 1},
		{"01:02:03", 3723, 3},
		{"00:59:59", 3599, 3},
	}
	for _, video := range []string{"", "W9xL8ZgZX-o"} {
		d := convert(t, src, Options{VideoID: video})
		if !reflect.DeepEqual(d.Citations, want) {
			t.Errorf("VideoID %q: Citations:\n got %+v\nwant %+v", video, d.Citations, want)
		}
		links := bytes.Count(d.HTML, []byte(`<a class="timestamp"`))
		if video == "" && links != 0 || video != "" && links != 3 {
			t.Errorf("VideoID %q: %d timestamp links in\n%s", video, links, d.HTML)
		}
	}
}

func TestParseTimestamp(t *testing.T) {
	tests := []struct {
		in   string
		want string
		secs int
		ok   bool
	}{
		{"00:00:21", "00:00:21", 21, true},
		{" 1:02:03 ", "01:02:03", 3723, true},
		{"12:07", "00:12:07", 727, true},
		{"75:00", "01:15:00", 4500, true},
		{"0:5", "", 0, false},
		{"00:60", "", 0, false},
		{"1:2:3:4", "", 0, false},
		{"aa:bb", "", 0, false},
		{"", "", 0, false},
		{"-1:00", "", 0, false},
	}
	for _, tt := range tests {
		got, secs, ok := parseTimestamp(tt.in)
		if got != tt.want || secs != tt.secs || ok != tt.ok {
			t.Errorf("parseTimestamp(%q) = %q, %d, %v; want %q, %d, %v", tt.in, got, secs, ok, tt.want, tt.secs, tt.ok)
		}
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		src   string
		text  string
		words int
	}{
		{"", "", 0},
		{"# Title\n\nOne *two*   three.\nfour", "Title. One two three. four", 5},
		{"- a\n- b\n\n> c", "a. b. c", 3},
		{"## Costs?\n\n1. first;\n2. *second*\n\nDone", "Costs? first; second. Done", 4},
		{"[[x|Label here]] and [[y]] and [l](z.md) ![alt text](i.png)", "Label here and y and l alt text", 8},
		{"Risk <a class=\"yt-timestamp\" data-t=\"00:00:21\">[00:00:21]</a>, <a class=\"yt-timestamp\" data-t=\"00:00:22\">[00:00:22]</a>. Next", "Risk. Next", 2},
		{"a <b>bold</b> &amp; \\*x\\* `<code>`", "a bold & *x* <code>", 5},
		{"```go\nfunc f() {}\n```", "func f() {}", 3},
		{"<div>\n<p>block <script>evil()</script>text</p>\n</div>", "block text", 2},
		{"| a | b |\n|---|---|\n| 1 | 2 |", "a · b. 1 · 2", 4},
		{"Applications:\n\n| quarter | gas price index | applications |\n|---|---|---|\n| Q4 2024 | 142 | 38 |\n| Q1 2025 | | 12 |\n\nAfter", "Applications: quarter · gas price index · applications. Q4 2024 · 142 · 38. Q1 2025 · 12. After", 14},
	}
	for _, tt := range tests {
		d := convert(t, tt.src, Options{})
		if d.Text != tt.text || d.Words != tt.words {
			t.Errorf("Text of %q = %q (%d words), want %q (%d)", tt.src, d.Text, d.Words, tt.text, tt.words)
		}
	}
}

// TestPlainText: an unlabelled wiki-link is shown as its target's title
// wherever it stands (first, after a block, in a table cell, with a
// fragment); a labelled one, one inside a link and one whose target has no
// title keep their text.
func TestPlainText(t *testing.T) {
	src := "[[riverford-lab]] ran it.\n\n- with [[school-streets#costs]]\n- and [[x|the label]]\n\n" +
		"| who | what |\n|---|---|\n| [[kind/home-health-damp-checks]] | [[missing]] |\n\n[a [[inner]] link](https://example.org)"
	d := convert(t, src, Options{})
	titles := map[string]string{"riverford-lab": "Riverford Lab", "school-streets#costs": "School streets", "kind/home-health-damp-checks": "Damp and cold checks\nby  nurses"}
	got := d.PlainText(func(n int) string {
		l := d.Links[n]
		return titles[joinFragment(l.Target, l.Fragment)]
	})
	want := "Riverford Lab ran it. with School streets. and the label. who · what. Damp and cold checks by nurses · missing. a inner link"
	if got != want {
		t.Errorf("PlainText =\n%q, want\n%q", got, want)
	}
	if none := d.PlainText(func(int) string { return "" }); none != d.Text {
		t.Errorf("PlainText without titles = %q, want Text %q", none, d.Text)
	}
}

func TestRenderUnbufferedWriter(t *testing.T) {
	d := convert(t, "[[ok-a]] [x](missing.md) ![i](ok.png)", Options{})
	var b bytes.Buffer
	// A writer with no WriteString makes Render buffer on its own.
	if err := d.Render(struct{ io.Writer }{&b}, fakeResolve(d)); err != nil {
		t.Fatal(err)
	}
	want := `<p><a href="/p/ok-a/" class="wikilink">Title of ok-a</a> <span class="unresolved">x</span> <img src="/p/ok.png/" alt="i" loading="lazy"></p>` + "\n"
	if b.String() != want {
		t.Errorf("got  %s\nwant %s", b.String(), want)
	}
}

func TestRenderResolvesEachLinkOnce(t *testing.T) {
	d := convert(t, "[[ok-a]] [[ok-b|B]] [x](ok.md) ![i](ok.png) [[ok-a]]", Options{})
	calls := map[int]int{}
	resolve := fakeResolve(d)
	if err := d.Render(io.Discard, func(n int) Target { calls[n]++; return resolve(n) }); err != nil {
		t.Fatal(err)
	}
	if len(calls) != 5 {
		t.Errorf("resolve called for %d links, want 5", len(calls))
	}
	for n, c := range calls {
		if c != 1 {
			t.Errorf("resolve(%d) called %d times", n, c)
		}
	}
}

func TestRenderEscapesTargets(t *testing.T) {
	d := convert(t, "[[a]] [x](b.md)", Options{})
	var b strings.Builder
	err := d.Render(&b, func(n int) Target {
		return Target{URL: `/x/"><script>alert(1)</script>`, Title: `<i>T</i> & "q"`}
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "<script") || strings.Contains(b.String(), "<i>") {
		t.Errorf("target not escaped: %s", b.String())
	}
}

func TestRenderRejectsTamperedHTML(t *testing.T) {
	d := convert(t, "[[a]]", Options{})
	for _, h := range []string{"\x1aL9\x1a", "\x1aLx\x1a", "\x1aL0", "\x1aZ0\x1a", "\x1a\x1a"} {
		d.HTML = []byte(h)
		if err := d.Render(io.Discard, func(int) Target { return Target{} }); err == nil {
			t.Errorf("Render(%q): no error", h)
		}
	}
}

// TestHostileInput feeds content that tries to forge slots or break the
// parser: the HTML may only hold the slots Convert wrote, and Render's output
// no marker byte, control character or invalid UTF-8.
func TestHostileInput(t *testing.T) {
	inputs := []string{
		"\x1aL0\x1a [[a]]",
		"[[a]] \x1aT0\x1a \x1aE0\x1a",
		"&#26;L0&#26; [[a]] &#x1a;E0&#x1A; &#0000026;",
		"[x](&#26;L0&#26;.md) [[a|&#26;T0&#26;]]",
		"`&#26;L0&#26;` [[a]]",
		"\x00\x00[[a\x00]]\x00",
		"[[\xff\xfe]] \xc3\x28 [x](\xe2\x82.md)",
		"<a class=\"yt-timestamp\" data-t=\"\x1a\">x</a>",
		"[t](x.md \"&#26;T0&#26;\")",
		"![&#26;I0&#26;](x.png)",
		strings.Repeat("[[", 1000) + strings.Repeat("]]", 1000),
		strings.Repeat("[", 5000),
		strings.Repeat("<a ", 2000),
	}
	for _, in := range inputs {
		d, err := New().Convert([]byte(in), Options{VideoID: "W9xL8ZgZX-o"})
		if err != nil {
			t.Errorf("Convert(%q): %v", in, err)
			continue
		}
		countSlots(t, d)
		if n := bytes.Count(d.HTML, []byte{slotMarker}); n%2 != 0 {
			t.Errorf("Convert(%q): odd number of markers in %q", in, d.HTML)
		}
		out := renderString(t, New(), in, Options{})
		for i := 0; i < len(out); i++ {
			if c := out[i]; c < 0x20 && c != '\n' && c != '\t' && c != '\r' {
				t.Errorf("Render(%q) holds control byte %#x: %q", in, c, out)
				break
			}
		}
		if !utf8.ValidString(out) {
			t.Errorf("Render(%q) is not valid UTF-8: %q", in, out)
		}
		if strings.Contains(out, `href="/p/`) {
			t.Errorf("Render(%q) resolved a forged link: %q", in, out)
		}
	}
}

func TestConcurrentConvert(t *testing.T) {
	c := New()
	src := benchBody()
	want := renderString(t, c, src, Options{VideoID: "W9xL8ZgZX-o"})
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				opt := Options{VideoID: "W9xL8ZgZX-o"}
				if (g+i)%2 == 1 {
					opt.VideoID = ""
				}
				got := renderString(t, c, src, opt)
				if opt.VideoID != "" && got != want {
					errs <- "concurrent conversion differs from a sequential one"
					return
				}
				if opt.VideoID == "" && strings.Contains(got, "youtube.com") {
					errs <- "a page without a video got another page's video"
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}

func TestDomainDocument(t *testing.T) {
	src, err := os.ReadFile("testdata/domain.md")
	if err != nil {
		t.Fatal(err)
	}
	d := convert(t, string(src), Options{VideoID: "W9xL8ZgZX-o"})
	if len(d.Citations) != 62 || len(d.Links) != 9 || d.Links[1].Target != "Managing Innovation Portfolios" || d.Links[1].Label != "Portfolio approaches" {
		t.Errorf("got %d citations, %d links (%+v)", len(d.Citations), len(d.Links), d.Links)
	}
	out := renderString(t, New(), string(src), Options{VideoID: "W9xL8ZgZX-o"})
	if strings.Contains(out, "yt-timestamp") || strings.Contains(out, "[[") {
		t.Errorf("unconverted citation or wiki-link in\n%s", out)
	}
}

// unsafeMarkup returns what is wrong with the markup of out, "" if nothing:
// a forbidden element, an event handler or style attribute, or a URL with
// a scheme other than http, https, mailto and tel.
func unsafeMarkup(out string) string {
	z := xhtml.NewTokenizer(strings.NewReader(out))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return ""
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "style", "iframe", "object", "embed", "form", "svg", "math", "base", "meta", "link":
				return "element " + tok.Data
			}
			for _, a := range tok.Attr {
				k := strings.ToLower(a.Key)
				if strings.HasPrefix(k, "on") || k == "style" || k == "srcdoc" || k == "formaction" {
					return "attribute " + k
				}
				if (k == "href" || k == "src") && !safeURL(a.Val) {
					return "URL " + a.Val
				}
			}
		}
	}
}

func TestUnsafeMarkup(t *testing.T) {
	for _, bad := range []string{`<script>`, `<img src=x onerror=y>`, `<a href="jav&#x09;ascript:x">`, `<p style="x">`, `<svg>`} {
		if unsafeMarkup(bad) == "" {
			t.Errorf("unsafeMarkup(%q) found nothing", bad)
		}
	}
	if s := unsafeMarkup(`<p>&lt;script&gt; javascript:x onclick=y <a href="https://x">x</a></p>`); s != "" {
		t.Errorf("unsafeMarkup of safe markup: %s", s)
	}
}

func FuzzConvert(f *testing.F) {
	for _, s := range []string{
		"[[a]] [[b|c]] [x](y.md#z) ![i](j.png) [k](#l)",
		"<script>alert(1)</script> <img src=x onerror=alert(1)> <a href=\"javascript:alert(1)\">x</a>",
		"<div style=\"color:red\" onclick=\"x()\">y</div>",
		"<a class=\"yt-timestamp\" data-t=\"00:00:21\">[00:00:21]</a>",
		"```\"><script>\nx\n```",
		"[x](<javascript:alert(1)>) <javascript:alert(1)> [y](jav&#x09;ascript:1)",
		"\x1aL0\x1a &#26;L0&#26; \x00",
		"| a | b |\n|:-|-:|\n| [[c\\|d]] | e |",
		"<details><summary>s</summary>\n\n<svg onload=x>\n\n</details>",
	} {
		f.Add(s, "W9xL8ZgZX-o")
	}
	c := New()
	f.Fuzz(func(t *testing.T, src, video string) {
		d, err := c.Convert([]byte(src), Options{VideoID: video})
		if err != nil {
			t.Fatal(err)
		}
		countSlots(t, d)
		var b strings.Builder
		resolve := fakeResolve(d)
		if err := d.Render(&b, resolve); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if bad := unsafeMarkup(out); bad != "" {
			t.Fatalf("output of %q has unsafe markup (%s):\n%s", src, bad, out)
		}
		if strings.IndexByte(out, slotMarker) >= 0 {
			t.Fatalf("output of %q contains a slot marker", src)
		}
	})
}

// benchBody is a ~600-word page body with wiki-links, relative links,
// citations, a table and a list.
func benchBody() string {
	var b strings.Builder
	b.WriteString("# The bike library\n\nPart of [[clean-air|Clean air by 2030]] and [[kind/mobility]].\n\n")
	for i := range 8 {
		fmt.Fprintf(&b, "## Section %d\n\n", i)
		b.WriteString("The library lends cargo bikes to families in [[places/north-district|the north district]], " +
			"with *volunteers* from the [community workshop](../organisations/workshop.md#about) doing the **repairs** " +
			"<a class=\"yt-timestamp\" data-t=\"00:12:27\">[00:12:27]</a>. See [the costs](#costs) and the " +
			"[city's page](https://example.org/bikes?x=1&y=2). We learned that families use them for school runs more " +
			"than for shopping, which changed how we think about [[learnings/school-runs]].\n\n")
		b.WriteString("- first point with `code` and ~~old~~ text\n- second point with [[decisions/scale-up#why|a decision]]\n- third point\n\n")
	}
	b.WriteString("| Year | Funding | Source |\n|---:|---:|:---|\n")
	for y := 2020; y < 2026; y++ {
		fmt.Fprintf(&b, "| %d | %d EUR | [[organisations/fund-%d]] |\n", y, y*10, y)
	}
	b.WriteString("\n![A cargo bike](bike.jpg)\n")
	return b.String()
}

func BenchmarkConvert(b *testing.B) {
	c := New()
	src := []byte(benchBody())
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Convert(src, Options{VideoID: "W9xL8ZgZX-o"}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	d, err := New().Convert([]byte(benchBody()), Options{})
	if err != nil {
		b.Fatal(err)
	}
	resolve := func(n int) Target { return Target{URL: "/x/" + d.Links[n].Target + "/", Title: "T"} }
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := d.Render(&buf, resolve); err != nil {
			b.Fatal(err)
		}
	}
}

// TitleFromHeading takes the first level-1 heading out of the body as the
// title; without it the heading stays.
func TestTitleFromHeading(t *testing.T) {
	c := New()
	src := "Intro with a [[link]].\n\n# The *real* title\n\nText.\n\n# Another\n"
	d, err := c.Convert([]byte(src), Options{TitleFromHeading: true})
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "The real title" {
		t.Errorf("Title = %q", d.Title)
	}
	if html := string(d.HTML); strings.Contains(html, "real") || !strings.Contains(html, "Another") {
		t.Errorf("HTML:\n%s", html)
	}
	if len(d.Headings) != 1 || d.Headings[0].Text != "Another" || len(d.Links) != 1 {
		t.Errorf("Headings %v, Links %v", d.Headings, d.Links)
	}
	d, _ = c.Convert([]byte(src), Options{})
	if d.Title != "" || len(d.Headings) != 2 {
		t.Errorf("without the option: Title %q, Headings %v", d.Title, d.Headings)
	}
	d, _ = c.Convert([]byte("## Only a second level\n"), Options{TitleFromHeading: true})
	if d.Title != "" || len(d.Headings) != 1 {
		t.Errorf("no level-1 heading: Title %q, Headings %v", d.Title, d.Headings)
	}
}
