package headless

import "testing"

func TestRefreshIn(t *testing.T) {
	for src, want := range map[string]string{
		`<!DOCTYPE html><html><head><meta charset=utf-8><meta http-equiv=refresh content="0; url=/to/"><title>x</title></head><body></body></html>`: "/to/",
		`<head><META HTTP-EQUIV="Refresh" CONTENT="0;URL='/b/'">`:                                                                                   "/b/",
		`<head><meta http-equiv="refresh" content="0">`:                                                                                             "(the page itself)",
		`<head><meta http-equiv="refresh" content="5; url=/later/">`:                                                                                "",
		`<head><meta name="refresh" content="0; url=/no/">`:                                                                                         "",
		`<head></head><body><meta http-equiv="refresh" content="0; url=/body/">`:                                                                    "",
		`<head><title>plain</title></head><body><p>content="0; url=/text/"</p></body>`:                                                              "",
	} {
		if got := refreshIn([]byte(src)); got != want {
			t.Errorf("refreshIn(%s) = %q, want %q", src, got, want)
		}
	}
}
