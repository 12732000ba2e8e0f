package generator_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/corpus"
)

// Fault injection: a build that fails part-way — a template that fails at
// execution, a write that fails, a process killed mid-build, a second build
// into the same destination — leaves the previous destination byte-identical,
// and a later good build clears whatever the failed one left beside it.
//
// faultsInjected counts the faults these tests inject, for the issue note.
var faultsInjected atomic.Int64

func injected(t *testing.T, what string) {
	t.Helper()
	n := faultsInjected.Add(1)
	t.Logf("fault %d injected: %s", n, what)
}

// faultDeadline bounds every wait in these tests.
const faultDeadline = 20 * time.Second

// trellisBinary builds cmd/trellis into a temporary folder.
func trellisBinary(t *testing.T) string {
	t.Helper()
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	root := filepath.Dir(strings.TrimSpace(string(gomod)))
	if root == "." || root == "" {
		t.Fatal("not inside a Go module")
	}
	bin := filepath.Join(t.TempDir(), "trellis")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/trellis")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runResult is how a trellis process ended.
type runResult struct {
	code           int
	signal         string
	stdout, stderr string
}

func runCmd(t *testing.T, cmd *exec.Cmd) runResult {
	t.Helper()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := runResult{stdout: out.String(), stderr: errb.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			r.signal = ws.Signal().String()
		}
	default:
		t.Fatalf("%v: %v", cmd.Args, err)
	}
	return r
}

// lastLines is the last n lines of s: the build's verdict after its warnings.
func lastLines(s string, n int) string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(l[max(0, len(l)-n):], "\n")
}

// previousSite builds the small site into dir/public and returns the source,
// the destination and a snapshot of it.
func previousSite(t *testing.T, dir string) (src, dest string, before map[string][]byte) {
	t.Helper()
	src = filepath.Join(dir, "site")
	dest = filepath.Join(dir, "public")
	writeSite(t, src, smallSite())
	build(t, src, dest, "")
	before = snapshot(t, dest)
	if before["initiatives/b/index.html"] == nil {
		t.Fatalf("the good build is missing pages: %d files", len(before))
	}
	return src, dest, before
}

// goodBuildClearsLeftovers runs a normal build and checks that it leaves no
// temporary folder or lock file beside the destination.
func goodBuildClearsLeftovers(t *testing.T, src, dest string) {
	t.Helper()
	build(t, src, dest, "")
	if l := leftovers(t, dest); len(l) > 0 {
		t.Errorf("temporary folders left after a good build: %v", l)
	}
	if _, err := os.Stat(dest + ".lock"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file left after a good build (stat: %v)", err)
	}
	if _, err := os.Stat(filepath.Join(dest, "index.html")); err != nil {
		t.Errorf("the good build published no home page: %v", err)
	}
}

// A theme template that fails while executing fails the build, and the
// destination keeps the previous site.
func TestFaultTemplateError(t *testing.T) {
	dir := t.TempDir()
	src, dest, before := previousSite(t, dir)
	writeSite(t, src, map[string]string{
		"content/initiatives/b.md":               "---\ntitle: Initiative B\nsummary: What B does.\nstatus: piloting\nintents: [a]\ntags: [cycling]\n---\n\nB serves [[a|intent A]].\n",
		"themes/default/layouts/initiative.html": `{{define "main"}}{{index .Page.Tags 99}}{{end}}`,
	})
	injected(t, "template fails at execution (index out of range)")
	res, err := generator.Build(generator.Options{Source: src, Destination: dest, Now: now})
	if err == nil {
		t.Fatal("Build with a failing template succeeded")
	}
	if errors.Is(err, generator.ErrContent) || res.Diags.HasErrors() {
		t.Errorf("a template error was reported as a content error: %v %v", err, res.Diags)
	}
	if !strings.Contains(err.Error(), "initiative") || !strings.Contains(err.Error(), "index") {
		t.Errorf("the error does not name the template and what failed: %v", err)
	}
	t.Logf("error: %v", err)
	sameTree(t, before, snapshot(t, dest))
	if l := leftovers(t, dest); len(l) > 0 {
		t.Errorf("temporary folders left beside the destination: %v", l)
	}
	// Fixing the theme lets the next build through.
	if err := os.Remove(filepath.Join(src, "themes/default/layouts/initiative.html")); err != nil {
		t.Fatal(err)
	}
	goodBuildClearsLeftovers(t, src, dest)
}

