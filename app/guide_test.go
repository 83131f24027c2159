package app

import (
	"regexp"
	"replscope/core"
	"replscope/core/scenario"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"replscope/web"
)

// TestGuideNumbersAreProven: every number the guide states appears in a
// built-in lesson (its text, or an INFO value the lesson produces), and the
// conformance suite proves every lesson against redis-server.
func TestGuideNumbersAreProven(t *testing.T) {
	g := &Guide{}
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
		withInfo, err := core.Play(sc, core.Options{Seed: 1, Report: true})
		require.NoError(t, err)
		for _, st := range withInfo.Report().Steps {
			for _, node := range st.Nodes {
				for _, v := range node.Fields {
					known[v] = true
				}
			}
		}
		for k := 0; k < withInfo.Len(); k++ {
			for _, n := range num.FindAllString(withInfo.Event(k).Explain(), -1) {
				known[n] = true
			}
		}
	}
	found := num.FindAllString(text, -1)
	require.NotEmpty(t, found)
	for _, n := range found {
		if len(n) < 2 {
			continue // "PSYNC ? -1", list numbering, "7.0"
		}
		assert.True(t, known[n], "the guide states %s, which no lesson shows", n)
	}
}
