package content

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/markdown"
)

// FuzzFrontMatter feeds arbitrary files through front matter splitting,
// decoding and checking. It must never panic, and every diagnostic must name
// the file and a line inside it.
func FuzzFrontMatter(f *testing.F) {
	seeds := []string{
		"---\ntitle: A\nsummary: B\nstatus: idea\nintents: [x]\n---\nbody",
		"+++\ntitle = \"A\"\n[image]\nsrc = \"a.png\"\nalt = \"b\"\n+++\n",
		"{\n\"title\": \"A\", \"image\": {\n\"src\": \"a.png\"\n}\n}\nbody",
		"---\na: &a [x, *a]\n---\n",
		"---\nlol: &a [\"l\",\"l\"]\nlol2: &b [*a,*a,*a,*a]\nlol3: &c [*b,*b,*b,*b]\n---\n",
		"---\ntitle: [unclosed\n---\n",
		"---\n---\n",
		"---\ntitle: x",
		"\ufeff---\r\ntitle: A\r\n---\r\n",
		"---\npartners: [{org: a, role: funding}, b]\nrelated: [x, {to: y, relation: builds-on}]\n---\n",
		"---\nconsent: {scope: site, given: 2025-01-01, withdrawn: nope}\nmedia: {type: image}\n---\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s), "initiatives")
	}
	conv := markdown.New()
	f.Fuzz(func(t *testing.T, src []byte, folder string) {
		if len(src) > 1<<16 {
			return
		}
		dir := t.TempDir()
		kind := KindOfFolder(folder)
		rel := "content/" + kind.Folder() + "/page.md"
		if kind == KindPage {
			rel = "content/page.md"
		}
		full := filepath.Join(dir, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, src, 0o644); err != nil {
			t.Fatal(err)
		}
		var diags diag.List
		s := source{file: rel, kind: kind}
		p := loadPage(dir, s, conv, Options{Statuses: []string{"idea", "piloting"}, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, &diags)
		// Lines as an editor counts them: CRLF, CR and LF each end one.
		lines := bytes.Count(bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n")), []byte("\n")) + bytes.Count(bytes.ReplaceAll(src, []byte("\r\n"), nil), []byte("\r")) + 1
		for _, d := range diags {
			if d.File != rel {
				t.Errorf("diagnostic names %q, not the file", d.File)
			}
			if d.Line < 0 || d.Line > lines+1 {
				t.Errorf("diagnostic line %d outside a %d-line file: %s", d.Line, lines, d)
			}
			if !utf8.ValidString(d.Message) && utf8.Valid(src) {
				t.Errorf("diagnostic message is not UTF-8: %q", d.Message)
			}
		}
		if p != nil {
			if !ValidSlug(p.Slug) {
				t.Errorf("page with invalid slug %q", p.Slug)
			}
			for _, a := range p.Aliases {
				if strings.Contains(a, "..") || strings.HasPrefix(a, "/") {
					t.Errorf("unsafe alias %q", a)
				}
			}
		}
	})
}

// FuzzSlugify: whatever the title, the slug is safe to use as a path segment.
func FuzzSlugify(f *testing.F) {
	for _, s := range []string{"Managing Innovation Portfolios", "../../etc/passwd", "%2e%2e", "Café Élan", "  ", "a--b", "\x00/\\", "日本語"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		slug := Slugify(s)
		if slug == "" {
			return
		}
		if !ValidSlug(slug) {
			t.Errorf("Slugify(%q) = %q, not a valid slug", s, slug)
		}
		if strings.HasPrefix(slug, "-") || strings.HasSuffix(slug, "-") || strings.Contains(slug, "--") {
			t.Errorf("Slugify(%q) = %q has stray hyphens", s, slug)
		}
		if Slugify(slug) != slug {
			t.Errorf("Slugify is not idempotent on %q: %q", slug, Slugify(slug))
		}
	})
}
