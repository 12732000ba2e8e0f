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
