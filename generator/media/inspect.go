package media

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/dsoprea/go-exif/v3"
)

// Findings is what a file carries besides its pixels or its sound.
type Findings struct {
	// GPS is set when the file's EXIF holds a position.
	GPS bool
	// Orientation is the EXIF orientation, 1 (upright) to 8; 1 when unset.
	Orientation int
	// Carries names what else is in the file, such as "EXIF", "XMP",
	// "camera maker notes", "author: Ann Example". Sorted.
	Carries []string
}

// Inspect reads what an image, PDF or audio file carries. It never fails:
// what it cannot read it does not report, except that a PDF or audio file
// is said to carry what such files usually do when it cannot tell.
func Inspect(data []byte) Findings {
	f := Findings{Orientation: 1}
	add := func(s string) {
		if !slices.Contains(f.Carries, s) {
			f.Carries = append(f.Carries, s)
		}
	}
	var tiff []byte
	switch Type(data) {
	case "image/tiff":
		tiff = data
	case "application/pdf":
		for _, s := range pdfInfo(data) {
			add(s)
		}
	case "audio/mpeg":
		if bytes.HasPrefix(data, []byte("ID3")) || len(data) > 128 && bytes.HasPrefix(data[len(data)-128:], []byte("TAG")) {
			add("ID3 tags (title, artist, comments, pictures)")
		}
	}
	for _, b := range Blocks(data) {
		if b.Name == "EXIF" {
			tiff = b.Data
		}
		add(b.Name)
	}
	if tiff != nil {
		tags, _, err := exif.GetFlatExifData(tiff, nil)
		if err == nil {
			for _, t := range tags {
				switch {
				case strings.Contains(t.IfdPath, "GPS"):
					f.GPS = true
				case t.TagName == "Orientation":
					if v, ok := t.Value.([]uint16); ok && len(v) > 0 && v[0] >= 1 && v[0] <= 8 {
						f.Orientation = int(v[0])
					}
				case t.TagName == "MakerNote":
					add("camera maker notes")
				case t.TagName == "Artist" || t.TagName == "Copyright" || t.TagName == "CameraOwnerName":
					if s := strings.TrimSpace(strings.Trim(t.FormattedFirst, "\x00")); s != "" {
						add(fmt.Sprintf("%s: %s", strings.ToLower(t.TagName), s))
					}
				}
			}
		}
		if f.GPS {
			add("GPS position")
		}
	}
	slices.Sort(f.Carries)
	return f
}

// pdfInfo names the document information a PDF carries. PDFs keep it in
// an Info dictionary and in an XMP packet; when the dictionaries are
// compressed into object streams it cannot be read without a PDF library,
// so such a file is said to possibly carry it.
func pdfInfo(data []byte) []string {
	var out []string
	for _, key := range []string{"Author", "Creator", "Producer", "Title", "Subject", "Keywords"} {
		i := bytes.Index(data, []byte("/"+key))
		if i < 0 {
			continue
		}
		rest := bytes.TrimLeft(data[i+len(key)+1:], " \r\n\t")
		if bytes.HasPrefix(rest, []byte("(")) {
			end := bytes.IndexByte(rest, ')')
			if end > 1 && end < 200 {
				out = append(out, strings.ToLower(key)+": "+string(rest[1:end]))
				continue
			}
		}
		out = append(out, strings.ToLower(key))
	}
	if bytes.Contains(data, []byte("<x:xmpmeta")) || bytes.Contains(data, []byte("/Metadata")) {
		out = append(out, "XMP")
	}
	if len(out) == 0 && bytes.Contains(data, []byte("/ObjStm")) {
		out = append(out, "possibly an author and other document information (compressed, not readable here)")
	}
	return out
}
