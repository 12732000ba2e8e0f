package media_test

import (
	"bytes"
	"image"
	"strings"
	"testing"

	"github.com/dsoprea/go-exif/v3"

	"github.com/trellis-ssg/trellis/generator/media"
	"github.com/trellis-ssg/trellis/internal/testimage"
)

// secrets are what the test files carry; no published byte may hold them.
var secrets = []string{testimage.Artist, testimage.MakerNote, testimage.XMPTool, testimage.Comment, "xmpmeta", "Exif\x00\x00"}

// AssertClean fails when data, a published image, has any metadata block
// (parsed by its container), an EXIF structure go-exif can find, or one
// of the secrets in its bytes.
func assertClean(t *testing.T, name string, data []byte) {
	t.Helper()
	for _, b := range media.Blocks(data) {
		t.Errorf("%s: published with a %s block (%d bytes)", name, b.Name, len(b.Data))
	}
	if raw, err := exif.SearchAndExtractExif(data); err == nil {
		if tags, _, err := exif.GetFlatExifData(raw, nil); err == nil && len(tags) > 0 {
			t.Errorf("%s: published with %d EXIF tags, e.g. %s", name, len(tags), tags[0].TagName)
		}
	}
	for _, s := range secrets {
		if bytes.Contains(data, []byte(s)) {
			t.Errorf("%s: published bytes contain %q", name, s)
		}
	}
	if f := media.Inspect(data); f.GPS || f.Orientation != 1 || len(f.Carries) > 0 {
		t.Errorf("%s: Inspect still finds %+v", name, f)
	}
}

