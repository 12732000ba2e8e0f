package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// overflowJS lists the elements that stick out past the right edge of the
// viewport, outside a scroll container of their own (a wide data table in a
// .table-wrap that scrolls is allowed by WCAG 1.4.10).
const overflowJS = `(() => {
  const w = document.documentElement.clientWidth, out = [];
  if (document.documentElement.scrollWidth <= w) return [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right <= w + 1 || r.width === 0) continue;
    let p = el.parentElement, scrolled = false;
    for (; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') { scrolled = true; break; }
    }
    if (scrolled) continue;
    const kids = [...el.children].some(c => c.getBoundingClientRect().right > w + 1);
    if (kids) continue; // report the innermost culprit
    out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') +
      ' right=' + Math.round(r.right) + ' ' + JSON.stringify((el.textContent || '').trim().slice(0, 60)));
  }
  return out.length ? out : ['the page is ' + document.documentElement.scrollWidth + 'px wide'];
})()`

// TestReflow opens the representative pages at 320 CSS pixels (WCAG 1.4.10,
// Reflow), once each has settled (the search page's filters, say, are made
// by its script), and fails when the page scrolls sideways.
func TestReflow(t *testing.T) {
	t.Parallel() // see the package documentation
	var jobs []pageJob
	for _, path := range axePages(t) {
		jobs = append(jobs, pageJob{path, 320})
	}
	inTabs(t, jobs, func(ctx context.Context, job pageJob, _ int64) (errs, _ []string) {
		bad, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](overflowJS))
		if err != nil {
			return []string{fmt.Sprintf("%s: %v", job.path, err)}, nil
		}
		if len(bad) > 0 {
			errs = append(errs, fmt.Sprintf("%s scrolls sideways at 320px:\n    %s", job.path, strings.Join(bad, "\n    ")))
		}
		return errs, nil
	})
}
