package visual

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

var now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

var (
	exampleOnce sync.Once
	examplePF   *portfolio.Portfolio
	exampleErr  diag.List
)

// example loads the example portfolio at the root of the repository.
func example(t testing.TB) *portfolio.Portfolio {
	t.Helper()
	exampleOnce.Do(func() {
		cfg, d := config.Load("../..")
		exampleErr = append(exampleErr, d...)
		set, d := content.Load("../..", cfg.ContentDir, content.Options{Statuses: cfg.Statuses, Now: now, Languages: cfg.Languages.Codes()})
		exampleErr = append(exampleErr, d...)
		pf, d := portfolio.Resolve(cfg, set, now)
		exampleErr = append(exampleErr, d...)
		examplePF = pf
	})
	if exampleErr.HasErrors() {
		t.Fatalf("example does not load: %v", exampleErr)
	}
	return examplePF
}

// TestExampleDump writes the example's pictures to $VISUAL_OUT, to look at.
func TestExampleDump(t *testing.T) {
	dir := os.Getenv("VISUAL_OUT")
	if dir == "" {
		t.Skip("set VISUAL_OUT to a folder to write the example's pictures")
	}
	pf := example(t)
	write := func(name string, p Picture) {
		q := Measure(p)
		t.Logf("%s: %dx%d %+v", name, p.Width, p.Height, q)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(p.SVG), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("map.svg", IntentMap(pf, MapOptions{}))
	write("map-compact.svg", IntentMap(pf, MapOptions{Compact: true, ID: "home-map"}))
	for _, in := range pf.Of(content.KindIntent) {
		write("intent-"+in.Slug+".svg", IntentFocus(pf, in))
	}
	for _, in := range pf.Of(content.KindInitiative) {
		write("ego-"+in.Slug+".svg", EgoMap(pf, in))
	}
	write("big.svg", IntentMap(generated(1000, 20), MapOptions{}))
}
