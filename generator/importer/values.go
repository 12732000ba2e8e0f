package importer

import (
	"fmt"
	"math"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/currency"

	"github.com/trellis-ssg/trellis/generator/content"
)

// inVocab returns the word of vocab that w means, matched as column names
// are (case, spaces, hyphens and underscores do not count), or "".
func inVocab(w string, vocab []string) string {
	n := norm(w)
	for _, v := range vocab {
		if v == w {
			return v
		}
	}
	for _, v := range vocab {
		if norm(v) == n {
			return v
		}
	}
	return ""
}

// symbols are currency signs spreadsheets write before or after amounts.
var symbols = map[string]string{
	"€": "EUR", "£": "GBP", "$": "USD", "US$": "USD", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB",
	"₺": "TRY", "₴": "UAH", "zł": "PLN", "kr": "", "CHF": "CHF", "Fr.": "CHF", "R$": "BRL", "A$": "AUD",
	"C$": "CAD", "NZ$": "NZD", "₦": "NGN", "₱": "PHP", "R": "ZAR", "KSh": "KES",
}

// ParseMoney reads an amount as spreadsheets write it: "£18,000",
// "18.000 €", "EUR 1 200,50", "1'250.75 CHF". It returns the number and
// the currency the text names ("" when it names none).
func ParseMoney(s string) (float64, string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, "", fmt.Errorf("the amount is empty")
	}
	cur := ""
	// Split off letters and signs before and after the digits.
	start := strings.IndexFunc(s, func(r rune) bool { return unicode.IsDigit(r) || r == '-' || r == '+' })
	if start < 0 {
		return 0, "", fmt.Errorf("%q has no digits", s)
	}
	end := strings.LastIndexFunc(s, unicode.IsDigit) + 1
	pre, num, post := strings.TrimSpace(s[:start]), s[start:end], strings.TrimSpace(s[end:])
	for _, part := range []string{pre, post} {
		if part == "" {
			continue
		}
		c, err := currencyOf(part)
		if err != nil {
			return 0, "", fmt.Errorf("%q: %v", s, err)
		}
		if cur != "" && c != "" && c != cur {
			return 0, "", fmt.Errorf("%q names two currencies", s)
		}
		if c != "" {
			cur = c
		}
	}
	v, err := parseNumber(num)
	if err != nil {
		return 0, "", fmt.Errorf("%q: %v", s, err)
	}
	return v, cur, nil
}

// currencyOf reads a currency sign or ISO 4217 code.
func currencyOf(s string) (string, error) {
	s = strings.TrimSpace(s)
	if c, ok := symbols[s]; ok {
		return c, nil
	}
	if c, err := ParseCurrency(s); err == nil {
		return c, nil
	}
	return "", fmt.Errorf("%q is not a currency", s)
}

// ParseCurrency reads an ISO 4217 code ("eur", "GBP") or a currency sign.
func ParseCurrency(s string) (string, error) {
	s = strings.TrimSpace(s)
	if c, ok := symbols[s]; ok && c != "" {
		return c, nil
	}
	u, err := currency.ParseISO(s)
	if err != nil || len(s) != 3 {
		return "", fmt.Errorf("%q is not an ISO 4217 currency code such as EUR or GBP", s)
	}
	return u.String(), nil
}

// parseNumber reads digits with thousands separators (",", ".", spaces,
// "'") and a decimal separator ("." or ","). When both "," and "." appear,
// the last is the decimal separator; when one appears once with exactly
// three digits after it, it separates thousands.
func parseNumber(s string) (float64, error) {
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	} else if strings.HasPrefix(s, "+") {
		s = s[1:]
	}
	var digits strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r == ',', r == '.':
			digits.WriteRune(r)
		case r == ' ' || r == '\'' || r == '\u00a0' || r == '\u202f' || r == '\u2009' || r == '’':
		default:
			return 0, fmt.Errorf("%q is not a number", s)
		}
	}
	d := digits.String()
	lastDot, lastComma := strings.LastIndex(d, "."), strings.LastIndex(d, ",")
	dec := byte(0)
	switch {
	case lastDot >= 0 && lastComma >= 0:
		if lastDot > lastComma {
			dec = '.'
		} else {
			dec = ','
		}
	case lastDot >= 0 || lastComma >= 0:
		sep := byte('.')
		at := lastDot
		if lastComma >= 0 {
			sep, at = ',', lastComma
		}
		if strings.Count(d, string(sep)) == 1 && len(d)-at-1 != 3 {
			dec = sep
		}
	}
	var plain strings.Builder
	for i := 0; i < len(d); i++ {
		switch c := d[i]; {
		case c == dec:
			plain.WriteByte('.')
		case c == ',' || c == '.':
		default:
			plain.WriteByte(c)
		}
	}
	v, err := strconv.ParseFloat(plain.String(), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if neg {
		v = -v
	}
	return v, nil
}

