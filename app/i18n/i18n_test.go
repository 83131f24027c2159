package i18n

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestChoose(t *testing.T) {
	cases := []struct {
		query, stored string
		browser       []string
		want          string
	}{
		{"", "", nil, En},
		{"zh-CN", "", nil, ZH},
		{"zh", "en", []string{"en-US"}, ZH},
		{"en", "zh-CN", []string{"zh-CN"}, En},
		{"", "zh-CN", []string{"en-US"}, ZH},
		{"", "", []string{"fr-FR", "zh-Hans-CN", "en"}, ZH},
		{"", "", []string{"en-GB", "zh-CN"}, En},
		{"klingon", "", []string{"zh-TW"}, ZH},
		{"", "garbage", []string{"de"}, En},
		{"ZH_cn", "", nil, ZH},
	}
	for _, c := range cases {
		if got := Choose(c.query, c.stored, c.browser); got != c.want {
			t.Errorf("Choose(%q, %q, %q) = %q, want %q", c.query, c.stored, c.browser, got, c.want)
		}
	}
}

func TestT(t *testing.T) {
	if got := T(ZH, "controls.line", 3); got != "第 3 行" {
		t.Errorf("zh: %q", got)
	}
	if got := T(En, "controls.line", 3); got != "line 3" {
		t.Errorf("en: %q", got)
	}
	if got := T("fr", "controls.play"); got != "Play" {
		t.Errorf("unknown language falls back to English: %q", got)
	}
	if got := T(ZH, "no.such.key"); got != "no.such.key" {
		t.Errorf("unknown key: %q", got)
	}
	if got := CheckName(ZH, "offset in window"); got != "偏移量在窗口内" {
		t.Errorf("check name: %q", got)
	}
}

func TestWithLang(t *testing.T) {
	cases := []struct{ in, lang, want string }{
		{"http://127.0.0.1/?lesson=offsets&at=3", ZH, "http://127.0.0.1/?at=3&lang=zh-CN&lesson=offsets"},
		{"http://127.0.0.1/?lesson=offsets&lang=zh-CN", En, "http://127.0.0.1/?lang=en&lesson=offsets"},
		{"./?lesson=offsets", ZH, "./?lang=zh-CN&lesson=offsets"},
	}
	for _, c := range cases {
		if got := WithLang(c.in, c.lang, false); got != c.want {
			t.Errorf("WithLang(%q, %q) = %q, want %q", c.in, c.lang, got, c.want)
		}
	}
	if got := WithLang("http://127.0.0.1/?lang=zh-CN&x=1", En, true); got != "http://127.0.0.1/?x=1" {
		t.Errorf("drop: %q", got)
	}
}

var verbRE = regexp.MustCompile(`%(\[(\d+)\])?[-+# 0]*\d*(\.\d+)?([a-zA-Z%])`)

// verbs maps each argument position a format uses to its verb letter.
func verbs(f string) map[int]string {
	out := map[int]string{}
	next := 1
	for _, m := range verbRE.FindAllStringSubmatch(f, -1) {
		if m[4] == "%" {
			continue
		}
		pos := next
		if m[2] != "" {
			pos, _ = strconv.Atoi(m[2])
		}
		out[pos] = m[4]
		next = pos + 1
	}
	return out
}

// TestCatalogueComplete: every key has both languages, with the same
// format verbs for the same arguments.
func TestCatalogueComplete(t *testing.T) {
	for _, k := range Keys() {
		m := catalogue[k]
		if strings.TrimSpace(m.En) == "" || strings.TrimSpace(m.ZH) == "" {
			t.Errorf("%s: both languages are needed: %q / %q", k, m.En, m.ZH)
			continue
		}
		ve, vz := verbs(m.En), verbs(m.ZH)
		if len(ve) != len(vz) {
			t.Errorf("%s: %d arguments in English, %d in Chinese", k, len(ve), len(vz))
		}
		for p, v := range ve {
			if vz[p] != v {
				t.Errorf("%s: argument %d is %%%s in English, %%%s in Chinese", k, p, v, vz[p])
			}
		}
	}
}

