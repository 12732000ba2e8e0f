package config

import (
	"strings"
	"testing"
)

func TestMenuAndEmbedGood(t *testing.T) {
	c, diags := Parse([]byte(`title: x
menu:
  main:
    - {title: About, page: about}
    - title: Council
      url: https://council.example/
  footer:
    - {title: Write to us, url: "mailto:portfolio@council.example"}
    - {title: Feed, url: /feed.xml}
embed:
  allow: [https://www.council.example, "http://localhost:8080", https://intranet.council.example/]
`))
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if len(c.Menu.Main) != 2 || c.Menu.Main[1].URL != "https://council.example/" || c.Menu.Main[1].Line != 5 || c.Menu.Main[0].Line != 4 {
		t.Errorf("menu.main = %+v", c.Menu.Main)
	}
	if c.Line("embed.allow") != 11 || c.Line("menu.footer.1") != 9 {
		t.Errorf("lines: embed.allow %d, menu.footer.1 %d", c.Line("embed.allow"), c.Line("menu.footer.1"))
	}
	if got := Origin(c.Embed.Allow[2]); got != "https://intranet.council.example" {
		t.Errorf("Origin = %q", got)
	}
}

// TestMenuAndEmbedBad: every bad menu entry and embedding origin is an
// error on its own line of site.yaml.
func TestMenuAndEmbedBad(t *testing.T) {
	src := `title: x
menu:
  main:
    - {title: Click, url: "javascript:alert(1)"}
    - {title: Data, url: "data:text/html,<script>alert(1)</script>"}
    - {title: "", page: about}
    - {title: Both, page: about, url: https://x.example/}
    - {title: Neither}
    - {title: Relative, url: about/}
    - {title: Scheme relative, url: //evil.example/}
    - {title: Spaced, url: " javascript:alert(1)"}
  footer:
    - {title: VB, url: "VBScript:msgbox(1)"}
embed:
  allow:
    - https://ok.example
    - council.example
    - https://council.example/map/
    - ftp://council.example
    - "https://*.council.example"
    - "https://council.example 'unsafe-inline'"
    - https://user@council.example
    - https://council.example:99999
`
	_, diags := Parse([]byte(src))
	want := map[int]string{
		4: "config-menu-url", 5: "config-menu-url", 6: "config-menu", 7: "config-menu", 8: "config-menu",
		9: "config-menu-url", 10: "config-menu-url", 11: "config-menu-url", 13: "config-menu-url",
		17: "config-embed-origin", 18: "config-embed-origin", 19: "config-embed-origin", 20: "config-embed-origin",
		21: "config-embed-origin", 22: "config-embed-origin", 23: "config-embed-origin",
	}
	got := map[int]string{}
	for _, d := range diags {
		if d.File != FileName || d.Severity.String() != "error" {
			t.Errorf("%v: want an error in site.yaml", d)
		}
		got[d.Line] = d.Code
	}
	for line, code := range want {
		if got[line] != code {
			t.Errorf("line %d (%s): got %q, want %q", line, strings.Split(src, "\n")[line-1], got[line], code)
		}
	}
	if len(diags) != len(want) {
		t.Errorf("%d diagnostics, want %d:\n%v", len(diags), len(want), diags)
	}
}

// TestMenuURLBackslash: browsers read a backslash in a web address as a
// slash, so /\evil.example/ would be a link to another site dressed as a
// link inside this one.
func TestMenuURLBackslash(t *testing.T) {
	for _, u := range []string{`/\evil.example/`, `/\/evil.example/`, `\\evil.example\x`, `https://ok.example\@evil.example/`, `/about\`} {
		if menuURLProblem(u) == "" {
			t.Errorf("%q: accepted", u)
		}
	}
	for _, u := range []string{"/about/", "https://ok.example/a?b=c#d", "mailto:team@ok.example", "/search/?q=%5C"} {
		if msg := menuURLProblem(u); msg != "" {
			t.Errorf("%q: %s", u, msg)
		}
	}
}
