// Command corpus writes a generated portfolio for benchmarks:
//
//	go run ./cmd/corpus -n 10000 -seed 1 -out DIR
//
// writes DIR/site.yaml and DIR/content/ with n pages. The same n and seed
// always give the same files.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/trellis-ssg/trellis/generator/corpus"
)

func main() {
	n := flag.Int("n", 1000, "number of pages")
	seed := flag.Int64("seed", 1, "random seed")
	out := flag.String("out", "", "site folder to write (site.yaml and content/)")
	base := flag.String("base-url", "", "base_url for site.yaml (default https://portfolio.example.org/)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "corpus: -out is required")
		flag.Usage()
		os.Exit(2)
	}
	if _, err := os.Stat(*out + "/content"); err == nil {
		fmt.Fprintf(os.Stderr, "corpus: %s/content exists; remove it first so two corpora do not mix\n", *out)
		os.Exit(1)
	}
	if err := corpus.WriteOptions(*out, corpus.Options{Pages: *n, Seed: *seed, BaseURL: *base}); err != nil {
		fmt.Fprintln(os.Stderr, "corpus:", err)
		os.Exit(1)
	}
}
