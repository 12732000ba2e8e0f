package markdown

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the expected HTML of testdata/*.txt fixtures")

// Fixture files hold cases of Markdown in and HTML out, in goldmark's style:
//
//	3: description
//	video: W9xL8ZgZX-o            (optional: Options.VideoID)
//	//- - - - - - - - -//
//	markdown
//	//- - - - - - - - -//
//	html (after Render with fakeResolve)
//	//= = = = = = = = = = = = = = = = = = = = = = = =//
const (
	caseSep  = "//- - - - - - - - -//"
	caseEnd  = "//= = = = = = = = = = = = = = = = = = = = = = = =//"
	videoPfx = "video: "
)

type fixture struct {
	header   string // "3: description"
	video    string
	markdown string
	html     string
}

func readFixtures(t *testing.T, path string) []fixture {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cases []fixture
	for i, block := range strings.Split(string(data), caseEnd+"\n") {
		if strings.TrimSpace(block) == "" {
			continue
		}
		parts := strings.Split(block, caseSep+"\n")
		if len(parts) != 3 {
			t.Fatalf("%s: case %d: want header, markdown and html separated by %q", path, i+1, caseSep)
		}
		head := strings.Split(strings.TrimRight(parts[0], "\n"), "\n")
		c := fixture{header: head[0], markdown: parts[1], html: parts[2]}
		for _, l := range head[1:] {
			if v, ok := strings.CutPrefix(l, videoPfx); ok {
				c.video = v
			} else {
				t.Fatalf("%s: %s: unknown header line %q", path, c.header, l)
			}
		}
		cases = append(cases, c)
	}
	return cases
}

func writeFixtures(t *testing.T, path string, cases []fixture) {
	t.Helper()
	var b strings.Builder
	for _, c := range cases {
		b.WriteString(c.header + "\n")
		if c.video != "" {
			b.WriteString(videoPfx + c.video + "\n")
		}
		b.WriteString(caseSep + "\n" + c.markdown + caseSep + "\n" + c.html + caseEnd + "\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// fakeResolve resolves wiki targets and file paths starting with "ok" and
// fragments of anchor links starting with "ok"; everything else is
// unresolved. Targets starting with "ok-untitled" have no title.
func fakeResolve(d *Document) func(n int) Target {
	return func(n int) Target {
		l := d.Links[n]
		if l.Kind == AnchorLink {
			if strings.HasPrefix(l.Fragment, "ok") {
				return Target{URL: "#" + l.Fragment}
			}
			return Target{}
		}
		if l.Kind == SiteLink {
			if !strings.HasPrefix(l.Target, "/ok") {
				return Target{}
			}
			if l.Fragment != "" {
				return Target{URL: "/base" + l.Target + "#" + l.Fragment}
			}
			return Target{URL: "/base" + l.Target}
		}
		if !strings.HasPrefix(l.Target, "ok") {
			return Target{}
		}
		t := Target{URL: "/p/" + l.Target + "/", Title: "Title of " + l.Target}
		if strings.HasPrefix(l.Target, "ok-untitled") {
			t.Title = ""
		}
		if l.Fragment != "" {
			t.URL += "#" + l.Fragment
		}
		return t
	}
}

func renderString(t testing.TB, c *Converter, src string, opt Options) string {
	t.Helper()
	d, err := c.Convert([]byte(src), opt)
	if err != nil {
		t.Fatalf("Convert(%q): %v", src, err)
	}
	var b bytes.Buffer
	if err := d.Render(&b, fakeResolve(d)); err != nil {
		t.Fatalf("Render(%q): %v", src, err)
	}
	return b.String()
}

func TestFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	c := New()
	for _, path := range files {
		cases := readFixtures(t, path)
		changed := false
		for i := range cases {
			fc := &cases[i]
			name := fmt.Sprintf("%s/%s", filepath.Base(path), fc.header)
			got := renderString(t, c, fc.markdown, Options{VideoID: fc.video})
			if bad := unsafeMarkup(got); bad != "" {
				t.Errorf("%s: unsafe markup (%s) in\n%s", name, bad, got)
			}
			if got == fc.html {
				continue
			}
			if *update {
				fc.html, changed = got, true
				continue
			}
			t.Errorf("%s\nmarkdown:\n%s\nwant:\n%s\ngot:\n%s", name, fc.markdown, fc.html, got)
		}
		if changed {
			writeFixtures(t, path, cases)
		}
	}
}