// TestFixturesCarryMetadata makes sure the test files really carry what
// the other tests prove is removed.
func TestFixturesCarryMetadata(t *testing.T) {
	cases := map[string]struct {
		data   []byte
		blocks []string
	}{
		"jpeg": {testimage.JPEG(testimage.Marked(40, 20), 1), []string{"EXIF", "XMP", "IPTC", "comment"}},
		"png":  {testimage.PNG(testimage.Marked(40, 20), 1), []string{"text", "XMP", "EXIF"}},
		"webp": {testimage.WebP(1), []string{"EXIF", "XMP"}},
	}
	if f := media.Inspect(testimage.GIF(testimage.Marked(8, 8))); !contains(f.Carries, "comment") || !contains(f.Carries, "XMP") {
		t.Errorf("gif: Inspect finds %q, want a comment and XMP", f.Carries)
	}
	for name, c := range cases {
		f := media.Inspect(c.data)
		if !f.GPS {
			t.Errorf("%s: Inspect finds no GPS position", name)
		}
		for _, want := range append(c.blocks, "camera maker notes", "artist: "+testimage.Artist, "GPS position") {
			if !contains(f.Carries, want) {
				t.Errorf("%s: Inspect does not report %q: %q", name, want, f.Carries)
			}
		}
	}
	if f := media.Inspect(testimage.JPEG(testimage.Marked(40, 20), 6)); f.Orientation != 6 {
		t.Errorf("orientation %d, want 6", f.Orientation)
	}
	if f := media.Inspect(testimage.PDF(testimage.PDFAuthor)); !contains(f.Carries, "author: "+testimage.PDFAuthor) {
		t.Errorf("the PDF's author is not reported: %q", f.Carries)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestCleanRemovesEveryMetadataBlock: JPEG, PNG, WebP, GIF and TIFF come
// out of Clean with no metadata, still decodable in their own format.
func TestCleanRemovesEveryMetadataBlock(t *testing.T) {
	p := &media.Processor{}
	cases := map[string][]byte{
		"photo.jpg":  testimage.JPEG(testimage.Marked(40, 20), 1),
		"shot.png":   testimage.PNG(testimage.Marked(40, 20), 1),
		"phone.webp": testimage.WebP(1),
		"anim.gif":   testimage.GIF(testimage.Marked(8, 8)),
	}
	for name, src := range cases {
		out, err := p.Clean(name, src)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		assertClean(t, name, out)
		_, format, err := image.DecodeConfig(bytes.NewReader(out))
		if err != nil || !strings.HasSuffix(name, "."+map[string]string{"jpeg": "jpg"}[format]) && !strings.HasSuffix(name, "."+format) {
			t.Errorf("%s: cleaned file is %q (%v)", name, format, err)
		}
		if media.Type(out) != media.Type(src) {
			t.Errorf("%s: cleaned type %s, source %s", name, media.Type(out), media.Type(src))
		}
	}
}

// TestCleanTurnsUpright: a JPEG and a PNG stored turned (EXIF orientation
// 6: the camera was held a quarter turn clockwise) come out upright, by
// their pixels: 20×40, the red quarter at the top right.
func TestCleanTurnsUpright(t *testing.T) {
	p := &media.Processor{}
	for name, src := range map[string][]byte{
		"turned.jpg": testimage.JPEG(testimage.Marked(40, 20), 6),
		"turned.png": testimage.PNG(testimage.Marked(40, 20), 6),
	} {
		out, err := p.Clean(name, src)
		if err != nil {
			t.Fatal(err)
		}
		assertClean(t, name, out)
		img, _, err := image.Decode(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		assertUpright(t, name, img)
	}
	if _, err := p.Clean("turned.webp", testimage.WebP(6)); err == nil {
		t.Error("a turned WebP, which cannot be re-encoded, was published on its side")
	}
}

// assertUpright checks the turned Marked(40, 20): 20 wide, 40 high, red at
// the top right and blue at the top left and bottom right.
func assertUpright(t *testing.T, name string, img image.Image) {
	t.Helper()
	b := img.Bounds()
	if b.Dx()*2 != b.Dy() {
		t.Errorf("%s: %d×%d, want it twice as high as wide (turned upright)", name, b.Dx(), b.Dy())
		return
	}
	red := func(x, y int) bool {
		r, g, bl, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
		return r > 0xc000 && g < 0x4000 && bl < 0x4000
	}
	w, h := b.Dx(), b.Dy()
	if !red(w*3/4, h/8) || red(w/4, h/8) || red(w*3/4, h*7/8) || red(w/4, h*7/8) {
		t.Errorf("%s: the red quarter is not at the top right: the picture is not upright", name)
	}
}

// TestVariantsAreUprightAndClean: the resized variants of a turned photo
// with metadata are upright and carry none of it.
func TestVariantsAreUprightAndClean(t *testing.T) {
	p := &media.Processor{Widths: []int{10}}
	im, err := p.Process("turned.jpg", testimage.JPEG(testimage.Marked(40, 20), 6))
	if err != nil {
		t.Fatal(err)
	}
	if im.Width != 20 || im.Height != 40 {
		t.Errorf("original size %d×%d, want 20×40 upright", im.Width, im.Height)
	}
	for _, v := range im.Variants {
		assertClean(t, v.Name, v.Data)
		img, _, err := image.Decode(bytes.NewReader(v.Data))
		if err != nil {
			t.Fatal(err)
		}
		assertUpright(t, v.Name, img)
	}
}

// TestPublishable: a story's bundle publishes photos, recordings, captions
// and PDFs, never office documents or HEIC photos, judged by their bytes.
func TestPublishable(t *testing.T) {
	docx := []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x13\x00\x00\x00[Content_Types].xml")
	heic := append([]byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), make([]byte, 64)...)
	cases := []struct {
		name string
		data []byte
		want bool
	}{
		{"jpeg", testimage.JPEG(testimage.Marked(4, 4), 1), true},
		{"webp", testimage.WebP(1), true},
		{"pdf", testimage.PDF("x"), true},
		{"vtt", []byte("WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n"), true},
		{"mp3", append([]byte("ID3\x03\x00\x00\x00\x00\x00\x0fTIT2\x00\x00\x00\x05\x00\x00\x00Ruth"), 0xFF, 0xFB, 0x90, 0x64), true},
		{"docx", docx, false},
		{"heic", heic, false},
		{"text", []byte("notes about the teller\n"), false},
	}
	for _, c := range cases {
		if got := media.Publishable(media.Type(c.data)); got != c.want {
			t.Errorf("%s (%s): publishable %v, want %v", c.name, media.Type(c.data), got, c.want)
		}
	}
}
