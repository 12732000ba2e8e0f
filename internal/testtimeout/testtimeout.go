// Package testtimeout gives the time limits of tests that wait for
// something to happen — a browser to load a page, a file watcher to see a
// save, a server to answer — one setting to scale them by:
// TRELLIS_TEST_TIMEOUT_SCALE, a number (default 1). A limit only bounds how
// long a test waits for what should come; a test never passes by waiting.
// On a machine so loaded that the defaults run out, TRELLIS_TEST_TIMEOUT_SCALE=3
// gives every such limit three times as long.
package testtimeout

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Env is the environment variable that scales every limit.
const Env = "TRELLIS_TEST_TIMEOUT_SCALE"

var scale = sync.OnceValue(func() float64 {
	f, err := parse(os.Getenv(Env))
	if err != nil {
		panic(err) // a mistyped setting must not pass unnoticed
	}
	return f
})

// parse reads the setting: empty is 1; otherwise a positive number.
func parse(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 1, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || !(f > 0) || f > 1000 {
		return 0, fmt.Errorf("%s=%q: want a number above 0 (and at most 1000), such as 2 or 0.5", Env, s)
	}
	return f, nil
}

// Scale is the factor of TRELLIS_TEST_TIMEOUT_SCALE.
func Scale() float64 { return scale() }

// Scaled is d times the setting.
func Scaled(d time.Duration) time.Duration {
	return time.Duration(float64(d) * scale())
}
