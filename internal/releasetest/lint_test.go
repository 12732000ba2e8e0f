package releasetest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"

	"github.com/trellis-ssg/trellis/generator/starter"
)

// root is the repository's root, where the files under test are.
const root = "../.."

// lint runs actionlint on one workflow, as its command line does, with
// shellcheck on the run: scripts when it is installed (.ci/run installs it).
func lint(t *testing.T, name string, src []byte) []*actionlint.Error {
	t.Helper()
	opts := &actionlint.LinterOptions{WorkingDir: root}
	if sc, err := exec.LookPath("shellcheck"); err == nil {
		opts.Shellcheck = sc
	} else if os.Getenv("CI") != "" {
		t.Error("shellcheck is not installed: .ci/run installs it, so that actionlint checks the run: scripts")
	}
	var out bytes.Buffer
	l, err := actionlint.NewLinter(&out, opts)
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.Lint(name, src, nil)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return errs
}

// requireClean fails the test for every problem actionlint finds.
func requireClean(t *testing.T, name string, src []byte) {
	t.Helper()
	for _, e := range lint(t, name, src) {
		t.Errorf("%s:%d:%d: %s [%s]\n    %s", name, e.Line, e.Column, e.Message, e.Kind, lineOf(src, e.Line))
	}
}

func lineOf(src []byte, n int) string {
	lines := strings.Split(string(src), "\n")
	if n < 1 || n > len(lines) {
		return ""
	}
	return strings.TrimSpace(lines[n-1])
}

// Every workflow this repository runs or hands out passes actionlint: its
// own, the ones in docs/deploy, and the ones trellis init writes.
func TestWorkflowsLint(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(root, ".github", "workflows", "*.yml"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, filepath.Join(root, "docs", "deploy", "github-actions.yml"), filepath.Join(root, "docs", "deploy", "github-actions-shards.yml"))
	if len(files) < 3 {
		t.Fatalf("found only %v", files)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, f)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) { requireClean(t, f, src) })
	}
	for name, pin := range map[string]starter.Pin{
		"release":     {Module: "v1.2.0", Action: "v1.2.0"},
		"commit":      {Module: "v0.0.0-20261124120000-0123456789ab", Action: strings.Repeat("0123456789", 4)},
		"development": {},
	} {
		files, err := starter.Files(starter.Options{Trellis: pin, Now: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		for p, src := range files {
			if strings.HasPrefix(p, ".github/workflows/") {
				t.Run("init "+name+" "+p, func(t *testing.T) { requireClean(t, p, src) })
			}
		}
	}
}

// The lint above can fail: actionlint reports a workflow that would not run.
func TestLintCatchesBrokenWorkflow(t *testing.T) {
	broken := []byte(`name: broken
on: push
jobs:
  build:
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.refname }}"
      - run: if [ -n "$HOME" ]; then echo home
`)
	errs := lint(t, "broken.yml", broken)
	kinds := map[string]bool{}
	for _, e := range errs {
		kinds[e.Kind] = true
	}
	if !kinds["syntax-check"] || !kinds["expression"] {
		t.Errorf("actionlint missed a job without runs-on or an unknown property: %v", errs)
	}
	if _, err := exec.LookPath("shellcheck"); err == nil && !kinds["shellcheck"] {
		t.Errorf("actionlint with shellcheck missed an if without fi: %v", errs)
	}
}

// action.yml is a composite action. actionlint lints workflows, so its steps
// are linted as the job of a reusable workflow whose inputs are the action's:
// a mistyped input, step id, context or shell script is caught the same way.
func TestActionLint(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(root, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	wf := actionAsWorkflow(t, src)
	requireClean(t, "action.yml (as a workflow)", wf)

	// actionlint reads the metadata of a local action used as ./, as the
	// repository's own try-action workflow does: it must parse.
	proj, err := actionlint.NewProject(root)
	if err != nil {
		t.Fatal(err)
	}
	meta, _, err := actionlint.NewLocalActionsCache(proj, nil).FindMetadata("./")
	if err != nil || meta == nil {
		t.Fatalf("action.yml: %v", err)
	}
	for _, want := range []string{"version", "base-url", "source", "destination"} {
		if _, ok := meta.Inputs[want]; !ok {
			t.Errorf("action.yml has no input %q", want)
		}
	}
	if _, ok := meta.Outputs["path"]; !ok {
		t.Error("action.yml has no output path for upload-pages-artifact")
	}

	// What GitHub requires of a composite action, which a workflow does not.
	var a struct {
		Name        string
		Description string
		Outputs     map[string]struct{ Value string }
		Runs        struct {
			Using string
			Steps []map[string]any
		}
	}
	if err := yaml.Unmarshal(src, &a); err != nil {
		t.Fatal(err)
	}
	if a.Name == "" || a.Description == "" {
		t.Error("action.yml needs a name and a description")
	}
	if a.Runs.Using != "composite" {
		t.Errorf("runs.using is %q, want composite", a.Runs.Using)
	}
	for i, s := range a.Runs.Steps {
		if _, ok := s["run"]; ok && s["shell"] == nil {
			t.Errorf("step %d: a run step of a composite action needs shell:", i+1)
		}
	}
	for name, o := range a.Outputs {
		if o.Value == "" {
			t.Errorf("output %s: a composite action's output needs value:", name)
		}
	}
}

// The action's lint can fail: an input the action does not declare is caught.
func TestActionLintCatchesUnknownInput(t *testing.T) {
	src := []byte(`name: x
description: x
inputs:
  source:
    default: "."
outputs:
  path:
    value: ${{ steps.built.outputs.path }}
runs:
  using: composite
  steps:
    - id: build
      shell: bash
      env:
        SOURCE: ${{ inputs.sorce }}
      run: echo "$SOURCE"
`)
	errs := lint(t, "action.yml", actionAsWorkflow(t, src))
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Message)
	}
	all := strings.Join(msgs, "\n")
	if !strings.Contains(all, `"sorce"`) || !strings.Contains(all, `"built"`) {
		t.Errorf("the action's lint missed an unknown input and an unknown step id:\n%s", all)
	}
}

