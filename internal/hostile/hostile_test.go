package hostile

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/render"
)

// base is the hand-written hostile site the corpus starts from.
const base = "../../generator/testdata/hostile"

// doors are the ways content comes into a site, each of which the corpus
// must carry payloads through.
var doors = []string{"front matter", "body", "wiki-link", "file name", "site.yaml", "menu", "brand", "import", "translation"}

// TestCorpusThroughEveryDoor writes the hostile corpus, counts its
// payloads (at least 500, every one placed), builds it, and checks that no
// page or SVG of the build can run a payload or load from another site
// (Inert), and that every placement reached the published site: a text
// field's payload exactly, with its mark, on a page or in a data file;
// any other's mark.
func TestCorpusThroughEveryDoor(t *testing.T) {
	dir := t.TempDir()
	src, dest := filepath.Join(dir, "site"), filepath.Join(dir, "public")
	c, err := Write(base, src)
	if err != nil {
		t.Fatal(err)
	}
	all := expand()
	t.Logf("%d payloads, %d placements", len(all), len(c.Payloads))
	if len(all) < 500 {
		t.Errorf("the corpus has %d payloads, fewer than 500: add lines to testdata/payloads.txt", len(all))
	}
	if c.Distinct() != len(all) {
		t.Errorf("%d of the %d payloads were placed", c.Distinct(), len(all))
	}
	classes := map[string]int{}
	for _, p := range all {
		classes[p.Class]++
	}
	t.Logf("by class: %v", classes)
	byDoor := map[string]int{}
	for _, p := range c.Payloads {
		byDoor[p.Door]++
	}
	t.Logf("by door: %v", byDoor)
	for _, d := range doors {
		if byDoor[d] == 0 {
			t.Errorf("no payload comes through the door %q", d)
		}
	}
	// Every payload through every door with room for them all.
	through := map[string]map[int]bool{}
	for _, p := range c.Payloads {
		if through[p.Door] == nil {
			through[p.Door] = map[int]bool{}
		}
		through[p.Door][p.ID] = true
	}
	for _, d := range completeDoors {
		if len(through[d]) != len(all) {
			t.Errorf("%d of the %d payloads come through the door %q", len(through[d]), len(all), d)
		}
	}

	res, err := generator.Build(generator.Options{Source: src, Destination: dest, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatalf("build: %v\n%v", err, res.Diags)
	}
	pages := 0
	made := map[string]int{} // pages by the template that made them
	err = filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || (filepath.Ext(p) != ".html" && filepath.Ext(p) != ".svg") {
			return err
		}
		pages++
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			return err
		}
		for _, m := range Inert(doc) {
			t.Errorf("%s: %s", strings.TrimPrefix(p, dest), m)
		}
		if filepath.Ext(p) == ".html" {
			made[View(doc)]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Every template of the theme made a page of payloads.
	for _, v := range render.Views() {
		if made[v] == 0 {
			t.Errorf("no page of the corpus is made by the theme's %q template", v)
		}
	}
	t.Logf("%d pages and pictures checked", pages)

	pub, err := Read(dest)
	if err != nil {
		t.Fatal(err)
	}
	// The site's other languages are loaded and checked, but published only
	// once render makes them: until then their placements cannot be found.
	_, err = os.Stat(filepath.Join(dest, lang))
	otherLangs := err == nil
	// No cell of any published CSV is a live formula, whatever door its
	// payload came through.
	for _, f := range pub.Formulas {
		t.Errorf("a CSV cell a spreadsheet would run: %s", f)
	}
	reached := map[string]int{}
	for _, p := range c.Payloads {
		if p.Lang != "" && !otherLangs {
			reached["not rendered: "+p.Lang]++
			continue
		}
		r := pub.Reached(p)
		reached[r]++
		switch {
		case r == "" && p.Optional:
			reached["unused"]++
			reached[r]--
		case r == "":
			t.Errorf("not published, not even its mark %s: %s", p.Mark, p)
		case p.Exact && r == "mark":
			t.Errorf("a text field's payload not published as written, with its mark %s: %s", p.Mark, p)
		}
	}
	t.Logf("reached: %v", reached)
}
