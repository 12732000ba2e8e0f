package importer

import "testing"

func TestParseMoney(t *testing.T) {
	for _, c := range []struct {
		in  string
		v   float64
		cur string
	}{
		{"£18,000", 18000, "GBP"},
		{"18.000 €", 18000, "EUR"},
		{"EUR 1 200,50", 1200.5, "EUR"},
		{"1'250.75 CHF", 1250.75, "CHF"},
		{"$1,234,567.89", 1234567.89, "USD"},
		{"18,5", 18.5, ""},
		{"250000", 250000, ""},
		{"1.234.567", 1234567, ""},
		{"12.50", 12.5, ""},
		{"gbp 300", 300, "GBP"},
	} {
		v, cur, err := ParseMoney(c.in)
		if err != nil || v != c.v || cur != c.cur {
			t.Errorf("ParseMoney(%q) = %v, %q, %v; want %v, %q", c.in, v, cur, err, c.v, c.cur)
		}
	}
	for _, bad := range []string{"", "n/a", "£", "12 apples", "€10 £5", "1e400"} {
		if _, _, err := ParseMoney(bad); err == nil {
			t.Errorf("ParseMoney(%q) read a number", bad)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, c := range []struct {
		in    string
		order DateOrder
		want  string
	}{
		{"2026-03-12", DateUnknown, "2026-03-12"},
		{"2026-03-12T10:00:00", DateUnknown, "2026-03-12"},
		{"2026/03/12", DateUnknown, "2026-03-12"},
		{"12.03.2026", DateUnknown, "2026-03-12"},
		{"12/03/2026", DayFirst, "2026-03-12"},
		{"12/03/2026", MonthFirst, "2026-12-03"},
		{"25/12/2026", DateUnknown, "2026-12-25"},
		{"12/25/2026", DateUnknown, "2026-12-25"},
		{"12 March 2026", DateUnknown, "2026-03-12"},
		{"March 12, 2026", DateUnknown, "2026-03-12"},
		{"3/4/26", DayFirst, "2026-04-03"},
	} {
		d, err := ParseDate(c.in, c.order)
		if err != nil || d.String() != c.want {
			t.Errorf("ParseDate(%q, %v) = %v, %v; want %s", c.in, c.order, d, err, c.want)
		}
	}
	if _, err := ParseDate("03/04/2026", DateUnknown); err != errAmbiguous {
		t.Errorf("03/04/2026 without an order: %v, want ambiguous", err)
	}
	for _, bad := range []string{"31/02/2026", "soon", "2026-13-01", "13/13/2026"} {
		if _, err := ParseDate(bad, DayFirst); err == nil {
			t.Errorf("ParseDate(%q) read a date", bad)
		}
	}
	if d, ok := SerialDate("45000"); !ok || d.String() != "2023-03-15" {
		t.Errorf("SerialDate(45000) = %v, %v", d, ok)
	}
}
