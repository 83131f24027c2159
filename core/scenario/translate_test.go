package scenario

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTranslations(t *testing.T) {
	src := "title Offsets\ntitle.zh-CN 偏移量\nsay It's bytes.\n  say.zh-CN 偏移量就是字节数：it's 不是引号\n\n# comment\nnode M\nnode R replicaof M\nask R slave_repl_offset\nask.zh-CN 这一行之后 R 的 slave_repl_offset 是多少？\nM SET k v\nsay untranslated\n"
	s, err := Parse("t.scenario", src)
	require.NoError(t, err)
	assert.Len(t, s.Lines, 7, "translations are not lines")
	title, ok := s.TitleIn("zh-CN")
	assert.True(t, ok)
	assert.Equal(t, "偏移量", title)
	title, ok = s.TitleIn("fr")
	assert.False(t, ok)
	assert.Equal(t, "Offsets", title)
	say, ok := s.SayIn("zh-CN", "It's bytes.")
	assert.True(t, ok)
	assert.Equal(t, "偏移量就是字节数：it's 不是引号", say)
	assert.Equal(t, 3, s.Lines[1].Num, "the say line keeps its number")
	ask := s.Lines[4]
	require.Equal(t, Ask, ask.Kind)
	q, ok := ask.In("zh-CN")
	assert.True(t, ok)
	assert.Equal(t, "这一行之后 R 的 slave_repl_offset 是多少？", q)
	q, ok = ask.In("en")
	assert.False(t, ok)
	assert.Equal(t, "", q)
	assert.Equal(t, []int{12}, s.Untranslated("zh-CN"))
	assert.Equal(t, []int{1, 3, 12}, s.Untranslated("de"))
	say, ok = s.SayIn("zh-CN", "untranslated")
	assert.False(t, ok)
	assert.Equal(t, "untranslated", say)
}

func TestTranslationErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"say.zh-CN 你好", "t.scenario:1:1: `say.zh-CN` translates the `say` line just before it, and the line before is not one"},
		{"say hi\nnode M\nsay.zh-CN 你好", "t.scenario:3:1: `say.zh-CN` translates the `say` line just before it, and the line before is not one"},
		{"title T\nsay hi\ntitle.zh-CN 标题", "t.scenario:3:1: `title.zh-CN` translates the `title` line just before it, and the line before is not one"},
		{"say hi\nsay.zh-CN 你好\nsay.zh-CN 您好", "t.scenario:3:1: line 1 already has a zh-CN translation"},
		{"say hi\nsay.ZH 你好", "t.scenario:2:5: a language tag such as zh-CN was expected after `say.`, not \"ZH\""},
		{"say hi\nsay. 你好", "t.scenario:2:5: a language tag such as zh-CN was expected after `say.`, not \"\""},
		{"say hi\nsay.zh-CN   ", "t.scenario:2:13: the zh-CN text of the `say` line was expected"},
		{"node M\nask M psync\nM SET k v\nask.zh-CN 问题", "t.scenario:4:1: `ask.zh-CN` translates the `ask` line just before it, and the line before is not one"},
	}
	for _, c := range cases {
		_, err := Parse("t.scenario", c.src)
		if assert.Error(t, err, c.src) {
			assert.Equal(t, c.want, err.Error(), c.src)
		}
	}
	// Several languages on one line, a translation line not being a verb.
	s, err := Parse("t.scenario", "say hi\nsay.zh-CN 你好\nsay.ja こんにちは")
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"zh-CN": "你好", "ja": "こんにちは"}, s.Lines[0].Tr)
	_, err = ParseLine("c", 1, "say.zh-CN 你好", nil)
	assert.Error(t, err, "the console takes steps, not translations")
}

// TestLessonsTranslated: every built-in lesson has a Chinese title and a
// Chinese text for each say line, and a Chinese question for each ask.
func TestLessonsTranslated(t *testing.T) {
	files, _ := filepath.Glob("../../web/lessons/*.scenario")
	require.NotEmpty(t, files)
	for _, f := range files {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		s, err := Parse(filepath.Base(f), string(src))
		require.NoError(t, err, f)
		assert.Empty(t, s.Untranslated("zh-CN"), "%s: lines with no say.zh-CN / title.zh-CN", f)
		_, ok := s.TitleIn("zh-CN")
		assert.True(t, ok, "%s: no title.zh-CN", f)
		for _, l := range s.Lines {
			if l.Kind == Ask {
				_, ok := l.In("zh-CN")
				assert.True(t, ok, "%s:%d: no ask.zh-CN", f, l.Num)
			}
		}
	}
}
