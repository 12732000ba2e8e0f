package releasetest

import (
	"bufio"
	"bytes"
	"debug/elf"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
	"gopkg.in/yaml.v3"
)

// goreleaser is the part of .goreleaser.yaml these tests read.
type goreleaser struct {
	Version int
	Builds  []struct {
		ID      string
		Main    string
		Binary  string
		Env     []string
		Flags   []string
		Ldflags []string
		Goos    []string
		Goarch  []string
	}
	Archives []struct {
		Formats         []string
		FormatOverrides []struct {
			Goos    string
			Formats []string
		} `yaml:"format_overrides"`
	}
	Checksum struct {
		NameTemplate string `yaml:"name_template"`
	}
	DockersV2 []struct {
		Dockerfile string
		Images     []string
		Platforms  []string
	} `yaml:"dockers_v2"`
}

func readGoreleaser(t *testing.T) goreleaser {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(root, ".goreleaser.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var g goreleaser
	if err := yaml.Unmarshal(src, &g); err != nil {
		t.Fatalf(".goreleaser.yaml: %v", err)
	}
	if len(g.Builds) != 1 {
		t.Fatalf(".goreleaser.yaml has %d builds, want 1", len(g.Builds))
	}
	return g
}

// The release configuration says what the issue asks of a release, in the
// terms GoReleaser reads (goreleaser check validates the rest, below).
func TestGoreleaserConfig(t *testing.T) {
	g := readGoreleaser(t)
	if g.Version != 2 {
		t.Errorf("version: %d, want 2 (GoReleaser v2)", g.Version)
	}
	b := g.Builds[0]
	if fi, err := os.Stat(filepath.Join(root, b.Main, "main.go")); err != nil || fi.IsDir() {
		t.Errorf("builds.main %q is not the trellis command", b.Main)
	}
	if b.Binary != "trellis" {
		t.Errorf("builds.binary %q, want trellis", b.Binary)
	}
	for _, os := range []string{"linux", "darwin", "windows"} {
		if !slices.Contains(b.Goos, os) {
			t.Errorf("builds.goos lacks %s", os)
		}
	}
	for _, arch := range []string{"amd64", "arm64"} {
		if !slices.Contains(b.Goarch, arch) {
			t.Errorf("builds.goarch lacks %s", arch)
		}
	}
	if !slices.Contains(b.Env, "CGO_ENABLED=0") {
		t.Error("builds.env lacks CGO_ENABLED=0: the binaries and the image need a static build")
	}
	ld := strings.Join(b.Ldflags, " ")
	for _, v := range []string{"-X main.version=", "-X main.commit="} {
		if !strings.Contains(ld, v) {
			t.Errorf("builds.ldflags lacks %s: trellis version would print devel", v)
		}
	}
	zip := false
	for _, a := range g.Archives {
		for _, o := range a.FormatOverrides {
			zip = zip || (o.Goos == "windows" && slices.Contains(o.Formats, "zip"))
		}
	}
	if !zip {
		t.Error("archives: Windows gets no zip")
	}
	if g.Checksum.NameTemplate == "" {
		t.Error("no checksum file")
	}
	if len(g.DockersV2) != 1 {
		t.Fatalf("want one container image, have %d", len(g.DockersV2))
	}
	d := g.DockersV2[0]
	for _, p := range []string{"linux/amd64", "linux/arm64"} {
		if !slices.Contains(d.Platforms, p) {
			t.Errorf("dockers_v2.platforms lacks %s", p)
		}
	}
	df, err := os.ReadFile(filepath.Join(root, d.Dockerfile))
	if err != nil {
		t.Fatalf("dockers_v2.dockerfile: %v", err)
	}
	// GoReleaser puts each platform's binary at <platform>/<binary> in the
	// build context.
	if !strings.Contains(string(df), "COPY $TARGETPLATFORM/"+b.Binary+" ") {
		t.Errorf("%s does not copy $TARGETPLATFORM/%s, where GoReleaser puts the binary", d.Dockerfile, b.Binary)
	}
}

// goreleaser check, when goreleaser is at hand: .ci/run builds it from the
// pinned module in internal/tools and names it in $GORELEASER.
func TestGoreleaserCheck(t *testing.T) {
	bin := os.Getenv("GORELEASER")
	if bin == "" {
		bin, _ = exec.LookPath("goreleaser")
	}
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no goreleaser: .ci/run builds it (internal/tools) and sets GORELEASER")
		}
		t.Skip("no goreleaser: go -C internal/tools build -o /tmp/goreleaser github.com/goreleaser/goreleaser/v2 and set GORELEASER=/tmp/goreleaser")
	}
	bin, _ = filepath.Abs(bin)
	cfg, _ := filepath.Abs(filepath.Join(root, ".goreleaser.yaml"))
	check := func(file string) (string, error) {
		cmd := exec.Command(bin, "check", file)
		cmd.Dir = t.TempDir()
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := check(cfg); err != nil {
		t.Errorf("goreleaser check .goreleaser.yaml: %v\n%s", err, out)
	}
	// And it can fail: a mistyped key is refused.
	src, _ := os.ReadFile(cfg)
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, bytes.Replace(src, []byte("goarch:"), []byte("goarches:"), 1), 0o644)
	if out, err := check(bad); err == nil {
		t.Errorf("goreleaser check passed a configuration with an unknown key:\n%s", out)
	}
}

