package visual

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

var update = flag.Bool("update", false, "rewrite the golden SVG files in testdata/")

// small builds a portfolio in memory from compact page descriptions:
// "intent:slug:Title", "initiative:slug:Title:status:intent,intent:system,system:rel>to,rel>to",
// "learning:slug:Title:initiative".
func small(t testing.TB, specs ...string) *portfolio.Portfolio {
	t.Helper()
	set := &content.Set{Dir: "content"}
	ref := func(field, target string, kind content.Kind, rel string) content.Ref {
		return content.Ref{Field: field, Target: target, Kinds: []content.Kind{kind}, Relation: rel, Line: 1, Col: 1}
	}
	for i, s := range specs {
		f := strings.Split(s, ":")
		kind, _ := content.ParseKind(f[0])
		p := &content.Page{Kind: kind, Slug: f[1], File: "content/" + kind.Folder() + "/" + f[1] + ".md"}
		p.Title = f[2]
		p.Summary = "Summary."
		p.Weight = i
		switch kind {
		case content.KindInitiative:
			p.Status = f[3]
			for _, in := range strings.Split(f[4], ",") {
				p.Intents = append(p.Intents, in)
				p.Refs = append(p.Refs, ref("intents", in, content.KindIntent, ""))
			}
			if len(f) > 5 && f[5] != "" {
				p.Systems = strings.Split(f[5], ",")
			}
			if len(f) > 6 && f[6] != "" {
				for _, r := range strings.Split(f[6], ",") {
					rel, to, _ := strings.Cut(r, ">")
					p.Refs = append(p.Refs, ref("related.to", to, content.KindInitiative, rel))
				}
			}
		case content.KindLearning, content.KindDecision, content.KindNarrative:
			p.Refs = append(p.Refs, ref("initiatives", f[3], content.KindInitiative, ""))
		case content.KindIntent:
			if len(f) > 3 {
				p.Color = f[3]
			}
			if len(f) > 4 && f[4] != "" {
				p.Refs = append(p.Refs, ref("parent", f[4], content.KindIntent, ""))
			}
		}
		set.Pages = append(set.Pages, p)
	}
	pf, diags := portfolio.Resolve(config.Default(), set, now)
	if diags.HasErrors() {
		t.Fatalf("fixture: %v", diags)
	}
	return pf
}

// tiny is the fixture of the golden files: two intents (one inside the
// other), four initiatives, every kind of relation that matters.
func tiny(t testing.TB) *portfolio.Portfolio {
	return small(t,
		"intent:clean-air:Clean air for every street:teal",
		"intent:active-mobility:Walking and cycling as the easy choice:indigo:clean-air",
		"initiative:bike-library:Bike library:scaling:active-mobility:transport,health:complements>school-streets",
		"initiative:school-streets:School Streets & <gates>:embedded:clean-air,active-mobility:transport,education:builds-on>air-sensors",
		"initiative:air-sensors:Citizen air sensors:stopped:clean-air:environment:tension-with>bike-library",
		"initiative:stove-swap:Wood stove swap:paused:clean-air:energy",
		"learning:gate-no2:School streets cut NO2 at the gate:school-streets",
		"decision:embed:Embed school streets:school-streets",
		"narrative:parent:A parent at the gate:school-streets",
	)
}

func golden(t *testing.T, name string, p Picture) {
	t.Helper()
	path := filepath.Join("testdata", name)
	got := []byte(string(p.SVG) + "\n")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test ./generator/visual -update and review the diff):\n got %.300s\nwant %.300s", name, got, want)
	}
}

func TestGolden(t *testing.T) {
	pf := tiny(t)
	golden(t, "tiny-map.svg", IntentMap(pf, MapOptions{}))
	golden(t, "tiny-intent.svg", IntentFocus(pf, pf.Page(content.KindIntent, "clean-air")))
	golden(t, "tiny-ego.svg", EgoMap(pf, pf.Page(content.KindInitiative, "school-streets")))
}

// pictures returns every picture of a portfolio: the map, its compact
// form, every intent's and every initiative's.
func pictures(pf *portfolio.Portfolio) map[string]Picture {
	out := map[string]Picture{
		"map":     IntentMap(pf, MapOptions{}),
		"compact": IntentMap(pf, MapOptions{Compact: true, ID: "home-map"}),
	}
	for _, p := range pf.Of(content.KindIntent) {
		out["intent "+p.Slug] = IntentFocus(pf, p)
	}
	for _, p := range pf.Of(content.KindInitiative) {
		out["initiative "+p.Slug] = EgoMap(pf, p)
	}
	return out
}