// actionAsWorkflow turns a composite action into a reusable workflow with
// the same inputs and one job of the same steps, and a last step that reads
// each output's value, for actionlint.
func actionAsWorkflow(t *testing.T, src []byte) []byte {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	top := doc.Content[0]
	inputs := mapping()
	if in := get(top, "inputs"); in != nil {
		for i := 0; i+1 < len(in.Content); i += 2 {
			spec := mapping("type", "string", "required", "false")
			if d := get(in.Content[i+1], "default"); d != nil {
				spec.Content = append(spec.Content, scalar("default"), d)
			}
			inputs.Content = append(inputs.Content, in.Content[i], spec)
		}
	}
	steps := get(get(top, "runs"), "steps")
	if steps == nil {
		t.Fatal("action.yml has no runs.steps")
	}
	env := mapping()
	if out := get(top, "outputs"); out != nil {
		for i := 0; i+1 < len(out.Content); i += 2 {
			if v := get(out.Content[i+1], "value"); v != nil {
				env.Content = append(env.Content, scalar("OUTPUT_"+strings.ToUpper(strings.ReplaceAll(out.Content[i].Value, "-", "_"))), v)
			}
		}
	}
	all := &yaml.Node{Kind: yaml.SequenceNode, Content: append(append([]*yaml.Node(nil), steps.Content...),
		mapping("shell", "bash", "run", "true"))}
	all.Content[len(all.Content)-1].Content = append(all.Content[len(all.Content)-1].Content, scalar("env"), env)
	wf := mapping("name", "action")
	wf.Content = append(wf.Content,
		scalar("on"), mapping2("workflow_call", mapping2("inputs", inputs)),
		scalar("jobs"), mapping2("action", mapping2("runs-on", scalar("ubuntu-latest"), "steps", all)))
	b, err := yaml.Marshal(wf)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func scalar(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }

// mapping makes a mapping of scalar keys and scalar values.
func mapping(kv ...string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i+1 < len(kv); i += 2 {
		n.Content = append(n.Content, scalar(kv[i]), scalar(kv[i+1]))
	}
	return n
}

// mapping2 makes a mapping of scalar keys and node values.
func mapping2(kv ...any) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i+1 < len(kv); i += 2 {
		n.Content = append(n.Content, scalar(kv[i].(string)), kv[i+1].(*yaml.Node))
	}
	return n
}

func get(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
