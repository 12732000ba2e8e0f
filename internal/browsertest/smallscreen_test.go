package browsertest

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// smallScreenPages are pages whose header and map a phone reader sees first.
var smallScreenPages = []string{"/", "/map/", "/initiatives/bike-library/", "/intents/", "/about/", "/search/"}

// TestHeaderOnAPhone opens pages at 390 CSS pixels wide (a common phone)
// and measures the header: at most 100 pixels tall, so that the page's own
// heading is on the first screen, with every main menu link still in the
// header (in a row that scrolls sideways).
func TestHeaderOnAPhone(t *testing.T) {
	t.Parallel() // see the package documentation
	ctx := newTab(t, true)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	for _, path := range smallScreenPages {
		open(t, ctx, path)
		got, err := chromedp.Run(ctx, chromedp.Evaluate[headerSize](`(() => {
  const h = document.querySelector('.site-header');
  const links = [...h.querySelectorAll('nav a')];
  return {height: h.getBoundingClientRect().height, links: links.length,
    shown: links.filter(a => { const r = a.getBoundingClientRect(); return r.width > 0 && r.height >= 24; }).length};
})()`))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		t.Logf("%s: header %.0fpx high, %d menu links", path, got.Height, got.Links)
		if got.Height > 100 {
			t.Errorf("%s: the header is %.0fpx high at 390px; want at most 100", path, got.Height)
		}
		if got.Links < 5 || got.Shown != got.Links {
			t.Errorf("%s: %d of %d menu links are laid out at least 24px high", path, got.Shown, got.Links)
		}
	}
}

type headerSize struct {
	Height float64 `json:"height"`
	Links  int     `json:"links"`
	Shown  int     `json:"shown"`
}

// TestMapTextOnAPhone opens every page with a map at 390 CSS pixels wide
// and measures the rendered size of every label of every map (its font
// size times the map's scale on the screen): none under 12 pixels. The
// maps scroll sideways in their frame instead of shrinking.
func TestMapTextOnAPhone(t *testing.T) {
	t.Parallel() // see the package documentation
	ctx := newTab(t, false)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/map/", "/intents/clean-air/", "/initiatives/bike-library/", "/embed/map/"} {
		open(t, ctx, path)
		got, err := chromedp.Run(ctx, chromedp.Evaluate[mapText](`(() => {
  let min = 1e9, n = 0, where = '';
  for (const svg of document.querySelectorAll('svg.imap')) {
    for (const t of svg.querySelectorAll('text')) {
      const m = t.getScreenCTM();
      if (!m || t.getBoundingClientRect().width === 0) continue;
      const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
      n++;
      if (px < min) { min = px; where = t.textContent.slice(0, 40); }
    }
  }
  return {min: min, labels: n, where: where};
})()`))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		t.Logf("%s: %d map labels, the smallest %.1fpx (%q)", path, got.Labels, got.Min, got.Where)
		if got.Labels == 0 {
			t.Errorf("%s: no map labels measured", path)
		} else if got.Min < 11.95 {
			t.Errorf("%s: the map's smallest label %q is %.1fpx at 390px; want at least 12", path, got.Where, got.Min)
		}
	}
}

type mapText struct {
	Min    float64 `json:"min"`
	Labels int     `json:"labels"`
	Where  string  `json:"where"`
}

// TestTablesScrollInTheirOwnRegion opens the representative pages at 390
// CSS pixels wide: every table stands in a region that scrolls sideways
// when the table is wider than it, can be focused (to scroll it with the
// keyboard) and is named; the theme's tables have a caption.
func TestTablesScrollInTheirOwnRegion(t *testing.T) {
	ctx := newTab(t, false)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	tables, wide := 0, 0
	for _, path := range append(axePages(t), "/views/", "/intents/active-mobility/") {
		if path == "/no-such-page/" {
			continue
		}
		open(t, ctx, path)
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]tableRegion](`[...document.querySelectorAll('main table')].map(t => {
  const w = t.parentElement;
  return {wrapped: w.classList.contains('table-wrap'), overflow: getComputedStyle(w).overflowX, focusable: w.tabIndex === 0,
    named: !!(w.getAttribute('aria-label') || w.getAttribute('aria-labelledby')), caption: !!t.querySelector('caption'),
    prose: !!t.closest('.prose'), wide: t.getBoundingClientRect().width > w.clientWidth + 1, scrolls: w.scrollWidth > w.clientWidth};
})`))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for i, r := range got {
			tables++
			if r.Wide {
				wide++
			}
			switch {
			case !r.Wrapped || r.Overflow != "auto":
				t.Errorf("%s: table %d is not in a region that scrolls sideways (%+v)", path, i+1, r)
			case !r.Focusable || !r.Named:
				t.Errorf("%s: table %d's region cannot be focused or has no name (%+v)", path, i+1, r)
			case !r.Prose && !r.Caption:
				t.Errorf("%s: table %d has no caption", path, i+1)
			case r.Wide && !r.Scrolls:
				t.Errorf("%s: table %d is wider than its region, which does not scroll", path, i+1)
			}
		}
	}
	t.Logf("%d tables, %d of them wider than the screen", tables, wide)
	if tables < 5 {
		t.Errorf("only %d tables checked", tables)
	}
}

type tableRegion struct {
	Wrapped   bool   `json:"wrapped"`
	Overflow  string `json:"overflow"`
	Focusable bool   `json:"focusable"`
	Named     bool   `json:"named"`
	Caption   bool   `json:"caption"`
	Prose     bool   `json:"prose"`
	Wide      bool   `json:"wide"`
	Scrolls   bool   `json:"scrolls"`
}

// TestStoryCardWithoutPicture: in the story gallery, a card without a
// picture has something in its place (a band and a quotation mark in the
// accent colour) and is as tall as the cards beside it.
func TestStoryCardWithoutPicture(t *testing.T) {
	ctx := newTab(t, false)
	open(t, ctx, "/narratives/")
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]storyCard](`[...document.querySelectorAll('.gallery .card')].map(c => {
  const r = c.getBoundingClientRect(), b = getComputedStyle(c, '::before');
  return {picture: !!c.querySelector('img'), band: parseFloat(getComputedStyle(c).borderTopWidth), mark: b.content !== 'none' && b.content !== 'normal' ? b.height : '',
    top: Math.round(r.top), height: Math.round(r.height)};
})`))
	if err != nil {
		t.Fatal(err)
	}
	rows := map[int][]int{}
	without := 0
	for i, c := range got {
		rows[c.Top] = append(rows[c.Top], c.Height)
		if c.Picture {
			continue
		}
		without++
		if c.Band < 6 || c.Mark == "" || c.Mark == "0px" {
			t.Errorf("card %d has no picture and nothing in its place: band %.0fpx, mark %q", i+1, c.Band, c.Mark)
		}
	}
	for top, hs := range rows {
		for _, h := range hs {
			if h != hs[0] {
				t.Errorf("the cards of the row at %dpx differ in height: %v", top, hs)
				break
			}
		}
	}
	if without == 0 || without == len(got) {
		t.Errorf("%d of %d cards have no picture; the example should have both kinds", without, len(got))
	}
}

type storyCard struct {
	Picture bool    `json:"picture"`
	Band    float64 `json:"band"`
	Mark    string  `json:"mark"`
	Top     int     `json:"top"`
	Height  int     `json:"height"`
}
