package generator_test

import (
	"bytes"
	"image"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/media"
	"github.com/trellis-ssg/trellis/internal/testimage"
)

// leaks returns the published files whose name or bytes contain any of
// secrets, ignoring case. JSON and HTML escape some characters, so each
// secret is looked for as it is and with its spaces, ampersands and
// apostrophes escaped.
func leaks(files map[string][]byte, secrets ...string) []string {
	var out []string
	for name, data := range files {
		lname, ldata := strings.ToLower(name), bytes.ToLower(data)
		for _, s := range secrets {
			s = strings.ToLower(s)
			forms := []string{s, strings.ReplaceAll(s, " ", "-"), strings.ReplaceAll(s, " ", "+"), strings.ReplaceAll(s, " ", "%20"),
				strings.ReplaceAll(s, "'", "&#39;"), strings.ReplaceAll(s, "'", `\u0027`)}
			for _, f := range forms {
				if strings.Contains(lname, f) || bytes.Contains(ldata, []byte(f)) {
					out = append(out, name+" ("+s+")")
					break
				}
			}
		}
	}
	return out
}

// TestConsentRecordNeverPublished: consent.record, where the signed form is
// kept, is accepted without a warning and appears in no published file
// (pages, open data, search index, feeds, JSON-LD), even for a story whose
// teller agreed to every scope; like the rest of the consent block.
func TestConsentRecordNeverPublished(t *testing.T) {
	src := t.TempDir()
	files := smallSite()
	files["content/narratives/all-scopes.md"] = `---
title: All scopes
teller: Ines Varga
anonymity: named
quote: We could breathe again.
intents: [a]
consent:
  scope: [site, quote, media, data-export]
  given: 2025-03-04
  expires: 2031-05-06
  record: Consent binder QX-4471, shelf 7
---
The air on our street changed.
`
	writeSite(t, src, files)
	res := build(t, src, filepath.Join(src, "public"), "")
	for _, d := range res.Diags {
		if d.Code == "fm-unknown-field" {
			t.Errorf("consent.record is not a known field: %s", d)
		}
	}
	out := snapshot(t, filepath.Join(src, "public"))
	if _, ok := out["narratives/all-scopes/index.html"]; !ok {
		t.Fatal("the story was not published")
	}
	if !bytes.Contains(out["data/portfolio.json"], []byte("We could breathe again")) {
		t.Fatal("the story is not in the open data, so the test would prove nothing there")
	}
	for _, l := range leaks(out, "QX-4471", "Consent binder", "2025-03-04", "2031-05-06") {
		t.Errorf("consent record published in %s", l)
	}
}

// TestNoMetadataLeavesTheBuilding builds a story whose bundle holds what a
// phone and an office leave behind: a photograph stored turned with its GPS
// position, XMP and a maker note; a PNG with text, XMP and EXIF chunks; a
// WebP with EXIF and XMP; a GIF with a comment; a PDF with its author; a
// Word document and a HEIC photo. check names each; the build publishes
// every image, originals and resized copies, with no metadata block
// (parsed from each published file) and upright; the PDF as it is (warned);
// the document and the HEIC photo not at all.
func TestNoMetadataLeavesTheBuilding(t *testing.T) {
	src := t.TempDir()
	files := smallSite()
	files["content/narratives/harbour/index.md"] = `---
title: Beds at the harbour
teller: Frank
anonymity: named
intents: [a]
consent: {scope: [site, media], given: 2025-01-01}
media: {type: image, src: turned.jpg, alt: Raised beds at dusk}
---
A picture: ![A bed of leeks](shot.png), another ![Seedlings](phone.webp) and ![A wave](wave.gif).
`
	writeSite(t, src, files)
	bundle := filepath.Join(src, "content/narratives/harbour")
	for name, data := range map[string][]byte{
		"turned.jpg": testimage.JPEG(testimage.Marked(1200, 600), 6),
		"shot.png":   testimage.PNG(testimage.Marked(40, 20), 1),
		"phone.webp": testimage.WebP(1),
		"wave.gif":   testimage.GIF(testimage.Marked(8, 8)),
		"notes.pdf":  testimage.PDF(testimage.PDFAuthor),
		"notes.docx": []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x13\x00\x00\x00[Content_Types].xml"),
		"photo.heic": append([]byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), make([]byte, 64)...),
	} {
		if err := os.WriteFile(filepath.Join(bundle, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	_, diags := generator.Load(generator.Options{Source: src, Now: now})
	rel := "content/narratives/harbour/"
	for file, code := range map[string]string{
		"turned.jpg": "media-gps", "shot.png": "media-gps", "phone.webp": "media-gps",
		"notes.docx": "media-type", "photo.heic": "media-type", "notes.pdf": "media-metadata",
	} {
		i := slices.IndexFunc(diags, func(d diag.Diagnostic) bool {
			return d.Severity == diag.Warning && d.Code == code && d.File == rel+file
		})
		if i < 0 {
			t.Errorf("check gives no %s warning for %s:\n%s", code, file, diags)
		} else if code == "media-metadata" && !strings.Contains(diags[i].Message, testimage.PDFAuthor) {
			t.Errorf("the PDF warning does not name its author: %s", diags[i])
		}
	}

	dest := filepath.Join(src, "public")
	build(t, src, dest, "")
	out := snapshot(t, dest)
	images := 0
	for name, data := range out {
		if !slices.Contains(media.Cleaned, media.Type(data)) {
			continue
		}
		if strings.HasPrefix(name, "narratives/harbour/") {
			images++
		}
		for _, b := range media.Blocks(data) {
			t.Errorf("%s is published with a %s block", name, b.Name)
		}
		if f := media.Inspect(data); f.GPS || f.Orientation != 1 || len(f.Carries) > 0 {
			t.Errorf("%s is published carrying %+v", name, f)
		}
		for _, s := range []string{testimage.Artist, testimage.MakerNote, testimage.XMPTool, testimage.Comment} {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("%s is published with %q in its bytes", name, s)
			}
		}
		if strings.Contains(name, "turned") {
			img, _, err := image.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if b := img.Bounds(); b.Dx()*2 != b.Dy() {
				t.Errorf("%s is %d×%d: not turned upright", name, b.Dx(), b.Dy())
			} else if r, g, _, _ := img.At(b.Dx()*3/4, b.Dy()/8).RGBA(); r < 0xc000 || g > 0x4000 {
				t.Errorf("%s: the top right is not red: not upright", name)
			}
		}
	}
	// turned.jpg and its two widths (480, and its own 600), shot.png,
	// phone.webp, wave.gif.
	if images != 6 {
		t.Errorf("only %d images published; the test would prove little", images)
	}
	for _, name := range []string{"narratives/harbour/turned.jpg", "narratives/harbour/shot.png", "narratives/harbour/phone.webp", "narratives/harbour/wave.gif", "narratives/harbour/notes.pdf"} {
		if _, ok := out[name]; !ok {
			t.Errorf("%s is not published", name)
		}
	}
	for _, name := range []string{"narratives/harbour/notes.docx", "narratives/harbour/photo.heic"} {
		if _, ok := out[name]; ok {
			t.Errorf("%s is published, but its type is not on a story's list", name)
		}
	}
}
