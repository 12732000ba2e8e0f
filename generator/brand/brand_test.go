package brand

import (
	"bytes"
	"encoding/xml"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/internal/testsite"
	"github.com/trellis-ssg/trellis/themes"
)

func TestParseColour(t *testing.T) {
	for in, want := range map[string]string{"#0b4f9c": "#0b4f9c", "#0B4F9C": "#0b4f9c", "#08c": "#0088cc", " navy ": "#000080", "DarkSlateGray": "#2f4f4f"} {
		c, err := ParseColour(in)
		if err != nil || Hex(c) != want {
			t.Errorf("ParseColour(%q) = %s, %v; want %s", in, Hex(c), err, want)
		}
	}
	for _, in := range []string{"", "blue-ish", "#12345", "#ggg", "#0b4f9c80", "#08cf", "rgb(0,0,0)", "transparent", "currentColor", "url(x)"} {
		if c, err := ParseColour(in); err == nil {
			t.Errorf("ParseColour(%q) = %s, want an error", in, Hex(c))
		}
	}
}

func TestContrast(t *testing.T) {
	white, black := color.RGBA{255, 255, 255, 255}, color.RGBA{0, 0, 0, 255}
	grey, _ := ParseColour("#767676") // the lightest grey that passes 4.5:1 on white
	lighter, _ := ParseColour("#777777")
	for _, c := range []struct {
		a, b     color.RGBA
		min, max float64
	}{{white, black, 21, 21}, {black, white, 21, 21}, {white, white, 1, 1}, {grey, white, 4.5, 4.6}, {lighter, white, 4.4, 4.5}} {
		if r := Contrast(c.a, c.b); r < c.min-1e-9 || r > c.max+1e-9 {
			t.Errorf("Contrast(%s, %s) = %.3f, want %.2f–%.2f", Hex(c.a), Hex(c.b), r, c.min, c.max)
		}
	}
}

// TestReadPaletteOfTheDefaultTheme: the colours brand colours are checked
// against are the default theme's own.
func TestReadPaletteOfTheDefaultTheme(t *testing.T) {
	css, err := themes.Default.Open("assets/site.css")
	if err != nil {
		t.Fatal(err)
	}
	src, _ := io.ReadAll(css)
	pal := ReadPalette(src)
	if pal != DefaultPalette {
		t.Errorf("palette of site.css = %+v, want %+v (keep DefaultPalette in step with the theme)", pal, DefaultPalette)
	}
	other := ReadPalette([]byte(":root{--ink:#000;--paper:navy} .x{--wash:#f00} :root { --wash: #eeeeee; --focus: oops }"))
	if Hex(other.Ink) != "#000000" || Hex(other.Paper) != "#000080" || Hex(other.Wash) != "#eeeeee" || other.Focus != DefaultPalette.Focus {
		t.Errorf("ReadPalette = %+v", other)
	}
}

