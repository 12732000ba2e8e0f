package render

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image/png"
)

// faviconICO is where a site's icon is published at a stable path, for
// whatever asks for /favicon.ico without reading a page's head: a browser
// showing a feed or a data file, a bookmark manager, an old browser. Pages
// declare the theme's fingerprinted icons (see base.html, "icons").
const faviconICO = "favicon.ico"

// icoFromPNG wraps a PNG image in an ICO file of one entry, the form every
// browser since Windows Vista's reads. The image must be at most 256 pixels
// a side, the largest an ICO entry can describe.
func icoFromPNG(data []byte) ([]byte, error) {
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("theme: assets/favicon.png is not a PNG image: %w", err)
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > 256 || cfg.Height > 256 {
		return nil, fmt.Errorf("theme: assets/favicon.png is %d×%d pixels; an ICO holds at most 256×256 (make it 32×32 or 48×48)", cfg.Width, cfg.Height)
	}
	var b bytes.Buffer
	le := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	le([3]uint16{0, 1, 1})                                  // reserved, type 1 (icon), one image
	le([4]uint8{uint8(cfg.Width), uint8(cfg.Height), 0, 0}) // 256 is written as 0; no palette
	le([2]uint16{1, 32})                                    // colour planes, bits per pixel
	le([2]uint32{uint32(len(data)), 6 + 16})                // the image's size and offset
	b.Write(data)
	return b.Bytes(), nil
}

// icoSource is the PNG published as favicon.ico: the brand's PNG icon when
// the site has one small enough for an ICO entry, else the theme's.
func (r *Renderer) icoSource() []byte {
	if r.brand != nil {
		for _, ic := range r.brand.Icons {
			if ic.Rel == "icon" && ic.Type == "image/png" {
				if c, err := png.DecodeConfig(bytes.NewReader(ic.Data)); err == nil && c.Width <= 256 && c.Height <= 256 {
					return ic.Data
				}
			}
		}
	}
	if a, ok := r.theme.assets["favicon.png"]; ok {
		return a.Data
	}
	return nil
}
