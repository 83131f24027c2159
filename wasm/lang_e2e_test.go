//go:build !js

package main

import (
	"context"
	"encoding/base64"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// visibleProse is the page's text without what Redis prints (code, the
// INFO text, the stream bytes, the console) and without form values.
const visibleProse = `(() => {
	const c = document.body.cloneNode(true);
	c.querySelectorAll('code, pre, select, textarea, input, .rs-stream, .rs-info-text, script').forEach(e => e.remove());
	return c.innerText;
})()`

// englishSentence is a run of three lowercase English words once Redis's
// names are removed.
func englishSentence(s string) string {
	s = regexp.MustCompile(`[A-Za-z0-9]*[_\-.:/()=<>+?#*][A-Za-z0-9_\-.:/()=<>+?#*]*`).ReplaceAllString(s, " ")
	return regexp.MustCompile(`\b[a-z]+\b(\s+[a-z]+\b){2,}`).FindString(s)
}

// TestLessonInChinese plays a lesson at ?lang=zh-CN: the page is Chinese
// (html lang, title, narration, explanations, PSYNC card) with no English
// sentence at any event, the choice is remembered, and the screenshots
// show the CJK text.
func TestLessonInChinese(t *testing.T) {
	base := site(t, "/")
	b := newBrowser(t, 1400, 1000)
	b.open(t, base+"?lesson=partial-resync&lang=zh-CN")
	var lang string
	b.run(t, chromedp.Evaluate(`document.documentElement.lang`, &lang))
	assert.Equal(t, "zh-Hans-CN", lang)
	assert.Contains(t, b.text(t, `.rs-title`), "短暂断线以 +CONTINUE 告终")
	for i := 0; i < 60; i++ {
		var prose string
		b.run(t, chromedp.Evaluate(visibleProse, &prose))
		if e := englishSentence(prose); e != "" {
			t.Errorf("event %d: English left: %q", b.pos(t), e)
			break
		}
		if b.pos(t) == 34 {
			b.shot(t, "zh-CN-psync-continue")
			assert.Contains(t, b.text(t, `[data-role=narration]`), "不需要 RDB")
		}
		before := b.pos(t)
		b.click(t, `[data-action=step]`)
		if b.pos(t) == before {
			break
		}
	}
	// Remembered: the same browser without ?lang= stays in Chinese.
	b.open(t, base+"?lesson=offsets")
	assert.Contains(t, b.text(t, `.rs-title`), "偏移量是什么")
	var share string
	b.click(t, `[data-action=share]`)
	b.run(t, chromedp.Value(`[data-role=share-link]`, &share, chromedp.ByQuery))
	assert.Contains(t, share, "lang=zh-CN", "the share link keeps the language")
	b.shot(t, "zh-CN-share")
	// The Chinese guide and its embeds.
	b.open(t, base+"guide.html?lang=zh-CN")
	assert.Contains(t, b.text(t, `h1`), "master_repl_offset")
	var prose string
	b.run(t, chromedp.Evaluate(visibleProse, &prose))
	assert.Empty(t, englishSentence(prose))
	b.checkCJKGlyphs(t, `h2`)
	b.shot(t, "zh-CN-guide")
	b.clean(t)
}

// TestLanguagePicker: an English page switches to Chinese from the header
// and back, keeping the position.
func TestLanguagePicker(t *testing.T) {
	base := site(t, "/")
	b := newBrowser(t, 1400, 1000)
	b.open(t, base+"?lesson=failover&at=12&lang=en")
	assert.Contains(t, b.text(t, `.rs-title`), "Failover")
	b.shot(t, "en-failover")
	b.run(t, chromedp.SetValue(`[data-role=lang]`, "zh-CN", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('[data-role=lang]').dispatchEvent(new Event('change', {bubbles: true}))`, nil))
	require.True(t, b.poll(t, `document.querySelector('.rs-title').innerText.includes('故障转移')`, 10e9))
	assert.Equal(t, 12, b.pos(t))
	var href string
	b.run(t, chromedp.Evaluate(`location.href`, &href))
	assert.True(t, strings.Contains(href, "lang=zh-CN"), href)
	b.shot(t, "zh-CN-failover")
	// A shared scenario with no Chinese: English prose and a note.
	src := base64.RawURLEncoding.EncodeToString([]byte("title Mine\nsay Hello there.\nnode M\nM SET k v\n"))
	b.open(t, base+"?s="+src+"&lang=zh-CN")
	b.run(t, chromedp.WaitVisible(`[data-role=untranslated]`, chromedp.ByQuery))
	assert.Contains(t, b.text(t, `[data-role=untranslated]`), "本课程还没有中文翻译")
	b.clean(t)
}

// checkCJKGlyphs: the Chinese text of the elements sel is drawn with fonts
// that have Chinese glyphs (fontconfig's :lang=zh families), so nothing
// falls back to a font without them (missing glyphs).
func (b *browser) checkCJKGlyphs(t *testing.T, sel string) {
	t.Helper()
	out, err := exec.Command("fc-list", ":lang=zh", "family").Output()
	if err != nil {
		t.Log("fc-list is not installed: the glyph check is skipped")
		return
	}
	cjk := map[string]bool{}
	for _, l := range strings.Split(string(out), "\n") {
		for _, f := range strings.Split(l, ",") {
			if f = strings.TrimSpace(f); f != "" {
				cjk[f] = true
			}
		}
	}
	require.NotEmpty(t, cjk, "no Chinese font is installed (apt-get install fonts-noto-cjk)")
	var ids []cdp.NodeID
	b.run(t, chromedp.NodeIDs(sel, &ids, chromedp.ByQueryAll))
	require.NotEmpty(t, ids)
	b.run(t, chromedp.ActionFunc(func(ctx context.Context) error {
		if err := css.Enable().Do(ctx); err != nil {
			return err
		}
		for _, id := range ids {
			fonts, err := css.GetPlatformFontsForNode(id).Do(ctx)
			if err != nil {
				return err
			}
			for _, f := range fonts {
				if !cjk[f.FamilyName] {
					t.Errorf("%s: %v glyphs drawn with %q, which has no Chinese glyphs", sel, f.GlyphCount, f.FamilyName)
				}
			}
		}
		return nil
	}))
}

// TestExerciseInChinese: exercise mode asks the lesson's ask.zh-CN and
// reveals and scores in Chinese.
func TestExerciseInChinese(t *testing.T) {
	base := site(t, "/")
	b := newBrowser(t, 1400, 1000)
	b.open(t, base+"?lesson=failover&mode=exercise&lang=zh-CN")
	b.run(t, chromedp.WaitVisible(`[data-role=question]`, chromedp.ByQuery))
	assert.Contains(t, b.text(t, `[data-role=question]`), "B 会收到 +CONTINUE 还是 +FULLRESYNC？")
	b.click(t, `[data-answer="+CONTINUE"]`)
	b.run(t, chromedp.WaitVisible(`[data-role=reveal][data-correct=true]`, chromedp.ByQuery))
	assert.Contains(t, b.text(t, `[data-role=reveal]`), "答对了！")
	b.run(t, chromedp.WaitVisible(`[data-question="2"] [data-answer="+FULLRESYNC"]`, chromedp.ByQuery))
	b.click(t, `[data-question="2"] [data-answer="+FULLRESYNC"]`)
	b.run(t, chromedp.WaitVisible(`[data-role=reveal][data-correct=false]`, chromedp.ByQuery))
	reveal := b.text(t, `[data-role=reveal]`)
	assert.Contains(t, reveal, "不太对。")
	assert.Contains(t, reveal, "复制 ID")
	assert.Contains(t, b.text(t, `[data-role=score]`), "得分：1 / 2")
	var prose string
	b.run(t, chromedp.Evaluate(visibleProse, &prose))
	assert.Empty(t, englishSentence(prose))
	b.shot(t, "zh-CN-exercise-reveal")
	b.clean(t)
}
