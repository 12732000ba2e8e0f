// Package config reads site.yaml, the one file that configures a site, and
// fills in defaults. It is the first stage of the pipeline: every later stage
// takes a *Config and never reads site.yaml itself.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/yamlerr"
)

// FileName is the configuration file looked for in a site's folder.
const FileName = "site.yaml"

// DefaultStatuses is the initiative status vocabulary used when site.yaml
// does not set one, in the order a portfolio moves through them.
var DefaultStatuses = []string{"idea", "exploring", "prototyping", "piloting", "scaling", "embedded", "paused", "stopped", "completed"}

// Config is a site's configuration.
type Config struct {
	Title       string `yaml:"title"`
	BaseURL     string `yaml:"base_url"`
	Language    string `yaml:"language"`
	Description string `yaml:"description"`
	// Statement is the portfolio's statement of purpose, shown on the home page (Markdown-free text).
	Statement string  `yaml:"statement"`
	Steward   Contact `yaml:"steward"`
	Contact   Contact `yaml:"contact"`
	Licence   Licence `yaml:"licence"`
	// Statuses is the initiative status vocabulary, in order.
	Statuses []string `yaml:"statuses"`
	// BrokenReferences is "error" (the default) or "warning".
	BrokenReferences string        `yaml:"broken_references"`
	Theme            string        `yaml:"theme"`
	ContentDir       string        `yaml:"content_dir"`
	Accessibility    Accessibility `yaml:"accessibility"`
	// Featured is the number of learnings, decisions and stories shown on the home page.
	Featured int `yaml:"featured"`
	// IATI, when enabled, publishes initiatives as an IATI activity file.
	IATI IATI `yaml:"iati"`
	// Feeds configures the Atom feeds.
	Feeds Feeds `yaml:"feeds"`
	// Brand is the organisation's logo, favicon, colours and stylesheets.
	Brand Brand `yaml:"brand"`
	// Menu lists the links of the main navigation and of the footer.
	Menu Menus `yaml:"menu"`
	// Embed lists the origins that may frame the /embed/ pages.
	Embed Embed `yaml:"embed"`
	// ReportURL is a form where readers report a problem with a page; the
	// page's address is added as ?page=. Without it, "Report a problem"
	// writes a mail to the contact (or steward).
	ReportURL string `yaml:"report_url"`
	// Languages, when set, publish the site in several languages, the
	// first the default (languages.go).
	Languages Languages `yaml:"languages"`
	// History configures each page's public history (sense.go).
	History History `yaml:"history"`
	// Health sets the thresholds of the portfolio health page (sense.go).
	Health Health `yaml:"health"`

	base  *url.URL
	lang  string         // the language of a configuration made by In
	lines map[string]int // by key path, see Line
}

// Contact names a person or team and how to reach them.
type Contact struct {
	Name  string `yaml:"name"`
	Email string `yaml:"email"`
	URL   string `yaml:"url"`
}

// Licence names the licences of the site's text and of its open data.
type Licence struct {
	Content    string `yaml:"content"`
	ContentURL string `yaml:"content_url"`
	Data       string `yaml:"data"`
	DataURL    string `yaml:"data_url"`
}

// IATI configures the opt-in IATI activity export (data/iati-activities.xml).
type IATI struct {
	Enabled bool `yaml:"enabled"`
	// ReportingOrg is the publisher: its IATI organisation identifier
	// (org-id.guide form), its IATI organisation type code and its name.
	ReportingOrg struct {
		Ref  string `yaml:"ref"`
		Type string `yaml:"type"`
		Name string `yaml:"name"`
	} `yaml:"reporting_org"`
	DefaultCurrency string `yaml:"default_currency"`
	// Strict turns the export's warnings (a system without a sector, an
	// activity without a recipient, a funding line without a year, a
	// reporting organisation identifier without a known prefix) into errors.
	Strict bool `yaml:"strict"`
	// RecipientCountry (ISO 3166-1 alpha-2) or RecipientRegion (an OECD DAC
	// region code) is where the activities take place, unless an
	// initiative says otherwise (recipient_country, recipient_region).
	RecipientCountry string `yaml:"recipient_country"`
	RecipientRegion  string `yaml:"recipient_region"`
	// Sectors maps a system, as written in `systems`, to a DAC 5-digit
	// sector code; it extends and overrides the built-in table (README).
	Sectors map[string]string `yaml:"sectors"`
	// SectorVocabulary, when set, also publishes every system as a sector
	// of the site's own vocabulary: IATI vocabulary 98 or 99 and its URI.
	SectorVocabulary struct {
		Code string `yaml:"code"`
		URI  string `yaml:"uri"`
	} `yaml:"sector_vocabulary"`
}

