package content

import (
	"bufio"
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// gitDates returns, for each file under dir in the git checkout holding
// root, the date of the last commit that changed it, keyed by its path
// relative to root. Outside a checkout, or without git, it returns nil: the
// dates are a convenience, never a requirement.
func gitDates(root, dir string) map[string]time.Time {
	top, err := exec.Command("git", "-C", root, "rev-parse", "--show-toplevel").Output()
	if err != nil {
		return nil
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil
	}
	absRoot, _ = filepath.EvalSymlinks(absRoot)
	topDir, _ := filepath.EvalSymlinks(strings.TrimSpace(string(top)))
	prefix, err := filepath.Rel(topDir, absRoot)
	if err != nil || strings.HasPrefix(prefix, "..") {
		return nil
	}
	// One walk over the history, newest first: the first date seen for a
	// file is its last change. --no-renames keeps paths as they are now.
	cmd := exec.Command("git", "-C", root, "log", "--no-renames", "--format=%x00%cI", "--name-only", "--", dir)
	out, err := cmd.Output()
	if err != nil {
		return nil
	}
	dates := map[string]time.Time{}
	var current time.Time
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "\x00") {
			current, _ = time.Parse(time.RFC3339, line[1:])
			continue
		}
		if line == "" || current.IsZero() {
			continue
		}
		rel := filepath.ToSlash(line)
		if prefix != "." {
			r, err := filepath.Rel(prefix, line)
			if err != nil {
				continue
			}
			rel = filepath.ToSlash(r)
		}
		if _, seen := dates[rel]; !seen {
			dates[rel] = current.UTC()
		}
	}
	return dates
}
