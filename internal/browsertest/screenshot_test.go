package browsertest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestScreenshots writes full-page PNGs of the home page and an initiative at
// a phone and a desktop width into the folder TRELLIS_SCREENSHOTS names, for
// a person to look at. It does nothing unless that variable is set.
func TestScreenshots(t *testing.T) {
	t.Parallel() // see the package documentation
	dir := os.Getenv("TRELLIS_SCREENSHOTS")
	if dir == "" {
		t.Skip("set TRELLIS_SCREENSHOTS=dir to write screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx := newTab(t, true)
	for _, width := range []int64{390, 1280} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800)); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/", "/initiatives/bike-library/"} {
			open(t, ctx, path)
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatalf("%s at %dpx: %v", path, width, err)
			}
			name := strings.Trim(strings.ReplaceAll(path, "/", "-"), "-")
			if name == "" {
				name = "home"
			}
			file := filepath.Join(dir, name+"-"+itoa(width)+".png")
			if err := os.WriteFile(file, png, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("wrote %s", file)
		}
	}
}

func itoa(n int64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}
