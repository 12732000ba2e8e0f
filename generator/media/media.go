// Package media prepares the images of a site for publishing: it resizes
// each bundle image to a few widths at build time so that pages can offer a
// srcset, and caches the results by content hash between builds. The render
// stage calls it; it knows nothing of pages.
package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	// Decoders for the formats editors put in bundles.
	_ "image/gif"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/tiff"
	_ "golang.org/x/image/webp"
)

// DefaultWidths are the widths images are resized to, smallest first.
var DefaultWidths = []int{480, 960, 1600}

// Quality is the JPEG quality of resized images.
const Quality = 82

// Processor resizes images, with an optional cache folder.
type Processor struct {
	// CacheDir holds resized images between builds; "" disables the cache.
	CacheDir string
	Widths   []int
}

// Image is an image with its resized variants.
type Image struct {
	Name          string // the original file name
	Width, Height int    // of the original
	Variants      []Variant
}

// Variant is one resized copy.
type Variant struct {
	Name          string // file name beside the original, e.g. "photo.480w.jpg"
	Width, Height int
	Data          []byte
}

// Largest is the widest variant, or a zero Variant.
func (im Image) Largest() Variant {
	if len(im.Variants) == 0 {
		return Variant{}
	}
	return im.Variants[len(im.Variants)-1]
}

// Resizable reports whether a file name is an image Process can handle.
func Resizable(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp", ".tif", ".tiff":
		return true
	}
	return false
}

// Process decodes src and returns its variants: one per configured width
// narrower than the original, plus one at the original width, each turned
// upright as its EXIF orientation says and carrying no metadata.
// Photographs (JPEG, WebP, TIFF) become JPEG; images that may carry
// transparency stay PNG.
func (p *Processor) Process(name string, src []byte) (Image, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(src))
	if err != nil {
		return Image{}, fmt.Errorf("%s: not an image we can read: %w", name, err)
	}
	if cfg.Width*cfg.Height > 80_000_000 {
		return Image{}, fmt.Errorf("%s: %d×%d pixels is too large to process", name, cfg.Width, cfg.Height)
	}
	orientation := Inspect(src).Orientation
	if orientation >= 5 { // turned a quarter: width and height swap
		cfg.Width, cfg.Height = cfg.Height, cfg.Width
	}
	out := Image{Name: name, Width: cfg.Width, Height: cfg.Height}
	ext := ".jpg"
	if format == "png" || format == "gif" {
		ext = ".png"
	}
	widths := p.Widths
	if widths == nil {
		widths = DefaultWidths
	}
	var todo []int
	for _, w := range widths {
		if w < cfg.Width {
			todo = append(todo, w)
		}
	}
	todo = append(todo, cfg.Width)
	key := hashKey(src)
	base := strings.TrimSuffix(name, path.Ext(name))
	var decoded image.Image
	for _, w := range todo {
		h := (cfg.Height*w + cfg.Width/2) / cfg.Width
		if h < 1 {
			h = 1
		}
		v := Variant{Name: base + "." + strconv.Itoa(w) + "w" + ext, Width: w, Height: h}
		cached := ""
		if p.CacheDir != "" {
			cached = filepath.Join(p.CacheDir, key+"."+strconv.Itoa(w)+"w."+strconv.Itoa(Quality)+".upright"+ext)
			if b, err := os.ReadFile(cached); err == nil {
				v.Data = b
				out.Variants = append(out.Variants, v)
				continue
			}
		}
		if decoded == nil {
			decoded, _, err = image.Decode(bytes.NewReader(src))
			if err != nil {
				return Image{}, fmt.Errorf("%s: %w", name, err)
			}
			decoded = orient(decoded, orientation)
		}
		data, err := encode(resize(decoded, w, h), ext)
		if err != nil {
			return Image{}, fmt.Errorf("%s: %w", name, err)
		}
		v.Data = data
		if cached != "" {
			writeCache(p.CacheDir, cached, data)
		}
		out.Variants = append(out.Variants, v)
	}
	return out, nil
}

// hashKey names a source file's cached results.
func hashKey(src []byte) string {
	sum := sha256.Sum256(src)
	return hex.EncodeToString(sum[:12])
}

// writeCache keeps data in the cache file name, written whole or not at all.
func writeCache(dir, name string, data []byte) {
	if err := os.MkdirAll(dir, 0o755); err == nil {
		tmp := name + ".tmp"
		if os.WriteFile(tmp, data, 0o644) == nil {
			os.Rename(tmp, name)
		}
	}
}

func resize(src image.Image, w, h int) image.Image {
	b := src.Bounds()
	if b.Dx() == w && b.Dy() == h {
		return src
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Over, nil)
	return dst
}

func encode(img image.Image, ext string) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	if ext == ".png" {
		enc := png.Encoder{CompressionLevel: png.BestCompression}
		err = enc.Encode(&buf, img)
	} else {
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: Quality})
	}
	return buf.Bytes(), err
}