// instructions lists a Dockerfile's final stage: each instruction's keyword
// and arguments, comments and the lines before the last FROM left out.
func instructions(t *testing.T, name string) [][2]string {
	t.Helper()
	f, err := os.Open(filepath.Join(root, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][2]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		kw, args, _ := strings.Cut(line, " ")
		kw = strings.ToUpper(kw)
		if kw == "FROM" {
			out = nil
		}
		out = append(out, [2]string{kw, strings.TrimSpace(args)})
	}
	return out
}

func find(ins [][2]string, kw string) string {
	for _, i := range ins {
		if i[0] == kw {
			return i[1]
		}
	}
	return ""
}

// The container image: a static binary on a distroless base that runs
// trellis build in /site, the same from source (Dockerfile) as in a release
// (release.Dockerfile). Docker itself cannot run here; the build of the
// binary is tested by TestReleaseBuild.
func TestDockerfiles(t *testing.T) {
	src, rel := instructions(t, "Dockerfile"), instructions(t, "release.Dockerfile")
	base := find(src, "FROM")
	if !strings.HasPrefix(base, "gcr.io/distroless/static") && base != "scratch" {
		t.Errorf("Dockerfile's image is based on %q, want distroless static or scratch", base)
	}
	for _, kw := range []string{"FROM", "WORKDIR", "ENTRYPOINT", "CMD"} {
		if a, b := find(src, kw), find(rel, kw); a != b {
			t.Errorf("%s differs: Dockerfile %q, release.Dockerfile %q", kw, a, b)
		}
	}
	if find(src, "WORKDIR") != "/site" || find(src, "CMD") != `["build"]` {
		t.Errorf("the image should run build in /site: WORKDIR %q, CMD %q", find(src, "WORKDIR"), find(src, "CMD"))
	}
	entry := find(src, "ENTRYPOINT")
	copied := strings.Fields(find(src, "COPY"))
	if len(copied) == 0 || !strings.Contains(entry, copied[len(copied)-1]) {
		t.Errorf("ENTRYPOINT %s is not the binary copied in (%v)", entry, copied)
	}
	whole, _ := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if !regexp.MustCompile(`CGO_ENABLED=0 go build .*\./cmd/trellis`).Match(whole) {
		t.Error("Dockerfile does not build ./cmd/trellis with CGO_ENABLED=0: a distroless static image has no C library")
	}
	ignore, _ := os.ReadFile(filepath.Join(root, ".dockerignore"))
	for _, p := range []string{".git", "public", "internal/browsertest/node_modules"} {
		if !slices.Contains(strings.Fields(string(ignore)), p) {
			t.Errorf(".dockerignore leaves %s in the build context", p)
		}
	}
}

