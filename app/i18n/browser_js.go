//go:build js

package i18n

import "syscall/js"

// Detect is the page's language in the browser: ?lang= (query, as read
// from the URL), the remembered choice, navigator.languages. A language
// given by ?lang= is remembered.
func Detect(query string) string {
	stored := ""
	if v := call(storage(), "getItem", StorageKey); v.Type() == js.TypeString {
		stored = v.String()
	}
	var langs []string
	nav := js.Global().Get("navigator")
	if nav.Truthy() {
		if l := nav.Get("languages"); l.Truthy() {
			for i := 0; i < l.Length(); i++ {
				langs = append(langs, l.Index(i).String())
			}
		}
		if l := nav.Get("language"); l.Type() == js.TypeString {
			langs = append(langs, l.String())
		}
	}
	lang := Choose(query, stored, langs)
	if Normalize(query) != "" {
		Remember(lang)
	}
	return lang
}

// Remember stores the visitor's choice.
func Remember(lang string) {
	call(storage(), "setItem", StorageKey, Normalize(lang))
}

// storage is window.localStorage, or undefined when the page may not use
// it: reading it throws in a sandboxed frame, and a call (unlike a
// property read) turns the exception into a Go panic we can recover.
func storage() js.Value {
	return call(js.Global().Get("Reflect"), "get", js.Global(), "localStorage")
}

// call is v.m(args...), undefined when v is not an object or the call
// throws.
func call(v js.Value, m string, args ...any) (out js.Value) {
	if v.Type() != js.TypeObject {
		return js.Undefined()
	}
	defer func() {
		if recover() != nil {
			out = js.Undefined()
		}
	}()
	return v.Call(m, args...)
}
