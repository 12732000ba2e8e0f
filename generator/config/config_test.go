package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator/diag"
)

const goodSite = `title: Riverside innovation portfolio
base_url: https://example.org/portfolio/
language: en-GB
description: What Riverside is trying, learning and deciding.
statement: We try many small things and learn from each.
steward:
  name: Innovation team
  email: innovation@example.org
licence:
  content: CC BY-SA 4.0
  content_url: https://creativecommons.org/licenses/by-sa/4.0/
statuses: [idea, trying, done]
broken_references: warning
accessibility:
  status: full
  known_issues:
    - The funding chart has no table yet.
  contact:
    email: access@example.org
featured: 5
`

func TestParseGood(t *testing.T) {
	c, diags := Parse([]byte(goodSite))
	if len(diags) != 0 {
		t.Fatalf("unexpected diagnostics:\n%s", diags.String())
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"title", c.Title, "Riverside innovation portfolio"},
		{"base_url", c.BaseURL, "https://example.org/portfolio/"},
		{"language", c.Language, "en-GB"},
		{"steward.name", c.Steward.Name, "Innovation team"},
		{"steward.email", c.Steward.Email, "innovation@example.org"},
		{"licence.content", c.Licence.Content, "CC BY-SA 4.0"},
		{"licence.data (default)", c.Licence.Data, "CC BY 4.0"},
		{"statuses", c.Statuses, []string{"idea", "trying", "done"}},
		{"broken_references", c.BrokenReferences, "warning"},
		{"accessibility.status", c.Accessibility.Status, "full"},
		{"accessibility.standard (default)", c.Accessibility.Standard, "WCAG 2.2 AA"},
		{"accessibility.known_issues", c.Accessibility.Known, []string{"The funding chart has no table yet."}},
		{"accessibility.contact.email", c.Accessibility.Contact.Email, "access@example.org"},
		{"featured", c.Featured, 5},
		{"theme (default)", c.Theme, "default"},
		{"content_dir (default)", c.ContentDir, "content"},
	}
	for _, ch := range checks {
		if !reflect.DeepEqual(ch.got, ch.want) {
			t.Errorf("%s = %#v, want %#v", ch.name, ch.got, ch.want)
		}
	}
	if !c.StatusKnown("trying") || c.StatusKnown("piloting") {
		t.Errorf("StatusKnown does not follow the configured statuses %v", c.Statuses)
	}
}

func TestDefaults(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    func(t *testing.T) *Config
	}{
		{"Default", func(*testing.T) *Config { return Default() }},
		{"empty file", func(t *testing.T) *Config {
			c, diags := Parse(nil)
			if len(diags) != 0 {
				t.Errorf("empty site.yaml gave diagnostics:\n%s", diags.String())
			}
			return c
		}},
		{"missing file", func(t *testing.T) *Config {
			c, diags := Load(t.TempDir())
			if len(diags) != 0 {
				t.Errorf("missing site.yaml gave diagnostics:\n%s", diags.String())
			}
			return c
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.c(t)
			if !reflect.DeepEqual(c.Statuses, DefaultStatuses) {
				t.Errorf("Statuses = %v, want %v", c.Statuses, DefaultStatuses)
			}
			if c.BrokenReferences != "error" {
				t.Errorf("BrokenReferences = %q, want error", c.BrokenReferences)
			}
			if c.BasePath() != "/" || c.URL("initiatives/x/") != "/initiatives/x/" {
				t.Errorf("BasePath = %q, URL = %q", c.BasePath(), c.URL("initiatives/x/"))
			}
			if c.Title == "" || c.Language != "en" || c.Featured != 3 || c.ContentDir != "content" {
				t.Errorf("defaults not filled: %+v", c)
			}
		})
	}
	// The defaults must be a copy: a site changing its statuses must not
	// change the package's vocabulary.
	c := Default()
	c.Statuses[0] = "changed"
	if DefaultStatuses[0] != "idea" {
		t.Fatalf("Default shares its Statuses with DefaultStatuses")
	}
}

func TestLoadReadsFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte("\xef\xbb\xbftitle: From disk\nbase_url: /sub\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, diags := Load(dir)
	if len(diags) != 0 {
		t.Fatalf("diagnostics:\n%s", diags.String())
	}
	if c.Title != "From disk" || c.BasePath() != "/sub/" {
		t.Errorf("Title = %q, BasePath = %q", c.Title, c.BasePath())
	}
}

