package app

import (
	"net/url"
	"os"
	"strconv"
	"strings"
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
	p := &Player{sess: s, play: playback{speed: 4}, quiz: newQuiz(s)}
	snap, err := s.At(at)
	require.NoError(t, err)
	p.pos, p.snap = at, snap
	if len(snap.Nodes) > 0 {
		p.sel = snap.Nodes[0].Name
	}
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
	for k = 0; k < p.sess.Len(); k++ {
		if p.sess.Event(k).Kind == core.EvPsyncAnswered && p.sess.Event(k).Psync.Continue {
			break
		}
	}
	snap, err := p.sess.At(k)
	require.NoError(t, err)
	html := render(t, &PsyncCard{D: snap.Psync})
	assert.Contains(t, html, `data-psync="continue"`)
	assert.Contains(t, html, "+CONTINUE")
	assert.Contains(t, html, "offset in window")
	assert.NotContains(t, html, "rs-check-fail")
}

// Node cards carry data-node and every INFO value its data-field; the
// band is the node's colour, the id a badge of its own.
func TestTopologyHooks(t *testing.T) {
	p := loaded(t, "partial-resync", 10)
	html := render(t, &Topology{Nodes: p.snap.Nodes, Sel: p.sel, NodeColors: p.sess.NodeColors(), IDColors: p.idColors()})
	for _, n := range p.snap.Nodes {
		assert.Contains(t, html, `data-node="`+n.Name+`"`)
	}
	assert.Contains(t, html, `data-field="master_repl_offset"`)
	assert.Contains(t, html, `data-field="slave_repl_offset"`)
	assert.Contains(t, html, `data-field="slave_read_repl_offset"`)
	assert.Contains(t, html, `rs-id-badge`)
	assert.Contains(t, html, `rs-card-band rs-node-1`)
}

// The controls expose the public data-action hooks and the position.
func TestControlsHooks(t *testing.T) {
	html := render(t, &Controls{Pos: 3, Total: 10, LineNum: 2, Speed: 4})
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
	limit := p.sess.Steps()[p.quiz.questions[0].Step].First - 1
	assert.Equal(t, limit, p.quiz.clamp(p.sess, 0, p.sess.Len()-1))
	assert.True(t, p.quiz.blocking(p.sess, limit))
	p.quiz.answers[0] = "+CONTINUE"
	right, answered := p.quiz.score()
	assert.Equal(t, 1, right)
	assert.Equal(t, 1, answered)
	assert.Greater(t, p.quiz.clamp(p.sess, limit, p.sess.Len()-1), limit)
	rs := p.results()
	require.Len(t, rs, 1)
	assert.True(t, rs[0].Right)
	assert.True(t, strings.HasPrefix(resultsCSV(rs), "data:text/csv;base64,"))
}

// Untrusted text renders escaped; an expect line is never narration.
func TestNarrationEscapes(t *testing.T) {
	s, err := model.Load("", "x.scenario", "title <b>x</b>\nsay <img src=x onerror=alert(1)>\nnode M\nexpect M role master\n")
	require.NoError(t, err)
	snap, err := s.At(0)
	require.NoError(t, err)
	p := &Player{sess: s}
	html := render(t, p.narrationProps(snap))
	assert.NotContains(t, html, "<img")
	assert.Contains(t, html, "&lt;img src=x onerror=alert(1)&gt;")
	end, err := s.At(s.Len() - 1)
	require.NoError(t, err)
	if end.Check {
		assert.NotContains(t, render(t, p.narrationProps(end)), "expect M role")
	}
}

