package render

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"
)

// TestIcoFromPNGRefusesWhatICOCannotHold: a site theme's favicon.png larger
// than 256 pixels, or not a PNG, fails the build with a reason.
func TestIcoFromPNGRefusesWhatICOCannotHold(t *testing.T) {
	var big bytes.Buffer
	if err := png.Encode(&big, image.NewRGBA(image.Rect(0, 0, 300, 300))); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		data []byte
		want string
	}{
		"too large": {big.Bytes(), "at most 256×256"},
		"not a PNG": {[]byte("<svg/>"), "not a PNG"},
	} {
		if _, err := icoFromPNG(tc.data); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "assets/favicon.png") {
			t.Errorf("%s: %v, want an error naming assets/favicon.png and saying %q", name, err, tc.want)
		}
	}
	var edge bytes.Buffer
	if err := png.Encode(&edge, image.NewRGBA(image.Rect(0, 0, 256, 256))); err != nil {
		t.Fatal(err)
	}
	ico, err := icoFromPNG(edge.Bytes())
	if err != nil || ico[6] != 0 || ico[7] != 0 {
		t.Errorf("a 256×256 PNG: %v, size bytes %v (want 0, 0: ICO writes 256 as 0)", err, ico[6:8])
	}
}