// EnglishSentence finds a run of three or more lowercase English words in
// s once code spans, Redis's names (with _ - . or capitals) and format
// verbs are removed: what a Chinese text must not contain.
func EnglishSentence(s string) string {
	s = regexp.MustCompile("`[^`]*`").ReplaceAllString(s, " ")
	s = verbRE.ReplaceAllString(s, " ")
	s = regexp.MustCompile(`[A-Za-z0-9]*[_\-.:/][A-Za-z0-9_\-.:/]*`).ReplaceAllString(s, " ")
	return regexp.MustCompile(`\b[a-z]+\b(\s+[a-z]+\b){2,}`).FindString(s)
}

// TestChineseHasNoEnglishSentence: the Chinese catalogue says nothing in
// English beyond Redis's own words.
func TestChineseHasNoEnglishSentence(t *testing.T) {
	for _, k := range Keys() {
		if e := EnglishSentence(catalogue[k].ZH); e != "" {
			t.Errorf("%s: English left in the Chinese text: %q in %q", k, e, catalogue[k].ZH)
		}
	}
}

type term struct {
	re    *regexp.Regexp
	forms []string
}

// glossary reads docs/glossary.zh-CN.md's checked table.
func glossary(t *testing.T) []term {
	b, err := os.ReadFile("../../docs/glossary.zh-CN.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	i := strings.Index(text, "## Terms checked by the test")
	if i < 0 {
		t.Fatal("the glossary has no checked table")
	}
	text = text[i:]
	if j := strings.Index(text[3:], "\n## "); j >= 0 {
		text = text[:j+3]
	}
	var out []term
	for _, l := range strings.Split(text, "\n") {
		if !strings.HasPrefix(l, "| `") {
			continue
		}
		l = strings.ReplaceAll(l, `\|`, "\x00")
		cols := strings.Split(l, "|")
		if len(cols) < 4 {
			continue
		}
		re := strings.ReplaceAll(strings.Trim(strings.TrimSpace(cols[1]), "`"), "\x00", "|")
		var forms []string
		for _, f := range strings.Split(cols[2], "/") {
			if f = strings.TrimSpace(f); f != "" {
				forms = append(forms, f)
			}
		}
		out = append(out, term{regexp.MustCompile("(?i)" + re), forms})
	}
	if len(out) < 10 {
		t.Fatalf("the glossary's checked table has %d terms", len(out))
	}
	return out
}

// StripNames removes what the glossary does not apply to: code spans and
// Redis's names (repl-backlog-size, master_repl_offset, .scenario).
func StripNames(s string) string {
	s = regexp.MustCompile("`[^`]*`").ReplaceAllString(s, " ")
	return regexp.MustCompile(`[A-Za-z0-9]*[_\-.][A-Za-z0-9_\-.]+`).ReplaceAllString(s, " ")
}

// CheckTerms reports the glossary terms whose English is in en and whose
// Chinese is not in zh.
func checkTerms(terms []term, en, zh string) []string {
	var bad []string
	en = StripNames(en)
	for _, tm := range terms {
		if !tm.re.MatchString(en) {
			continue
		}
		ok := false
		for _, f := range tm.forms {
			if strings.Contains(zh, f) {
				ok = true
			}
		}
		if !ok {
			bad = append(bad, tm.re.String()+" → "+strings.Join(tm.forms, " / "))
		}
	}
	return bad
}

// TestGlossary: where the English says a glossary term, the Chinese uses
// the glossary's word for it.
func TestGlossary(t *testing.T) {
	terms := glossary(t)
	if len(checkTerms(terms, "the master's backlog", "主服务器的积压缓冲区")) != 1 || len(checkTerms(terms, "cut the replication link", "断开复制链接")) != 1 {
		t.Fatal("the glossary check does not catch a wrong term")
	}
	for _, k := range Keys() {
		m := catalogue[k]
		for _, b := range checkTerms(terms, m.En, m.ZH) {
			t.Errorf("%s: %q / %q: %s", k, m.En, m.ZH, b)
		}
	}
}

// TestGuideZHIsChinese: the Chinese guide says nothing in English beyond
// Redis's own words (in code spans).
func TestGuideZHIsChinese(t *testing.T) {
	for i, b := range GuideZH {
		if e := EnglishSentence(b.Text); e != "" {
			t.Errorf("block %d: English left: %q in %q", i, e, b.Text)
		}
	}
}
