package releasetest

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The deployments that split a build over machines (docs/deploy/*-shards.*)
// are run here as their engines would run them, with this trellis on the
// example site: each part's command with its index filled in, then the merge.
// What they publish is the whole build, byte for byte; and each file's
// count of parts agrees with itself.
func TestShardDeployments(t *testing.T) {
	if testing.Short() {
		t.Skip("builds trellis")
	}
	exe := filepath.Join(t.TempDir(), "trellis")
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", exe, "./cmd/trellis")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// The example site without its git history, which each engine's
	// checkout would give alike.
	site := t.TempDir()
	for _, dir := range []string{"content", "brand"} {
		if err := os.CopyFS(filepath.Join(site, dir), os.DirFS(filepath.Join(root, dir))); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(site, "site.yaml"), read(t, "site.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	trellis := func(t *testing.T, dir string, args ...string) {
		t.Helper()
		c := exec.Command(exe, args...)
		c.Dir = dir
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("trellis %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	whole := filepath.Join(t.TempDir(), "whole")
	trellis(t, site, "build", "--quiet", "--source", site, "--destination", whole)

	t.Run("kubernetes", func(t *testing.T) {
		var docs []map[string]any
		dec := yaml.NewDecoder(bytes.NewReader(read(t, "docs/deploy/kubernetes-shards.yaml")))
		for {
			var d map[string]any
			if err := dec.Decode(&d); err != nil {
				break
			}
			docs = append(docs, d)
		}
		var parts, merge map[string]any
		for _, d := range docs {
			if d["kind"] == "Job" && dig(d, "spec", "completionMode") == "Indexed" {
				parts = d
			} else if d["kind"] == "Job" {
				merge = d
			}
		}
		if parts == nil || merge == nil {
			t.Fatalf("want an Indexed Job and a Job that merges; have %d documents", len(docs))
		}
		n, _ := dig(parts, "spec", "completions").(int)
		if p, _ := dig(parts, "spec", "parallelism").(int); p != n || n < 2 {
			t.Errorf("completions %d, parallelism %d", n, p)
		}
		args := strs(dig(container(parts), "args"))
		if !slices.Contains(args, "--shard-index=$(JOB_COMPLETION_INDEX)/"+strconv.Itoa(n)) {
			t.Errorf("the parts' args %q do not take --shard-index from JOB_COMPLETION_INDEX out of %d", args, n)
		}
		vol := t.TempDir()
		local := strings.NewReplacer("/git/site", site, "/parts", vol)
		for i := range n {
			var a []string
			for _, s := range args {
				a = append(a, local.Replace(strings.ReplaceAll(s, "$(JOB_COMPLETION_INDEX)", strconv.Itoa(i))))
			}
			trellis(t, site, append(a, "--quiet")...)
		}
		var margs []string
		for _, s := range strs(dig(container(merge), "args")) {
			margs = append(margs, local.Replace(s))
		}
		trellis(t, site, margs...)
		sameFiles(t, whole, filepath.Join(vol, "public"))
	})

	t.Run("gitlab", func(t *testing.T) {
		var ci map[string]any
		if err := yaml.Unmarshal(read(t, "docs/deploy/gitlab-ci-shards.yml"), &ci); err != nil {
			t.Fatal(err)
		}
		n, _ := dig(ci, "build", "parallel").(int)
		if n < 2 {
			t.Fatalf("build has parallel: %v", dig(ci, "build", "parallel"))
		}
		if needs := strs(dig(ci, "pages", "needs")); len(needs) != 1 || needs[0] != "build" {
			t.Errorf("pages needs %v, want [build]", needs)
		}
		work := site // the job's checkout
		sh := func(script []string, env ...string) {
			for _, line := range script {
				c := exec.Command("bash", "-euc", line)
				c.Dir = work
				c.Env = append(os.Environ(), append(env, "PATH="+filepath.Dir(exe)+":"+os.Getenv("PATH"))...)
				if out, err := c.CombinedOutput(); err != nil {
					t.Fatalf("%s: %v\n%s", line, err, out)
				}
			}
		}
		// Each node's job runs in a fresh copy; the artifacts meet in one.
		for i := 1; i <= n; i++ {
			sh(strs(dig(ci, "build", "script")), "CI_NODE_INDEX="+strconv.Itoa(i), "CI_NODE_TOTAL="+strconv.Itoa(n))
		}
		sh(strs(dig(ci, "pages", "script")))
		sameFiles(t, whole, filepath.Join(work, "public"))
	})

	t.Run("github", func(t *testing.T) {
		var wf map[string]any
		if err := yaml.Unmarshal(read(t, "docs/deploy/github-actions-shards.yml"), &wf); err != nil {
			t.Fatal(err)
		}
		shards, _ := dig(wf, "jobs", "build", "strategy", "matrix", "shard").([]any)
		n := len(shards)
		var with map[string]any
		for _, s := range dig(wf, "jobs", "build", "steps").([]any) {
			if u, _ := s.(map[string]any)["uses"].(string); strings.HasPrefix(u, "trellis-ssg/trellis@") {
				with, _ = s.(map[string]any)["with"].(map[string]any)
			}
		}
		if with["shard"] != "${{ matrix.shard }}/"+strconv.Itoa(n) {
			t.Errorf("the action's shard input is %v for a matrix of %d", with["shard"], n)
		}
		for i, s := range shards {
			if s != i+1 {
				t.Errorf("matrix.shard %v: want 1 to %d", shards, n)
				break
			}
		}
		// The build jobs' artifacts, as download-artifact lays them out.
		work := t.TempDir()
		for k := 1; k <= n; k++ {
			dest := strings.ReplaceAll(with["destination"].(string), "${{ matrix.shard }}", strconv.Itoa(k))
			trellis(t, site, "build", "--quiet", "--source", site, "--shard", strconv.Itoa(k)+"/"+strconv.Itoa(n), "--destination", filepath.Join(work, "parts", dest))
		}
		var merge string
		for _, s := range dig(wf, "jobs", "merge", "steps").([]any) {
			if r, _ := s.(map[string]any)["run"].(string); strings.Contains(r, "trellis publish") {
				merge = r
			}
		}
		if merge == "" {
			t.Fatal("the merge job runs no trellis publish")
		}
		c := exec.Command("bash", "-euc", merge)
		c.Dir = work
		c.Env = append(os.Environ(), "PATH="+filepath.Dir(exe)+":"+os.Getenv("PATH"))
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", merge, err, out)
		}
		sameFiles(t, whole, filepath.Join(work, "public"))
		if needs := dig(wf, "jobs", "deploy", "needs"); needs != "merge" {
			t.Errorf("deploy needs %v, want merge", needs)
		}
	})
}

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// dig follows keys through nested YAML mappings.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// container is a Job's first container.
func container(job map[string]any) any {
	cs, _ := dig(job, "spec", "template", "spec", "containers").([]any)
	if len(cs) == 0 {
		return nil
	}
	return cs[0]
}

func strs(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, x := range list {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

// sameFiles fails the test unless got holds exactly want's files, byte for byte.
func sameFiles(t *testing.T, want, got string) {
	t.Helper()
	files := func(dir string) map[string][]byte {
		m := map[string][]byte{}
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			m[filepath.ToSlash(rel)] = b
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	w, g := files(want), files(got)
	if len(w) < 50 {
		t.Fatalf("the whole build has only %d files", len(w))
	}
	for n, b := range w {
		if gb, ok := g[n]; !ok {
			t.Errorf("%s is missing", n)
		} else if !bytes.Equal(b, gb) {
			t.Errorf("%s differs from the whole build's", n)
		}
	}
	for n := range g {
		if _, ok := w[n]; !ok {
			t.Errorf("%s is published but not in the whole build", n)
		}
	}
}