func TestParseBad(t *testing.T) {
	for _, tc := range []struct {
		name     string
		src      string
		code     string
		line     int
		message  string // a substring of the message
		hint     string // a substring of the hint
		severity diag.Severity
	}{
		{
			name: "unknown top-level key",
			src:  "title: X\ntitel: Y\n",
			code: "config-unknown-key", line: 2, message: "`titel`", hint: "did you mean `title`?",
		},
		{
			name: "unknown nested key",
			src:  "title: X\nsteward:\n  name: Team\n  nmae: Team\n",
			code: "config-unknown-key", line: 4, message: "`steward.nmae`", hint: "did you mean `steward.name`?",
		},
		{
			name: "unknown deeply nested key",
			src:  "accessibility:\n  contact:\n    emial: a@example.org\n",
			code: "config-unknown-key", line: 3, message: "`accessibility.contact.emial`", hint: "`accessibility.contact.email`",
		},
		{
			name: "unknown key without a close match",
			src:  "title: X\nzzzzzzzzzzzz: 1\n",
			code: "config-unknown-key", line: 2, message: "`zzzzzzzzzzzz`", hint: "remove it",
		},
		{
			name: "wrong type",
			src:  "title: X\nfeatured: many\n",
			code: "config-type", line: 2, message: "many",
		},
		{
			name: "list where text is expected",
			src:  "title: X\nlanguage:\n  - en\n  - fr\n",
			code: "config-type", line: 3,
		},
		{
			name: "invalid YAML",
			src:  "title: X\nsteward:\n  name: Team\n email: x@example.org\n",
			code: "config-syntax", line: 4, hint: "indentation",
		},
		{
			name: "list item among keys",
			src:  "title: X\n- statuses\n",
			code: "config-syntax", line: 2,
		},
		{
			name: "tab indentation",
			src:  "title: X\nsteward:\n\tname: Team\n",
			code: "config-syntax", line: 3,
		},
		{
			name: "bad broken_references",
			src:  "broken_references: ignore\n",
			code: "config-value", message: "ignore", hint: "error or warning",
		},
		{
			name: "status with a capital",
			src:  "statuses: [idea, Piloting]\n",
			code: "config-value", message: "Piloting",
		},
		{
			name: "status listed twice",
			src:  "statuses: [idea, idea]\n",
			code: "config-value", message: "twice",
		},
		{
			name: "base_url with another scheme",
			src:  "base_url: ftp://example.org/\n",
			code: "config-base-url", message: "ftp",
		},
		{
			name: "base_url without a scheme",
			src:  "title: T\nbase_url: innovation.lakeside.example\n",
			code: "config-base-url", line: 2, message: "no scheme", hint: "https://innovation.lakeside.example/",
		},
		{
			name: "base_url host and path without a scheme",
			src:  "base_url: example.org/portfolio/\n",
			code: "config-base-url", line: 1, message: "/example.org/portfolio", hint: "https://example.org/portfolio/",
		},
		{
			name: "base_url as a path without its slash",
			src:  "base_url: portfolio/\n",
			code: "config-base-url", line: 1, message: "neither", hint: "/portfolio/",
		},
		{
			name: "base_url without a host",
			src:  "base_url: https:///portfolio/\n",
			code: "config-base-url", line: 1, message: "no host",
		},
		{
			name: "base_url with a query",
			src:  "base_url: https://example.org/?x=1\n",
			code: "config-base-url", message: "query",
		},
		{
			name: "report_url that is not a URL",
			src:  "title: T\nreport_url: our feedback form\n",
			code: "config-report-url", line: 2, message: "not a web address", hint: "https://",
		},
		{
			name: "report_url with a script scheme",
			src:  "report_url: javascript:alert(1)\n",
			code: "config-report-url", line: 1, message: "not a web address",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, diags := Parse([]byte(tc.src))
			if c == nil {
				t.Fatal("Parse returned a nil Config")
			}
			if len(c.Statuses) == 0 || c.ContentDir == "" {
				t.Errorf("defaults not filled on a config with errors: %+v", c)
			}
			d, ok := find(diags, tc.code)
			if !ok {
				t.Fatalf("no %s diagnostic; got:\n%s", tc.code, diags.String())
			}
			if d.File != FileName {
				t.Errorf("File = %q, want %q", d.File, FileName)
			}
			if tc.line != 0 && d.Line != tc.line {
				t.Errorf("Line = %d, want %d\n%s", d.Line, tc.line, d)
			}
			if d.Severity != diag.Error {
				t.Errorf("Severity = %v, want error", d.Severity)
			}
			if !strings.Contains(d.Message, tc.message) {
				t.Errorf("Message = %q, want it to contain %q", d.Message, tc.message)
			}
			if !strings.Contains(d.Hint, tc.hint) {
				t.Errorf("Hint = %q, want it to contain %q", d.Hint, tc.hint)
			}
		})
	}
}