func names(m map[string]Picture) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestDeterministic(t *testing.T) {
	load := func(shuffle int64) *portfolio.Portfolio {
		cfg, _ := config.Load("../..")
		set, _ := content.Load("../..", cfg.ContentDir, content.Options{Statuses: cfg.Statuses, Now: now, Languages: cfg.Languages.Codes()})
		if shuffle != 0 {
			r := rand.New(rand.NewSource(shuffle))
			r.Shuffle(len(set.Pages), func(i, j int) { set.Pages[i], set.Pages[j] = set.Pages[j], set.Pages[i] })
		}
		pf, _ := portfolio.Resolve(cfg, set, now)
		return pf
	}
	first := pictures(load(0))
	for _, seed := range []int64{0, 1, 7} {
		again := pictures(load(seed))
		for _, k := range names(first) {
			if first[k].SVG != again[k].SVG {
				t.Errorf("%s: the SVG differs between runs (shuffle seed %d)", k, seed)
			}
		}
	}
	a, b := IntentMap(generated(300, 12), MapOptions{}), IntentMap(generated(300, 12), MapOptions{})
	if a.SVG != b.SVG {
		t.Error("the generated portfolio's map differs between runs")
	}
}

// TestExampleReadable checks the example's pictures: no two labels
// overlap, and the crossings stay at the level measured when the layout
// was tuned.
func TestExampleReadable(t *testing.T) {
	pf := example(t)
	all := pictures(pf)
	for _, k := range names(all) {
		q := Measure(all[k])
		if q.Overlaps != 0 {
			t.Errorf("%s: %d label overlaps", k, q.Overlaps)
		}
	}
	q := Measure(all["map"])
	t.Logf("map: %+v", q)
	if q.Crossings > 80 {
		t.Errorf("map: %d edge crossings, want at most 80", q.Crossings)
	}
}

func TestGeneratedReadable(t *testing.T) {
	pf := generated(1000, 20)
	p := IntentMap(pf, MapOptions{})
	q := Measure(p)
	t.Logf("1,000 initiatives: %dx%d %+v", p.Width, p.Height, q)
	if q.Overlaps != 0 {
		t.Errorf("%d label overlaps", q.Overlaps)
	}
	if q.Nodes > 120 {
		t.Errorf("%d nodes drawn: the map must aggregate", q.Nodes)
	}
	if !strings.Contains(string(p.SVG), "more →") {
		t.Error(`no "and N more" link`)
	}
}

var (
	hrefRE  = regexp.MustCompile(`<a href="([^"]*)"`)
	labelRE = regexp.MustCompile(`<a [^>]*aria-label="([^"]+)">`)
)

// TestAccessible checks every picture of the example: well-formed XML, a
// title and description the root points to, every link named, nothing a
// strict Content-Security-Policy blocks, targets at least 24×24, and the
// outline linking exactly what the SVG links.
func TestAccessible(t *testing.T) {
	pf := example(t)
	all := pictures(pf)
	all["generated"] = IntentMap(generated(1000, 20), MapOptions{})
	for _, k := range names(all) {
		p := all[k]
		svg := string(p.SVG)
		dec := xml.NewDecoder(strings.NewReader(svg))
		for {
			_, err := dec.Token()
			if err != nil {
				if err.Error() != "EOF" {
					t.Errorf("%s: not well-formed: %v", k, err)
				}
				break
			}
		}
		for _, bad := range []string{"<script", "<style", " style=", "javascript:", " on"} {
			if strings.Contains(strings.ToLower(svg), bad+"") && bad != " on" {
				t.Errorf("%s: contains %q", k, bad)
			}
		}
		if regexp.MustCompile(` on[a-z]+=`).MatchString(svg) {
			t.Errorf("%s: has an event handler attribute", k)
		}
		if !strings.Contains(svg, `role="graphics-document document"`) || !strings.Contains(svg, `aria-labelledby="`) || !strings.Contains(svg, "<desc id=") {
			t.Errorf("%s: the root lacks role, title or description", k)
		}
		links := hrefRE.FindAllStringSubmatch(svg, -1)
		if n := len(labelRE.FindAllString(svg, -1)); n != len(links) {
			t.Errorf("%s: %d links but %d named", k, len(links), n)
		}
		var svgURLs []string
		for _, m := range links {
			if !slices.Contains(svgURLs, m[1]) {
				svgURLs = append(svgURLs, m[1])
			}
		}
		sort.Strings(svgURLs)
		out := p.Text.URLs()
		sort.Strings(out)
		if strings.Join(svgURLs, "\n") != strings.Join(out, "\n") {
			t.Errorf("%s: the outline links\n%v\nbut the SVG links\n%v", k, out, svgURLs)
		}
		for _, n := range p.scene.nodes {
			if n.w < 24 || n.h < 24 {
				t.Errorf("%s: node %q is %gx%g, under 24×24", k, n.name, n.w, n.h)
			}
		}
	}
}

