package money

import "testing"

func TestScopeString(t *testing.T) {
	for _, tc := range []struct {
		s    Scope
		want string
	}{
		{Scope{}, "all"},
		{Scope{Intent: "INT-0001", Share: true}.With(0, "EUR"), "intent=INT-0001 stage=disbursed currency=EUR share=even"},
		{Scope{Initiative: "INI-0001", Line: 2}, "initiative=INI-0001 line=2"},
		{Scope{Pool: "-", Year: -1}.With(3, "EUR"), "pool=- year=-1 stage=- currency=EUR"},
		{Scope{Term: "systems/transport"}.WithCurrency("GBP"), "term=systems/transport currency=GBP"},
	} {
		if got := tc.s.String(); got != tc.want {
			t.Errorf("%+v = %q, want %q", tc.s, got, tc.want)
		}
	}
}
