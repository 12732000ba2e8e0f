package brand

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"
	"golang.org/x/image/colornames"
)

// ParseColour reads a colour as site.yaml may write it: a hex colour
// (#0b4f9c or #08c) or a CSS colour name (navy). It refuses what a
// contrast cannot be computed for (transparency, currentColor).
func ParseColour(s string) (color.RGBA, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	if strings.HasPrefix(v, "#") {
		h := v[1:]
		switch len(h) {
		case 3:
			h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
		case 6:
		case 4, 8:
			return color.RGBA{}, fmt.Errorf("%q has transparency, which leaves its contrast to whatever is behind it", s)
		default:
			return color.RGBA{}, fmt.Errorf("%q is not a hex colour: it needs 3 or 6 hex digits after #", s)
		}
		n, err := strconv.ParseUint(h, 16, 32)
		if err != nil {
			return color.RGBA{}, fmt.Errorf("%q is not a hex colour: only 0-9 and a-f may follow #", s)
		}
		return color.RGBA{R: uint8(n >> 16), G: uint8(n >> 8), B: uint8(n), A: 255}, nil
	}
	if c, ok := colornames.Map[v]; ok {
		return c, nil
	}
	return color.RGBA{}, fmt.Errorf("%q is not a colour", s)
}

// Hex writes a colour as #rrggbb.
func Hex(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// Luminance is a colour's relative luminance as WCAG 2.2 defines it.
func Luminance(c color.RGBA) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// Contrast is the WCAG 2.2 contrast ratio of two colours, from 1 to 21.
func Contrast(a, b color.RGBA) float64 {
	la, lb := Luminance(a), Luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// Palette is the theme colours a brand colour must stand out against,
// read from the custom properties of the theme's stylesheet.
type Palette struct {
	Ink      color.RGBA // text
	Paper    color.RGBA // the page's background
	Wash     color.RGBA // the footer's and panels' background
	Focus    color.RGBA // the focus ring
	OnAccent color.RGBA // text on the header and on buttons
}

// DefaultPalette is the default theme's palette, for a theme stylesheet
// that does not declare one of the colours.
var DefaultPalette = Palette{
	Ink:      color.RGBA{0x1b, 0x1f, 0x24, 255},
	Paper:    color.RGBA{0xff, 0xff, 0xff, 255},
	Wash:     color.RGBA{0xf3, 0xf5, 0xf7, 255},
	Focus:    color.RGBA{0xff, 0xbf, 0x47, 255},
	OnAccent: color.RGBA{0xff, 0xff, 0xff, 255},
}

// ReadPalette reads the colours of a theme's stylesheet from the custom
// properties its :root rules set (--ink, --paper, --wash, --focus,
// --on-accent); a colour it does not set, or sets to something other than
// a plain colour, is the default theme's.
func ReadPalette(stylesheet []byte) Palette {
	pal := DefaultPalette
	slots := map[string]*color.RGBA{"--ink": &pal.Ink, "--paper": &pal.Paper, "--wash": &pal.Wash, "--focus": &pal.Focus, "--on-accent": &pal.OnAccent}
	p := css.NewParser(parse.NewInput(bytes.NewReader(stylesheet)), false)
	inRoot := false
	for {
		gt, _, data := p.Next()
		switch gt {
		case css.ErrorGrammar:
			if errors.Is(p.Err(), io.EOF) {
				return pal
			}
		case css.BeginRulesetGrammar:
			var sel strings.Builder
			for _, t := range p.Values() {
				sel.Write(t.Data)
			}
			inRoot = strings.TrimSpace(sel.String()) == ":root"
		case css.EndRulesetGrammar:
			inRoot = false
		case css.CustomPropertyGrammar:
			slot := slots[string(data)]
			if !inRoot || slot == nil {
				continue
			}
			var v strings.Builder
			for _, t := range p.Values() {
				v.Write(t.Data)
			}
			if c, err := ParseColour(v.String()); err == nil {
				*slot = c
			}
		}
	}
}
