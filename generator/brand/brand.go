// Package brand puts a site's own look on it from site.yaml alone: its logo,
// favicon, colours and extra stylesheets. It comes right after config in the
// pipeline: it reads the files site.yaml names from the site's folder and
// the theme's stylesheet (for the colours the brand must stand out
// against), checks them — image types, well-formed and inert SVG, colours
// that are colours, WCAG 2.2 AA contrast, stylesheets that are only CSS —
// and hands render the files to publish. Every problem is a diagnostic at
// the line of site.yaml that names it.
package brand

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"image/png"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/diag"
)

// Brand is a site's brand, checked and ready to publish. The zero value
// (no brand settings) publishes nothing and leaves the theme as it is.
type Brand struct {
	// Logo is shown in the header, or nil.
	Logo *Logo
	// Icons are the favicons, in the order they are linked; empty leaves
	// the theme's own favicon.
	Icons []Icon
	// Colours is a stylesheet setting the brand colours, linked right after
	// the theme's; nil without brand colours.
	Colours []byte
	// Styles are brand.css's stylesheets, linked after that, in order.
	Styles []File
}

// File is a file to publish: a name (the file's own, which render
// fingerprints) and its bytes.
type File struct {
	Name string
	Data []byte
}

// Logo is the header's logo.
type Logo struct {
	File
	Alt string
	// Width and Height are the size it is shown at, in CSS pixels.
	Width, Height int
}

// Icon is a favicon.
type Icon struct {
	File
	Rel   string // "icon" or "apple-touch-icon"
	Type  string // its media type
	Sizes string // "32x32", "any" for SVG, or "" when unknown
}

// LogoHeight is the height, in CSS pixels, the header shows the logo at.
const LogoHeight = 40

// maxFile is the largest logo, favicon or stylesheet accepted: a brand
// file is downloaded with every first page a reader opens.
const maxFile = 1 << 20

// Load checks the brand settings of cfg against the files of the site in
// siteDir and the theme's files, and returns what to publish. A problem
// leaves its part out and is returned as a diagnostic.
func Load(cfg *config.Config, siteDir string, theme fs.FS) (*Brand, diag.List) {
	l := &loader{cfg: cfg, b: &Brand{}}
	set := cfg.Brand
	if set.Logo == "" && set.LogoAlt == "" && set.Favicon == "" && set.Colour == "" && set.Accent == "" && len(set.CSS) == 0 {
		return l.b, nil
	}
	root, err := os.OpenRoot(siteDir)
	if err != nil {
		l.err("brand", "brand-file", "", "cannot open the site folder: %v", err)
		return l.b, l.diags
	}
	defer root.Close()
	l.root = root
	l.logo()
	l.favicon()
	pal := DefaultPalette
	if css, err := fs.ReadFile(theme, "assets/site.css"); err == nil {
		pal = ReadPalette(css)
	}
	l.colours(pal)
	for i := range set.CSS {
		l.stylesheet(i)
	}
	return l.b, l.diags
}

type loader struct {
	cfg   *config.Config
	root  *os.Root
	b     *Brand
	diags diag.List
}

func (l *loader) line(key string) int {
	if n := l.cfg.Line(key); n > 0 {
		return n
	}
	if i := strings.LastIndexByte(key, '.'); i > 0 {
		return l.line(key[:i])
	}
	return 0
}

func (l *loader) err(key, code, hint, format string, args ...any) {
	l.diags.Errorf(config.FileName, l.line(key), code, hint, format, args...)
}

func (l *loader) warn(key, code, hint, format string, args ...any) {
	l.diags.Warnf(config.FileName, l.line(key), code, hint, format, args...)
}

// read reads a file site.yaml names, reporting a missing file, one outside
// the site's folder, a folder or a file too large.
func (l *loader) read(key, name string) ([]byte, bool) {
	clean := filepath.FromSlash(strings.TrimPrefix(name, "./"))
	if !filepath.IsLocal(clean) {
		l.err(key, "brand-file", "give a path inside the site's folder, such as brand/logo.svg", "%s %q is outside the site's folder", key, name)
		return nil, false
	}
	fi, err := l.root.Stat(clean)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		l.err(key, "brand-file", "the path is relative to the folder of site.yaml; check its spelling", "%s: the file %q does not exist", key, name)
		return nil, false
	case err != nil:
		l.err(key, "brand-file", "give a path inside the site's folder, such as brand/logo.svg", "%s: cannot read %q: %v", key, name, err)
		return nil, false
	case fi.IsDir():
		l.err(key, "brand-file", "name a file, not a folder", "%s: %q is a folder", key, name)
		return nil, false
	case fi.Size() > maxFile:
		l.err(key, "brand-file", "make it smaller than 1 MB: every reader downloads it", "%s: %q is %d bytes", key, name, fi.Size())
		return nil, false
	}
	data, err := l.root.ReadFile(clean)
	if err != nil {
		l.err(key, "brand-file", "", "%s: cannot read %q: %v", key, name, err)
		return nil, false
	}
	return data, true
}

