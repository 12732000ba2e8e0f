// Command floor is the benchmark's lower bound: it reads every .md file under
// a content folder in parallel across cores, strips the front matter,
// converts the body with plain goldmark (GFM extensions) and writes the HTML
// under an output folder, one file per page. No templates, no links, no
// minification: what any generator must at least do.
//
//	go run ./scripts/floor -src CONTENT -out DIR
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

func main() {
	src := flag.String("src", "content", "content folder to read")
	out := flag.String("out", "public-floor", "folder to write")
	flag.Parse()
	var files []string
	err := filepath.WalkDir(*src, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	var wg sync.WaitGroup
	var mu sync.Mutex
	made := map[string]bool{}
	failed := false
	next := make(chan string)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for p := range next {
				if err := convert(md, &buf, *src, *out, p, &mu, made); err != nil {
					fmt.Fprintln(os.Stderr, "floor:", err)
					mu.Lock()
					failed = true
					mu.Unlock()
				}
			}
		}()
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
	if failed {
		os.Exit(1)
	}
}

func convert(md goldmark.Markdown, buf *bytes.Buffer, src, out, p string, mu *sync.Mutex, made map[string]bool) error {
	data, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	body := data
	if bytes.HasPrefix(data, []byte("---\n")) {
		if i := bytes.Index(data[4:], []byte("\n---\n")); i >= 0 {
			body = data[4+i+5:]
		}
	}
	buf.Reset()
	if err := md.Convert(body, buf); err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	rel, _ := filepath.Rel(src, p)
	dest := filepath.Join(out, strings.TrimSuffix(rel, ".md"), "index.html")
	dir := filepath.Dir(dest)
	mu.Lock()
	ok := made[dir]
	made[dir] = true
	mu.Unlock()
	if !ok {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	return os.WriteFile(dest, buf.Bytes(), 0o644)
}
