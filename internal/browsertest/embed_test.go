package browsertest

import (
	"strings"
	"testing"
)

// TestNoJSEmbed opens the embed pages with scripts off: the card, or the
// map and its list, alone, with a link back to the full page and no site
// header, footer or menus.
func TestNoJSEmbed(t *testing.T) {
	t.Parallel() // see the package documentation
	ctx := newTab(t, false)
	for path, want := range map[string]string{
		"/embed/initiatives/bike-library/": "borrow a bike",
		"/embed/intents/clean-air/":        "initiatives serve this intent",
		"/embed/map/":                      "Bike library",
	} {
		if st := open(t, ctx, path); st != 200 {
			t.Fatalf("%s: HTTP %d", path, st)
		}
		doc := renderedDOM(t, ctx)
		if n := len(all(doc, tag("header"))) + len(all(doc, tag("footer"))) + len(all(doc, tag("nav"))); n != 0 {
			t.Errorf("%s: %d header, footer or nav elements", path, n)
		}
		mains := all(doc, tag("main"))
		if len(mains) != 1 || !strings.Contains(text(mains[0]), want) {
			t.Errorf("%s: the page does not show %q without JavaScript", path, want)
			continue
		}
		full := "https://portfolio.riverford.example" + strings.TrimPrefix(path, "/embed")
		back := false
		for _, a := range all(mains[0], tag("a")) {
			back = back || hrefOf(a) == full && strings.Contains(text(a), "See it in full")
		}
		if !back {
			t.Errorf("%s: no link back to %s", path, full)
		}
	}
}
