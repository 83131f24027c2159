package app

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"replscope/app/i18n"
	"replscope/app/model"
	"replscope/core"
)

// englishLeft is a run of three lowercase English words in a page's text
// once code, Redis's names and tags are removed.
func englishLeft(html string) string {
	s := regexp.MustCompile(`(?s)<code[^>]*>.*?</code>`).ReplaceAllString(html, " ")
	s = regexp.MustCompile(`(?s)<pre[^>]*>.*?</pre>`).ReplaceAllString(s, " ")
	s = regexp.MustCompile(`<[^>]*>`).ReplaceAllString(s, " ")
	s = regexp.MustCompile("`[^`]*`").ReplaceAllString(s, " ")
	s = regexp.MustCompile(`[A-Za-z0-9]*[_\-.:/()=][A-Za-z0-9_\-.:/()=]*`).ReplaceAllString(s, " ")
	return regexp.MustCompile(`\b[a-z]+\b(\s+[a-z]+\b){2,}`).FindString(s)
}

// TestViewsInChinese: at lang=zh-CN, every event of a lesson renders its
// narration, PSYNC card, controls, diagram and backlog with no English
// sentence, and the exercise asks and reveals in Chinese.
func TestViewsInChinese(t *testing.T) {
	for _, name := range []string{"partial-resync", "backlog-overflow", "failover"} {
		p := loaded(t, name, 0)
		p.lang = i18n.ZH
		for k := -1; k < p.sess.Len(); k += 3 {
			snap, err := p.sess.At(k)
			if err != nil {
				t.Fatal(err)
			}
			p.pos, p.snap = k, snap
			s := p.snap
			colors := p.sess.NodeColors()
			for what, html := range map[string]string{
				"narration":  render(t, p.narrationProps(s)),
				"psync":      render(t, p.psyncCard(s)),
				"controls":   render(t, &Controls{Pos: s.Pos, Total: s.Total, LineNum: s.LineNum, Speed: 4, Lang: p.lang}),
				"topology":   render(t, &Topology{Nodes: s.Nodes, Sel: p.sel, NodeColors: colors, IDColors: p.idColors(), Lang: p.lang}),
				"offsetline": render(t, &BacklogView{Nodes: s.Nodes, Psync: s.Psync, NodeColors: colors, Lang: p.lang}),
				"narrow":     render(t, &BacklogView{Nodes: s.Nodes, Psync: s.Psync, NodeColors: colors, Narrow: true, Lang: p.lang}),
				"chart":      render(t, &OffsetChart{Series: p.sess.Chart(s.Pos), Pos: s.Pos, Roles: roles(s), NodeColors: colors, Lang: p.lang}),
				"stream":     render(t, &StreamView{Stream: s.Stream, NodeColors: colors, Lang: p.lang}),
				"console":    render(t, &Console{Prompt: p.sel, Nodes: nodeNames(s), Lang: p.lang}),
				"info":       render(t, &InfoPanel{Node: p.sel, Nodes: nodeNames(s), Lang: p.lang}),
				"intro":      render(t, &Intro{Lang: p.lang}),
				"picker":     render(t, &LessonPicker{Current: name, Lang: p.lang}),
				"lang":       render(t, &LangPicker{Lang: p.lang}),
			} {
				if e := englishLeft(html); e != "" {
					t.Errorf("%s event %d, %s: English left: %q", name, k, what, e)
				}
			}
		}
	}
	// The detector sees English where there is some.
	p := loaded(t, "partial-resync", 10)
	assert.NotEmpty(t, englishLeft(render(t, p.narrationProps(p.snap))))
	// The home page's list.
	html := render(t, &LessonList{Lang: i18n.ZH})
	assert.Empty(t, englishLeft(html))
	assert.Contains(t, html, "短暂断线以 +CONTINUE 告终")
	assert.Contains(t, html, "lang=zh-CN")
}

func TestExerciseInChinese(t *testing.T) {
	p := loaded(t, "partial-resync", 0)
	p.lang, p.view.exam = i18n.ZH, true
	html := render(t, p.quizView())
	assert.Contains(t, html, "R 会收到 +CONTINUE 还是 +FULLRESYNC？", "the lesson's ask.zh-CN")
	assert.Empty(t, englishLeft(html))
	p.quiz.answers[0] = "+FULLRESYNC"
	p.pos = p.sess.Len() - 1
	html = render(t, p.quizView())
	assert.Contains(t, html, "不太对。")
	assert.Contains(t, html, "偏移量在窗口内")
	assert.Empty(t, englishLeft(html))
}

func TestShareKeepsLang(t *testing.T) {
	p := loaded(t, "offsets", 3)
	p.lang = i18n.ZH
	snippetHTML := render(t, &ShareDialog{Link: p.ShareURL(false), Embed: p.ShareURL(true), Event: 4, Lang: p.lang})
	assert.Contains(t, snippetHTML, "分享当前视图")
	assert.Contains(t, p.ShareURL(false), "lang=zh-CN")
	assert.Contains(t, p.ShareURL(true), "lang=zh-CN")
	assert.Contains(t, p.fullViewURL(), "lang=zh-CN")
	// A changed scenario goes in the fragment (#s=); lang stays in the query.
	_, err := p.sess.Append("M SET zz 1")
	require.NoError(t, err)
	u := p.ShareURL(false)
	assert.True(t, strings.Contains(u, "lang=zh-CN") && strings.Contains(u, "#s="), u)
	p.lang = i18n.En
	assert.NotContains(t, p.ShareURL(false), "lang=")
	_ = core.EvPsyncAnswered
}

// A scenario with no Chinese shows its English with a note; a translated
// lesson shows none. (Rendering a whole Player would reload it from the
// URL, so the parts are checked.)
func TestUntranslatedNote(t *testing.T) {
	p := loaded(t, "offsets", 3)
	p.lang = i18n.ZH
	assert.False(t, p.untranslated())
	assert.Equal(t, "偏移量是什么：复制流的字节数", p.title())
	s, err := model.Load("", "mine.scenario", "title Mine\nsay Hello there.\nnode M\nM SET k v\n")
	require.NoError(t, err)
	p.sess, p.quiz = s, newQuiz(s)
	p.snap, err = s.At(0)
	require.NoError(t, err)
	p.pos, p.sel = 0, "M"
	assert.True(t, p.untranslated())
	assert.Equal(t, "Mine", p.title())
	html := render(t, p.narrationProps(p.snap))
	assert.Contains(t, html, "Hello there.")
	assert.Contains(t, html, "作为空的主节点启动", "the core's sentences are Chinese all the same")
}
