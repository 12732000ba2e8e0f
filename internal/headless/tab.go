package headless

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/trellis-ssg/trellis/internal/testtimeout"
)

// Tab follows what one tab loads, so that a test can wait until the page
// has settled: its document loaded, Chromium's own network-idle signal
// given for it, no request in flight, and no immediate meta refresh left to
// follow.
//
// Chromium signals network idle from the page's own thread, 500 ms after
// its last request, so a script that starts a request after a busy moment
// delays the signal instead of slipping past it, however loaded the
// machine. Requests the browser makes after the load for itself (the
// page's icon) are counted by the tab here. An event stream stays open as
// long as its page, so Chromium never signals network idle for a page with
// one open: there its network-almost-idle signal (at most two connections
// for 500 ms) stands in, with every other request done.
type Tab struct {
	ctx  context.Context
	logf func(format string, args ...any)

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every change of the state below
	gen      int           // counts the changes
	frame    cdp.FrameID   // the main frame
	loader   cdp.LoaderID  // its current document
	url      string        // and that document's URL
	events   map[cdp.LoaderID]lifecycle
	docs     map[cdp.LoaderID]network.RequestID // the request of each document
	inflight map[network.RequestID]string       // request → URL
	streams  map[network.RequestID]bool         // open event streams
}

// lifecycle is what Chromium has said of one document.
type lifecycle struct{ load, networkIdle, networkAlmostIdle bool }

// Watch starts following the tab of ctx (a chromedp context) from now on;
// logf receives what a test should know but not fail on, such as a
// navigation tried again.
func Watch(ctx context.Context, logf func(format string, args ...any)) (*Tab, error) {
	t := &Tab{ctx: ctx, logf: logf, changed: make(chan struct{}),
		events: map[cdp.LoaderID]lifecycle{}, docs: map[cdp.LoaderID]network.RequestID{}, inflight: map[network.RequestID]string{}, streams: map[network.RequestID]bool{}}
	if err := chromedp.Listen(ctx, t.event); err != nil {
		return nil, fmt.Errorf("listening to the tab: %w", err)
	}
	tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		return nil, fmt.Errorf("Page.getFrameTree: %w", err)
	}
	t.mu.Lock()
	if t.frame == "" { // no navigation has been seen since Listen
		t.frame, t.loader, t.url = tree.FrameTree.Frame.ID, tree.FrameTree.Frame.LoaderID, tree.FrameTree.Frame.URL
		t.events[t.loader] = lifecycle{true, true, true} // the blank first page is settled
	}
	t.mu.Unlock()
	return t, nil
}

// Context is the chromedp context of the tab.
func (t *Tab) Context() context.Context { return t.ctx }

// event runs in the tab's event loop: it only records, under the lock.
func (t *Tab) event(ev any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch ev := ev.(type) {
	case *page.EventFrameNavigated:
		if ev.Frame.ParentID != "" {
			return
		}
		t.frame, t.loader, t.url = ev.Frame.ID, ev.Frame.LoaderID, ev.Frame.URL
		// The requests of the documents before are over, whether or not
		// their end was reported (a renderer that was swapped out says
		// nothing more).
		for id := range t.events {
			if id != t.loader {
				delete(t.events, id)
			}
		}
		for id := range t.docs {
			if id != t.loader {
				delete(t.docs, id)
			}
		}
		clear(t.inflight)
		clear(t.streams)
	case *page.EventLifecycleEvent:
		if ev.FrameID != t.frame && t.frame != "" {
			return
		}
		l := t.events[ev.LoaderID]
		switch ev.Name {
		case "load":
			l.load = true
		case "networkIdle":
			l.networkIdle = true
		case "networkAlmostIdle":
			l.networkAlmostIdle = true
		default:
			return
		}
		t.events[ev.LoaderID] = l
	case *network.EventRequestWillBeSent:
		switch {
		case strings.HasPrefix(ev.Request.URL, "data:"): // never reaches the network
			return
		case ev.Type == network.ResourceTypeEventSource:
			t.streams[ev.RequestID] = true
		default:
			t.inflight[ev.RequestID] = ev.Request.URL
			if ev.Type == network.ResourceTypeDocument && (ev.FrameID == t.frame || t.frame == "") {
				t.docs[ev.LoaderID] = ev.RequestID
			}
		}
	case *network.EventLoadingFinished:
		if !t.done(ev.RequestID) {
			return
		}
	case *network.EventLoadingFailed:
		if !t.done(ev.RequestID) {
			return
		}
	default:
		return
	}
	t.gen++
	close(t.changed)
	t.changed = make(chan struct{})
}

