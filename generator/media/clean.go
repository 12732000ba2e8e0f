package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"

	"golang.org/x/image/riff"
	"golang.org/x/image/tiff"
)

// OriginalQuality is the JPEG quality an original photograph is
// re-encoded at: high, since it is the full-size copy.
const OriginalQuality = 90

// ErrTurnedWebP is returned for a WebP file stored turned (an EXIF
// orientation other than 1): without its EXIF it would show on its side,
// and trellis cannot re-encode WebP.
var ErrTurnedWebP = errors.New("the WebP file is stored turned (EXIF orientation); rotate it in an image editor, or save it as JPEG or PNG")

// Clean returns an image file as it may be published: without EXIF, GPS,
// XMP, IPTC, maker notes, thumbnails, comments or colour profiles, its
// EXIF orientation applied to the pixels. JPEG, PNG, GIF and TIFF are
// decoded and encoded again in their own format; WebP, which Go cannot
// encode, keeps its image data and loses every other chunk. The result is
// cached by the file's hash when the processor has a cache folder.
func (p *Processor) Clean(name string, src []byte) ([]byte, error) {
	cached := ""
	if p.CacheDir != "" {
		cached = filepath.Join(p.CacheDir, hashKey(src)+".clean")
		if b, err := os.ReadFile(cached); err == nil {
			return b, nil
		}
	}
	out, err := clean(src)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if cached != "" {
		writeCache(p.CacheDir, cached, out)
	}
	return out, nil
}

// CanClean reports, without decoding the pixels, why Clean would fail on
// an image file, or nil.
func CanClean(src []byte) error {
	if Type(src) == "image/webp" && Inspect(src).Orientation != 1 {
		return ErrTurnedWebP
	}
	_, _, err := image.DecodeConfig(bytes.NewReader(src))
	return err
}

func clean(src []byte) ([]byte, error) {
	var buf bytes.Buffer
	switch t := Type(src); t {
	case "image/webp":
		if Inspect(src).Orientation != 1 {
			return nil, ErrTurnedWebP
		}
		return stripWebP(src)
	case "image/gif":
		g, err := gif.DecodeAll(bytes.NewReader(src))
		if err != nil {
			return nil, err
		}
		err = gif.EncodeAll(&buf, g)
		return buf.Bytes(), err
	case "image/jpeg", "image/png", "image/tiff":
		img, err := decodeUpright(src)
		if err != nil {
			return nil, err
		}
		switch t {
		case "image/jpeg":
			err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: OriginalQuality})
		case "image/png":
			err = png.Encode(&buf, img)
		default:
			err = tiff.Encode(&buf, img, &tiff.Options{Compression: tiff.Deflate, Predictor: true})
		}
		return buf.Bytes(), err
	default:
		return nil, fmt.Errorf("%s is not an image type trellis can clean", t)
	}
}

// decodeUpright decodes an image and applies its EXIF orientation.
func decodeUpright(src []byte) (image.Image, error) {
	img, _, err := image.Decode(bytes.NewReader(src))
	if err != nil {
		return nil, err
	}
	return orient(img, Inspect(src).Orientation), nil
}

// orient turns and flips img as EXIF orientation o (1–8) says, so that it
// shows upright without its EXIF.
func orient(img image.Image, o int) image.Image {
	if o <= 1 || o > 8 {
		return img
	}
	b := img.Bounds()
	src := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(src, src.Bounds(), img, b.Min, draw.Src)
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewNRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < dh; y++ {
		for x := 0; x < dw; x++ {
			var sx, sy int
			switch o {
			case 2:
				sx, sy = w-1-x, y
			case 3:
				sx, sy = w-1-x, h-1-y
			case 4:
				sx, sy = x, h-1-y
			case 5:
				sx, sy = y, x
			case 6:
				sx, sy = y, h-1-x
			case 7:
				sx, sy = w-1-y, h-1-x
			case 8:
				sx, sy = w-1-y, x
			}
			copy(dst.Pix[dst.PixOffset(x, y):][:4], src.Pix[src.PixOffset(sx, sy):][:4])
		}
	}
	return dst
}

// stripWebP keeps the chunks of a WebP file that draw the image, and
// clears the extended header's flags for the chunks it drops.
func stripWebP(src []byte) ([]byte, error) {
	_, r, err := riff.NewReader(bytes.NewReader(src))
	if err != nil {
		return nil, err
	}
	var body bytes.Buffer
	body.WriteString("WEBP")
	for {
		id, _, chunk, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(chunk)
		if err != nil {
			return nil, err
		}
		switch string(id[:]) {
		case "VP8X":
			if len(data) > 0 {
				data[0] &^= 0x20 | 0x08 | 0x04 // ICC profile, EXIF, XMP
			}
		case "VP8 ", "VP8L", "ALPH", "ANIM", "ANMF":
		default:
			continue
		}
		body.Write(id[:])
		binary.Write(&body, binary.LittleEndian, uint32(len(data)))
		body.Write(data)
		if len(data)%2 == 1 {
			body.WriteByte(0)
		}
	}
	out := make([]byte, 8, 8+body.Len())
	copy(out, "RIFF")
	binary.LittleEndian.PutUint32(out[4:], uint32(body.Len()))
	return append(out, body.Bytes()...), nil
}