// A write that fails (the file size limit: as root, permissions do not stop
// writes) fails the build, and the destination keeps the previous site.
func TestFaultWriteErrorFileSizeLimit(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash for ulimit")
	}
	bin := trellisBinary(t)
	dir := t.TempDir()
	src, dest, before := previousSite(t, dir)
	// One page of about 200 KB: its HTML is far past 64 × 512 bytes.
	big := strings.Repeat("A long paragraph about bicycles and clean air. ", 4000)
	writeSite(t, src, map[string]string{
		"content/initiatives/big.md": "---\ntitle: Big\nsummary: A big page.\nstatus: piloting\nintents: [a]\n---\n\n" + big + "\n",
	})
	injected(t, "write past the file size limit (ulimit -f 64)")
	cmd := exec.Command("bash", "-c", `ulimit -f 64; exec "$0" build --source "$1" --destination "$2"`, bin, src, dest)
	r := runCmd(t, cmd)
	t.Logf("exit code %d, signal %q, stderr: %s", r.code, r.signal, lastLines(r.stderr, 2))
	if r.code == 0 {
		t.Fatalf("the build past the file size limit exited 0\nstdout: %s", r.stdout)
	}
	if r.signal == "" && !strings.Contains(r.stderr, "Nothing was published") {
		t.Errorf("the failed write was not reported clearly: %s", r.stderr)
	}
	sameTree(t, before, snapshot(t, dest))
	// The next good build (no limit) publishes and clears what the failed
	// one may have left.
	goodBuildClearsLeftovers(t, src, dest)
	if snapshot(t, dest)["initiatives/big/index.html"] == nil {
		t.Error("the good build did not publish the big page")
	}
}

// A destination whose parent is a regular file is a clear error, and nothing
// is written anywhere.
func TestFaultWriteDestinationParentIsFile(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "site")
	writeSite(t, src, smallSite())
	out := filepath.Join(dir, "out")
	writeSite(t, out, map[string]string{"file": "not a folder"})
	dest := filepath.Join(out, "file", "public")
	before := snapshot(t, out)
	srcBefore := snapshot(t, src)

	injected(t, "destination's parent is a regular file")
	_, err := generator.Build(generator.Options{Source: src, Destination: dest, Now: now})
	if err == nil {
		t.Fatal("Build into a path under a regular file succeeded")
	}
	if !errors.Is(err, syscall.ENOTDIR) || !strings.Contains(err.Error(), filepath.Join(out, "file")) {
		t.Errorf("error is not a clear 'not a directory' naming the path: %v", err)
	}
	t.Logf("error: %v", err)
	sameTree(t, before, snapshot(t, out))
	sameTree(t, srcBefore, snapshot(t, src))
}