// image reads an image site.yaml names and checks that it is one of the
// allowed types, by its name and by its bytes. An SVG comes back sanitised.
func (l *loader) image(key, name string, allowed ...string) (data []byte, typ string, w, h float64, ok bool) {
	ext := strings.ToLower(path.Ext(name))
	var kinds []string
	for _, a := range allowed {
		kinds = append(kinds, strings.ToUpper(strings.TrimPrefix(a, ".")))
	}
	hint := "use an " + strings.Join(kinds, " or ") + " file"
	if !contains(allowed, ext) {
		l.err(key, "brand-image-type", hint, "%s %q is not an allowed image type", key, name)
		return nil, "", 0, 0, false
	}
	data, ok = l.read(key, name)
	if !ok {
		return nil, "", 0, 0, false
	}
	switch ext {
	case ".svg":
		svg, err := SanitiseSVG(data)
		if err != nil {
			l.err(key, "brand-image-type", hint, "%s %q: %v", key, name, err)
			return nil, "", 0, 0, false
		}
		if len(svg.Removed) > 0 {
			l.warn(key, "brand-svg-sanitised", "an image needs none of these; the published file is without them",
				"%s %q: removed %s", key, name, strings.Join(svg.Removed, ", "))
		}
		return svg.Data, "image/svg+xml", svg.Width, svg.Height, true
	case ".png":
		cfg, err := png.DecodeConfig(bytes.NewReader(data))
		if err != nil || cfg.Width == 0 || cfg.Height == 0 {
			l.err(key, "brand-image-type", hint, "%s %q is not a PNG image", key, name)
			return nil, "", 0, 0, false
		}
		return data, "image/png", float64(cfg.Width), float64(cfg.Height), true
	case ".ico":
		if len(data) < 6 || !bytes.Equal(data[:4], []byte{0, 0, 1, 0}) {
			l.err(key, "brand-image-type", hint, "%s %q is not an ICO icon", key, name)
			return nil, "", 0, 0, false
		}
		return data, "image/x-icon", 0, 0, true
	}
	return nil, "", 0, 0, false
}

func (l *loader) logo() {
	set := l.cfg.Brand
	if set.Logo == "" {
		if set.LogoAlt != "" {
			l.warn("brand.logo_alt", "brand-logo-alt", "remove it, or set brand.logo", "brand.logo_alt is set without a logo")
		}
		return
	}
	data, _, w, h, ok := l.image("brand.logo", set.Logo, ".svg", ".png")
	if !ok {
		return
	}
	if w <= 0 || h <= 0 {
		w, h = LogoHeight, LogoHeight
	}
	ratio := w / h
	if ratio > 8 || ratio < 1.0/8 {
		l.err("brand.logo", "brand-logo-shape", "use a logo at most eight times as wide as it is tall (or the other way round)",
			"brand.logo %q is %.0f×%.0f: too narrow to show at %d pixels high", set.Logo, w, h, LogoHeight)
		return
	}
	l.b.Logo = &Logo{File: File{Name: "logo" + strings.ToLower(path.Ext(set.Logo)), Data: data},
		Alt: strings.TrimSpace(set.LogoAlt), Height: LogoHeight, Width: int(math.Round(LogoHeight * ratio))}
}

// favicon uses brand.favicon, or makes favicons from the logo.
func (l *loader) favicon() {
	name := l.cfg.Brand.Favicon
	if name == "" {
		if lg := l.b.Logo; lg != nil {
			l.b.Icons = iconsFrom(lg.File)
		}
		return
	}
	data, typ, w, h, ok := l.image("brand.favicon", name, ".svg", ".png", ".ico")
	if !ok {
		return
	}
	ext := strings.ToLower(path.Ext(name))
	if ext == ".png" {
		if w != h {
			l.warn("brand.favicon", "brand-favicon-shape", "use a square image; browsers squeeze others", "brand.favicon %q is %.0f×%.0f, not square", name, w, h)
		}
		l.b.Icons = iconsFrom(File{Name: "favicon.png", Data: data})
		return
	}
	icon := Icon{File: File{Name: "favicon" + ext, Data: data}, Rel: "icon", Type: typ}
	if ext == ".svg" {
		icon.Sizes = "any"
	}
	l.b.Icons = []Icon{icon}
}