func TestParseReportsEveryUnknownKey(t *testing.T) {
	_, diags := Parse([]byte("titel: X\nsteward:\n  nmae: T\nthem: dark\n"))
	var lines []int
	for _, d := range diags {
		if d.Code == "config-unknown-key" {
			lines = append(lines, d.Line)
		}
	}
	if !reflect.DeepEqual(lines, []int{1, 3, 4}) {
		t.Errorf("unknown keys reported on lines %v, want [1 3 4]\n%s", lines, diags.String())
	}
}

func TestURLs(t *testing.T) {
	for _, tc := range []struct {
		base     string
		basePath string
		url      string // URL("initiatives/x/")
		abs      string // AbsURL("initiatives/x/")
		root     string // URL("/data/portfolio.json")
	}{
		{"https://example.org/portfolio/", "/portfolio/", "/portfolio/initiatives/x/", "https://example.org/portfolio/initiatives/x/", "/portfolio/data/portfolio.json"},
		{"https://example.org/portfolio", "/portfolio/", "/portfolio/initiatives/x/", "https://example.org/portfolio/initiatives/x/", "/portfolio/data/portfolio.json"},
		{"https://example.org", "/", "/initiatives/x/", "https://example.org/initiatives/x/", "/data/portfolio.json"},
		{"https://example.org/", "/", "/initiatives/x/", "https://example.org/initiatives/x/", "/data/portfolio.json"},
		{"http://localhost:1313/a/b/", "/a/b/", "/a/b/initiatives/x/", "http://localhost:1313/a/b/initiatives/x/", "/a/b/data/portfolio.json"},
		{"/portfolio/", "/portfolio/", "/portfolio/initiatives/x/", "/portfolio/initiatives/x/", "/portfolio/data/portfolio.json"},
		{"", "/", "/initiatives/x/", "/initiatives/x/", "/data/portfolio.json"},
	} {
		t.Run(tc.base, func(t *testing.T) {
			c, diags := Parse([]byte("base_url: \"" + tc.base + "\"\n"))
			if len(diags) != 0 {
				t.Fatalf("diagnostics:\n%s", diags.String())
			}
			if got := c.BasePath(); got != tc.basePath {
				t.Errorf("BasePath() = %q, want %q", got, tc.basePath)
			}
			if got := c.URL("initiatives/x/"); got != tc.url {
				t.Errorf("URL(initiatives/x/) = %q, want %q", got, tc.url)
			}
			if got := c.AbsURL("initiatives/x/"); got != tc.abs {
				t.Errorf("AbsURL(initiatives/x/) = %q, want %q", got, tc.abs)
			}
			if got := c.URL("/data/portfolio.json"); got != tc.root {
				t.Errorf("URL(/data/portfolio.json) = %q, want %q", got, tc.root)
			}
		})
	}
}

func TestSetBaseURL(t *testing.T) {
	c := Default()
	for _, good := range []string{"/", "/sub/", "http://localhost:1313/", "https://example.net/sub"} {
		if err := c.SetBaseURL(good); err != nil {
			t.Errorf("SetBaseURL(%q): %v", good, err)
		}
	}
	if err := c.SetBaseURL("https://example.net/sub/"); err != nil {
		t.Fatal(err)
	}
	if got := c.AbsURL("map/"); got != "https://example.net/sub/map/" {
		t.Errorf("AbsURL after SetBaseURL = %q", got)
	}
	for _, bad := range []string{"ftp://example.net/", "://nope", "javascript:alert(1)", "example.net", "sub/", "https://"} {
		if err := c.SetBaseURL(bad); err == nil {
			t.Errorf("SetBaseURL(%q) accepted", bad)
		}
	}
	if got := c.BaseURL; got != "https://example.net/sub/" {
		t.Errorf("a refused base URL changed BaseURL to %q", got)
	}
}

func find(l diag.List, code string) (diag.Diagnostic, bool) {
	for _, d := range l {
		if d.Code == code {
			return d, true
		}
	}
	return diag.Diagnostic{}, false
}
