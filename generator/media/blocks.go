package media

import (
	"bytes"
	"encoding/binary"
	"io"

	"golang.org/x/image/riff"
)

// Block is one piece of an image file that is not its pixels: a JPEG
// segment, a PNG chunk, a WebP chunk, a GIF extension.
type Block struct {
	// Name says what it is: "EXIF", "XMP", "IPTC", "ICC", "comment",
	// "text" (PNG tEXt, iTXt, zTXt), "maker" (another APPn), or the
	// container's own name of an unknown block.
	Name string
	// Data is the block's payload; for EXIF, the TIFF structure.
	Data []byte
}

// Blocks lists the metadata blocks of an image file: everything that is
// neither its pixels nor what a decoder needs to draw them. A file with
// none gives nil. Formats other than JPEG, PNG, WebP and GIF give nil; a
// TIFF is metadata throughout and is judged by its EXIF (Inspect).
func Blocks(data []byte) []Block {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8}):
		return jpegBlocks(data)
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return pngBlocks(data)
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return webpBlocks(data)
	case bytes.HasPrefix(data, []byte("GIF8")):
		return gifBlocks(data)
	}
	return nil
}

// jpegBlocks walks the segments before the image data. APP0 (JFIF) and
// the segments that describe the picture are not metadata; every other
// APPn and every comment is.
func jpegBlocks(data []byte) []Block {
	var out []Block
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return out
		}
		marker := data[i+1]
		if marker == 0xFF { // fill byte
			i++
			continue
		}
		if marker == 0xDA || marker == 0xD9 { // start of scan, end of image
			return out
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return out
		}
		payload := data[i+4 : i+2+n]
		switch {
		case marker == 0xE1 && bytes.HasPrefix(payload, []byte("Exif\x00\x00")):
			out = append(out, Block{"EXIF", payload[6:]})
		case marker == 0xE1 && bytes.HasPrefix(payload, []byte("http://ns.adobe.com/")):
			out = append(out, Block{"XMP", payload})
		case marker == 0xED:
			out = append(out, Block{"IPTC", payload})
		case marker == 0xE2 && bytes.HasPrefix(payload, []byte("ICC_PROFILE")):
			out = append(out, Block{"ICC", payload})
		case marker == 0xFE:
			out = append(out, Block{"comment", payload})
		case marker >= 0xE1 && marker <= 0xEF:
			out = append(out, Block{"maker", payload})
		}
		i += 2 + n
	}
	return out
}

// pngBlocks walks the chunks: all but those needed to draw the image.
func pngBlocks(data []byte) []Block {
	var out []Block
	for i := 8; i+12 <= len(data); {
		n := int(binary.BigEndian.Uint32(data[i:]))
		typ := string(data[i+4 : i+8])
		if n < 0 || i+12+n > len(data) {
			return out
		}
		payload := data[i+8 : i+8+n]
		switch typ {
		case "IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "sBIT", "bKGD", "pHYs", "acTL", "fcTL", "fdAT":
		case "eXIf":
			out = append(out, Block{"EXIF", payload})
		case "tEXt", "zTXt", "iTXt":
			name := "text"
			if bytes.HasPrefix(payload, []byte("XML:com.adobe.xmp")) {
				name = "XMP"
			}
			out = append(out, Block{name, payload})
		case "iCCP":
			out = append(out, Block{"ICC", payload})
		default:
			out = append(out, Block{typ, payload})
		}
		i += 12 + n
	}
	return out
}

// webpBlocks lists the RIFF chunks that are not image data.
func webpBlocks(data []byte) []Block {
	_, r, err := riff.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	var out []Block
	for {
		id, _, chunk, err := r.Next()
		if err != nil {
			return out
		}
		payload, err := io.ReadAll(chunk)
		if err != nil {
			return out
		}
		switch string(id[:]) {
		case "VP8 ", "VP8L", "VP8X", "ALPH", "ANIM", "ANMF":
		case "EXIF":
			out = append(out, Block{"EXIF", bytes.TrimPrefix(payload, []byte("Exif\x00\x00"))})
		case "XMP ":
			out = append(out, Block{"XMP", payload})
		case "ICCP":
			out = append(out, Block{"ICC", payload})
		default:
			out = append(out, Block{string(id[:]), payload})
		}
	}
}

// gifBlocks lists comment extensions and application extensions other
// than the loop count (XMP lives in one).
func gifBlocks(data []byte) []Block {
	if len(data) < 13 {
		return nil
	}
	i := 13
	if data[10]&0x80 != 0 { // global colour table
		i += 3 << (data[10]&7 + 1)
	}
	var out []Block
	for i < len(data) {
		switch data[i] {
		case 0x21: // extension
			if i+2 > len(data) {
				return out
			}
			label := data[i+1]
			sub, next := subBlocks(data, i+2)
			switch {
			case label == 0xFE:
				out = append(out, Block{"comment", sub})
			case label == 0xFF && !bytes.HasPrefix(sub, []byte("NETSCAPE2.0")):
				name := "application"
				if bytes.HasPrefix(sub, []byte("XMP DataXMP")) {
					name = "XMP"
				}
				out = append(out, Block{name, sub})
			}
			i = next
		case 0x2C: // image descriptor
			if i+10 > len(data) {
				return out
			}
			flags := data[i+9]
			i += 10
			if flags&0x80 != 0 {
				i += 3 << (flags&7 + 1)
			}
			_, i = subBlocks(data, i+1) // after the LZW minimum code size
		default: // trailer, or not a GIF we understand
			return out
		}
	}
	return out
}

// subBlocks joins the data sub-blocks starting at i and returns the index
// after their terminator.
func subBlocks(data []byte, i int) ([]byte, int) {
	var out []byte
	for i < len(data) {
		n := int(data[i])
		i++
		if n == 0 {
			return out, i
		}
		if i+n > len(data) {
			return out, len(data)
		}
		out = append(out, data[i:i+n]...)
		i += n
	}
	return out, i
}