// Feeds configures the Atom feeds.
type Feeds struct {
	// Entries is how many entries a feed shows before older ones go to
	// its archive documents (RFC 5005); default 50.
	Entries int `yaml:"entries"`
}

// Accessibility feeds the generated accessibility statement.
type Accessibility struct {
	Standard     string   `yaml:"standard"` // e.g. "WCAG 2.2 AA"
	Status       string   `yaml:"status"`   // full, partial, non-compliant
	Reviewed     string   `yaml:"reviewed"` // date of the last review
	Known        []string `yaml:"known_issues"`
	Contact      Contact  `yaml:"contact"`
	Enforcement  string   `yaml:"enforcement"`
	ResponseDays int      `yaml:"response_days"`
}

// Default returns the configuration of a site without site.yaml.
func Default() *Config {
	c := &Config{}
	c.fill()
	return c
}

func (c *Config) fill() {
	if c.Title == "" {
		c.Title = "Innovation portfolio"
	}
	if c.BaseURL == "" {
		c.BaseURL = "/"
	}
	if len(c.Languages) > 0 && c.lang == "" {
		c.Language = c.Languages[0].Code
	}
	if c.Language == "" {
		c.Language = "en"
	}
	if len(c.Statuses) == 0 {
		c.Statuses = append([]string(nil), DefaultStatuses...)
	}
	if c.BrokenReferences == "" {
		c.BrokenReferences = "error"
	}
	if c.Theme == "" {
		c.Theme = "default"
	}
	if c.ContentDir == "" {
		c.ContentDir = "content"
	}
	if c.Licence.Content == "" {
		c.Licence.Content = "CC BY 4.0"
		c.Licence.ContentURL = "https://creativecommons.org/licenses/by/4.0/"
	}
	if c.Licence.Data == "" {
		c.Licence.Data = "CC BY 4.0"
		c.Licence.DataURL = "https://creativecommons.org/licenses/by/4.0/"
	}
	if c.Accessibility.Standard == "" {
		c.Accessibility.Standard = "WCAG 2.2 AA"
	}
	if c.Accessibility.Status == "" {
		c.Accessibility.Status = "partial"
	}
	if c.Accessibility.ResponseDays == 0 {
		c.Accessibility.ResponseDays = 10
	}
	if c.IATI.DefaultCurrency == "" {
		c.IATI.DefaultCurrency = "EUR"
	}
	if c.IATI.ReportingOrg.Type == "" {
		c.IATI.ReportingOrg.Type = "10"
	}
	if c.Feeds.Entries <= 0 {
		c.Feeds.Entries = 50
	}
	if c.Featured == 0 {
		c.Featured = 3
	}
	c.fillSense()
	c.base, _ = url.Parse(c.BaseURL)
}

// Load reads site.yaml from dir. A missing file gives the defaults. Every
// problem is returned as a diagnostic; the Config is usable (defaults filled)
// even when there are errors.
func Load(dir string) (*Config, diag.List) {
	file := path.Join(dir, FileName)
	src, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil
	}
	var diags diag.List
	if err != nil {
		diags.Errorf(FileName, 0, "config-read", "", "cannot read: %v", err)
		return Default(), diags
	}
	c, diags := Parse(src)
	return c, diags
}

// NotASite reports a folder that is not a site's: it has neither site.yaml
// nor a content folder, as when trellis runs in the wrong folder. It
// returns nil for a site folder. The diagnostic names the folder looked in,
// so that an editor can see where trellis was run.
func NotASite(dir string) *diag.Diagnostic {
	if _, err := os.Stat(filepath.Join(dir, FileName)); err == nil {
		return nil
	}
	if fi, err := os.Stat(filepath.Join(dir, Default().ContentDir)); err == nil && fi.IsDir() {
		return nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	return &diag.Diagnostic{File: FileName, Severity: diag.Error, Code: "not-a-site",
		Message: fmt.Sprintf("no %s in %s: this is not a site folder", FileName, abs),
		Hint:    "run trellis in the site's folder (cd there), or pass it with --source"}
}

// Parse reads a site.yaml document.
func Parse(src []byte) (*Config, diag.List) {
	var diags diag.List
	c := &Config{}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		e := yamlerr.Explain(src, err)
		lines := strings.Split(string(src), "\n")
		diags.Add(diag.Diagnostic{File: FileName, Line: e.Line, Col: e.Col, Severity: diag.Error, Code: "config-syntax",
			Message: "invalid YAML: " + e.Message, Hint: e.Hint, Source: strings.TrimRight(lines[e.Line-1], " \t\r")})
		c.fill()
		return c, diags
	}
	at := where{vals: map[string]*yaml.Node{}, src: strings.Split(string(src), "\n")}
	if len(root.Content) > 0 {
		doc := root.Content[0]
		if doc.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(doc.Content); i += 2 {
				at.vals[doc.Content[i].Value] = doc.Content[i+1]
			}
		}
		checkKeys(doc, reflect.TypeOf(*c), "", &diags)
		c.recordLines(doc, "")
		if err := doc.Decode(c); err != nil {
			var te *yaml.TypeError
			if errors.As(err, &te) {
				for _, m := range te.Errors {
					diags.Errorf(FileName, yamlErrLine(m), "config-type", "see the configuration reference in README.md", "%s", strings.TrimPrefix(m, "yaml: "))
				}
			} else {
				diags.Errorf(FileName, 0, "config-type", "", "%v", err)
			}
		}
	}
	c.validate(&diags, at)
	c.validateSite(&diags)
	c.validateLanguages(&diags, at)
	c.validateIATI(&diags)
	c.validateSense(&diags)
	c.fill()
	return c, diags
}

