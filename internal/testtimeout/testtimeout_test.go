package testtimeout

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for in, want := range map[string]float64{"": 1, " ": 1, "1": 1, "2": 2, "0.5": 0.5, " 3 ": 3, "1000": 1000} {
		if got, err := parse(in); err != nil || got != want {
			t.Errorf("parse(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"0", "-1", "two", "NaN", "Inf", "1e9", "2x"} {
		if got, err := parse(in); err == nil || !strings.Contains(err.Error(), Env) {
			t.Errorf("parse(%q) = %v, %v; want an error naming %s", in, got, err, Env)
		}
	}
}
