package main

import "github.com/trellis-ssg/trellis/generator"

// memoryFlag is build's --memory-limit SIZE.
type memoryFlag struct {
	text  string
	bytes int64
}

func (f *memoryFlag) String() string { return f.text }

func (f *memoryFlag) Set(s string) error {
	n, err := generator.ParseMemoryLimit(s)
	if err != nil {
		return err
	}
	f.text, f.bytes = s, n
	return nil
}
