package media

import (
	"slices"

	"github.com/gabriel-vasile/mimetype"
)

// Type is the media type of a file, read from its bytes (never from its
// name), such as "image/jpeg"; "application/octet-stream" when unknown.
func Type(data []byte) string {
	m := mimetype.Detect(data)
	for _, t := range Cleaned {
		if m.Is(t) {
			return t
		}
	}
	for _, t := range Passed {
		if m.Is(t) {
			return t
		}
	}
	for p := m; p != nil; p = p.Parent() {
		if p.Is("text/plain") {
			return "text/plain"
		}
	}
	return m.String()
}

// Cleaned are the image types published only re-encoded without their
// metadata (see Clean).
var Cleaned = []string{"image/jpeg", "image/png", "image/gif", "image/webp", "image/tiff"}

// Passed are the other media types a story may publish as they are: its
// recording, captions and documents. What they carry cannot be removed by
// trellis; `check` names it (Inspect).
var Passed = []string{
	"audio/mpeg", "audio/ogg", "audio/mp4", "audio/x-m4a", "audio/wav", "audio/flac",
	"video/mp4", "video/webm", "text/vtt", "application/pdf",
}

// Publishable reports whether a file of type t may be published from a
// story's bundle. Office documents, archives, HEIC photos and everything
// else not listed stay in the repository.
func Publishable(t string) bool {
	return slices.Contains(Cleaned, t) || slices.Contains(Passed, t)
}
