// Package diag holds the diagnostics every pipeline stage returns: a problem
// in the content, with the file and line it comes from and a hint on what to do.
//
// Stages never stop at the first problem; they collect a List and hand it on.
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Severity says whether a diagnostic fails the build.
type Severity int

const (
	// Warning is reported but does not fail a build.
	Warning Severity = iota
	// Error fails the build.
	Error
)

func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// MarshalText writes the severity as "error" or "warning".
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Diagnostic is one problem in the content.
type Diagnostic struct {
	File     string   `json:"file"` // slash-separated, relative to the site's folder
	Line     int      `json:"line"` // 1-based; 0 when the problem is the whole file
	Col      int      `json:"column"`
	Severity Severity `json:"severity"`
	Code     string   `json:"code"` // stable, e.g. "ref-unknown"
	Message  string   `json:"message"`
	Hint     string   `json:"hint,omitempty"`
	// Source is the line the diagnostic is about, as written, when the
	// stage that found it shows it (a syntax error, whose message alone
	// cannot say where the mistake is).
	Source string `json:"source,omitempty"`
}

// String formats the diagnostic the way compilers do:
// file:line:col: severity code: message (hint).
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Col)
		}
	}
	fmt.Fprintf(&b, ": %s %s: %s", d.Severity, d.Code, d.Message)
	if d.Source != "" && d.Line > 0 {
		writeSource(&b, d)
	}
	if d.Hint != "" {
		b.WriteString("\n    hint: ")
		b.WriteString(d.Hint)
	}
	return b.String()
}

// writeSource shows the source line under the message, with a caret under
// the column, as compilers do:
//
//	3 | title: Bus pilot: Marsh End
//	  |                 ^
func writeSource(b *strings.Builder, d Diagnostic) {
	num := fmt.Sprint(d.Line)
	fmt.Fprintf(b, "\n    %s | %s", num, d.Source)
	if d.Col <= 0 {
		return
	}
	fmt.Fprintf(b, "\n    %s | ", strings.Repeat(" ", len(num)))
	n := 1
	for _, r := range d.Source {
		if n >= d.Col {
			break
		}
		if r == '\t' {
			b.WriteByte('\t') // lines up under a tab however wide it is shown
		} else {
			b.WriteByte(' ')
		}
		n++
	}
	b.WriteByte('^')
}

// List is the diagnostics of one or more stages.
type List []Diagnostic

// Add appends a diagnostic.
func (l *List) Add(d Diagnostic) { *l = append(*l, d) }

// Errorf appends an error at file:line.
func (l *List) Errorf(file string, line int, code, hint, format string, args ...any) {
	l.Add(Diagnostic{File: file, Line: line, Severity: Error, Code: code, Message: fmt.Sprintf(format, args...), Hint: hint})
}

// Warnf appends a warning at file:line.
func (l *List) Warnf(file string, line int, code, hint, format string, args ...any) {
	l.Add(Diagnostic{File: file, Line: line, Severity: Warning, Code: code, Message: fmt.Sprintf(format, args...), Hint: hint})
}

// String lists the diagnostics one per line, or "(no diagnostics)".
func (l List) String() string {
	if len(l) == 0 {
		return "(no diagnostics)"
	}
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Count returns the number of errors and warnings.
func (l List) Count() (errors, warnings int) {
	for _, d := range l {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return
}

// Sort orders diagnostics by file, line, column and code, so that output is
// the same from run to run whatever order parallel stages found them in.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Message < b.Message
	})
}

// Suggest returns the candidate closest to s by edit distance, or "" when none
// is close enough to be a likely typo. It is called for every broken
// reference against every slug of a kind, so it skips candidates whose length
// alone rules them out and stops a comparison once it is past the limit.
func Suggest(s string, candidates []string) string {
	return SuggestWithin(s, candidates, min(len(s)/3+1, 4))
}

// SuggestWithin is Suggest with the largest edit distance that still counts
// as a typo given: case is ignored, so 0 finds a candidate written in
// other capitals.
func SuggestWithin(s string, candidates []string, limit int) string {
	ls := strings.ToLower(s)
	best, bestD := "", limit+1
	var rows [2][]int
	for _, c := range candidates {
		if d := len(c) - len(s); d > limit || -d > limit {
			continue
		}
		d := distanceBuf(ls, strings.ToLower(c), bestD, &rows)
		if d < bestD || (d == bestD && d <= limit && c < best) {
			best, bestD = c, d
		}
	}
	if bestD > limit {
		return ""
	}
	return best
}

// distance is the Levenshtein distance of two strings, by bytes; once it is
// certain to exceed max it returns max+1.
func distance(a, b string, max int) int {
	var rows [2][]int
	return distanceBuf(a, b, max, &rows)
}

// distanceBuf is distance with its two rows kept between calls.
func distanceBuf(a, b string, max int, rows *[2][]int) int {
	if cap(rows[0]) < len(b)+1 {
		rows[0], rows[1] = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	prev, cur := rows[0][:len(b)+1], rows[1][:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