// TestStepRendersOnlyWhatChanged steps through a lesson in a mounted
// Player and counts renders per view per step: the controls render once
// per step, views whose data did not change not at all.
func TestStepRendersOnlyWhatChanged(t *testing.T) {
	p := &Player{}
	disp := app.NewServerTester(p) // navigates: the first lesson, at its default start
	defer disp.Close()
	disp.Consume()
	require.NotNil(t, p.sess)
	start := p.pos
	total := map[string]int{}
	steps := p.sess.Len() - 1 - start
	for k := start + 1; k < p.sess.Len(); k++ {
		for v := range renders {
			delete(renders, v)
		}
		disp.Dispatch(app.Dispatch{Mode: app.Update, Source: p, Function: func(ctx app.Context) { p.Do(ctx, "step") }})
		disp.Consume()
		require.Equal(t, k, p.pos)
		assert.Equal(t, 1, renders["Controls"], "event %d: the controls show the new position", k)
		// The bar's buttons, the offset line's tools and legend are
		// children of their own: a step leaves them alone.
		for _, still := range []string{"LessonList", "LessonPicker", "Console", "Intro", "ControlButtons", "BacklogTools", "BacklogLegend"} {
			assert.Zero(t, renders[still], "event %d: %s has nothing new", k, still)
		}
		for v, n := range renders {
			assert.LessOrEqual(t, n, 1, "event %d: %s rendered %d times", k, v, n)
			total[v] += n
		}
	}
	t.Logf("renders over %d steps: %v", steps, total)
	assert.Less(t, total["PsyncCard"], steps/2, "the PSYNC card changes only around a PSYNC")
	assert.Less(t, total["Topology"], steps, "some events change no card")
	// A card renders when its own node changed, not whenever the picture
	// did: fewer card renders than pictures times cards.
	assert.Less(t, total["NodeCard"], total["Topology"]*len(p.snap.Nodes), "a step renders only the cards that changed")
	assert.Less(t, total["NodeActions"], steps/2, "the node's actions change only with its role and link")
}

// The console resolves a bare command to the prompt's node, hints at
// capitalised verbs and refuses unknown commands without running them.
func TestConsoleResolve(t *testing.T) {
	p := loaded(t, "partial-resync", 5)
	line, _ := p.consoleResolve("SET a 1")
	assert.Equal(t, "M SET a 1", line)
	line, _ = p.consoleResolve("R GET a")
	assert.Equal(t, "R GET a", line)
	line, msg := p.consoleResolve("LINK R down")
	assert.Empty(t, line)
	assert.Contains(t, msg, "link R down")
	line, msg = p.consoleResolve("FROB a")
	assert.Empty(t, line)
	assert.Contains(t, msg, "(error) ERR unknown command 'FROB'")
	line, _ = p.consoleResolve(":R")
	assert.NotEmpty(t, line)
	assert.Equal(t, "R", p.sel)
	assert.Equal(t, "INCRBY", complete("INCRB", nil), "INCRBY and INCRBYFLOAT: the common prefix")
	assert.Equal(t, "SE", complete("se", nil), "SET, SELECT, SETEX...: the common prefix")
	assert.Equal(t, "M GETDEL ", complete("M GETD", []string{"M"}))
	assert.Equal(t, "master_repl_offset:0\nx:1", cliReply("M INFO replication", `"master_repl_offset:0\r\nx:1\r\n"`))
	// redis-cli prints MEMORY MALLOC-STATS raw too: jemalloc's report as its lines.
	stats := "___ Begin jemalloc statistics ___\nVersion: \"5.3.0\"\n--- End jemalloc statistics ---\n"
	assert.Equal(t, strings.TrimSuffix(stats, "\n"), cliReply("M memory malloc-stats", strconv.Quote(stats)))
	assert.Equal(t, `"a\nb"`, cliReply("M GET k", `"a\nb"`), "other bulk strings stay quoted")
	assert.Equal(t, `"x"`, cliReply("M LATENCY GRAPH", `"x"`), "LATENCY GRAPH is raw only with its event")
}

