package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/trellis-ssg/trellis/generator/render"
)

// shardFlag is build's --shard K/N.
type shardFlag struct{ shard render.Shard }

func (f *shardFlag) String() string {
	if f.shard == (render.Shard{}) {
		return ""
	}
	return f.shard.String()
}

func (f *shardFlag) Set(s string) error {
	if f.shard != (render.Shard{}) {
		return errors.New("give one of --shard and --shard-index, once")
	}
	sh, err := render.ParseShard(s)
	if err != nil {
		return err
	}
	f.shard = sh
	return nil
}

// shardIndexFlag is build's --shard-index I/N: --shard counted from 0,
// for job systems that number their tasks so (a Kubernetes Indexed Job's
// JOB_COMPLETION_INDEX), in containers without a shell to add one.
type shardIndexFlag struct{ f *shardFlag }

func (f *shardIndexFlag) String() string { return "" }

func (f *shardIndexFlag) Set(s string) error {
	if f.f.shard != (render.Shard{}) {
		return errors.New("give one of --shard and --shard-index, once")
	}
	is, ns, ok := strings.Cut(strings.TrimSpace(s), "/")
	i, err := strconv.Atoi(is)
	if !ok || err != nil {
		return fmt.Errorf("%q is not a shard index: write I/N, such as 0/3 for the first of three parts", s)
	}
	sh, err := render.ParseShard(strconv.Itoa(i+1) + "/" + ns)
	if err != nil {
		n, _ := strconv.Atoi(ns)
		if n >= 1 && (i < 0 || i >= n) {
			return fmt.Errorf("shard index %d/%d: indexes are counted from 0 to %d", i, n, n-1)
		}
		return err
	}
	f.f.shard = sh
	return nil
}

func publish(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("publish", "Merge the outputs of every part of a build split with trellis build --shard K/N into the\n"+
		"destination, swapping it in only when all of them are there, from the same content, each once.\n\n"+
		"  trellis publish [--destination public] SHARD-FOLDER...", stderr)
	dest := fs.String("destination", "public", "where to publish the merged site")
	quiet := fs.Bool("quiet", false, "print only problems")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "trellis publish: name the folder of every part of the build (trellis build --shard K/N --destination FOLDER)")
		fs.Usage()
		return 2
	}
	if err := render.PublishShards(*dest, fs.Args()); err != nil {
		fmt.Fprintf(stderr, "trellis publish: %v\nNothing was published.\n", err)
		return 1
	}
	if !*quiet {
		fmt.Fprintf(stdout, "Published %d parts into %s.\n", fs.NArg(), *dest)
	}
	return 0
}
