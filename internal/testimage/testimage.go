// Package testimage makes the files a phone, a camera or an office suite
// leaves in a story's bundle, carrying what must never be published: a
// JPEG with a GPS position, XMP and a camera maker note; a PNG with tEXt,
// iTXt and eXIf chunks; a GIF with a comment and XMP; a WebP with EXIF and XMP chunks; a photograph
// stored turned (EXIF orientation 6); a PDF with an author. Tests use them
// to prove that the published copies carry none of it and stay upright.
//
// Everything is generated here, except testdata/plain.webp (Go cannot
// encode WebP): it is golang.org/x/image's testdata/blue-purple-pink.lossy.webp,
// © The Go Authors, BSD licence (golang.org/x/image/LICENSE), to which
// WebP adds the metadata chunks.
package testimage

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/color/palette"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"

	"github.com/dsoprea/go-exif/v3"
	exifcommon "github.com/dsoprea/go-exif/v3/common"
	exifundefined "github.com/dsoprea/go-exif/v3/undefined"
	"golang.org/x/image/webp"
)

// The secrets the files carry. A published file must hold none of them.
const (
	Artist    = "Ann Example"
	MakerNote = "Nikon serial 4471-2207"
	XMPTool   = "PhoneCam XMP creator"
	Comment   = "taken at 14 Harbour Lane"
	PDFAuthor = "Ruth Kowalczyk"
)

//go:embed testdata/plain.webp
var plainWebP []byte

// Marked is a w×h blue image whose top-left quarter is red: after any
// turn or flip, where the red quarter lands says how the image was turned.
func Marked(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{0, 0, 255, 255}
			if x < w/2 && y < h/2 {
				c = color.RGBA{255, 0, 0, 255}
			}
			img.Set(x, y, c)
		}
	}
	return img
}

// Exif is an EXIF (TIFF) structure with the given orientation, the
// artist, a GPS position and a camera maker note.
func Exif(orientation uint16) []byte {
	im, err := exifcommon.NewIfdMappingWithStandard()
	must(err)
	ti := exif.NewTagIndex()
	ib := exif.NewIfdBuilder(im, ti, exifcommon.IfdStandardIfdIdentity, binary.BigEndian)
	must(ib.AddStandardWithName("Orientation", []uint16{orientation}))
	must(ib.AddStandardWithName("Artist", Artist))
	gps, err := exif.GetOrCreateIbFromRootIb(ib, "IFD/GPSInfo")
	must(err)
	must(gps.AddStandardWithName("GPSLatitudeRef", "N"))
	must(gps.AddStandardWithName("GPSLatitude", []exifcommon.Rational{{Numerator: 51, Denominator: 1}, {Numerator: 27, Denominator: 1}, {Numerator: 1234, Denominator: 100}}))
	must(gps.AddStandardWithName("GPSLongitudeRef", "W"))
	must(gps.AddStandardWithName("GPSLongitude", []exifcommon.Rational{{Numerator: 2, Denominator: 1}, {Numerator: 35, Denominator: 1}, {Numerator: 5678, Denominator: 100}}))
	sub, err := exif.GetOrCreateIbFromRootIb(ib, "IFD/Exif")
	must(err)
	must(sub.AddStandardWithName("MakerNote", exifundefined.Tag927CMakerNote{MakerNoteType: []byte("Nikon"), MakerNoteBytes: []byte(MakerNote)}))
	b, err := exif.NewIfdByteEncoder().EncodeToExif(ib)
	must(err)
	return b
}

// xmp is an XMP packet naming the tool and the artist.
func xmp() []byte {
	return []byte(`<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmp:CreatorTool="` +
		XMPTool + `"><dc:creator><rdf:Seq><rdf:li>` + Artist + `</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`)
}

// JPEG is img as a JPEG with an EXIF segment (orientation, GPS, artist,
// maker note), an XMP segment, an IPTC segment and a comment.
func JPEG(img image.Image, orientation uint16) []byte {
	var plain bytes.Buffer
	must(jpeg.Encode(&plain, img, &jpeg.Options{Quality: 95}))
	var out bytes.Buffer
	out.Write(plain.Bytes()[:2]) // SOI
	segment(&out, 0xE1, append([]byte("Exif\x00\x00"), Exif(orientation)...))
	segment(&out, 0xE1, append([]byte("http://ns.adobe.com/xap/1.0/\x00"), xmp()...))
	segment(&out, 0xED, []byte("Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x10\x1c\x02\x50\x00\x0b"+Artist))
	segment(&out, 0xFE, []byte(Comment))
	out.Write(plain.Bytes()[2:])
	return out.Bytes()
}

