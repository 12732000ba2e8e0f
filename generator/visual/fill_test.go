package visual

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var (
	viewBoxRe = regexp.MustCompile(`viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"`)
	boxRe     = regexp.MustCompile(`<rect class="imap-box" x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"`)
)

// nodeFill measures how much of a map's drawing area (its viewBox above
// the legend) the bounding box of its nodes covers, across and down.
func nodeFill(t *testing.T, p Picture) (across, down float64) {
	t.Helper()
	svg := string(p.SVG)
	vb := viewBoxRe.FindStringSubmatch(svg)
	if vb == nil {
		t.Fatal("no viewBox")
	}
	f := func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }
	vy, vw := f(vb[2]), f(vb[3])
	minX, minY, maxX, maxY := 1e9, 1e9, -1e9, -1e9
	for _, m := range boxRe.FindAllStringSubmatch(svg, -1) {
		x, y, w, h := f(m[1]), f(m[2]), f(m[3]), f(m[4])
		minX, minY = min(minX, x), min(minY, y)
		maxX, maxY = max(maxX, x+w), max(maxY, y+h)
	}
	// The drawing area ends where the legend starts.
	legendY := vy + f(vb[4])
	if i := strings.Index(svg, `class="imap-legend"`); i >= 0 {
		if m := regexp.MustCompile(`y="([-\d.]+)"`).FindStringSubmatch(svg[i:]); m != nil {
			legendY = f(m[1]) - 20
		}
	}
	return (maxX - minX) / vw, (maxY - minY) / (legendY - vy)
}

// TestSmallPortfoliosFillTheirBox: a portfolio of ten pages, with one,
// two or three intents, gives maps whose nodes span the drawing: at least
// 80% of its width and of its height above the legend (edges curve into the rest), with no wide empty
// band beside or below them.
func TestSmallPortfoliosFillTheirBox(t *testing.T) {
	cases := map[string][]string{
		"two intents": {
			"intent:clean-air:Clean air for every street:teal",
			"intent:active-mobility:Walking and cycling as the easy choice:indigo",
			"initiative:bike-library:Bike library:scaling:active-mobility:transport",
			"initiative:school-streets:School Streets:embedded:clean-air,active-mobility:transport",
			"initiative:air-sensors:Citizen air sensors:stopped:clean-air:environment",
			"initiative:stove-swap:Wood stove swap:paused:clean-air:energy",
			"initiative:cargo:Cargo bikes:piloting:active-mobility:transport",
			"learning:gate-no2:School streets cut NO2:school-streets",
			"decision:embed:Embed school streets:school-streets",
			"narrative:parent:A parent at the gate:school-streets",
		},
		"one intent": {
			"intent:clean-air:Clean air for every street:teal",
			"initiative:a:Bike library:scaling:clean-air:transport",
			"initiative:b:School Streets:embedded:clean-air:transport",
			"initiative:c:Citizen air sensors:stopped:clean-air:environment",
			"initiative:d:Wood stove swap:paused:clean-air:energy",
			"initiative:e:Cargo bikes:piloting:clean-air:transport",
			"initiative:f:Green walls:idea:clean-air:environment",
			"learning:l:A lesson:a",
			"decision:d1:A decision:b",
			"narrative:n:A story:c",
		},
		"three intents": {
			"intent:clean-air:Clean air:teal",
			"intent:mobility:Active travel:indigo",
			"intent:green:Green streets:green",
			"initiative:a:Bike library:scaling:mobility:transport",
			"initiative:b:School Streets:embedded:clean-air,mobility:transport",
			"initiative:c:Street trees:piloting:green,clean-air:environment",
			"initiative:d:Parklets:idea:green:environment",
			"learning:l:A lesson:a",
			"decision:d1:A decision:b",
			"narrative:n:A story:c",
		},
	}
	for name, specs := range cases {
		p := IntentMap(small(t, specs...), MapOptions{})
		across, down := nodeFill(t, p)
		t.Logf("%s: nodes span %.0f%% of the width and %.0f%% of the height (%d×%d)", name, 100*across, 100*down, p.Width, p.Height)
		if across < 0.8 || down < 0.8 {
			t.Errorf("%s: the nodes span %.0f%% of the drawing's width and %.0f%% of its height; want at least 80%% of each", name, 100*across, 100*down)
		}
		if p.Width < p.Height {
			t.Errorf("%s: the map is %d×%d, taller than wide, in a box wider than tall", name, p.Width, p.Height)
		}
	}
}
