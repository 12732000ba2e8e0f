package codelist

import "testing"

func TestLists(t *testing.T) {
	for _, tc := range []struct {
		l     *List
		code  string
		name  string
		count int
	}{
		{Sector, "21010", "Transport policy and administrative management", 250},
		{Country, "IE", "Ireland", 240},
		{Region, "89", "Europe, regional", 20},
		{Currency, "EUR", "Euro", 150},
		{OrgType, "10", "Government", 10},
		{OrgID, "GB-COH", "Companies House", 700},
	} {
		if n, ok := tc.l.Name(tc.code); !ok || n != tc.name {
			t.Errorf("%s %s: %q %v", tc.l.file, tc.code, n, ok)
		}
		if len(tc.l.Codes()) < tc.count {
			t.Errorf("%s has %d codes", tc.l.file, len(tc.l.Codes()))
		}
		if tc.l.Has("no such code") {
			t.Errorf("%s has a code it should not", tc.l.file)
		}
	}
}

func TestOrgIDPrefix(t *testing.T) {
	for id, want := range map[string]string{
		"GB-COH-01234567":  "GB-COH",
		"XI-IATI-RVF":      "XI-IATI",
		"BE-BCE_KBO-0123":  "BE-BCE_KBO",
		"XM-RIVERFORD-1":   "",
		"GB-COH":           "",
		"GB-COH-":          "",
		"":                 "",
		"-GB-COH-01234567": "",
	} {
		got, ok := OrgIDPrefix(id)
		if got != want || ok != (want != "") {
			t.Errorf("OrgIDPrefix(%q) = %q, %v; want %q", id, got, ok, want)
		}
	}
}