// where finds the line of a top-level key of site.yaml, and its text.
type where struct {
	vals map[string]*yaml.Node // the value of each key
	src  []string
}

func (w where) line(key string) int {
	if v := w.vals[key]; v != nil {
		return v.Line
	}
	return 0
}

func (w where) col(key string) int {
	if v := w.vals[key]; v != nil {
		return v.Column
	}
	return 0
}

func (w where) source(key string) string {
	if l := w.line(key); l > 0 && l <= len(w.src) {
		return strings.TrimRight(w.src[l-1], " \t\r")
	}
	return ""
}

func (c *Config) validate(diags *diag.List, at where) {
	if msg, hint := CheckBaseURL(c.BaseURL); msg != "" {
		diags.Add(diag.Diagnostic{File: FileName, Line: at.line("base_url"), Col: at.col("base_url"), Severity: diag.Error, Code: "config-base-url",
			Message: "base_url " + msg, Hint: hint, Source: at.source("base_url")})
	}
	if r := c.ReportURL; r != "" {
		if u, err := url.Parse(r); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Fragment != "" {
			diags.Add(diag.Diagnostic{File: FileName, Line: at.line("report_url"), Col: at.col("report_url"), Severity: diag.Error, Code: "config-report-url",
				Message: fmt.Sprintf("report_url %q is not a web address", r), Hint: "give the full address of the form, such as https://example.org/report (the page's address is added as ?page=)",
				Source: at.source("report_url")})
		}
	}
	if c.IATI.Enabled && (c.IATI.ReportingOrg.Ref == "" || c.IATI.ReportingOrg.Name == "") {
		diags.Errorf(FileName, at.line("iati"), "config-iati", "set iati.reporting_org.ref (e.g. GB-GOV-1) and iati.reporting_org.name", "the IATI export needs the reporting organisation")
	}
	switch c.BrokenReferences {
	case "", "error", "warning":
	default:
		diags.Errorf(FileName, at.line("broken_references"), "config-value", "use error or warning", "broken_references is %q", c.BrokenReferences)
	}
	seen := map[string]bool{}
	for _, s := range c.Statuses {
		if s == "" || strings.ToLower(s) != s || strings.ContainsAny(s, " /") {
			diags.Errorf(FileName, at.line("statuses"), "config-value", "statuses are lowercase words such as piloting", "status %q is not a valid status name", s)
		}
		if seen[s] {
			diags.Errorf(FileName, at.line("statuses"), "config-value", "list each status once", "status %q is listed twice", s)
		}
		seen[s] = true
	}
}

// SetBaseURL overrides the base URL (the --base-url flag). A URL that
// base_url could not be is refused with the same message and fix.
func (c *Config) SetBaseURL(raw string) error {
	if msg, hint := CheckBaseURL(raw); msg != "" {
		return fmt.Errorf("%s: %s", msg, hint)
	}
	u, _ := url.Parse(raw)
	c.BaseURL = raw
	c.base = u
	return nil
}