// bigSite is the 2,000-page generated corpus, written once per test binary.
func bigSite(t *testing.T) string {
	t.Helper()
	src, err := corpus.Cached(2000, 1)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// waitFor polls until ok returns true, failing the test at the deadline or
// when the process ends first.
func waitFor(t *testing.T, what string, exited <-chan struct{}, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(faultDeadline)
	for !ok() {
		select {
		case <-exited:
			t.Fatalf("the build ended before %s", what)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s within %v", what, faultDeadline)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// A build killed (SIGKILL) while it writes its temporary folder leaves the
// destination as it was; the next build clears the leftovers.
func TestFaultKilledMidBuild(t *testing.T) {
	bin := trellisBinary(t)
	src := bigSite(t)
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	writeSite(t, dest, map[string]string{
		"index.html":           "<!doctype html><title>previous</title>",
		"intents/a/index.html": "previous a",
		"assets/site.css":      "body{}",
	})
	before := snapshot(t, dest)

	cmd := exec.Command(bin, "build", "--quiet", "--source", src, "--destination", dest)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	waitErr := make(chan error, 1)
	go func() { waitErr <- cmd.Wait(); close(exited) }()

	// Wait until the temporary folder has files in it: the build is
	// writing.
	var tmp string
	waitFor(t, "temporary folder with files", exited, func() bool {
		l, _ := filepath.Glob(filepath.Join(dir, ".public.tmp-*"))
		for _, d := range l {
			if e, err := os.ReadDir(d); err == nil && len(e) > 0 {
				tmp = d
				return true
			}
		}
		return false
	})
	injected(t, "SIGKILL while writing "+filepath.Base(tmp))
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := <-waitErr
	var ee *exec.ExitError
	if !errors.As(err, &ee) || !ee.Sys().(syscall.WaitStatus).Signaled() {
		t.Fatalf("the build was not killed: %v", err)
	}
	sameTree(t, before, snapshot(t, dest))
	if l := leftovers(t, dest); len(l) == 0 {
		t.Log("the killed build left no temporary folder")
	} else {
		t.Logf("the killed build left %v", l)
	}

	// The next build into the destination (of a small site, to keep the
	// test short: the leftovers are the destination's, whatever the source)
	// clears what the killed one left.
	small := filepath.Join(dir, "small")
	writeSite(t, small, smallSite())
	goodBuildClearsLeftovers(t, small, dest)
	if after := snapshot(t, dest); after["initiatives/b/index.html"] == nil {
		t.Errorf("the good build did not replace the destination: %d files", len(after))
	}
}

// Two trellis processes building into the same destination: the second is
// refused with a clear message and exit code 1, and the first completes.
func TestFaultConcurrentBinaryBuilds(t *testing.T) {
	bin := trellisBinary(t)
	src := bigSite(t)
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	writeSite(t, dest, map[string]string{"index.html": "previous"})

	first := exec.Command(bin, "build", "--quiet", "--source", src, "--destination", dest)
	var firstErr bytes.Buffer
	first.Stderr = &firstErr
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	waitErr := make(chan error, 1)
	go func() { waitErr <- first.Wait(); close(exited) }()
	// The lock file is created just before it is locked: wait for the
	// temporary folder too, which is made with the lock held.
	waitFor(t, "lock and temporary folder", exited, func() bool {
		if _, err := os.Stat(dest + ".lock"); err != nil {
			return false
		}
		l, _ := filepath.Glob(filepath.Join(dir, ".public.tmp-*"))
		return len(l) > 0
	})
	// The second build is of a small site: the lock is the destination's,
	// whatever the source, and a small site reaches it at once.
	small := filepath.Join(dir, "small")
	writeSite(t, small, smallSite())
	injected(t, "second build into a destination being built")
	second := runCmd(t, exec.Command(bin, "build", "--quiet", "--source", small, "--destination", dest))
	t.Logf("second build: exit %d, stderr: %s", second.code, lastLines(second.stderr, 2))
	if second.code != 1 {
		t.Errorf("second build exit code = %d, want 1", second.code)
	}
	if !strings.Contains(second.stderr, "another trellis build") {
		t.Errorf("second build's message does not mention another build: %q", second.stderr)
	}
	select {
	case <-exited:
		t.Log("the first build ended before the second was refused")
	default:
	}
	if err := <-waitErr; err != nil {
		t.Fatalf("the first build: %v\n%s", err, lastLines(firstErr.String(), 5))
	}
	after := snapshot(t, dest)
	if string(after["index.html"]) == "previous" || len(after) < 2000 {
		t.Errorf("the first build did not publish: %d files", len(after))
	}
	if l := leftovers(t, dest); len(l) > 0 {
		t.Errorf("temporary folders left: %v", l)
	}
	if _, err := os.Stat(dest + ".lock"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file left (stat: %v)", err)
	}
}

// TestFaultCount runs last in this file and logs the count for the issue
// note (go test runs tests in source order).
func TestFaultCount(t *testing.T) {
	t.Logf("faults injected so far in this run: %d", faultsInjected.Load())
}
