package app

import (
	"regexp"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"replscope/app/i18n"
	"replscope/app/model"
	"replscope/core"
	"replscope/core/scenario"
	"replscope/web"
)

// TestGuideZH: every number the Chinese guide states is one a lesson
// shows, every lesson it embeds exists, and it follows the article's
// outline.
func TestGuideZH(t *testing.T) {
	g := &GuideZH{}
	disp := app.NewServerTester(g)
	defer disp.Close()
	disp.Consume()
	html := app.HTMLString(g)
	text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(html, " ")
	known := map[string]bool{}
	num := regexp.MustCompile(`\b\d+\b`)
	for _, les := range web.Lessons() {
		for _, n := range num.FindAllString(les.Source, -1) {
			known[n] = true
		}
		sc, err := scenario.Parse(les.Name+".scenario", les.Source)
		require.NoError(t, err)
		tl, err := core.Play(sc, core.Options{Seed: 1, Report: true})
		require.NoError(t, err)
		for _, st := range tl.Report().Steps {
			for _, node := range st.Nodes {
				for _, v := range node.Fields {
					known[v] = true
				}
			}
		}
	}
	for _, n := range num.FindAllString(text, -1) {
		if len(n) < 2 {
			continue
		}
		assert.True(t, known[n], "the Chinese guide states %s, which no lesson shows", n)
	}
	for _, h := range []string{"复制偏移量的本质", "从节点获取偏移量的机制", "关键函数调用链", "与复制积压缓冲区的关系", "实际应用中的意义"} {
		assert.Contains(t, text, h)
	}
	notes := 0
	for _, b := range i18n.GuideZH {
		switch b.Kind {
		case "embed":
			les, ok := web.Find(b.Lesson)
			if assert.True(t, ok, b.Lesson) {
				s, err := model.Load(les.Name, les.Name+".scenario", les.Source)
				require.NoError(t, err)
				assert.Less(t, b.At, s.Len(), "%s: &at=%d is past the last event", b.Lesson, b.At)
			}
		case "note":
			notes++
		}
	}
	assert.GreaterOrEqual(t, notes, 2, "the guide says where the article simplifies")
}
