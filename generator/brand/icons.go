package brand

import (
	"bytes"
	"image"
	"image/png"

	"golang.org/x/image/draw"
)

// iconsFrom makes the favicons of a logo or of a PNG favicon: an SVG is
// its own icon, at any size; a PNG is drawn into the two squares browsers
// and phones ask for (32 pixels for the tab, 180 for a home screen),
// centred, on a transparent background.
func iconsFrom(f File) []Icon {
	if bytes.HasPrefix(f.Data, []byte("\x89PNG")) {
		src, err := png.Decode(bytes.NewReader(f.Data))
		if err != nil {
			return nil
		}
		return []Icon{
			{File: File{Name: "favicon-32.png", Data: square(src, 32)}, Rel: "icon", Type: "image/png", Sizes: "32x32"},
			{File: File{Name: "apple-touch-icon.png", Data: square(src, 180)}, Rel: "apple-touch-icon", Type: "image/png", Sizes: "180x180"},
		}
	}
	return []Icon{{File: File{Name: "favicon.svg", Data: f.Data}, Rel: "icon", Type: "image/svg+xml", Sizes: "any"}}
}

// square draws src, scaled to fit, into the middle of a size×size PNG.
func square(src image.Image, size int) []byte {
	b := src.Bounds()
	w, h := size, size
	if b.Dx() > b.Dy() {
		h = max(1, size*b.Dy()/b.Dx())
	} else {
		w = max(1, size*b.Dx()/b.Dy())
	}
	dst := image.NewNRGBA(image.Rect(0, 0, size, size))
	at := image.Rect((size-w)/2, (size-h)/2, (size-w)/2+w, (size-h)/2+h)
	draw.CatmullRom.Scale(dst, at, src, b, draw.Over, nil)
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	enc.Encode(&buf, dst)
	return buf.Bytes()
}
