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
