package server

import (
	"context"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/trellis-ssg/trellis/internal/headless"
	"github.com/trellis-ssg/trellis/internal/testtimeout"
)

// TestOverlayInChromium opens a page in headless Chromium, breaks the
// page's file, waits for the error overlay, fixes the file and waits for
// the reload that clears it. It is skipped without Chromium, except in CI.
// Its limits scale with TRELLIS_TEST_TIMEOUT_SCALE.
func TestOverlayInChromium(t *testing.T) {
	chrome := headless.Require(t)
	dir := writeSite(t, 20, 3, "")
	s, err := New(Options{Source: dir, Quiet: 100 * time.Millisecond, Now: func() time.Time { return testNow }})
	must(t, err)
	s.watchHold = new(sync.Mutex)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()
	t.Cleanup(func() { cancel(); <-served })

	file, page := firstInitiative(t, dir)
	url := "http://" + ln.Addr().String() + "/" + strings.TrimSuffix(page, "index.html")

	bctx, stop, err := headless.Start(chrome)
	must(t, err)
	defer stop()
	bctx, tcancel := context.WithTimeout(bctx, testtimeout.Scaled(3*time.Minute))
	defer tcancel()
	tab, err := headless.Watch(bctx, t.Logf)
	must(t, err)

	_, err = tab.Open(url)
	must(t, err)
	// Wait until the page's event stream is open, so the break is not missed
	// (a late stream is told at once anyway).
	for s.hub.streams() == 0 {
		select {
		case <-bctx.Done():
			t.Fatal("the page did not open its event stream")
		case <-time.After(20 * time.Millisecond):
		}
	}

	good, err := os.ReadFile(file)
	must(t, err)
	broken := strings.Replace(string(good), "title: ", "title: [unclosed ", 1)
	whole(s, func() { must(t, os.WriteFile(file, []byte(broken), 0o644)) })

	must(t, chromedp.Do(bctx, chromedp.WaitVisible(chromedp.CSS("#trellis-overlay"))))
	text, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS("#trellis-overlay")))
	must(t, err)
	position, err := chromedp.Run(bctx, chromedp.Evaluate[string](`getComputedStyle(document.getElementById("trellis-overlay")).position`))
	must(t, err)
	rel := strings.TrimPrefix(strings.TrimPrefix(file, dir), string(os.PathSeparator))
	if !strings.Contains(text, strings.ReplaceAll(rel, string(os.PathSeparator), "/")) || !strings.Contains(text, "fm-syntax") || !strings.Contains(text, "hint:") {
		t.Fatalf("the overlay does not show the diagnostic:\n%s", text)
	}
	if position != "fixed" {
		t.Errorf("the overlay's stylesheet did not apply (position %q)", position)
	}

	fixed := retitled(t, file, "Fixed in the browser")
	whole(s, func() { must(t, os.WriteFile(file, fixed, 0o644)) })
	waitFor(t, bctx, `!document.getElementById("trellis-overlay") && document.querySelector("h1") && document.querySelector("h1").textContent.includes("Fixed in the browser")`)
}

// waitFor polls a JavaScript condition in the page.
func waitFor(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	for {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond)); err == nil && ok {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("timed out waiting for %s", cond)
		case <-time.After(50 * time.Millisecond):
		}
	}
}
