package releasetest

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/trellis-ssg/trellis/generator/starter"
)

var update = flag.Bool("update", false, "rewrite docs/deploy's workflows from what trellis init writes")

// The version the documented workflows show: the reader puts theirs in.
const docVersion = "vX.Y.Z"

// docs/deploy's workflows are what trellis init writes, with vX.Y.Z for the
// version, under a line saying so: the documented and the generated
// workflows cannot drift apart.
func TestDeployDocsMatchInit(t *testing.T) {
	files, err := starter.Files(starter.Options{Trellis: starter.Pin{Module: docVersion, Action: docVersion}, Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	for doc, gen := range map[string]string{
		"github-actions.yml": ".github/workflows/pages.yml",
		"gitlab-ci.yml":      ".gitlab-ci.yml",
	} {
		want := "# " + gen + " as trellis init writes it: put the trellis release you build with\n" +
			"# in place of " + docVersion + ". Step by step: docs/deploy/README.md.\n" + string(files[gen])
		path := filepath.Join(root, "docs", "deploy", doc)
		if *update {
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("docs/deploy/%s differs from the %s that trellis init writes; run go test ./internal/releasetest -run Deploy -update", doc, gen)
		}
	}
}

// The GitLab workflow has the shape GitLab Pages needs; there is no GitLab
// linter here, so the test reads what a run depends on.
func TestGitLabWorkflow(t *testing.T) {
	files, err := starter.Files(starter.Options{Trellis: starter.Pin{Module: "v1.2.0", Action: "v1.2.0"}})
	if err != nil {
		t.Fatal(err)
	}
	type job struct {
		Stage     string
		Script    []string
		Rules     []map[string]string
		Artifacts struct{ Paths []string }
	}
	var ci struct {
		Variables map[string]string
		Default   struct {
			Image        string
			BeforeScript []string `yaml:"before_script"`
		}
		Check job
		Pages job
	}
	if err := yaml.Unmarshal(files[".gitlab-ci.yml"], &ci); err != nil {
		t.Fatalf(".gitlab-ci.yml: %v", err)
	}
	if ci.Variables["TRELLIS_VERSION"] != "v1.2.0" {
		t.Errorf("TRELLIS_VERSION = %q, want the pinned v1.2.0", ci.Variables["TRELLIS_VERSION"])
	}
	if ci.Default.Image == "" || len(ci.Default.BeforeScript) == 0 {
		t.Error("no image or no install step")
	}
	if want := "go install github.com/trellis-ssg/trellis/cmd/trellis@${TRELLIS_VERSION}"; ci.Default.BeforeScript[0] != want {
		t.Errorf("install step %q, want %q", ci.Default.BeforeScript[0], want)
	}
	// GitLab Pages publishes the public/ artifact of a job named pages.
	if ci.Pages.Stage != "deploy" || len(ci.Pages.Artifacts.Paths) != 1 || ci.Pages.Artifacts.Paths[0] != "public" {
		t.Errorf("pages job: %+v", ci.Pages)
	}
	if len(ci.Pages.Script) == 0 || ci.Pages.Script[len(ci.Pages.Script)-1] != "trellis build" {
		t.Errorf("pages job does not end with trellis build: %v", ci.Pages.Script)
	}
	if len(ci.Check.Script) == 0 || ci.Check.Script[0] != "trellis check" {
		t.Errorf("check job: %v", ci.Check.Script)
	}
}
