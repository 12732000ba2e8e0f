package money

// Scan exports scan to the package's external tests.
var Scan = (*Ledger).scan

// Examined is how many lines Select checks for scope s.
func Examined(l *Ledger, s Scope) int {
	if idx, ok := l.candidates(s); ok {
		return len(idx)
	}
	return len(l.Lines)
}
