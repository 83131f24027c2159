// Package i18n is ReplScope's message catalogue: every string a person
// reads in the app, in English and Simplified Chinese, looked up by a
// stable key. It is pure Go (no go-app, no syscall/js outside
// browser_js.go), so it builds and tests natively and for js/wasm.
//
// Keys are "VIEW.WHAT" in lowercase with underscores: "controls.play",
// "psync.none", "quiz.score". A message is a fmt format; Chinese word order
// uses indexed verbs (%[2]s) where it differs from the English.
//
// The terms follow docs/glossary.zh-CN.md; a test checks it.
package i18n

import (
	"fmt"
	"sort"
	"strings"
)

// The languages of the catalogue.
const (
	En = "en"
	ZH = "zh-CN"
)

// Default is the language when nothing else decides.
const Default = En

// Langs lists the supported languages in the picker's order.
var Langs = []string{En, ZH}

// Msg is one catalogue entry in both languages.
type Msg struct {
	En, ZH string
}

// T is the message for key in lang, formatted with args. An unknown
// language is English; a missing Chinese text falls back to English; an
// unknown key is the key itself (the completeness test forbids both).
func T(lang, key string, args ...any) string {
	m, ok := catalogue[key]
	if !ok {
		return key
	}
	f := m.En
	if Normalize(lang) == ZH && m.ZH != "" {
		f = m.ZH
	}
	if len(args) == 0 {
		return f
	}
	return fmt.Sprintf(f, args...)
}

// Has reports whether key is in the catalogue.
func Has(key string) bool { _, ok := catalogue[key]; return ok }

// Lookup is the entry for key.
func Lookup(key string) (Msg, bool) { m, ok := catalogue[key]; return m, ok }

// Keys lists every key, sorted.
func Keys() []string {
	out := make([]string, 0, len(catalogue))
	for k := range catalogue {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Normalize maps a language tag (from ?lang=, localStorage or
// navigator.languages) to a supported language, or "" when it is none.
// Every Chinese tag is Simplified Chinese (the only Chinese there is).
func Normalize(tag string) string {
	t := strings.ToLower(strings.TrimSpace(strings.ReplaceAll(tag, "_", "-")))
	switch {
	case t == "":
		return ""
	case t == "zh" || strings.HasPrefix(t, "zh-"):
		return ZH
	case t == "en" || strings.HasPrefix(t, "en-"):
		return En
	}
	return ""
}

// Choose decides the page's language: ?lang= first, then the language the
// visitor chose before (stored), then the browser's languages in order,
// then English.
func Choose(query, stored string, browser []string) string {
	if l := Normalize(query); l != "" {
		return l
	}
	if l := Normalize(stored); l != "" {
		return l
	}
	for _, b := range browser {
		if l := Normalize(b); l != "" {
			return l
		}
	}
	return Default
}

// Name is a language's own name, for the picker.
func Name(lang string) string {
	switch Normalize(lang) {
	case ZH:
		return "简体中文"
	}
	return "English"
}

// HTMLLang is the value of <html lang=...> for lang.
func HTMLLang(lang string) string {
	if Normalize(lang) == ZH {
		return "zh-Hans-CN"
	}
	return "en"
}

// StorageKey is the localStorage key that remembers the choice.
const StorageKey = "replscope.lang"

// CheckKey is the catalogue key of a PSYNC condition's name as
// core.Check.Name spells it ("replication id" → "psync.check.replication_id").
func CheckKey(name string) string {
	return "psync.check." + strings.ReplaceAll(strings.ToLower(name), " ", "_")
}

// CheckName is a PSYNC condition's name in lang (the name itself when the
// catalogue does not know it).
func CheckName(lang, name string) string {
	k := CheckKey(name)
	if !Has(k) {
		return name
	}
	return T(lang, k)
}
