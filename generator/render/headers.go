package render

import "strings"

// ContentSecurityPolicy is the policy every page of a trellis site works
// under: nothing inline, nothing from elsewhere but recordings the reader
// chooses to play.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"media-src 'self' https:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
	"form-action 'self'; frame-ancestors 'none'; upgrade-insecure-requests"

// SecurityHeaders are the response headers a host should send with every file.
var SecurityHeaders = [][2]string{
	{"Content-Security-Policy", ContentSecurityPolicy},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "strict-origin-when-cross-origin"},
	{"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
	{"X-Frame-Options", "DENY"},
}

// headersFile is the _headers file Netlify and Cloudflare Pages read: the
// security headers for every path, and long caching for fingerprinted assets.
func headersFile(assetsPath string) []byte {
	var b strings.Builder
	b.WriteString("# Response headers for hosts that read _headers (Netlify, Cloudflare Pages).\n/*\n")
	for _, h := range SecurityHeaders {
		b.WriteString("  " + h[0] + ": " + h[1] + "\n")
	}
	b.WriteString(assetsPath + "*\n  Cache-Control: public, max-age=31536000, immutable\n")
	return []byte(b.String())
}
