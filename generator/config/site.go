package config

import (
	"net/url"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trellis-ssg/trellis/generator/diag"
)

// Brand puts the organisation's own look on the site without a template:
// its logo, favicon, colours and extra stylesheets. Paths are relative to
// the site's folder. generator/brand checks them (files, image types,
// colours and their contrast with the theme) and makes the files render
// publishes.
type Brand struct {
	// Logo is an SVG or PNG file shown in the header beside the title.
	Logo string `yaml:"logo"`
	// LogoAlt is the logo's text alternative; without it the logo is
	// decorative (the site's title beside it names the link).
	LogoAlt string `yaml:"logo_alt"`
	// Favicon is an SVG, PNG or ICO file; without it one is made from the
	// logo, or the theme's is used.
	Favicon string `yaml:"favicon"`
	// Colour is the header's background and the links' colour.
	Colour string `yaml:"colour"`
	// Accent colours kickers, rules, buttons and the current filter.
	Accent string `yaml:"accent"`
	// CSS are stylesheets linked after the theme's, in order.
	CSS []string `yaml:"css"`
}

// Menus are the site's navigation menus. A menu that site.yaml lists
// replaces the theme's default entries for it; pages that put themselves
// in a menu (front matter `menu: main`) come after its entries either way.
type Menus struct {
	Main   []MenuEntry `yaml:"main"`
	Footer []MenuEntry `yaml:"footer"`
}

// MenuEntry is one link of a menu: to a page of the site (by slug or path,
// looked up as forgivingly as a wiki-link) or to a URL.
type MenuEntry struct {
	Title string `yaml:"title"`
	Page  string `yaml:"page"`
	URL   string `yaml:"url"`
	// Line is the entry's line in site.yaml.
	Line int `yaml:"-"`
}

// Embed configures the /embed/ pages: the map and single cards without the
// site's header and footer, for other sites to frame.
type Embed struct {
	// Allow lists the origins (scheme, host and port, such as
	// https://www.council.example) that may frame the /embed/ pages. The
	// pages are made only when it lists at least one; no other page of the
	// site may be framed by anyone.
	Allow []string `yaml:"allow"`
}

// Line returns the line of a key of site.yaml, written with dots and list
// indexes ("brand.colour", "menu.main.2", "embed.allow.0"), or 0 when the
// file does not set it.
func (c *Config) Line(key string) int { return c.lines[key] }

// recordLines remembers the line of every key and list item under n.
func (c *Config) recordLines(n *yaml.Node, prefix string) {
	if c.lines == nil {
		c.lines = map[string]int{}
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := prefix + n.Content[i].Value
			c.lines[k] = n.Content[i].Line
			c.recordLines(n.Content[i+1], k+".")
		}
	case yaml.SequenceNode:
		for i, item := range n.Content {
			k := prefix + strconv.Itoa(i)
			c.lines[k] = item.Line
			c.recordLines(item, k+".")
		}
	}
}

// validateSite checks the menus and the embedding origins: what can be
// judged from site.yaml alone. Menu pages are looked up by the portfolio
// stage, brand files and colours by generator/brand.
func (c *Config) validateSite(diags *diag.List) {
	c.validateMenu(diags, "menu.main", c.Menu.Main)
	c.validateMenu(diags, "menu.footer", c.Menu.Footer)
	for i, o := range c.Embed.Allow {
		if msg := originProblem(o); msg != "" {
			diags.Errorf(FileName, c.lineOr("embed.allow."+strconv.Itoa(i), c.Line("embed.allow")), "config-embed-origin",
				"write an origin: the scheme and host, with the port if it is not the usual one, such as https://www.council.example",
				"embed.allow %q is not an origin: %s", o, msg)
		}
	}
}

func (c *Config) lineOr(key string, fallback int) int {
	if l := c.Line(key); l > 0 {
		return l
	}
	return fallback
}

// menuURLProblem says what is wrong with a menu entry's URL, or "".
func menuURLProblem(raw string) string {
	s := strings.TrimSpace(raw)
	if s != raw || strings.ContainsAny(s, " \t\r\n\x00") {
		return "it contains spaces or control characters"
	}
	if strings.Contains(s, "\\") {
		// Browsers read a backslash in a web address as a slash: /\evil.example/ is //evil.example/, another site.
		return "it contains a backslash, which browsers read as /"
	}
	u, err := url.Parse(s)
	if err != nil {
		return "it is not a URL"
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return "it has no host"
		}
	case "mailto", "tel":
	case "":
		if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") {
			return "a link inside the site starts with a single / (such as /about/)"
		}
	default:
		return "links with the scheme " + strconv.Quote(u.Scheme+":") + " are not allowed"
	}
	return ""
}

// originProblem says why s is not a web origin, or "".
func originProblem(s string) string {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return "it is not a URL"
	case u.Scheme != "https" && u.Scheme != "http":
		return "it must start with https:// (or http://)"
	case u.Host == "" || u.Hostname() == "":
		return "it has no host"
	case u.User != nil:
		return "it must not contain a user name"
	case u.Path != "" && u.Path != "/", u.RawQuery != "", u.Fragment != "", strings.HasSuffix(s, "?"), strings.HasSuffix(s, "#"):
		return "an origin has no path, query or fragment"
	case strings.ContainsAny(u.Host, "*;,' \"\\"):
		return "the host contains characters a host cannot"
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return "the port is not a number from 1 to 65535"
		}
	}
	return ""
}

// Origin returns an embed.allow entry as the origin a browser compares,
// without a trailing slash.
func Origin(s string) string { return strings.TrimSuffix(strings.ToLower(s), "/") }
