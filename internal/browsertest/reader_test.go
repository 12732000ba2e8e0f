package browsertest

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/trellis-ssg/trellis/internal/testtimeout"
)

// templatePages is one page of every page template of the default theme
// (render's views, but the alias redirect), the story gallery also filtered.
func templatePages(t *testing.T) []string {
	return []string{"/", "/about/", "/intents/clean-air/", "/intents/active-mobility/", "/initiatives/bike-library/",
		firstPageOf(t, "learnings"), "/decisions/adapt-eastbank-low-traffic/", "/narratives/allotment-at-harbour-lane/",
		firstPageOf(t, "sources"), "/organisations/ministry-of-health/", "/initiatives/", "/decisions/", "/systems/",
		"/systems/transport/", "/accessibility/", "/no-such-page/", "/search/?q=air+quality", "/data/", "/narratives/",
		"/narratives/place/millbrook/", "/changes/", "/map/", "/views/", "/money/", "/glossary/", "/healthy-streets-fund/",
		"/health/", "/health/decisions-without-evidence/"}
}

// bigTextJS lists what scrolls the page sideways (overflowJS) or is
// clipped: an element that hides its overflow while its text does not fit,
// or ends it with an ellipsis. Scroll regions of their own (a wide
// table's) are allowed, and visually hidden text is meant to be clipped.
const bigTextJS = `(() => {
  const out = [];
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  const sideways = ` + overflowJS + `;
  sideways.forEach(s => out.push('sideways: ' + s));
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg, .visually-hidden, .skip, [hidden]')) continue;
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden') continue;
    const r = el.getBoundingClientRect();
    if (r.width <= 2 || r.height <= 2 || !(el.textContent || '').trim()) continue;
    const clipX = /hidden|clip/.test(cs.overflowX), clipY = /hidden|clip/.test(cs.overflowY);
    if ((clipX && el.scrollWidth > el.clientWidth + 1) || (clipY && el.scrollHeight > el.clientHeight + 1) ||
        (cs.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1)) {
      out.push('clipped: ' + name(el) + ' ' + JSON.stringify(el.textContent.trim().slice(0, 60)));
    }
  }
  return out;
})()`

