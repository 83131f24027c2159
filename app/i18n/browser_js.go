//go:build js

package i18n

import "syscall/js"

// Detect is the page's language in the browser: ?lang= (query, as read
// from the URL), the remembered choice, navigator.languages. A language
// given by ?lang= is remembered.
func Detect(query string) string {
	stored := ""
	ls := storage()
	if ls.Truthy() {
		if v := ls.Call("getItem", StorageKey); v.Type() == js.TypeString {
			stored = v.String()
		}
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
	if ls := storage(); ls.Truthy() {
		ls.Call("setItem", StorageKey, Normalize(lang))
	}
}

// storage is window.localStorage, or undefined when the page may not use
// it (a sandboxed iframe throws on access).
func storage() (v js.Value) {
	defer func() {
		if recover() != nil {
			v = js.Undefined()
		}
	}()
	return js.Global().Get("localStorage")
}
