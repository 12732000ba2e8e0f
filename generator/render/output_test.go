package render_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/trellis-ssg/trellis/generator/render"
)

// TestDirConcurrentFolders writes many files into the same new folders from
// many goroutines at once: every write must find its folder made, including
// those that arrive while another is still making it.
func TestDirConcurrentFolders(t *testing.T) {
	for round := range 20 {
		root := t.TempDir()
		d := &render.Dir{Root: root}
		var wg sync.WaitGroup
		errs := make(chan error, 400)
		for i := range 400 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				name := fmt.Sprintf("k%d/p%d/f%d.html", i%3, i%7, i)
				if err := d.WriteFile(name, []byte("x")); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("round %d: %v", round, err)
		}
		n := 0
		filepath.WalkDir(root, func(_ string, e os.DirEntry, _ error) error {
			if !e.IsDir() {
				n++
			}
			return nil
		})
		if n != 400 {
			t.Fatalf("round %d: %d files written, want 400", round, n)
		}
	}
}