// TestTextSize200At320 (WCAG 2.2 AA 1.4.4 Resize text and 1.4.10 Reflow):
// on every page template, at 320 CSS pixels with the root text at 200 %,
// nothing scrolls sideways and no text is clipped: cards, tables outside
// their scroll regions, the header and navigation, filters, map controls.
func TestTextSize200At320(t *testing.T) {
	t.Parallel() // see the package documentation
	var jobs []pageJob
	for _, p := range templatePages(t) {
		jobs = append(jobs, pageJob{p, 320})
	}
	inTabs(t, jobs, func(ctx context.Context, job pageJob, _ int64) (errs, _ []string) {
		// The reader's browser set to twice the default text size, as
		// its settings do: rem and em, media queries too, follow it.
		if _, err := chromedp.Call(ctx, page.SetFontSizes, page.SetFontSizesParams{FontSizes: &page.FontSizes{Standard: 32, Fixed: 26}}); err != nil {
			return []string{fmt.Sprintf("%s: %v", job.path, err)}, nil
		}
		size, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.documentElement).fontSize`))
		if err != nil || size != "32px" {
			return []string{fmt.Sprintf("%s: the root text is %s at twice the default size (%v)", job.path, size, err)}, nil
		}
		bad, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](bigTextJS))
		if err != nil {
			return []string{fmt.Sprintf("%s: %v", job.path, err)}, nil
		}
		if len(bad) > 0 {
			errs = append(errs, fmt.Sprintf("%s at 320px with text at 200%%:\n    %s", job.path, strings.Join(bad, "\n    ")))
		}
		return errs, nil
	})
}

// viewBox reads the intent map's current viewBox.
func viewBox(t *testing.T, ctx context.Context) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('svg[data-map]').getAttribute('viewBox')`))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestMapKeyboardPanAndZoom: with focus on the intent map, the arrow keys
// pan it, + and − zoom and 0 shows it whole; and a node that gets the focus
// while it is outside the view is brought into it.
func TestMapKeyboardPanAndZoom(t *testing.T) {
	t.Parallel() // see the package documentation
	ctx := newTab(t, true)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	if st := open(t, ctx, "/map/"); st != 200 {
		t.Fatalf("HTTP %d", st)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.querySelector('svg[data-map] .imap-node').focus(), true)`)); err != nil {
		t.Fatal(err)
	}
	whole := viewBox(t, ctx)
	fields := strings.Fields
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("viewBox number %q: %v", s, err)
		}
		return v
	}
	press := func(key string) string {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.KeyEvent(key)); err != nil {
			t.Fatal(err)
		}
		return viewBox(t, ctx)
	}
	right := press(kb.ArrowRight)
	if fields(right)[0] == fields(whole)[0] || fields(right)[1] != fields(whole)[1] || fields(right)[2] != fields(whole)[2] {
		t.Errorf("ArrowRight: viewBox %q → %q, want it moved right, same size", whole, right)
	}
	down := press(kb.ArrowDown)
	if fields(down)[1] == fields(right)[1] {
		t.Errorf("ArrowDown: viewBox %q → %q, want it moved down", right, down)
	}
	in := press("+")
	if num(fields(in)[2]) >= num(fields(down)[2]) {
		t.Errorf("+: viewBox %q → %q, want it narrower", down, in)
	}
	if back := press("0"); back != whole {
		t.Errorf("0: viewBox %q, want the whole map %q", back, whole)
	}

	// Zoomed in on one corner, focus a node far from it: the view moves to it.
	for range 4 {
		press("+")
	}
	for range 6 {
		press(kb.ArrowLeft)
		press(kb.ArrowUp)
	}
	inView := `(() => {
	  const svg = document.querySelector('svg[data-map]'), vb = svg.viewBox.baseVal;
	  const n = document.activeElement, b = n.getBBox();
	  return b.x >= vb.x && b.y >= vb.y && b.x + b.width <= vb.x + vb.width && b.y + b.height <= vb.y + vb.height;
	})()`
	far := `(() => {
	  const svg = document.querySelector('svg[data-map]'), vb = svg.viewBox.baseVal;
	  const nodes = Array.from(svg.querySelectorAll('.imap-node'));
	  const out = nodes.filter(n => { const b = n.getBBox(); return b.x > vb.x + vb.width || b.y > vb.y + vb.height; });
	  if (!out.length) return '';
	  out[out.length - 1].focus();
	  return out[out.length - 1].getAttribute('href');
	})()`
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](far))
	if err != nil {
		t.Fatal(err)
	}
	if href == "" {
		t.Fatalf("no node lies outside the zoomed view %q", viewBox(t, ctx))
	}
	if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](inView)); err != nil || !ok {
		t.Errorf("focusing %s outside the view did not bring it into view (viewBox %q, err %v)", href, viewBox(t, ctx), err)
	}
	// And from the keyboard: Tab through every node; each, focused, is in view.
	for range 30 {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		isNode, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!(document.activeElement && document.activeElement.classList && document.activeElement.classList.contains('imap-node'))`))
		if !isNode {
			break
		}
		if ok, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](inView)); !ok {
			name, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.getAttribute('href')`))
			t.Errorf("Tab focused %s outside the view %q", name, viewBox(t, ctx))
		}
	}
}

// TestGalleryFilterAfterBack: a reader filters the story gallery, opens a
// story and comes Back: the address keeps the filter, the filter is shown
// as active (its list open, its link marked), it is announced, and focus
// is on the results heading, not at the top of the page.
func TestGalleryFilterAfterBack(t *testing.T) {
	t.Parallel() // see the package documentation
	ctx := newTab(t, true)
	if st := open(t, ctx, "/narratives/"); st != 200 {
		t.Fatalf("HTTP %d", st)
	}
	eval := func(js string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return v
	}
	eval(`(() => { const d = document.querySelector('a[data-facet="place"][data-value="millbrook"]').closest('details'); d.open = true; return '' })()`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[data-facet="place"][data-value="millbrook"]`))); err != nil {
		t.Fatal(err)
	}
	if u := currentURL(t, ctx); !strings.HasSuffix(u, "/narratives/?place=millbrook") {
		t.Fatalf("after the filter the address is %s", u)
	}
	count := eval(`document.querySelector('[data-gallery-count]').textContent`)
	follow(t, ctx, "opening the first story shown", chromedp.Click(chromedp.CSS(`.gallery .card:not([hidden]) .card-title a`)))
	if u := currentURL(t, ctx); !strings.Contains(u, "/narratives/") || strings.Contains(u, "?") {
		t.Fatalf("the story link led to %s", u)
	}
	follow(t, ctx, "Back", chromedp.NavigateBack())
	deadline := time.Now().Add(testtimeout.Scaled(10 * time.Second))
	for time.Now().Before(deadline) {
		if v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.search + ' ' + (document.activeElement ? document.activeElement.id : '')`)); err == nil && v == "?place=millbrook gallery-results" {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if u := currentURL(t, ctx); !strings.HasSuffix(u, "/narratives/?place=millbrook") {
		t.Errorf("after Back the address is %s", u)
	}
	if got := eval(`document.querySelector('[data-gallery-count]').textContent`); got != count {
		t.Errorf("after Back the count says %q, before %q", got, count)
	}
	if active := eval(`(() => { const a = document.querySelector('a[aria-current][data-facet]'); return a ? a.getAttribute('data-value') + (a.closest('details').open ? ' open' : ' closed') : '' })()`); active != "millbrook open" {
		t.Errorf("after Back the active filter is %q, want millbrook shown in its open list", active)
	}
	if said := eval(`document.querySelector('[data-gallery-live]').textContent`); !strings.Contains(said, count) || !strings.Contains(said, "Millbrook") {
		t.Errorf("after Back the live region says %q, want the count and the place", said)
	}
	if f := eval(`document.activeElement ? document.activeElement.tagName + '#' + document.activeElement.id : ''`); f != "H2#gallery-results" {
		t.Errorf("after Back the focus is on %s, want the results heading", f)
	}
}