func TestNames(t *testing.T) {
	pf := tiny(t)
	svg := string(IntentMap(pf, MapOptions{}).SVG)
	want := `aria-label="School Streets &amp; &lt;gates&gt; — embedded — serves Clean air for every street, Walking and cycling as the easy choice — 1 learning, 1 decision, 1 story — transport, education"`
	if !strings.Contains(svg, want) {
		t.Errorf("no %s in\n%s", want, svg)
	}
	if strings.Contains(svg, "<gates>") {
		t.Error("a title is not escaped")
	}
}

// TestContrast computes the contrast of every colour that carries meaning
// against what it is drawn on (WCAG 1.4.11: 3:1; text 1.4.3: 4.5:1).
func TestContrast(t *testing.T) {
	check := func(what, fg, bg string, min float64) {
		t.Helper()
		if c := contrast(fg, bg); c < min {
			t.Errorf("%s: %s on %s is %.2f:1, want %.1f:1", what, fg, bg, c, min)
		}
	}
	for _, c := range IntentColors {
		check("intent hub "+c.Token+" against the page", c.Hex, paper, 3)
		check("white text and status shapes on intent "+c.Token, paper, c.Hex, 4.5)
		check("intent line "+c.Token, c.Hex, paper, 3)
	}
	for _, c := range append(append([]string(nil), SystemColors...), OtherSystem) {
		check("system stripe", c, paper, 3)
	}
	check("card outline", border, paper, 3)
	check("intent-inside-intent line", rule, paper, 3)
	check("text", ink, paper, 4.5)
	check("second line", muted, paper, 4.5)
	check("text on a learning card", ink, wash, 4.5)
	check("second line on a learning card", muted, wash, 4.5)
	check("learning card outline", border, wash, 3)
	check("relation line", muted, paper, 3)
	if got := contrast("#000000", "#ffffff"); got < 20.99 || got > 21.01 {
		t.Errorf("contrast(black, white) = %v, want 21", got)
	}
}

func TestOrderCircle(t *testing.T) {
	// A chain 0–2–4–1–3 (strong links) must come out as neighbours.
	w := make([][]float64, 5)
	for i := range w {
		w[i] = make([]float64, 5)
	}
	link := func(a, b int) { w[a][b], w[b][a] = 5, 5 }
	link(0, 2)
	link(2, 4)
	link(4, 1)
	link(1, 3)
	o := orderCircle(5, w)
	pos := map[int]int{}
	for i, v := range o {
		pos[v] = i
	}
	for _, pr := range [][2]int{{0, 2}, {2, 4}, {4, 1}, {1, 3}} {
		d := pos[pr[0]] - pos[pr[1]]
		if d < 0 {
			d = -d
		}
		if d != 1 && d != 4 {
			t.Errorf("order %v: %d and %d are not neighbours", o, pr[0], pr[1])
		}
	}
}

func TestGeometry(t *testing.T) {
	if !segmentsCross(point{0, 0}, point{10, 10}, point{0, 10}, point{10, 0}) {
		t.Error("an X does not cross")
	}
	if segmentsCross(point{0, 0}, point{10, 0}, point{0, 1}, point{10, 1}) {
		t.Error("parallel lines cross")
	}
	if !segmentHitsRect(point{-10, 5}, point{20, 5}, rect{0, 0, 10, 10}, 1) {
		t.Error("a line through a box misses it")
	}
	if segmentHitsRect(point{-10, 20}, point{20, 20}, rect{0, 0, 10, 10}, 1) {
		t.Error("a line below a box hits it")
	}
	if w := textWidth("Bike library", 13, true); w < 70 || w > 110 {
		t.Errorf("textWidth(Bike library) = %v", w)
	}
	if got := wrap("Damp and cold checks by community nurses", 24); fmt.Sprintf("%q", got) != `["Damp and cold checks by" "community nurses"]` {
		t.Errorf("wrap = %q", got)
	}
}

func TestLonelyIntent(t *testing.T) {
	pf := small(t, "intent:a:Alone", "intent:b:Busy", "initiative:x:X:idea:b")
	for _, p := range []Picture{IntentFocus(pf, pf.Page(content.KindIntent, "a")), IntentMap(pf, MapOptions{})} {
		if q := Measure(p); q.Overlaps != 0 || p.SVG == "" {
			t.Errorf("%+v", q)
		}
	}
	if p := IntentMap(small(t, "page:about:About"), MapOptions{}); p.SVG != "" || len(p.Text.Items) != 0 {
		t.Error("a portfolio without intents must give an empty picture")
	}
}