// moduleZip makes the module zip that the Go module proxy would serve for a
// tag of this repository (the files git has, less nested modules), checks it
// as the go command does, and unzips it into a new folder it returns.
func moduleZip(t *testing.T, tag string) string {
	t.Helper()
	out, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Skipf("git ls-files: %v", err)
	}
	var files []modzip.File
	for _, p := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		full := filepath.Join(root, filepath.FromSlash(p))
		if fi, err := os.Lstat(full); err == nil && fi.Mode().IsRegular() {
			files = append(files, zipFile{p, full, fi})
		}
	}
	checked, err := modzip.CheckFiles(files)
	if err != nil {
		t.Fatalf("the module zip would be refused: %v", err)
	}
	for _, want := range []string{"cmd/trellis/main.go", "generator/starter/site/site.yaml", "generator/starter/site/.github/workflows/pages.yml", "themes/default/layouts/base.html"} {
		if !slices.Contains(checked.Valid, want) {
			t.Errorf("the module zip lacks %s", want)
		}
	}
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := module.Version{Path: modfile.ModulePath(mod), Version: tag}
	zf := filepath.Join(t.TempDir(), tag+".zip")
	f, err := os.Create(zf)
	if err != nil {
		t.Fatal(err)
	}
	if err := modzip.Create(f, m, files); err != nil {
		t.Fatal(err)
	}
	f.Close()
	dir := filepath.Join(t.TempDir(), "module")
	if err := modzip.Unzip(dir, m, zf); err != nil {
		t.Fatal(err)
	}
	return dir
}

type zipFile struct {
	slash, full string
	fi          os.FileInfo
}

func (f zipFile) Path() string                 { return f.slash }
func (f zipFile) Lstat() (os.FileInfo, error)  { return f.fi, nil }
func (f zipFile) Open() (io.ReadCloser, error) { return os.Open(f.full) }

// A release build, as GoReleaser makes it (its env, flags and ldflags with a
// tag and commit filled in), from the files of the module zip a tag would
// publish (what go install …@tag builds): it links without cgo into a static
// binary, prints the tag and commit as its version, and pins that version in
// the workflows of a site it starts, which then builds.
func TestReleaseBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds trellis")
	}
	g := readGoreleaser(t)
	b := g.Builds[0]
	const tag, commit = "v0.9.8", "0123456789abcdef0123456789abcdef01234567"
	src := moduleZip(t, tag)
	ldflags := strings.NewReplacer("{{ .Tag }}", tag, "{{ .FullCommit }}", commit).Replace(strings.Join(b.Ldflags, " "))
	if strings.Contains(ldflags, "{{") {
		t.Fatalf("ldflags use a template this test does not fill: %s", ldflags)
	}
	exe := filepath.Join(t.TempDir(), "trellis")
	if runtime.GOOS == "windows" {
		exe += ".exe"
	}
	args := append([]string{"build"}, b.Flags...)
	args = append(args, "-ldflags", ldflags, "-o", exe, b.Main)
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), args...)
	cmd.Dir = src
	cmd.Env = append(os.Environ(), b.Env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}

	if f, err := elf.Open(exe); err == nil {
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP {
				t.Error("the release binary needs a dynamic loader: it would not run on a distroless static image")
			}
		}
		if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
			t.Errorf("the release binary links %v", libs)
		}
		f.Close()
	}

	out, err := exec.Command(exe, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := "trellis " + tag + " (commit " + commit[:12] + ")\n"; string(out) != want {
		t.Errorf("trellis version printed %q, want %q", out, want)
	}

	site := filepath.Join(t.TempDir(), "site")
	if out, err := exec.Command(exe, "init", site).CombinedOutput(); err != nil {
		t.Fatalf("trellis init: %v\n%s", err, out)
	}
	for file, want := range map[string]string{
		".github/workflows/pages.yml": "uses: " + "trellis-ssg/trellis@" + tag + "\n",
		".gitlab-ci.yml":              "TRELLIS_VERSION: " + tag + "\n",
	} {
		b, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(file)))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), want) {
			t.Errorf("%s of a site started by %s does not pin it (%q):\n%s", file, tag, want, b)
		}
	}
	if out, err := exec.Command(exe, "build", "--quiet", "--source", site).CombinedOutput(); err != nil {
		t.Errorf("trellis build: %v\n%s", err, out)
	}
}
