package render

import (
	"github.com/trellis-ssg/trellis/generator/brand"
)

// SetBrand gives the renderer the site's brand (generator/brand) for the
// builds that follow: its files are published with the theme's assets, its
// stylesheets linked after the theme's.
func (r *Renderer) SetBrand(b *brand.Brand) { r.brand = b }

// brandAssets are the brand's files as published: fingerprinted like the
// theme's assets.
type brandAssets struct {
	logo   *LogoImage
	icons  []IconLink
	styles []Asset
}

// LogoImage is the header's logo, ready for an <img> element.
type LogoImage struct {
	URL, Alt      string
	Width, Height int
}

// IconLink is a favicon, ready for a <link> element.
type IconLink struct {
	Rel, URL, Type, Sizes string
}

// publishBrand writes the brand's files to out and returns how the pages
// link them.
func (r *Renderer) publishBrand(s *Site, out Output, failed *errs) int {
	b := r.brand
	if b == nil {
		return 0
	}
	n := 0
	write := func(name string, data []byte) Asset {
		a := fingerprint(name, data)
		failed.add(out.WriteFile(a.Path, a.Data))
		n++
		a.Path = s.Config.URL(a.Path)
		return a
	}
	if b.Logo != nil {
		a := write(b.Logo.Name, b.Logo.Data)
		s.brand.logo = &LogoImage{URL: a.Path, Alt: b.Logo.Alt, Width: b.Logo.Width, Height: b.Logo.Height}
	}
	for _, ic := range b.Icons {
		a := write(ic.Name, ic.Data)
		s.brand.icons = append(s.brand.icons, IconLink{Rel: ic.Rel, URL: a.Path, Type: ic.Type, Sizes: ic.Sizes})
	}
	if b.Colours != nil {
		s.brand.styles = append(s.brand.styles, write("brand-colours.css", b.Colours))
	}
	for _, f := range b.Styles {
		s.brand.styles = append(s.brand.styles, write(f.Name, f.Data))
	}
	return n
}

// Logo is the brand's logo for the header, or nil.
func (s *Site) Logo() *LogoImage { return s.brand.logo }

// Icons are the favicons every page declares: the brand's, or else the
// theme's.
func (s *Site) Icons() []IconLink {
	if len(s.brand.icons) > 0 {
		return s.brand.icons
	}
	var out []IconLink
	for _, ic := range []IconLink{{Rel: "icon", URL: "favicon.svg", Type: "image/svg+xml"}, {Rel: "icon", URL: "favicon.png", Type: "image/png"}} {
		if a := s.Asset(ic.URL); a.Path != "" {
			ic.URL = a.Path
			out = append(out, ic)
		}
	}
	return out
}

// faviconICO is the site's /favicon.ico: the brand's ICO favicon as it
// is, or else a PNG one (icoSource) wrapped as an ICO; nil when there is
// none. An SVG-only brand keeps the theme's (there is no rasteriser for
// SVG here); pages declare the brand's SVG, which browsers prefer.
func (r *Renderer) faviconICO() ([]byte, error) {
	if b := r.brand; b != nil {
		for _, ic := range b.Icons {
			if ic.Type == "image/x-icon" {
				return ic.Data, nil
			}
		}
	}
	if png := r.icoSource(); png != nil {
		return icoFromPNG(png)
	}
	return nil, nil
}

// Styles are the stylesheets every page links, in order: the theme's,
// then the brand's colours, then brand.css's stylesheets.
func (s *Site) Styles() []Asset {
	var out []Asset
	if a := s.Asset("site.css"); a.Path != "" {
		out = append(out, a)
	}
	return append(out, s.brand.styles...)
}
