package i18n

import "net/url"

// WithLang is rawURL with its lang parameter set to lang (removed for
// the default language when drop is true). A URL that does not parse is
// returned unchanged.
func WithLang(rawURL, lang string, drop bool) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	q := u.Query()
	l := Normalize(lang)
	if l == "" || (drop && l == Default) {
		q.Del("lang")
	} else {
		q.Set("lang", l)
	}
	u.RawQuery = q.Encode()
	return u.String()
}
