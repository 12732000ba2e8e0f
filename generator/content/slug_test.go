package content_test

import (
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator/content"
)

func TestSlugify(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Managing Innovation Portfolios", "managing-innovation-portfolios"},
		{"innovation_portfolio_management", "innovation-portfolio-management"},
		{"bike-library", "bike-library"},
		{"Café Élan", "cafe-elan"},
		{"Ärger über Öl", "aerger-ueber-oel"},
		{"Łódź", "lodz"},
		{"../../x", "x"},
		{"  Hello,  World!  ", "hello-world"},
		{"2030: Clean-Air", "2030-clean-air"},
		{"a--b__c", "a-b-c"},
		{"What didn't work?", "what-didn-t-work"},
		{"日本語", ""},
		{"", ""},
	} {
		got := content.Slugify(tc.in)
		if got != tc.want {
			t.Errorf("Slugify(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got != "" && !content.ValidSlug(got) {
			t.Errorf("Slugify(%q) = %q is not a valid slug", tc.in, got)
		}
	}
}

func TestValidSlug(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"bike-library", true},
		{"2030", true},
		{"a", true},
		{"", false},
		{"-bike", false},
		{"Bike", false},
		{"bike_library", false},
		{"bike library", false},
		{"initiatives/bike", false},
		{"..", false},
		{"café", false},
		{strings.Repeat("a", 200), true},
		{strings.Repeat("a", 201), false},
	} {
		if got := content.ValidSlug(tc.in); got != tc.want {
			t.Errorf("ValidSlug(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestParseTimestamp(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"00:00:21", 21, true},
		{"00:45:50", 2750, true},
		{"1:02:03", 3723, true},
		{"12:27", 747, true},
		{"0:05", 5, true},
		{"99:59:59", 99*3600 + 59*60 + 59, true},
		{"", 0, false},
		{"45", 0, false},
		{"00:60:00", 0, false},
		{"00:00:60", 0, false},
		{"100:00:00", 0, false},
		{"00:00:00:01", 0, false},
		{"aa:bb", 0, false},
		{"-1:00", 0, false},
		{"1::00", 0, false},
		{"12 minutes", 0, false},
	} {
		got, ok := content.ParseTimestamp(tc.in)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("ParseTimestamp(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // YYYY-MM-DD, "" for an error
	}{
		{"2024-03-01", "2024-03-01"},
		{" 2024-03-01 ", "2024-03-01"},
		{"2024-03-01T10:00:00Z", "2024-03-01"},
		{"2024-03-01T10:00:00+02:00", "2024-03-01"},
		{"2024-03-01T10:00:00", "2024-03-01"},
		{"2024-03-01 10:00:00", "2024-03-01"},
		{"2024-13-01", ""},
		{"2024-02-30", ""},
		{"01/03/2024", ""},
		{"March 2024", ""},
		{"2024", ""},
	} {
		d, err := content.ParseDate(tc.in)
		if tc.want == "" {
			if err == nil {
				t.Errorf("ParseDate(%q) = %s, want an error", tc.in, d)
			}
			continue
		}
		if err != nil || d.String() != tc.want {
			t.Errorf("ParseDate(%q) = %s, %v; want %s", tc.in, d, err, tc.want)
		}
	}
}

func TestKindFolders(t *testing.T) {
	for _, k := range content.Kinds {
		if got := content.KindOfFolder(k.Folder()); got != k {
			t.Errorf("KindOfFolder(%q) = %q, want %q", k.Folder(), got, k)
		}
		for _, s := range []string{string(k), k.Folder(), strings.ToUpper(string(k))} {
			if got, ok := content.ParseKind(s); !ok || got != k {
				t.Errorf("ParseKind(%q) = %q, %v; want %q", s, got, ok, k)
			}
		}
	}
	if content.KindOrganisation.Folder() != "organisations" || content.KindOfFolder("stories") != content.KindPage {
		t.Error("folder names")
	}
	if _, ok := content.ParseKind("story"); ok {
		t.Error("ParseKind(story) accepted")
	}
}