// Share links carry a changed scenario in the fragment (never sent to a
// server), a lesson by name; param reads the fragment before the query.
func TestShareURLFragment(t *testing.T) {
	p := loaded(t, "offsets", 4)
	p.pageURL.Scheme, p.pageURL.Host, p.pageURL.Path = "http", "127.0.0.1:1", "/replscope/"
	assert.Equal(t, "http://127.0.0.1:1/replscope/?at=4&lesson=offsets", p.ShareURL(false))
	p.sess.Source += "M SET z 1\n"
	u, err := url.Parse(p.ShareURL(true))
	require.NoError(t, err)
	assert.Equal(t, "", u.Query().Get("s"))
	assert.Equal(t, "1", u.Query().Get("embed"))
	assert.True(t, strings.HasPrefix(u.Fragment, "s="))
	assert.Equal(t, u.Fragment[2:], param(u, "s"))
	old, _ := url.Parse("http://127.0.0.1/?s=abc&at=3")
	assert.Equal(t, "abc", param(old, "s"))
	assert.Equal(t, "3", param(old, "at"))
}

// A master's card shows master_failover_state while a FAILOVER is under
// way, from the event that starts it, and not before or after.
func TestCardShowsFailoverState(t *testing.T) {
	src, err := os.ReadFile("../core/testdata/conformance/failover-to.scenario")
	require.NoError(t, err)
	s, err := model.Load("failover-to", "failover-to.scenario", string(src))
	require.NoError(t, err)
	cards := func(k int) string {
		snap, err := s.At(k)
		require.NoError(t, err)
		return render(t, &Topology{Nodes: snap.Nodes, NodeColors: s.NodeColors()})
	}
	start := -1
	for k := 0; k < s.Len(); k++ {
		if e := s.Event(k); e.Kind == core.EvFailover && e.Node == "A" && e.A == 1 {
			start = k
			break
		}
	}
	require.GreaterOrEqual(t, start, 1, "A's failover starts")
	assert.NotContains(t, cards(start-1), `data-field="master_failover_state"`)
	html := cards(start)
	assert.Contains(t, html, `data-field="master_failover_state"`)
	assert.Contains(t, html, "waiting-for-sync")
	assert.NotContains(t, cards(s.Len()-1), `data-field="master_failover_state"`)
}

// TestRenderAsksTheSimulatorNothing: the Player's Render reads only what
// it holds. A call to the simulator (a Web Worker) from inside a render
// would yield to the browser mid-render, which could paint half a page;
// every read is made when the position or the session changes. Stepping
// through every event of every lesson, with a compare on, Render makes
// no call.
func TestRenderAsksTheSimulatorNothing(t *testing.T) {
	p := &Player{}
	disp := app.NewServerTester(p) // navigates: the first lesson
	defer disp.Close()
	disp.Consume()
	steps := 0
	for _, les := range web.Lessons() {
		s, err := model.Load(les.Name, les.Name+".scenario", les.Source)
		require.NoError(t, err)
		cmp, err := model.Load(les.Name, "compare.scenario", model.WithVersion(les.Source, "redis-6.2"))
		compare := err == nil
		disp.Dispatch(app.Dispatch{Mode: app.Update, Source: p, Function: func(ctx app.Context) {
			p.sess, p.snap, p.quiz = s, nil, newQuiz(s)
			if compare {
				p.cmpVer, p.cmp, p.cmpFor, p.cmpLen, p.cmpErr = "redis-6.2", cmp, s, len(s.Source), ""
			}
		}})
		disp.Consume()
		for k := -1; k < s.Len(); k++ {
			disp.Dispatch(app.Dispatch{Mode: app.Update, Source: p, Function: func(ctx app.Context) { p.seek(ctx, k, false) }})
			disp.Consume()
			require.Equal(t, les.Name, p.sess.Name)
			require.Equal(t, k, p.pos)
			before := calls.Load()
			p.Render()
			require.Equal(t, before, calls.Load(), "%s event %d: Render called the simulator", les.Name, k)
			if compare && k >= 0 {
				require.NotEmpty(t, p.cmpRows.rows, "%s event %d: the compare table is read", les.Name, k)
			}
			steps++
		}
	}
	t.Logf("%d positions rendered", steps)
}
