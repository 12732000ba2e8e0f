// Package headless is how trellis's browser tests drive Chromium: where to
// find it, how to start it (with --no-sandbox, so that it runs as root in a
// container), and how to open a page and wait until the page has settled —
// loaded, its network quiet, an immediate meta refresh followed — before a
// test judges it. A navigation the browser aborts is tried once more, and
// the reason logged; a second abort is an error naming the page.
//
// Every time limit here is scaled by TRELLIS_TEST_TIMEOUT_SCALE (package
// internal/testtimeout). Nothing waits a fixed time instead of an event.
package headless

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/trellis-ssg/trellis/internal/testtimeout"
)

// Limits, before scaling: how long Chromium may take to start, one
// navigation to load, and a loaded page to settle.
const (
	startLimit    = 60 * time.Second
	navigateLimit = 60 * time.Second
	settleLimit   = 60 * time.Second
)

// Path returns the Chromium to use: Debian's chromium-headless-shell
// (Chromium's headless-only build, which needs about half the CPU time per
// page, so that the browser tests keep well within go test's limit on a
// loaded machine), or else Chromium itself (FullPath); "" when there is
// neither.
func Path() string {
	if p := find("chromium-headless-shell"); p != "" {
		return p
	}
	return FullPath()
}

// FullPath returns Chromium itself, not the headless shell, for what only
// the full browser does, such as asking for a page's icon: chromium or
// chromium-browser; "" when there is none.
func FullPath() string { return find("chromium", "chromium-browser") }

// find looks for the first of names on PATH, then in /usr/bin.
func find(names ...string) string {
	for _, name := range names {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
		if fi, err := os.Stat("/usr/bin/" + name); err == nil && !fi.IsDir() {
			return "/usr/bin/" + name
		}
	}
	return ""
}

// NotFound is what a test says when there is no Chromium at all.
const NotFound = "chromium not found on PATH nor in /usr/bin (apt-get install -y chromium-headless-shell chromium)"

// FullNotFound is what a test that needs Chromium itself says without it.
const FullNotFound = "chromium not found on PATH nor in /usr/bin (apt-get install -y chromium; the headless shell asks for no icons)"

// Require returns the path of Chromium, or ends the test when there is
// none: skipped locally, failed when the CI environment variable is set.
func Require(tb testing.TB) string {
	tb.Helper()
	p := Path()
	if p == "" {
		Missing(tb, "%s", NotFound)
	}
	return p
}

// Missing ends a test that lacks a tool it needs: it skips locally, and
// fails when the CI environment variable is set (.ci/run installs every
// tool the tests need).
func Missing(tb testing.TB, format string, args ...any) {
	tb.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") != "" {
		tb.Fatalf("%s (CI is set, so this is a failure; .ci/run installs it)", msg)
	}
	tb.Skipf("%s; skipping (set CI=1 to make this a failure)", msg)
}

// Start starts Chromium at exe, headless, with a profile of its own, a
// 1280×900 window and the flags every test uses. It returns the context of
// the browser's first tab (new tabs are chromedp.NewContext of it) and a
// func that stops the browser and removes the profile.
func Start(exe string) (context.Context, func(), error) {
	profile, err := os.MkdirTemp("", "trellis-chromium-")
	if err != nil {
		return nil, nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		// Chromium's sandbox needs user namespaces, which a container
		// running as root often lacks: the tests load only our own pages.
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		// A page restored from the back-forward cache fires no load event
		// for a test to wait for: Back loads the page again.
		chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,BackForwardCache"),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
		chromedp.WSURLReadTimeout(testtimeout.Scaled(startLimit)),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	stop := func() {
		bcancel()
		acancel()
		os.RemoveAll(profile)
	}
	if err := chromedp.Do(bctx); err != nil { // starts the browser
		stop()
		return nil, nil, fmt.Errorf("starting %s: %w", exe, err)
	}
	return bctx, stop, nil
}

// IsAbort says whether err is the browser aborting a navigation
// (net::ERR_ABORTED): another navigation replaced it, or the response was
// one the browser does not show (204 No Content, a download).
func IsAbort(err error) bool {
	var le *chromedp.LoadError
	return errors.As(err, &le) && le.ErrorText == "net::ERR_ABORTED"
}