func segment(w *bytes.Buffer, marker byte, payload []byte) {
	w.Write([]byte{0xFF, marker})
	binary.Write(w, binary.BigEndian, uint16(len(payload)+2))
	w.Write(payload)
}

// PNG is img as a PNG with tEXt (author, comment), iTXt (XMP) and eXIf
// (orientation, GPS, artist, maker note) chunks.
func PNG(img image.Image, orientation uint16) []byte {
	var plain bytes.Buffer
	must(png.Encode(&plain, img))
	b := plain.Bytes()
	const afterIHDR = 8 + 12 + 13
	var out bytes.Buffer
	out.Write(b[:afterIHDR])
	chunk(&out, "tEXt", []byte("Author\x00"+Artist))
	chunk(&out, "tEXt", []byte("Comment\x00"+Comment))
	chunk(&out, "iTXt", append([]byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00"), xmp()...))
	chunk(&out, "eXIf", Exif(orientation))
	out.Write(b[afterIHDR:])
	return out.Bytes()
}

func chunk(w *bytes.Buffer, typ string, data []byte) {
	binary.Write(w, binary.BigEndian, uint32(len(data)))
	w.WriteString(typ)
	w.Write(data)
	binary.Write(w, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
}

// WebP is a small lossy WebP in the extended format, with EXIF
// (orientation, GPS, artist, maker note) and XMP chunks.
func WebP(orientation uint16) []byte {
	cfg, err := webp.DecodeConfig(bytes.NewReader(plainWebP))
	must(err)
	var body bytes.Buffer
	body.WriteString("WEBP")
	vp8x := make([]byte, 10)
	vp8x[0] = 0x08 | 0x04 // EXIF, XMP
	put24(vp8x[4:], cfg.Width-1)
	put24(vp8x[7:], cfg.Height-1)
	riffChunk(&body, "VP8X", vp8x)
	body.Write(plainWebP[12:]) // the image's own chunk
	riffChunk(&body, "EXIF", Exif(orientation))
	riffChunk(&body, "XMP ", xmp())
	out := []byte("RIFF")
	out = binary.LittleEndian.AppendUint32(out, uint32(body.Len()))
	return append(out, body.Bytes()...)
}

func put24(b []byte, v int) { b[0], b[1], b[2] = byte(v), byte(v>>8), byte(v>>16) }

func riffChunk(w *bytes.Buffer, id string, data []byte) {
	w.WriteString(id)
	binary.Write(w, binary.LittleEndian, uint32(len(data)))
	w.Write(data)
	if len(data)%2 == 1 {
		w.WriteByte(0)
	}
}

// GIF is img as a GIF with a comment extension and an XMP application
// extension.
func GIF(img image.Image) []byte {
	pal := image.NewPaletted(img.Bounds(), palette.Plan9)
	draw.Draw(pal, pal.Bounds(), img, img.Bounds().Min, draw.Src)
	var plain bytes.Buffer
	must(gif.Encode(&plain, pal, nil))
	b := plain.Bytes()
	i := 13
	if b[10]&0x80 != 0 {
		i += 3 << (b[10]&7 + 1)
	}
	var out bytes.Buffer
	out.Write(b[:i])
	out.Write([]byte{0x21, 0xFE})
	subBlocks(&out, []byte(Comment))
	out.Write([]byte{0x21, 0xFF})
	subBlocks(&out, append([]byte("XMP DataXMP"), xmp()...))
	out.Write(b[i:])
	return out.Bytes()
}

func subBlocks(w *bytes.Buffer, data []byte) {
	for len(data) > 0 {
		n := min(len(data), 255)
		w.WriteByte(byte(n))
		w.Write(data[:n])
		data = data[n:]
	}
	w.WriteByte(0)
}

// PDF is a one-page PDF whose document information names its author.
func PDF(author string) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
		"<< /Author (" + author + ") /Creator (Writer) /Title (Consent notes) >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
