package generator_test

import (
	"bytes"
	"errors"
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

// hiddenStories are an anonymous and a pseudonymous story with every scope
// (site, quote, media, data-export) and a photo, whose tellers' real names
// stand only in `teller` and in the consent record.
func hiddenStories() map[string]string {
	files := smallSite()
	files["content/narratives/cold-flat/index.md"] = `---
title: A cold flat
teller: Zofia Brzezinska
anonymity: anonymous
teller_role: tenant, 70s
quote: The heating never came on.
intents: [a]
place: Northgate
consent: {scope: [site, quote, media, data-export], given: 2025-01-01, record: "signed by Zofia Brzezinska"}
media: {type: image, src: radiator.jpg, alt: A cold radiator, caption: The radiator in January}
---
The heating never came on, all winter.
`
	files["content/narratives/bus-route.md"] = `---
title: The bus that stopped coming
teller: Tomasz Wieczorek
anonymity: pseudonym
pseudonym: Piotr
quote: I lost my job when the route was cut.
intents: [a]
consent: {scope: [site, quote, media, data-export], given: 2025-01-01}
media: {type: audio, src: "https://audio.example/bus.mp3", transcript: "Piotr: the 14 stopped at six."}
---
Piotr waited an hour at the stop.
`
	return files
}

// TestHiddenTellersAppearInNoFile builds hidden stories and reads every
// published file (pages, open data, search index, feeds, sitemap, file
// names): neither teller's name, nor any word of it, appears anywhere; the
// pseudonym is what the page shows.
func TestHiddenTellersAppearInNoFile(t *testing.T) {
	src := t.TempDir()
	writeSite(t, src, hiddenStories())
	os.WriteFile(filepath.Join(src, "content/narratives/cold-flat/radiator.jpg"), testimage.JPEG(testimage.Marked(64, 32), 1), 0o644)
	dest := filepath.Join(src, "public")
	build(t, src, dest, "")
	out := snapshot(t, dest)
	if !bytes.Contains(out["narratives/bus-route/index.html"], []byte("Piotr")) {
		t.Fatal("the pseudonymous story does not show its pseudonym")
	}
	if !bytes.Contains(out["data/portfolio.json"], []byte("The heating never came on")) {
		t.Fatal("the stories are not in the open data, so the test would prove little there")
	}
	for _, l := range leaks(out, "Zofia", "Brzezinska", "Tomasz", "Wieczorek") {
		t.Errorf("a hidden teller's name is published in %s", l)
	}
}

// TestHiddenTellerInPublicFieldFailsTheBuild: an anonymous story whose
// teller's name is in its alt text, its slug and its caption fails the
// build with a diagnostic for each, naming the field, file and line;
// nothing is published.
func TestHiddenTellerInPublicFieldFailsTheBuild(t *testing.T) {
	src := t.TempDir()
	files := hiddenStories()
	files["content/narratives/cold-flat/index.md"] = strings.NewReplacer(
		"alt: A cold radiator", "alt: Zofia Brzezinska's cold radiator",
		"caption: The radiator in January", "caption: \"Zofia Brzezinska, January\"",
		"title: A cold flat\n", "title: A cold flat\nslug: zofia-brzezinska-cold-flat\n",
	).Replace(files["content/narratives/cold-flat/index.md"])
	writeSite(t, src, files)
	dest := filepath.Join(src, "public")
	res, err := generator.Build(generator.Options{Source: src, Destination: dest, Now: now})
	if !errors.Is(err, generator.ErrContent) {
		t.Fatalf("build error %v, want ErrContent", err)
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Error("a failed build wrote the destination")
	}
	want := map[string]int{"`slug`": 3, "`media.alt`": 11, "`media.caption`": 11}
	for _, d := range res.Diags {
		if d.Code != "anonymity-leak" {
			continue
		}
		for field, line := range want {
			if strings.Contains(d.Message, field) && d.File == "content/narratives/cold-flat/index.md" && d.Line == line && d.Col > 0 {
				delete(want, field)
			}
		}
	}
	for field, line := range want {
		t.Errorf("no anonymity-leak error for %s at line %d:\n%s", field, line, res.Diags)
	}
}

// TestWithdrawnStoryLeavesNothingInRebuild: a story is published, then
// withdrawn, and the site rebuilt into the same destination. No file of the
// destination (page, photo, variants, search shards, feeds, sitemap, open
// data) keeps a trace of it.
func TestWithdrawnStoryLeavesNothingInRebuild(t *testing.T) {
	src := t.TempDir()
	story := `---
title: Kettle on the landing
teller: Ines
anonymity: named
quote: Quokka-green mould on every wall.
intents: [a]
consent: {scope: [site, quote, media, data-export], given: 2025-01-01}
media: {type: image, src: landing.jpg, alt: The landing}
---
The xylophone-shaped radiator never warmed.
`
	files := smallSite()
	files["content/narratives/kettle-on-the-landing/index.md"] = story
	writeSite(t, src, files)
	os.WriteFile(filepath.Join(src, "content/narratives/kettle-on-the-landing/landing.jpg"), testimage.JPEG(testimage.Marked(1000, 500), 1), 0o644)
	dest := filepath.Join(src, "public")
	markers := []string{"kettle-on-the-landing", "Kettle on the landing", "Quokka-green", "xylophone-shaped", "landing."}

	build(t, src, dest, "")
	before := leaks(snapshot(t, dest), markers...)
	for _, want := range []string{"narratives/kettle-on-the-landing/index.html", "narratives/kettle-on-the-landing/landing.480w.jpg", "sitemap.xml", "feed.xml", "data/portfolio.json"} {
		if !slices.ContainsFunc(before, func(l string) bool { return strings.HasPrefix(l, want+" ") }) {
			t.Errorf("before withdrawal, %s holds no trace of the story; the test would prove little", want)
		}
	}

	writeSite(t, src, map[string]string{"content/narratives/kettle-on-the-landing/index.md": strings.Replace(story, "given: 2025-01-01}", "given: 2025-01-01, withdrawn: 2026-01-01}", 1)})
	build(t, src, dest, "")
	for _, l := range leaks(snapshot(t, dest), markers...) {
		t.Errorf("after withdrawal and a rebuild, %s", l)
	}
}
