package locale

import (
	"strings"
	"testing"
)

// fill fills a date pattern as strings.NewReplacer did.
func TestFillDateIsReplacer(t *testing.T) {
	for _, pattern := range []string{
		"{month} {day}, {year}", "le {day} {month} {year}", "{day}.{day}.{year}{year}", "{month} {year}",
		"{days} {{day}} {mon} {year", "", "{", "{}", "「{year}年{month}{day}日」",
	} {
		for _, v := range [][3]string{{"5", "March", "2026"}, {"{day}", "mai", "1999"}, {"", "", ""}} {
			want := strings.NewReplacer("{day}", v[0], "{month}", v[1], "{year}", v[2]).Replace(pattern)
			if got := fill(pattern, v[0], v[1], v[2]); got != want {
				t.Errorf("fill(%q, %q): %q, want %q", pattern, v, got, want)
			}
		}
	}
}
