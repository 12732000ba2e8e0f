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
	lock, err := lockFile(dest + ".lock")
	if err != nil {
		if errors.Is(err, ErrBusy) {
			return fmt.Errorf("%w (%s.lock); wait for it to finish", ErrBusy, dest)
		}
		return fmt.Errorf("cannot lock %s: %w", dest, err)
	}
	defer lock.Close()
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

// lockFile opens and locks name. A build removes its lock file when it ends,
// so the file locked may have been unlinked between the open and the lock;
// holding a lock on an unlinked file would let another build create and lock
// a new one at the same time. The lock counts only if name is still the file
// locked; otherwise it tries again.
func lockFile(name string) (*os.File, error) {
	for range 10 {
		f, err := os.OpenFile(name, os.O_CREATE|os.O_RDWR, 0o644)
		if err != nil {
			return nil, err
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			f.Close()
			return nil, ErrBusy
		}
		held, err1 := f.Stat()
		now, err2 := os.Stat(name)
		if err1 == nil && err2 == nil && os.SameFile(held, now) {
			return f, nil
		}
		f.Close()
	}
	return nil, ErrBusy
}
