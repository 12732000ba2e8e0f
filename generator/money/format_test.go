package money

import "testing"

func TestFormat(t *testing.T) {
	de := Format{Group: ".", Decimal: ",", Other: "{amount} {currency}", Thousand: " Tsd.", Million: " Mio.", Billion: " Mrd.",
		Pattern: func(c string) string {
			if c == "EUR" {
				return "{amount} €"
			}
			return ""
		}}
	for _, tc := range []struct {
		f    Format
		v    float64
		cur  string
		want string
	}{
		{English, 1200000, "EUR", "€1,200,000"},
		{English, 353333.333, "EUR", "€353,333.33"},
		{English, 900, "GBP", "£900"},
		{English, 5, "NOK", "5 NOK"},
		{English, -1500, "USD", "−$1,500"},
		{English, 12.5, "", "12.50"},
		{de, 1234567.5, "EUR", "1.234.567,50 €"},
	} {
		if got := tc.f.Amount(tc.v, tc.cur); got != tc.want {
			t.Errorf("Amount(%v, %q) = %q, want %q", tc.v, tc.cur, got, tc.want)
		}
	}
	for _, tc := range []struct {
		f    Format
		v    float64
		want string
	}{
		{English, 1420000, "€1.4m"}, {English, 35000, "€35k"}, {English, 900, "€900"}, {English, 2.5e9, "€2.5bn"}, {de, 1420000, "1,4 Mio. €"},
	} {
		if got := tc.f.Short(tc.v, "EUR"); got != tc.want {
			t.Errorf("Short(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

func TestScopeString(t *testing.T) {
	for _, tc := range []struct {
		s    Scope
		want string
	}{
		{Scope{}, "all"},
		{Scope{Intent: "INT-0001", Share: true}.With(0, "EUR"), "intent=INT-0001 stage=disbursed currency=EUR share=even"},
		{Scope{Initiative: "INI-0001", Line: 2}, "initiative=INI-0001 line=2"},
		{Scope{Pool: "-", Year: -1}.With(3, "EUR"), "pool=- year=-1 stage=- currency=EUR"},
	} {
		if got := tc.s.String(); got != tc.want {
			t.Errorf("%+v = %q, want %q", tc.s, got, tc.want)
		}
	}
}
