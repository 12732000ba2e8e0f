package generator_test

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/internal/testsite"
)

// TestBrandOnEveryPage builds a site with a logo, colours and an extra
// stylesheet under a sub-path: every page shows the logo in its header
// and links the theme's stylesheet first, then the brand's colours, then
// the extra one, each a published file with a matching integrity value,
// and the favicon made from the logo.
func TestBrandOnEveryPage(t *testing.T) {
	src := testsite.Write(t, map[string]string{
		"site.yaml": `title: Riverford portfolio
base_url: https://example.org/portfolio/
brand:
  logo: brand/logo.svg
  logo_alt: City of Riverford
  colour: "#5a2d8c"
  accent: "#8a3b00"
  css: [brand/council.css]
`,
		"brand/logo.svg":               `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 30" onload="alert(1)"><rect width="60" height="30" fill="#5a2d8c"/></svg>`,
		"brand/council.css":            ".brand-name { letter-spacing: .02em }",
		"content/intents/clean-air.md": "---\ntitle: Clean air\nsummary: Air.\n---\n",
		"content/about.md":             "---\ntitle: About\n---\nAbout.\n",
	})
	dest := filepath.Join(t.TempDir(), "public")
	res := build(t, src, dest, "")
	sanitised := false
	for _, d := range res.Diags {
		sanitised = sanitised || d.Code == "brand-svg-sanitised" && d.File == "site.yaml" && d.Line == 4 && strings.Contains(d.Message, "onload")
	}
	if !sanitised {
		t.Errorf("no warning at site.yaml:4 that the logo's onload was removed: %v", res.Diags)
	}
	for _, page := range []string{"index.html", "about/index.html", "intents/clean-air/index.html", "map/index.html", "404.html"} {
		doc := parseHTML(t, filepath.Join(dest, page))
		var styles, icons []string
		var logo *html.Node
		walkNodes(doc, func(n *html.Node) {
			switch {
			case n.Data == "link":
				rel, _ := attr(n, "rel")
				href, _ := attr(n, "href")
				switch rel {
				case "stylesheet":
					styles = append(styles, href)
					checkIntegrity(t, dest, page, n)
				case "icon", "apple-touch-icon":
					icons = append(icons, href)
				}
			case n.Data == "img" && hasClass(n, "brand-logo"):
				logo = n
			}
		})
		if len(styles) != 3 || !strings.HasPrefix(styles[0], "/portfolio/assets/site.") || !strings.HasPrefix(styles[1], "/portfolio/assets/brand-colours.") || !strings.HasPrefix(styles[2], "/portfolio/assets/brand-1-council.") {
			t.Errorf("%s: stylesheets %v, want the theme's, the brand colours, then council.css", page, styles)
		}
		if len(icons) != 1 || !strings.HasPrefix(icons[0], "/portfolio/assets/favicon.") || !strings.HasSuffix(icons[0], ".svg") {
			t.Errorf("%s: favicons %v", page, icons)
		}
		if logo == nil {
			t.Errorf("%s: no logo in the header", page)
			continue
		}
		alt, _ := attr(logo, "alt")
		w, _ := attr(logo, "width")
		h, _ := attr(logo, "height")
		srcAttr, _ := attr(logo, "src")
		if alt != "City of Riverford" || w != "80" || h != "40" {
			t.Errorf("%s: logo alt=%q %sx%s", page, alt, w, h)
		}
		data, err := os.ReadFile(filepath.Join(dest, strings.TrimPrefix(srcAttr, "/portfolio/")))
		if err != nil || strings.Contains(string(data), "onload") || !strings.Contains(string(data), "<svg") {
			t.Errorf("%s: the published logo %s: %v\n%s", page, srcAttr, err, data)
		}
	}
	colours := readGlob(t, dest, "assets/brand-colours.*.css")
	if !strings.Contains(colours, "#5a2d8c") || !strings.Contains(colours, "#8a3b00") {
		t.Errorf("brand colours stylesheet: %s", colours)
	}
}

// TestBadBrandWritesNothing: a brand setting that fails is an error at its
// line of site.yaml (its last) and the build writes nothing.
func TestBadBrandWritesNothing(t *testing.T) {
	for name, yaml := range map[string]string{
		"missing logo":     "title: x\nbrand:\n  logo: brand/logo.svg\n",
		"gif logo":         "title: x\nbrand:\n  logo: logo.gif\n",
		"missing favicon":  "title: x\nbrand:\n  favicon: favicon.ico\n",
		"not a colour":     "title: x\nbrand:\n  colour: reddish\n",
		"poor contrast":    "title: x\nbrand:\n  colour: \"#ffbf47\"\n",
		"remote css":       "title: x\nbrand:\n  css: [remote.css]\n",
		"unknown menu":     "title: x\nmenu:\n  main:\n    - {title: About, page: abuot}\n",
		"javascript menu":  "title: x\nmenu:\n  main:\n    - {title: About, url: \"javascript:alert(1)\"}\n",
		"origin with path": "title: x\nembed:\n  allow: [https://council.example/map/]\n",
	} {
		src := testsite.Write(t, map[string]string{
			"site.yaml":                    yaml,
			"logo.gif":                     "GIF89a",
			"remote.css":                   "@import url(https://cdn.example/x.css);",
			"content/about.md":             "---\ntitle: About\n---\n",
			"content/intents/clean-air.md": "---\ntitle: Clean air\nsummary: Air.\n---\n",
		})
		dest := filepath.Join(src, "public")
		res, err := generator.Build(generator.Options{Source: src, Destination: dest, Now: now})
		if !errors.Is(err, generator.ErrContent) {
			t.Errorf("%s: build error %v, want ErrContent", name, err)
		}
		line := strings.Count(yaml, "\n") // the setting is on the last line
		found := false
		for _, d := range res.Diags {
			found = found || d.File == "site.yaml" && d.Line == line && d.Severity.String() == "error"
		}
		if !found {
			t.Errorf("%s: no error at site.yaml:%d:\n%v", name, line, res.Diags)
		}
		if _, err := os.Stat(dest); !os.IsNotExist(err) {
			t.Errorf("%s: the failed build wrote %s", name, dest)
		}
	}
}

func hasClass(n *html.Node, class string) bool {
	c, _ := attr(n, "class")
	for _, f := range strings.Fields(c) {
		if f == class {
			return true
		}
	}
	return false
}

// checkIntegrity checks that a <link>'s integrity value is the hash of the
// file it links.
func checkIntegrity(t *testing.T, dest, page string, n *html.Node) {
	t.Helper()
	href, _ := attr(n, "href")
	integrity, _ := attr(n, "integrity")
	data, err := os.ReadFile(filepath.Join(dest, strings.TrimPrefix(href, "/portfolio/")))
	if err != nil {
		t.Errorf("%s: %s is not published: %v", page, href, err)
		return
	}
	sum := sha256.Sum256(data)
	if want := "sha256-" + base64.StdEncoding.EncodeToString(sum[:]); integrity != want {
		t.Errorf("%s: %s has integrity %q, want %q", page, href, integrity, want)
	}
}

func readGlob(t *testing.T, dir, pattern string) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, pattern))
	if len(m) != 1 {
		t.Fatalf("%s: %d files", pattern, len(m))
	}
	b, _ := os.ReadFile(m[0])
	return string(b)
}
