package server

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// liveTag matches the live-reload script the server adds to HTML pages.
var liveTag = regexp.MustCompile(`<script src="/__trellis/live\.js" data-build="\d+" defer></script>`)

// TestLoadWhileEditing serves a generated site on loopback and sends 10,000
// GET requests over 100 concurrent connections while a content file is
// edited every 50 ms. No request may fail or get a 5xx, and after the last
// edit has been rebuilt every page served equals a fresh full build of the
// final content.
func TestLoadWhileEditing(t *testing.T) {
	if testing.Short() {
		t.Skip("load test: skipped with -short")
	}
	const (
		requests = 10000
		conns    = 100
		edits    = 20
	)
	dir := writeSite(t, 30, 3, "")
	rec := newRecorder()
	s, err := New(Options{Source: dir, Now: func() time.Time { return testNow }, OnBuild: rec.hook})
	if err != nil {
		t.Fatal(err)
	}
	s.watchHold = new(sync.Mutex)
	ready := make(chan struct{})
	s.watchReady = func() { close(ready) }
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	if b := rec.next(t); !b.OK {
		t.Fatalf("first build failed: %v", b.Diags)
	}
	select {
	case <-ready:
	case <-time.After(wait):
		t.Fatal("the watcher did not start")
	}
	origin := "http://" + ln.Addr().String()

	// Every file of the first build is a target; editing a page's body
	// changes no file's existence.
	var targets []string
	for name := range s.Files() {
		p := "/" + name
		if strings.HasSuffix(p, "/index.html") {
			p = strings.TrimSuffix(p, "index.html")
		}
		targets = append(targets, p)
	}
	slices.Sort(targets)
	pages := pageFiles(t, dir)
	if len(pages) < 4 || len(targets) < 30 {
		t.Fatalf("site too small: %d pages, %d files", len(pages), len(targets))
	}
	edited := []string{pages[0], pages[1]}
	sentinel := pages[len(pages)-1]

	client := &http.Client{
		Transport: &http.Transport{MaxConnsPerHost: conns, MaxIdleConnsPerHost: conns, DisableCompression: true},
		Timeout:   wait,
		// A redirect is a response, not something to follow.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	defer client.CloseIdleConnections()

	// The editor: a bounded number of edits, ~50 ms apart.
	editsDone := make(chan struct{})
	var editErr error
	go func() {
		defer close(editsDone)
		for i := 1; i <= edits; i++ {
			f := filepath.Join(dir, filepath.FromSlash(edited[i%len(edited)]))
			src, err := os.ReadFile(f)
			if err == nil {
				err = os.WriteFile(f, append(src, fmt.Sprintf("\nEdit number %d under load.\n", i)...), 0o644)
			}
			if err != nil {
				editErr = err
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()

	var (
		next                        atomic.Int64
		transportErrs, serverErrs   atomic.Int64
		statusCounts                sync.Map // int → *atomic.Int64
		firstErrMu                  sync.Mutex
		firstErr                    error
		duringEdits, afterEditsDone atomic.Int64
	)
	fail := func(err error) {
		firstErrMu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		firstErrMu.Unlock()
	}
	start := time.Now()
	var wg sync.WaitGroup
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= requests {
					return
				}
				u := origin + targets[int(i)%len(targets)]
				resp, err := client.Get(u)
				if err != nil {
					transportErrs.Add(1)
					fail(err)
					continue
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil {
					transportErrs.Add(1)
					fail(fmt.Errorf("%s: reading the body: %w", u, err))
					continue
				}
				if resp.StatusCode >= 500 {
					serverErrs.Add(1)
					fail(fmt.Errorf("%s: %s", u, resp.Status))
				}
				c, _ := statusCounts.LoadOrStore(resp.StatusCode, new(atomic.Int64))
				c.(*atomic.Int64).Add(1)
				select {
				case <-editsDone:
					afterEditsDone.Add(1)
				default:
					duringEdits.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	<-editsDone
	if editErr != nil {
		t.Fatal(editErr)
	}
	var codes []string
	statusCounts.Range(func(k, v any) bool {
		codes = append(codes, fmt.Sprintf("%d×%d", k, v.(*atomic.Int64).Load()))
		return true
	})
	slices.Sort(codes)
	t.Logf("%d requests over %d connections to %d URLs in %v (%.0f req/s); %d while edits were being made, %d after; statuses %v; %d builds so far",
		requests, conns, len(targets), elapsed.Round(time.Millisecond), float64(requests)/elapsed.Seconds(),
		duringEdits.Load(), afterEditsDone.Load(), codes, rec.count())
	if n := transportErrs.Load(); n > 0 {
		t.Errorf("%d transport errors; first: %v", n, firstErr)
	}
	if n := serverErrs.Load(); n > 0 {
		t.Errorf("%d responses with a 5xx status; first: %v", n, firstErr)
	}

	// The last edit, to a file no other edit touched: once a good build
	// started by it is in, every earlier event was in that batch or before.
	f := filepath.Join(dir, filepath.FromSlash(sentinel))
	src, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	// Made whole before the watcher looks: a build of a half-written
	// file would fail, and the test wants the last edit's build good.
	whole(s, func() { err = os.WriteFile(f, append(src, "\nThe last edit.\n"...), 0o644) })
	if err != nil {
		t.Fatal(err)
	}
	for {
		b := rec.next(t)
		if slices.Contains(b.Changed, sentinel) {
			if !b.OK {
				t.Fatalf("the last build failed: %v", b.Diags)
			}
			t.Logf("the last edit's build: %d (incremental %v)", b.Gen, b.Incremental)
			break
		}
	}

	want, diags := fullBuild(t, dir, testNow, origin+"/")
	if diags.HasErrors() {
		t.Fatalf("the final content does not build: %v", diags)
	}
	if d := diffFiles(s.Files(), want); d != "" {
		t.Fatalf("the served files differ from a full build of the final content:\n%s", d)
	}
	// And over HTTP: each page, without the live-reload tag, is the full
	// build's.
	checked := 0
	for name, w := range want {
		p := "/" + name
		if strings.HasSuffix(p, "/index.html") {
			p = strings.TrimSuffix(p, "index.html")
		}
		resp, err := client.Get(origin + p)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %s", p, resp.Status)
			continue
		}
		if strings.HasSuffix(name, ".html") {
			body = liveTag.ReplaceAll(body, nil)
		}
		if !bytes.Equal(body, w) {
			t.Errorf("%s is stale: %s", p, firstDiff(body, w))
		}
		checked++
	}
	if !bytes.Contains(bytes.Join(mapValues(want), nil), fmt.Appendf(nil, "Edit number %d under load.", edits)) {
		t.Errorf("the full build does not show the last edit")
	}
	t.Logf("after the last rebuild: %d files served equal the full build; %d builds in all", checked, rec.count())
}

func mapValues(m map[string][]byte) [][]byte {
	out := make([][]byte, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// trellisBinary builds cmd/trellis into a temporary folder.
func trellisBinary(t *testing.T) string {
	t.Helper()
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	root := filepath.Dir(strings.TrimSpace(string(gomod)))
	bin := filepath.Join(t.TempDir(), "trellis")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/trellis")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// serveUntilReady starts `trellis serve` and waits for its "Serving" line,
// or for it to exit. It returns the line (or "") and the process's stderr
// so far; a process still running is stopped with SIGINT, and must exit 0.
func serveOnce(t *testing.T, bin, dir string, args ...string) (serving, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--source", dir}, args...)...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	timeout := time.After(wait)
	for serving == "" {
		select {
		case l, ok := <-lines:
			if !ok {
				goto done
			}
			if strings.HasPrefix(l, "Serving ") {
				serving = l
				cmd.Process.Signal(syscall.SIGINT)
			}
		case <-timeout:
			cmd.Process.Kill()
			t.Fatalf("trellis serve %v: no Serving line within %v", args, wait)
		}
	}
	for range lines {
	}
done:
	err = cmd.Wait()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return serving, errb.String(), code
}

// Binding to anything but loopback takes the explicit --bind flag and prints
// a warning. No test here listens on a non-loopback address: the warning
// comes before the listen, so the non-loopback cases use an address this
// machine does not have, or a port already taken on every interface.
func TestLoadBindNonLoopbackWarns(t *testing.T) {
	bin := trellisBinary(t)
	dir := writeSite(t, 20, 1, "")

	// The default is loopback, without a warning.
	serving, stderr, code := serveOnce(t, bin, dir, "--port", "0")
	if code != 0 || !strings.Contains(serving, "http://127.0.0.1:") {
		t.Errorf("default serve: exit %d, %q; want 127.0.0.1", code, serving)
	}
	if strings.Contains(stderr, "warning") {
		t.Errorf("default serve warned: %s", stderr)
	}
	for _, lo := range []string{"127.0.0.1", "localhost"} {
		serving, stderr, code := serveOnce(t, bin, dir, "--bind", lo, "--port", "0")
		if code != 0 || serving == "" || strings.Contains(stderr, "warning") {
			t.Errorf("--bind %s: exit %d, %q, stderr %q; want served without a warning", lo, code, serving, stderr)
		}
	}

	// A port taken on loopback cannot be taken on the wildcard address
	// either, so --bind 0.0.0.0 warns and then fails to listen.
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	port := fmt.Sprint(taken.Addr().(*net.TCPAddr).Port)
	for _, c := range []struct{ bind, port string }{
		{"0.0.0.0", port},
		{"192.0.2.1", "0"}, // TEST-NET-1: not an address of this machine
		{"", port},         // every interface, spelt as nothing
	} {
		serving, stderr, code := serveOnce(t, bin, dir, "--bind", c.bind, "--port", c.port)
		t.Logf("--bind %q: exit %d, stderr: %s", c.bind, code, strings.TrimSpace(stderr))
		if serving != "" {
			t.Errorf("--bind %q served (%s); the test meant it to fail to listen", c.bind, serving)
		}
		if !strings.Contains(stderr, "warning: serving on") || !strings.Contains(stderr, "anyone who can reach this address") {
			t.Errorf("--bind %q: no warning on stderr: %q", c.bind, stderr)
		}
	}
}
