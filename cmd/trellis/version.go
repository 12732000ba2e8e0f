package main

import (
	"runtime/debug"
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"github.com/trellis-ssg/trellis/generator/starter"
)

// commit is set at link time with version (-X main.commit=<hash>), by the
// release build; otherwise it comes from the build information.
var commit = ""

// buildVersion is what this binary knows of its own version.
type buildVersion struct {
	// Version is a release tag (v1.2.3), a pseudo-version
	// (v0.0.0-20260101120000-0123456789ab, from go install at a commit or a
	// build in a git checkout), or "devel".
	Version string
	// Commit is the commit it was built from, when known.
	Commit string
	// Modified is true for a build from a checkout with uncommitted changes.
	Modified bool
}

// readBuildVersion reads the link-time variables of a release build, and
// otherwise the module version and VCS stamp Go records in every binary:
// go install …@v1.2.3 gives v1.2.3, go build in a checkout its commit.
func readBuildVersion() buildVersion {
	v := buildVersion{Version: "devel"}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				v.Commit = s.Value
			case "vcs.modified":
				v.Modified = s.Value == "true"
			}
		}
	}
	if version != "" {
		v.Version = version
	}
	if commit != "" {
		v.Commit = commit
	}
	if semver.Build(v.Version) == "+dirty" {
		v.Modified = true
	}
	if v.Commit == "" && module.IsPseudoVersion(v.Version) {
		v.Commit, _ = module.PseudoVersionRev(v.Version)
	}
	return v
}

// String is what trellis version prints after "trellis ".
func (v buildVersion) String() string {
	var extra []string
	if v.Commit != "" {
		c := v.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		extra = append(extra, "commit "+c)
	}
	if v.Modified {
		extra = append(extra, "modified")
	}
	if len(extra) == 0 {
		return v.Version
	}
	return v.Version + " (" + strings.Join(extra, ", ") + ")"
}

// versionString is the version for messages: trellis version prints it.
func versionString() string {
	return readBuildVersion().String()
}

// pin is the trellis a new site's CI should install: this very version when
// it can be installed again (a release, or a commit that go install and
// uses: can name), and the newest otherwise.
func (v buildVersion) pin() starter.Pin {
	if v.Modified {
		return starter.Pin{}
	}
	switch {
	case semver.IsValid(v.Version) && semver.Build(v.Version) == "" && !module.IsPseudoVersion(v.Version):
		return starter.Pin{Module: v.Version, Action: v.Version}
	case isFullCommit(v.Commit):
		mod := v.Commit
		if module.IsPseudoVersion(v.Version) && semver.Build(v.Version) == "" {
			mod = v.Version
		}
		return starter.Pin{Module: mod, Action: v.Commit}
	}
	return starter.Pin{}
}

func isFullCommit(s string) bool {
	if len(s) != 40 {
		return false
	}
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return false
		}
	}
	return true
}
