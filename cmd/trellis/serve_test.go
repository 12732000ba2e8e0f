package main

import (
	"io"
	"testing"
)

// The preview shows drafts unless told not to; build does not.
func TestServeShowsDraftsByDefault(t *testing.T) {
	for _, c := range []struct {
		args []string
		want bool
	}{
		{nil, true},
		{[]string{"--drafts"}, true},
		{[]string{"--drafts=false"}, false},
	} {
		sf, bind, port, _, code := serveFlags(c.args, io.Discard)
		if code >= 0 {
			t.Fatalf("serve %v: exit %d", c.args, code)
		}
		if sf.drafts != c.want {
			t.Errorf("serve %v: drafts %v, want %v", c.args, sf.drafts, c.want)
		}
		if bind != "127.0.0.1" || port != 1313 {
			t.Errorf("serve %v: listens on %s:%d, want 127.0.0.1:1313", c.args, bind, port)
		}
	}
}
