package render

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// ErrBusy is returned when another build is writing the same destination.
var ErrBusy = errors.New("another trellis build is writing this destination")

// Publish builds a site into a fresh folder beside dest and, only when build
// succeeds, swaps it in for dest. A failed or interrupted build leaves dest
// exactly as it was; a second build into the same destination at the same
// time is refused.
func Publish(dest string, build func(out Output) error) error {
	dest = filepath.Clean(dest)
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	lock, err := os.OpenFile(dest+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return fmt.Errorf("cannot lock %s: %w", dest, err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return fmt.Errorf("%w (%s.lock); wait for it to finish", ErrBusy, dest)
	}
	defer func() {
		os.Remove(dest + ".lock")
		syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)
	}()
	lock.Truncate(0)
	lock.WriteString(strconv.Itoa(os.Getpid()) + "\n")

	// Leftovers of a build that was killed are ours to clear: we hold the lock.
	old, _ := filepath.Glob(filepath.Join(parent, "."+filepath.Base(dest)+".tmp-*"))
	for _, o := range old {
		os.RemoveAll(o)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".tmp-")
	if err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := build(&Dir{Root: tmp}); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	// Swap: move the old site aside, move the new one in, then delete the old.
	prev := tmp + "-old"
	hadPrev := false
	if _, err := os.Lstat(dest); err == nil {
		if err := os.Rename(dest, prev); err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("cannot replace %s: %w", dest, err)
		}
		hadPrev = true
	}
	if err := os.Rename(tmp, dest); err != nil {
		if hadPrev {
			os.Rename(prev, dest)
		}
		os.RemoveAll(tmp)
		return fmt.Errorf("cannot move the new site into %s: %w", dest, err)
	}
	if hadPrev {
		os.RemoveAll(prev)
	}
	return nil
}
