package media

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func testJPEG(t testing.TB, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestProcessWidths(t *testing.T) {
	p := &Processor{}
	im, err := p.Process("photo.jpg", testJPEG(t, 1200, 800))
	if err != nil {
		t.Fatal(err)
	}
	if im.Width != 1200 || im.Height != 800 {
		t.Errorf("original size %d×%d", im.Width, im.Height)
	}
	want := []struct {
		name string
		w, h int
	}{{"photo.480w.jpg", 480, 320}, {"photo.960w.jpg", 960, 640}, {"photo.1200w.jpg", 1200, 800}}
	if len(im.Variants) != len(want) {
		t.Fatalf("got %d variants, want %d", len(im.Variants), len(want))
	}
	for i, v := range im.Variants {
		if v.Name != want[i].name || v.Width != want[i].w || v.Height != want[i].h {
			t.Errorf("variant %d = %s %d×%d, want %s %d×%d", i, v.Name, v.Width, v.Height, want[i].name, want[i].w, want[i].h)
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(v.Data))
		if err != nil || format != "jpeg" || cfg.Width != v.Width || cfg.Height != v.Height {
			t.Errorf("variant %s decodes as %s %d×%d (%v)", v.Name, format, cfg.Width, cfg.Height, err)
		}
	}
}

func TestProcessKeepsPNG(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 600, 300))
	var buf bytes.Buffer
	png.Encode(&buf, img)
	im, err := (&Processor{}).Process("chart.png", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if got := im.Largest().Name; got != "chart.600w.png" {
		t.Errorf("largest = %s", got)
	}
	if _, format, _ := image.DecodeConfig(bytes.NewReader(im.Variants[0].Data)); format != "png" {
		t.Errorf("format %s, want png", format)
	}
}

func TestProcessDeterministic(t *testing.T) {
	src := testJPEG(t, 700, 500)
	a, _ := (&Processor{}).Process("a.jpg", src)
	b, _ := (&Processor{}).Process("a.jpg", src)
	for i := range a.Variants {
		if !bytes.Equal(a.Variants[i].Data, b.Variants[i].Data) {
			t.Errorf("variant %s differs between runs", a.Variants[i].Name)
		}
	}
}

func TestCache(t *testing.T) {
	dir := t.TempDir()
	src := testJPEG(t, 1000, 500)
	p := &Processor{CacheDir: dir}
	first, err := p.Process("x.jpg", src)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != 3 {
		t.Fatalf("cache holds %d files, want 3: %v", len(files), files)
	}
	// Mark a cached file: a second run must read it, not resize again.
	for _, f := range files {
		os.WriteFile(f, []byte("cached:"+filepath.Base(f)), 0o644)
	}
	second, err := p.Process("x.jpg", src)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range second.Variants {
		if !bytes.HasPrefix(v.Data, []byte("cached:")) {
			t.Errorf("variant %s was not read from the cache", v.Name)
		}
		if v.Width != first.Variants[i].Width {
			t.Errorf("variant widths differ")
		}
	}
	// Different content, different cache entries.
	if _, err := p.Process("x.jpg", testJPEG(t, 1000, 501)); err != nil {
		t.Fatal(err)
	}
	files, _ = filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != 6 {
		t.Errorf("cache holds %d files after a second image, want 6", len(files))
	}
}

func TestProcessRejectsNonImage(t *testing.T) {
	if _, err := (&Processor{}).Process("notes.jpg", []byte("not an image")); err == nil {
		t.Error("no error for a file that is not an image")
	}
}

func BenchmarkProcess(b *testing.B) {
	src := testJPEG(b, 1920, 1280)
	p := &Processor{}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Process("p.jpg", src); err != nil {
			b.Fatal(err)
		}
	}
}
