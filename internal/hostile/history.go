package hostile

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/trellis-ssg/trellis/generator/content"
)

// historyCommits is how many commits of the corpus's git history carry a
// payload in their message.
const historyCommits = 40

// history makes the corpus a git repository whose commits' messages are
// payloads: a page's history shows the first line of each commit of its
// file. The mark comes first, so that it is in the first line whatever
// the payload holds (line breaks, a leading #). Without git the corpus has
// no history, and says so (Corpus.History).
func (w *writer) history() error {
	if _, err := exec.LookPath("git"); err != nil {
		return nil
	}
	day := 0
	git := func(args ...string) error {
		when := fmt.Sprintf("2025-06-%02dT10:00:00Z", 1+day%28)
		cmd := exec.Command("git", append([]string{"-C", w.dir, "-c", "user.name=Corpus", "-c", "user.email=corpus@example.org",
			"-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+when, "GIT_COMMITTER_DATE="+when)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("git %v: %v\n%s", args, err, out)
		}
		return nil
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "."}, {"commit", "-q", "-m", "Add the hostile corpus"}} {
		if err := git(args...); err != nil {
			return err
		}
	}
	w.stride["history"] = max(1, len(w.all)/historyCommits)
	edited := []content.Kind{content.KindInitiative, content.KindIntent, content.KindLearning, content.KindDecision}
	for i := range historyCommits {
		day++
		k := edited[i%len(edited)]
		file := fmt.Sprintf("content/%s/hostile-%s-%d/index.md", k.Folder(), k, i/len(edited)%w.rounds)
		f, err := os.OpenFile(filepath.Join(w.dir, filepath.FromSlash(file)), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(f, "\nEdit %d.\n", i)
		f.Close()
		if err != nil {
			return err
		}
		p := w.take("history", "commit message", file, false)
		if err := git("commit", "-q", "--cleanup=verbatim", "-a", "-m", p.Mark+" "+p.Text); err != nil {
			return err
		}
	}
	w.git = true
	return nil
}