// colours checks brand.colour and brand.accent and writes the stylesheet
// that sets them.
func (l *loader) colours(pal Palette) {
	set := l.cfg.Brand
	var css strings.Builder
	parse := func(key, v string) (color.RGBA, bool) {
		if v == "" {
			return color.RGBA{}, false
		}
		c, err := ParseColour(v)
		if err != nil {
			l.err(key, "brand-colour", "write a hex colour such as #0b4f9c, or a CSS colour name such as navy", "%s: %v", key, err)
			return color.RGBA{}, false
		}
		return c, true
	}
	colour, hasColour := parse("brand.colour", set.Colour)
	accent, hasAccent := parse("brand.accent", set.Accent)
	if hasColour {
		pairs := []pair{
			{"the header's text", pal.OnAccent, true, 4.5},
			{"the page's background, for links", pal.Paper, false, 4.5},
			{"the footer's background, for links", pal.Wash, false, 4.5},
			{"the focus highlight on the header", pal.Focus, false, 3},
		}
		if l.contrast("brand.colour", colour, pairs) {
			css.WriteString(":root{--brand:" + Hex(colour) + ";--link:" + Hex(colour) + "}\n.site-header{background:var(--brand)}\n")
		}
	}
	if hasAccent {
		pairs := []pair{
			{"the page's background, for small headings", pal.Paper, false, 4.5},
			{"the text of buttons and of the current filter", pal.OnAccent, true, 4.5},
			{"the background of panels, for their rules", pal.Wash, false, 3},
		}
		if !hasColour {
			pairs = append(pairs, pair{"the focus highlight on the header", pal.Focus, false, 3})
		}
		if l.contrast("brand.accent", accent, pairs) {
			css.WriteString(":root{--accent:" + Hex(accent) + "}\n")
		}
	}
	if css.Len() > 0 {
		l.b.Colours = []byte("/* The brand colours of site.yaml (generator/brand). */\n" + css.String())
	}
}

// pair is a theme colour a brand colour must stand out against.
type pair struct {
	what   string
	theme  color.RGBA
	onTop  bool    // the theme colour is text on the brand colour
	needed float64 // WCAG 2.2 AA: 4.5 for text, 3 for focus and parts of the page
}

// contrast reports every pair under its minimum, with a colour of the
// same hue that would pass them all.
func (l *loader) contrast(key string, c color.RGBA, pairs []pair) bool {
	ok := true
	for _, p := range pairs {
		r := Contrast(c, p.theme)
		if r >= p.needed {
			continue
		}
		ok = false
		hint := "choose a darker or lighter colour"
		if s, found := suggest(c, pairs); found {
			hint = "a colour of the same hue that passes every check is " + Hex(s)
		}
		what := "text"
		if p.needed < 4.5 {
			what = "focus indicators and parts of the page"
		}
		l.err(key, "brand-contrast", hint, "%s %s has a contrast of %s:1 with %s (%s); WCAG 2.2 AA needs %s:1 for %s",
			key, Hex(c), ratio(r), p.what, Hex(p.theme), ratio(p.needed), what)
	}
	return ok
}

func ratio(r float64) string {
	return strconv.FormatFloat(math.Floor(r*100)/100, 'f', -1, 64)
}

// suggest finds the colour nearest c, darker or lighter along its hue, that
// passes every pair.
func suggest(c color.RGBA, pairs []pair) (color.RGBA, bool) {
	passes := func(x color.RGBA) bool {
		for _, p := range pairs {
			if Contrast(x, p.theme) < p.needed {
				return false
			}
		}
		return true
	}
	for step := 1; step <= 100; step++ {
		f := float64(step) / 100
		dark := color.RGBA{uint8(float64(c.R) * (1 - f)), uint8(float64(c.G) * (1 - f)), uint8(float64(c.B) * (1 - f)), 255}
		if passes(dark) {
			return dark, true
		}
		light := color.RGBA{uint8(float64(c.R) + (255-float64(c.R))*f), uint8(float64(c.G) + (255-float64(c.G))*f), uint8(float64(c.B) + (255-float64(c.B))*f), 255}
		if passes(light) {
			return light, true
		}
	}
	return color.RGBA{}, false
}

// stylesheet checks one of brand.css's stylesheets.
func (l *loader) stylesheet(i int) {
	key := "brand.css." + strconv.Itoa(i)
	name := l.cfg.Brand.CSS[i]
	if strings.ToLower(path.Ext(name)) != ".css" {
		l.err(key, "brand-css", "name a .css file", "brand.css %q is not a stylesheet (.css)", name)
		return
	}
	data, ok := l.read(key, name)
	if !ok {
		return
	}
	if !utf8.Valid(data) {
		l.err(key, "brand-css", "save it as UTF-8", "brand.css %q is not UTF-8 text", name)
		return
	}
	if msg := cssProblem(data); msg != "" {
		l.err(key, "brand-css", "the site's Content-Security-Policy allows styles and pictures from the site itself only: copy fonts and images into content/ and refer to them by their path from the site's root (/brand/font.woff2)",
			"brand.css %q: %s", name, msg)
		return
	}
	base := strings.TrimSuffix(path.Base(filepath.ToSlash(name)), path.Ext(name))
	l.b.Styles = append(l.b.Styles, File{Name: fmt.Sprintf("brand-%d-%s.css", i+1, safeName(base)), Data: data})
}

// safeName keeps letters, digits and hyphens of a file name.
func safeName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "style"
	}
	return b.String()
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