// CheckBaseURL says what is wrong with a base URL, and how to write it,
// or returns "" when it is fine. A base URL is where the site is served:
// an absolute http(s) URL with a host (https://example.org/portfolio/), or,
// for a site that does not know its host, a path from the root
// (/portfolio/). Anything else would be taken as a folder under the root
// and prefix every link with it, breaking all of them.
func CheckBaseURL(raw string) (msg, hint string) {
	if raw == "" {
		return "", ""
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return fmt.Sprintf("%q is not a URL", raw), "write it like https://example.org/portfolio/, or as a path such as /portfolio/"
	case u.Scheme == "" && !strings.HasPrefix(raw, "/"):
		first, _, _ := strings.Cut(raw, "/")
		if strings.Contains(first, ".") || strings.Contains(first, ":") || first == "localhost" {
			fixed := "https://" + raw
			if !strings.Contains(raw, "/") {
				fixed += "/"
			}
			return fmt.Sprintf("%q has no scheme, so every link would start with /%s", raw, strings.TrimSuffix(raw, "/")),
				fmt.Sprintf("write the full address: %s", fixed)
		}
		return fmt.Sprintf("%q is neither a web address nor a path from the root", raw),
			fmt.Sprintf("write the full address, such as https://example.org/%s, or start the path with a slash: /%s", strings.TrimPrefix(raw, "/"), strings.TrimPrefix(raw, "/"))
	case u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https":
		return fmt.Sprintf("%q has scheme %q", raw, u.Scheme), "use http or https, such as https://example.org/portfolio/"
	case u.Scheme != "" && u.Host == "":
		return fmt.Sprintf("%q has no host", raw), "write it like https://example.org/portfolio/"
	case u.RawQuery != "" || u.Fragment != "" || u.ForceQuery || strings.Contains(raw, "#"):
		return fmt.Sprintf("%q must not have a query or fragment", raw), "remove the part from ? or #"
	case u.User != nil:
		return fmt.Sprintf("%q holds a user name", raw), "remove the user name and password"
	}
	return "", ""
}

// BasePath is the path every page of the site lives under, always with a
// leading and trailing slash: "/" or "/portfolio/".
func (c *Config) BasePath() string {
	p := "/"
	if c.base != nil && c.base.Path != "" {
		p = c.base.Path
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// URL turns a site path ("initiatives/bike-library/", "/data/portfolio.json")
// into the root-relative URL the site links with, under the base path. Every
// link the generator writes goes through here, so a site served under a
// sub-path works.
func (c *Config) URL(p string) string {
	return c.BasePath() + strings.TrimPrefix(p, "/")
}

// AbsURL is URL with the base URL's scheme and host, for feeds, sitemaps and
// canonical links. Without a host in base_url it returns URL(p).
func (c *Config) AbsURL(p string) string {
	if c.base == nil || c.base.Host == "" {
		return c.URL(p)
	}
	return c.base.Scheme + "://" + c.base.Host + c.URL(p)
}

// StatusKnown reports whether s is in the status vocabulary.
func (c *Config) StatusKnown(s string) bool {
	for _, v := range c.Statuses {
		if v == s {
			return true
		}
	}
	return false
}

// checkKeys reports every mapping key under n that has no field in t.
func checkKeys(n *yaml.Node, t reflect.Type, prefix string, diags *diag.List) {
	if t == reflect.TypeOf(Languages(nil)) && n.Kind == yaml.MappingNode {
		// A mapping of language codes, each a Language.
		for i := 0; i+1 < len(n.Content); i += 2 {
			checkKeys(n.Content[i+1], reflect.TypeOf(Language{}), prefix+n.Content[i].Value+".", diags)
		}
		return
	}
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		if t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode {
			for _, item := range n.Content {
				checkKeys(item, t.Elem(), prefix, diags)
			}
			return
		}
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || n.Kind != yaml.MappingNode {
		return
	}
	fields := map[string]reflect.Type{}
	var names []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		fields[name] = f.Type
		names = append(names, name)
	}
	sort.Strings(names)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		ft, ok := fields[k.Value]
		if !ok {
			hint := "remove it, or see the configuration reference in README.md"
			if s := diag.Suggest(k.Value, names); s != "" {
				hint = fmt.Sprintf("did you mean `%s%s`?", prefix, s)
			}
			diags.Add(diag.Diagnostic{File: FileName, Line: k.Line, Col: k.Column, Severity: diag.Error, Code: "config-unknown-key",
				Message: fmt.Sprintf("unknown key `%s%s`", prefix, k.Value), Hint: hint})
			continue
		}
		checkKeys(v, ft, prefix+k.Value+".", diags)
	}
}

// yamlErrLine pulls the line number out of a yaml.v3 error message ("line 3: ...").
func yamlErrLine(msg string) int {
	i := strings.Index(msg, "line ")
	if i < 0 {
		return 0
	}
	n := 0
	for _, r := range msg[i+5:] {
		if r < '0' || r > '9' {
			break
		}
		n = n*10 + int(r-'0')
	}
	return n
}
