package scenario

import (
	"regexp"
	"strconv"
	"strings"
)

// Translated prose (a ReplScope extension): `title.LANG TEXT`,
// `say.LANG TEXT` and `ask.LANG TEXT` give the line just before them (a
// title, a say or an ask line) its text in language LANG. The line itself
// is the English text; an ask line's translation is the question as the
// learner reads it (without one, the page asks in its own words). A
// translation is not a step and changes nothing that runs: a lesson keeps
// one file, and each translation sits under the line it translates, so the
// two cannot drift apart.

var langTag = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// translation parses a `VERB.LANG TEXT` line onto the line before it. ok
// is false when raw is not such a line.
func (p *parser) translation(num int, raw string, s *Script) (ok bool, err error) {
	t := strings.TrimLeft(raw, " \t")
	dot := strings.IndexByte(t, '.')
	if dot <= 0 {
		return false, nil
	}
	var kind Kind
	switch t[:dot] {
	case "title":
		kind = Title
	case "say":
		kind = Say
	case "ask":
		kind = Ask
	default:
		return false, nil
	}
	col := len(raw) - len(t) + 1
	verb := t[:dot]
	word := t
	if i := strings.IndexAny(t, " \t"); i >= 0 {
		word = t[:i]
	}
	lang := word[dot+1:]
	if !langTag.MatchString(lang) {
		return true, p.errf(num, col+dot+1, "a language tag such as zh-CN was expected after `"+verb+".`, not "+strconv.Quote(lang))
	}
	text := strings.TrimSpace(strings.TrimRight(t[len(word):], "\r"))
	if text == "" {
		return true, p.errf(num, len(strings.TrimRight(raw, "\r"))+1, "the "+lang+" text of the `"+verb+"` line was expected")
	}
	if len(s.Lines) == 0 || s.Lines[len(s.Lines)-1].Kind != kind {
		return true, p.errf(num, col, "`"+word+"` translates the `"+verb+"` line just before it, and the line before is not one")
	}
	l := &s.Lines[len(s.Lines)-1]
	if _, dup := l.Tr[lang]; dup {
		return true, p.errf(num, col, "line "+strconv.Itoa(l.Num)+" already has a "+lang+" translation")
	}
	if l.Tr == nil {
		l.Tr = map[string]string{}
	}
	l.Tr[lang] = text
	return true, nil
}

// In is the line's prose in lang: its translation (true), or else the
// line's own text, English (false). An ask line has no own text: "".
func (l *Line) In(lang string) (string, bool) {
	if t, ok := l.Tr[lang]; ok {
		return t, true
	}
	if l.Kind == Ask {
		return "", false
	}
	return l.Say, false
}

// TitleIn is the script's title in lang, or the English title (false).
func (s *Script) TitleIn(lang string) (string, bool) {
	for i := range s.Lines {
		if s.Lines[i].Kind == Title {
			return s.Lines[i].In(lang)
		}
	}
	return s.Title, false
}

// SayIn is a say line's text in lang, found by its English text (a
// timeline step keeps only the text of the say lines before it).
func (s *Script) SayIn(lang, english string) (string, bool) {
	for i := range s.Lines {
		if l := &s.Lines[i]; l.Kind == Say && l.Say == english {
			return l.In(lang)
		}
	}
	return english, false
}

// Untranslated lists the prose lines (the title and every say line) that
// have no text in lang; an empty list means the lesson reads wholly in
// lang.
func (s *Script) Untranslated(lang string) []int {
	var out []int
	for i := range s.Lines {
		l := &s.Lines[i]
		if l.Kind != Title && l.Kind != Say {
			continue
		}
		if _, ok := l.Tr[lang]; !ok {
			out = append(out, l.Num)
		}
	}
	return out
}