// done forgets a request that has ended, and says whether it was one the
// tab follows.
func (t *Tab) done(id network.RequestID) bool {
	_, req := t.inflight[id]
	stream := t.streams[id]
	delete(t.inflight, id)
	delete(t.streams, id)
	return req || stream
}

// state reports whether the tab looks settled, the change counter, a
// channel closed at the next change, what it waits for, and the request of
// the current document ("" for the blank first page).
func (t *Tab) state() (settled bool, gen int, changed <-chan struct{}, waiting string, doc network.RequestID) {
	t.mu.Lock()
	defer t.mu.Unlock()
	l := t.events[t.loader]
	var wait []string
	if !l.load {
		wait = append(wait, "the load event")
	}
	switch {
	case len(t.streams) > 0 && !l.networkAlmostIdle:
		wait = append(wait, "Chromium's network-almost-idle signal (an event stream is open)")
	case len(t.streams) == 0 && !l.networkIdle:
		wait = append(wait, "Chromium's network-idle signal")
	}
	if len(t.inflight) > 0 {
		var urls []string
		for _, u := range t.inflight {
			urls = append(urls, u)
		}
		sort.Strings(urls)
		wait = append(wait, "the requests for "+strings.Join(urls, ", "))
	}
	return len(wait) == 0, t.gen, t.changed, fmt.Sprintf("%s: %s", t.url, strings.Join(wait, "; ")), t.docs[t.loader]
}

// Settle waits until the page has settled (see Tab). A page whose document
// refreshes at once (a redirect page of an alias) has settled when the
// page it leads to has.
func (t *Tab) Settle() error {
	ctx, cancel := context.WithTimeout(t.ctx, testtimeout.Scaled(settleLimit))
	defer cancel()
	for {
		settled, gen, changed, waiting, doc := t.state()
		if !settled {
			select {
			case <-changed:
				continue
			case <-ctx.Done():
				return fmt.Errorf("the page did not settle within %v, waiting for %s", testtimeout.Scaled(settleLimit), waiting)
			}
		}
		// A round trip to the page's thread: what it sent before the
		// answer has arrived.
		if _, err := chromedp.Call(ctx, runtime.GetIsolateID, cdp.Empty{}); err != nil {
			return fmt.Errorf("asking the page: %w", err)
		}
		var refresh string
		if doc != "" {
			var err error
			if refresh, err = immediateRefresh(ctx, doc); err != nil {
				return fmt.Errorf("reading the page's source: %w", err)
			}
		}
		if refresh == "" {
			if _, now, _, _, _ := t.state(); now == gen {
				return nil
			}
			continue
		}
		// Wait for the refresh to replace the document.
		for {
			t.mu.Lock()
			same := t.gen == gen
			ch := t.changed
			t.mu.Unlock()
			if !same {
				break
			}
			select {
			case <-ch:
			case <-ctx.Done():
				return fmt.Errorf("the page's meta refresh to %s was not followed within %v", refresh, testtimeout.Scaled(settleLimit))
			}
		}
	}
}

// Open navigates the tab to url and waits until the page has settled. It
// returns the response of the document. A navigation the browser aborts is
// tried once more, with the reason logged; a second abort is an error
// naming the page.
func (t *Tab) Open(url string) (*network.Response, error) {
	resp, err := t.navigate(url)
	if IsAbort(err) {
		t.logf("opening %s: the browser aborted the navigation (%v); trying once more", url, err)
		resp, err = t.navigate(url)
		if IsAbort(err) {
			return nil, fmt.Errorf("opening %s: the browser aborted the navigation twice (%v)", url, err)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", url, err)
	}
	if err := t.Settle(); err != nil {
		return nil, fmt.Errorf("opening %s: %w", url, err)
	}
	return resp, nil
}

func (t *Tab) navigate(url string) (*network.Response, error) {
	ctx, cancel := context.WithTimeout(t.ctx, testtimeout.Scaled(navigateLimit))
	defer cancel()
	return chromedp.Run(ctx, chromedp.NavigateResponse(url))
}

// Follow runs actions that make the tab navigate (a click, a key), waits
// for the new page to load and settle, and returns its document's response.
func (t *Tab) Follow(actions ...chromedp.Action[chromedp.Void]) (*network.Response, error) {
	ctx, cancel := context.WithTimeout(t.ctx, testtimeout.Scaled(navigateLimit))
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, actions...)
	if err != nil {
		return nil, err
	}
	return resp, t.Settle()
}
