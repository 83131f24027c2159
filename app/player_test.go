package app

import (
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"replscope/app/model"
	"replscope/core"
	"replscope/web"
)

func loaded(t *testing.T, name string, at int) *Player {
	les, ok := web.Find(name)
	require.True(t, ok)
	s, err := model.Load(name, name+".scenario", les.Source)
	require.NoError(t, err)
	p := &Player{sess: s, speed: 4, quiz: newQuiz(s)}
	snap, err := s.At(at)
	require.NoError(t, err)
	p.pos, p.snap, p.sel = at, snap, snap.Nodes[0].Name
	return p
}

// render mounts a component server-side and returns its HTML.
func render(t *testing.T, c app.UI) string {
	t.Helper()
	disp := app.NewServerTester(c)
	defer disp.Close()
	disp.Consume()
	return app.HTMLString(c)
}

// The PSYNC card carries data-psync and ticks each condition.
func TestPsyncCardMatch(t *testing.T) {
	p := loaded(t, "partial-resync", 0)
	var k int
	for k = 0; k < p.sess.TL.Len(); k++ {
		if p.sess.TL.Event(k).Kind == core.EvPsyncAnswered && p.sess.TL.Event(k).Psync.Continue {
			break
		}
	}
	snap, err := p.sess.At(k)
	require.NoError(t, err)
	p.snap = snap
	card := &PsyncCard{P: p}
	html := render(t, card)
	assert.Contains(t, html, `data-psync="continue"`)
	assert.Contains(t, html, "+CONTINUE")
	assert.Contains(t, html, "offset in window")
	assert.NotContains(t, html, "rs-check-fail")
}

// Node cards carry data-node and every INFO value its data-field.
func TestTopologyHooks(t *testing.T) {
	p := loaded(t, "partial-resync", 10)
	top := &Topology{P: p}
	html := render(t, top)
	for _, n := range p.snap.Nodes {
		assert.Contains(t, html, `data-node="`+n.Name+`"`)
	}
	assert.Contains(t, html, `data-field="master_repl_offset"`)
	assert.Contains(t, html, `data-field="slave_repl_offset"`)
	assert.Contains(t, html, `data-field="slave_read_repl_offset"`)
}

// The controls expose the public data-action hooks and the position.
func TestControlsHooks(t *testing.T) {
	p := loaded(t, "offsets", 3)
	c := &Controls{P: p}
	html := render(t, c)
	for _, a := range []string{"step", "back", "next-line", "prev-line", "play", "reset"} {
		assert.Contains(t, html, `data-action="`+a+`"`)
	}
	assert.Contains(t, html, `data-event="3"`)
	assert.Contains(t, html, `data-role="position"`)
}

// Exercise mode stops before an unanswered question's line.
func TestQuizClamp(t *testing.T) {
	p := loaded(t, "failover", 0)
	require.Len(t, p.quiz.questions, 2)
	limit := p.sess.TL.Steps()[p.quiz.questions[0].Step].First - 1
	assert.Equal(t, limit, p.quiz.clamp(p.sess, 0, p.sess.TL.Len()-1))
	assert.True(t, p.quiz.blocking(p.sess, limit))
	p.quiz.answers[0] = "+CONTINUE"
	right, answered := p.quiz.score()
	assert.Equal(t, 1, right)
	assert.Equal(t, 1, answered)
	assert.Greater(t, p.quiz.clamp(p.sess, limit, p.sess.TL.Len()-1), limit)
}

// Untrusted text renders escaped.
func TestNarrationEscapes(t *testing.T) {
	s, err := model.Load("", "x.scenario", "title <b>x</b>\nsay <img src=x onerror=alert(1)>\nnode M\n")
	require.NoError(t, err)
	p := &Player{sess: s}
	snap, err := s.At(0)
	require.NoError(t, err)
	p.snap = snap
	n := &Narration{P: p}
	html := render(t, n)
	assert.NotContains(t, html, "<img")
	assert.Contains(t, html, "&lt;img src=x onerror=alert(1)&gt;")
}
