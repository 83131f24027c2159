//go:build !js

package i18n

// Detect outside a browser (server-side pre-rendering, tests) is ?lang=
// or the default.
func Detect(query string) string { return Choose(query, "", nil) }

// Remember does nothing outside a browser.
func Remember(string) {}