// FormatNumber writes a number as front matter does: no exponent, no
// trailing zeros.
func FormatNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// DateOrder says how to read a date such as 03/04/2026.
type DateOrder int

// Date orders.
const (
	DateUnknown DateOrder = iota
	DayFirst
	MonthFirst
)

var monthNames = []string{"2 January 2006", "2 Jan 2006", "January 2, 2006", "Jan 2, 2006", "January 2 2006", "2 January, 2006", "Jan 2 2006", "02-Jan-2006", "2-Jan-2006", "02-Jan-06"}

// ParseDate reads a date as spreadsheets write it: ISO (2026-03-12, with
// or without a time), 2026/03/12, 12.03.2026 (day first, as everywhere
// dots are used), 12/03/2026 and 12-03-2026 in the given order, "12 March
// 2026" and "March 12, 2026". A D/M/Y date with both numbers 12 or less
// needs an order; one with a number over 12 tells its own.
func ParseDate(s string, order DateOrder) (content.Date, error) {
	s = strings.TrimSpace(s)
	if d, err := content.ParseDate(s); err == nil {
		return d, nil
	}
	for _, l := range []string{"2006/01/02", "2006.01.02", "2006-1-2", "2006/1/2"} {
		if t, err := time.Parse(l, s); err == nil {
			return content.Date{Time: t}, nil
		}
	}
	for _, l := range monthNames {
		if t, err := time.Parse(l, s); err == nil {
			return content.Date{Time: t}, nil
		}
	}
	sep := ""
	for _, c := range []string{"/", ".", "-"} {
		if strings.Count(s, c) == 2 {
			sep = c
		}
	}
	if sep == "" {
		return content.Date{}, fmt.Errorf("%q is not a date", s)
	}
	if i := strings.IndexAny(s, " T"); i > 0 { // a time after the date
		s = s[:i]
	}
	parts := strings.Split(s, sep)
	n := make([]int, 3)
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil {
			return content.Date{}, fmt.Errorf("%q is not a date", s)
		}
		n[i] = v
	}
	if parts[2] != "" && len(parts[2]) == 2 {
		n[2] += 2000
		if n[2] > time.Now().Year()+50 {
			n[2] -= 100
		}
	}
	a, b, y := n[0], n[1], n[2]
	if sep == "." && order == DateUnknown {
		order = DayFirst
	}
	if order == DateUnknown {
		switch {
		case a > 12 && b <= 12:
			order = DayFirst
		case b > 12 && a <= 12:
			order = MonthFirst
		case a == b:
			order = DayFirst
		default:
			return content.Date{}, errAmbiguous
		}
	}
	day, month := a, b
	if order == MonthFirst {
		day, month = b, a
	}
	t := time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if month < 1 || month > 12 || day < 1 || t.Day() != day {
		return content.Date{}, fmt.Errorf("%q is not a date", s)
	}
	return content.Date{Time: t}, nil
}

var errAmbiguous = fmt.Errorf("ambiguous date")

// excelEpoch is day 0 of Excel's 1900 date system, as Excel counts it
// (including the 1900 leap day Lotus invented).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// SerialDate reads an Excel serial date (45000 is 2023-03-15).
func SerialDate(s string) (content.Date, bool) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || v < 1 || v > 2958465 {
		return content.Date{}, false
	}
	return content.Date{Time: excelEpoch.AddDate(0, 0, int(v))}, true
}

// ParseBool reads yes/no words as spreadsheets write them.
func ParseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "y", "1", "x", "✓", "✔", "on", "ja", "oui", "sí", "si":
		return true, true
	case "false", "no", "n", "0", "off", "nein", "non":
		return false, true
	}
	return false, false
}

// ParseInt reads a whole number: "2030", "2030.0" (as XLSX stores numbers),
// "1,200".
func ParseInt(s string) (int, bool) {
	v, err := parseNumber(strings.TrimSpace(s))
	if err != nil || v != math.Trunc(v) || math.Abs(v) > 1e15 {
		return 0, false
	}
	return int(v), true
}

// ParseURL reads a web address; "www.example.org" gets https://.
func ParseURL(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(strings.ToLower(s), "www.") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	return s, true
}

// ParseEmail reads an email address, with or without "mailto:".
func ParseEmail(s string) (string, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "mailto:"), "MAILTO:")
	a, err := mail.ParseAddress(s)
	if err != nil {
		return "", false
	}
	return a.Address, true
}