func TestSanitiseSVG(t *testing.T) {
	src, err := os.ReadFile("testdata/hostile-logo.svg")
	if err != nil {
		t.Fatal(err)
	}
	svg, err := SanitiseSVG(src)
	if err != nil {
		t.Fatal(err)
	}
	out := string(svg.Data)
	for _, bad := range []string{"alert", "evil.example", "script", "foreignObject", "onload", "onclick", "<a ", "animate", "<set", "@import", "DOCTYPE", "iframe", "style=", "<style"} {
		if strings.Contains(out, bad) {
			t.Errorf("sanitised SVG still has %q:\n%s", bad, out)
		}
	}
	for _, good := range []string{`viewBox="0 0 120 40"`, `fill="url(#g)"`, `<use href="#g">`, "<title>Riverford</title>", `fill="#00594f"`, "data:image/png;base64", "<linearGradient", ">Council</text>"} {
		if !strings.Contains(out, good) {
			t.Errorf("sanitised SVG lost %q:\n%s", good, out)
		}
	}
	if svg.Width != 120 || svg.Height != 40 {
		t.Errorf("size %v×%v, want 120×40", svg.Width, svg.Height)
	}
	if err := xml.Unmarshal(svg.Data, new(struct{ XMLName xml.Name })); err != nil {
		t.Errorf("sanitised SVG is not well-formed: %v", err)
	}
	for _, want := range []string{"a <script> element", "a <x:script> element", "the onload attribute", "the onclick attribute", "a <foreignObject> element", "a <a> element", "a <animate> element", "a <set> element", `a reference to "https://evil.example/tracker.png"`, "a style sheet that imports or fetches", "a style attribute that fetches"} {
		found := false
		for _, r := range svg.Removed {
			found = found || r == want
		}
		if !found {
			t.Errorf("Removed %q does not say %q", svg.Removed, want)
		}
	}

	for name, src := range map[string]string{
		"not XML":       "<svg><g></svg>",
		"not SVG":       "<html><body></body></html>",
		"entities":      `<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><svg>&b;</svg>`,
		"external":      `<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>`,
		"undefined ent": `<svg>&nbsp;</svg>`,
		"empty":         "",
	} {
		if _, err := SanitiseSVG([]byte(src)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// site writes a site with brand settings and returns its folder.
func site(t *testing.T, yaml string, files map[string]string) (string, *config.Config) {
	t.Helper()
	files["site.yaml"] = yaml
	dir := testsite.Write(t, files)
	cfg, diags := config.Load(dir)
	if diags.HasErrors() {
		t.Fatalf("site.yaml: %v", diags)
	}
	return dir, cfg
}

func pngOf(w, h int) string {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		for y := 0; y < h; y++ {
			img.Set(x, y, color.NRGBA{0, 89, 79, 255})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.String()
}

const goodSVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 90 30"><rect width="90" height="30" fill="#00594f"/></svg>`

func TestLoadGood(t *testing.T) {
	dir, cfg := site(t, `title: x
brand:
  logo: brand/logo.svg
  logo_alt: City of Riverford
  colour: "#00594f"
  accent: "#8a3b00"
  css: [brand/extra.css, brand/print.css]
`, map[string]string{
		"brand/logo.svg":  goodSVG,
		"brand/extra.css": "@font-face{font-family:R;src:url(/brand/r.woff2) format('woff2')} .brand-name{font-family:R, sans-serif} .x{background:url(\"data:image/png;base64,AAAA\")} .y{mask:url(#m)}",
		"brand/print.css": "@media print { .site-header { display: none } }",
	})
	b, diags := Load(cfg, dir, themes.Default)
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if b.Logo == nil || b.Logo.Alt != "City of Riverford" || b.Logo.Height != 40 || b.Logo.Width != 120 || b.Logo.Name != "logo.svg" {
		t.Errorf("logo = %+v", b.Logo)
	}
	if len(b.Icons) != 1 || b.Icons[0].Type != "image/svg+xml" || b.Icons[0].Sizes != "any" {
		t.Errorf("favicons from an SVG logo = %+v", b.Icons)
	}
	if got := string(b.Colours); !strings.Contains(got, "--brand:#00594f") || !strings.Contains(got, "--link:#00594f") || !strings.Contains(got, "--accent:#8a3b00") {
		t.Errorf("colours stylesheet:\n%s", got)
	}
	if len(b.Styles) != 2 || b.Styles[0].Name != "brand-1-extra.css" || b.Styles[1].Name != "brand-2-print.css" {
		t.Errorf("styles = %+v", b.Styles)
	}
}

// TestFaviconsFromAPNGLogo: a PNG logo gives a 32-pixel favicon and a
// 180-pixel home-screen icon, square, the logo centred.
func TestFaviconsFromAPNGLogo(t *testing.T) {
	dir, cfg := site(t, "title: x\nbrand:\n  logo: logo.png\n", map[string]string{"logo.png": pngOf(300, 100)})
	b, diags := Load(cfg, dir, themes.Default)
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if b.Logo == nil || b.Logo.Width != 120 || b.Logo.Height != 40 {
		t.Fatalf("logo = %+v", b.Logo)
	}
	want := map[string]int{"favicon-32.png": 32, "apple-touch-icon.png": 180}
	if len(b.Icons) != 2 {
		t.Fatalf("icons = %+v", b.Icons)
	}
	for _, ic := range b.Icons {
		img, err := png.Decode(bytes.NewReader(ic.Data))
		if err != nil {
			t.Fatalf("%s: %v", ic.Name, err)
		}
		size := want[ic.Name]
		if img.Bounds().Dx() != size || img.Bounds().Dy() != size {
			t.Errorf("%s is %v, want %d×%d", ic.Name, img.Bounds(), size, size)
		}
		// The logo is three times as wide as tall: the top rows are
		// transparent, the middle row is the logo's colour.
		if _, _, _, a := img.At(size/2, 0).RGBA(); a != 0 {
			t.Errorf("%s: the top is not transparent", ic.Name)
		}
		if r, g, b, a := img.At(size/2, size/2).RGBA(); a>>8 != 255 || r>>8 != 0 || g>>8 != 89 || b>>8 != 79 {
			t.Errorf("%s: the middle is %d,%d,%d,%d, want the logo's colour", ic.Name, r>>8, g>>8, b>>8, a>>8)
		}
	}
}

// TestLoadBad: every bad brand setting is an error at its own line of
// site.yaml, saying what is wrong.
func TestLoadBad(t *testing.T) {
	dir, cfg := site(t, `title: x
brand:
  logo: brand/missing.svg
  favicon: brand/icon.jpg
  colour: blue-ish
  accent: "#f6c445"
  css:
    - brand/ok.css
    - brand/imports.css
    - brand/remote.css
    - brand/relative.css
    - brand/page.html
    - brand/not-css.css
    - ../outside.css
`, map[string]string{
		"brand/icon.jpg":     "\xff\xd8\xff",
		"brand/ok.css":       "a { color: #0b4f9c }",
		"brand/imports.css":  "@import 'https://fonts.example/x.css';",
		"brand/remote.css":   "body { background: url('https://evil.example/x.png') }",
		"brand/relative.css": "body { background: url(img/x.png) }",
		"brand/page.html":    "<p>hi</p>",
		"brand/not-css.css":  "<script>alert(1)</script>",
	})
	os.WriteFile(filepath.Join(filepath.Dir(dir), "outside.css"), []byte("a{}"), 0o644)
	b, diags := Load(cfg, dir, themes.Default)
	want := map[int]string{3: "brand-file", 4: "brand-image-type", 5: "brand-colour", 6: "brand-contrast",
		9: "brand-css", 10: "brand-css", 11: "brand-css", 12: "brand-css", 13: "brand-css", 14: "brand-file"}
	got := map[int]string{}
	for _, d := range diags {
		if d.File != "site.yaml" || d.Severity != diag.Error {
			t.Errorf("%v: want an error in site.yaml", d)
		}
		got[d.Line] = d.Code
	}
	for line, code := range want {
		if got[line] != code {
			t.Errorf("line %d: got %q, want %q", line, got[line], code)
		}
	}
	if len(diags) < len(want) {
		t.Errorf("diagnostics:\n%v", diags)
	}
	if b.Logo != nil || len(b.Icons) != 0 || len(b.Styles) != 1 {
		t.Errorf("a bad setting was kept: %+v", b)
	}
}

// TestContrastFailures: a colour too light for white header text or for
// links on the page, and an accent too light, are each an error naming the
// key and the ratio, with a colour of the same hue that passes.
func TestContrastFailures(t *testing.T) {
	for _, tc := range []struct {
		key, value string
		want       []string
	}{
		{"colour", "#7fb3d5", []string{"brand.colour #7fb3d5 has a contrast of 2.", "with the header's text (#ffffff)", "needs 4.5:1"}},
		{"colour", "#737373", []string{"the focus highlight on the header (#ffbf47)", "needs 3:1"}},
		{"accent", "#f6c445", []string{"brand.accent #f6c445", "the page's background"}},
		{"accent", "yellow", []string{"brand.accent #ffff00"}},
	} {
		dir, cfg := site(t, "title: x\nbrand:\n  "+tc.key+": \""+tc.value+"\"\n", map[string]string{})
		b, diags := Load(cfg, dir, themes.Default)
		if !diags.HasErrors() || b.Colours != nil {
			t.Errorf("%s %s: no error, or its stylesheet was made", tc.key, tc.value)
			continue
		}
		all := diags.String()
		for _, w := range tc.want {
			if !strings.Contains(all, w) {
				t.Errorf("%s %s: the diagnostics do not say %q:\n%s", tc.key, tc.value, w, all)
			}
		}
		for _, d := range diags {
			if d.Line != 3 || d.Code != "brand-contrast" || !strings.HasPrefix(d.Hint, "a colour of the same hue that passes every check is #") {
				t.Errorf("%v", d)
				continue
			}
			// The suggestion passes.
			s, _ := ParseColour(strings.TrimPrefix(d.Hint, "a colour of the same hue that passes every check is "))
			dir, cfg := site(t, "title: x\nbrand:\n  "+tc.key+": \""+Hex(s)+"\"\n", map[string]string{})
			if _, again := Load(cfg, dir, themes.Default); again.HasErrors() {
				t.Errorf("the suggested %s fails too: %v", Hex(s), again)
			}
		}
	}
}

// TestSanitiseSVGReadsCSSAsBrowsersDo: what fetches hides in a logo's CSS
// behind escapes a browser reads (u\72l(…), @\69mport) or in functions
// other than url() (image-set(), cross-fade()), and a namespace that turns
// the SVG's elements into XHTML's, are removed like their plain forms.
func TestSanitiseSVGReadsCSSAsBrowsersDo(t *testing.T) {
	const open = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">`
	for name, body := range map[string]string{
		"escaped url in a style sheet":       `<style>rect{fill:u\72l(https://evil.example/p.svg#x)}</style>`,
		"escaped quoted url":                 `<style>rect{fill:u\72l("https://evil.example/p.svg#x")}</style>`,
		"escaped url, upper case":            `<style>rect{fill:\55\52\4c(https://evil.example/p.svg#x)}</style>`,
		"escaped address in url()":           `<style>rect{fill:url(\68ttps://evil.example/p.svg#x)}</style>`,
		"escaped import":                     `<style>@\69mport "https://evil.example/x.css";</style>`,
		"import without url()":               `<style>@IMPORT 'https://evil.example/x.css';</style>`,
		"image-set":                          `<style>rect{background:image-set("https://evil.example/p.png" 1x)}</style>`,
		"-webkit-image-set":                  `<style>rect{background:-webkit-image-set('https://evil.example/p.png' 1x)}</style>`,
		"cross-fade":                         `<style>rect{background:cross-fade("https://evil.example/p.png", red 50%)}</style>`,
		"font source":                        `<style>@font-face{font-family:x;src:local(x),url(https://evil.example/f.woff)}</style>`,
		"escaped url in an attribute":        `<rect mask="u\72l(https://evil.example/m.svg#m)"/>`,
		"escaped url in a style attribute":   `<rect style="mask:u\72l(https://evil.example/m.svg#m)"/>`,
		"image-set in a style attribute":     `<rect style="fill:red;background:image-set('https://evil.example/p.png' 1x)"/>`,
		"url in a comment-split attribute":   `<rect filter="u\72l(/**/https://evil.example/f.svg#f)"/>`,
		"xhtml as the default namespace":     `<g xmlns="http://www.w3.org/1999/xhtml"><title>Logo</title></g>`,
		"xhtml under a prefix of its own":    `<g xmlns:h="http://www.w3.org/1999/xhtml"><h:title>evil.example</h:title><rect h:title="evil.example"/></g>`,
		"mathml under a prefix of its own":   `<g xmlns:m="http://www.w3.org/1998/Math/MathML"><m:mtext>evil.example</m:mtext></g>`,
		"xlink prefix bound to xhtml":        `<g xmlns:x="http://www.w3.org/1999/xhtml"><use x:href="#a" xlink:href="https://evil.example/s.svg#x"/></g>`,
		"expression, escaped":                `<style>rect{width:e\78pression(alert(1));font-family:"evil.example"}</style>`,
		"binding, escaped":                   `<style>rect{-moz-bin\64ing:url(#x);font-family:"evil.example"}</style>`,
		"javascript url in a presentation":   `<rect fill="url(javascript:alert('evil.example'))"/>`,
		"entity-encoded url in an attribute": `<rect fill="url(&#x68;ttps://evil.example/f.svg#f)"/>`,
	} {
		svg, err := SanitiseSVG([]byte(open + body + `<rect width="5" height="5" fill="url(#g)"/></svg>`))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		out := string(svg.Data)
		if strings.Contains(out, "evil.example") || strings.Contains(out, "1999/xhtml") || strings.Contains(out, "MathML") {
			t.Errorf("%s: the sanitised SVG still has it:\n%s", name, out)
		}
		if len(svg.Removed) == 0 {
			t.Errorf("%s: nothing was reported removed", name)
		}
		if !strings.Contains(out, `fill="url(#g)"`) {
			t.Errorf("%s: a reference inside the document was lost:\n%s", name, out)
		}
		if err := xml.Unmarshal(svg.Data, new(struct{ XMLName xml.Name })); err != nil {
			t.Errorf("%s: the sanitised SVG is not well-formed: %v\n%s", name, err, out)
		}
	}
}

// TestStylesheetsReadAsBrowsersDo: a brand stylesheet that fetches from
// another site or runs script through escapes or image functions is
// refused like its plain form; escapes that stay on the site are fine.
func TestStylesheetsReadAsBrowsersDo(t *testing.T) {
	for _, bad := range []string{
		`@\69mport "https://evil.example/x.css";`,
		`@\000069mport url(x.css);`,
		`a{background:u\72l(https://evil.example/x.png)}`,
		`a{background:\75 rl(https://evil.example/x.png)}`,
		`a{background:url(\68ttps://evil.example/x.png)}`,
		`a{background:url("\68ttps://evil.example/x.png")}`,
		`a{background:image-set("https://evil.example/x.png" 1x)}`,
		`a{background:-webkit-image-set(url(//evil.example/x.png) 1x)}`,
		`a{background:image("https://evil.example/x.png")}`,
		`a{width:e\78pression(alert(1))}`,
		`a{-moz-bin\64ing:url(/x.xml#b)}`,
		`a{behavio\72:url(/x.htc)}`,
		`a{background:url(javascript:alert(1))}`,
		`a{background:u\72l(javascript:alert(1))}`,
	} {
		if cssProblem([]byte(bad)) == "" {
			t.Errorf("%s: not refused", bad)
		}
	}
	for _, good := range []string{
		`a{background:u\72l(/brand/x.png)}`,
		`a{background:image-set("/brand/x.png" 1x, url(data:image/png;base64,AAAA) 2x)}`,
		`a::before{content:"\201C"}`,
		`.\31 0{color:#0b4f9c}`,
		`@font-face{font-family:B;src:url(/brand/b.woff2) format("woff2")}`,
	} {
		if msg := cssProblem([]byte(good)); msg != "" {
			t.Errorf("%s: refused: %s", good, msg)
		}
	}
}
