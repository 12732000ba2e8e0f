package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/server"
)

// serve is `trellis serve`: the editors' live preview.
func serve(args []string, stdout, stderr io.Writer) int {
	sf, bind, port, poll, code := serveFlags(args, stderr)
	if code >= 0 {
		return code
	}
	if d := config.NotASite(sf.source); d != nil {
		fmt.Fprintf(stderr, "trellis serve: %s\n    hint: %s\n", d.Message, d.Hint)
		return 1
	}
	if ip := net.ParseIP(bind); ip == nil || !ip.IsLoopback() {
		if bind != "localhost" {
			fmt.Fprintf(stderr, "warning: serving on %s: anyone who can reach this address can read the site, drafts included\n", bind)
		}
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(port)))
	if err != nil {
		fmt.Fprintf(stderr, "trellis serve: %v\n", err)
		return 1
	}
	opt := server.Options{Source: sf.source, BaseURL: sf.baseURL, Drafts: sf.drafts, Poll: poll, Log: stdout}
	s, err := server.New(opt)
	if err != nil {
		ln.Close()
		fmt.Fprintf(stderr, "trellis serve: %v\n", err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg, _ := config.Load(sf.source)
	fmt.Fprintf(stdout, "Serving %s at http://%s%s (Ctrl+C to stop)\n", sf.source, ln.Addr(), cfg.BasePath())
	fmt.Fprintf(stdout, "Possible connections between pages, for editors: http://%s%s\n", ln.Addr(), server.SuggestionsPath)
	start := time.Now()
	if err := s.Serve(ctx, ln); err != nil {
		fmt.Fprintf(stderr, "trellis serve: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "Stopped after %s.\n", time.Since(start).Round(time.Second))
	return 0
}

// serveFlags parses serve's flags. The preview shows drafts unless told not
// to, each marked as one on its page. code is -1 to go on, else the exit
// code (after -h or a usage error).
func serveFlags(args []string, stderr io.Writer) (sf siteFlags, bind string, port int, poll time.Duration, code int) {
	fs := newFlags("serve", "Build the site into memory, serve it, and rebuild and reload the browser on every save.\nErrors show in the browser over the last good build. Nothing is written to public/.", stderr)
	sf.register(fs)
	sf.drafts = true
	if f := fs.Lookup("drafts"); f != nil {
		f.DefValue, f.Usage = "true", "show pages marked draft, marked as drafts (--drafts=false hides them, as build does)"
	}
	fs.StringVar(&bind, "bind", "127.0.0.1", "the address to listen on; anything but a loopback address exposes your drafts to the network")
	fs.IntVar(&port, "port", 1313, "the port to listen on (0 picks a free one)")
	fs.DurationVar(&poll, "poll", 0, "scan for changes at this interval (e.g. 500ms) instead of using file system events, for network and container file systems")
	code = parse(fs, args)
	return sf, bind, port, poll, code
}
