package model

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"replscope/app/simhost"
)

func TestMain(m *testing.M) {
	Connect(simhost.NewLocal())
	os.Exit(m.Run())
}

const src = "title T\nsay hello\nnode M\nnode R replicaof M\nM SET a 1\nlink R down\nM SET b 2\nlink R up\n"

func TestLoadAndSnapshots(t *testing.T) {
	s, err := Load("x", "x.scenario", src)
	require.NoError(t, err)
	before, err := s.At(-1)
	require.NoError(t, err)
	assert.Equal(t, -1, before.Pos)
	assert.Equal(t, 0, before.Step, "before the first event the first line is shown")
	assert.Equal(t, []string{"hello"}, before.Say)
	end, err := s.At(s.Len() - 1)
	require.NoError(t, err)
	require.NotNil(t, end.Psync, "the last line made a PSYNC")
	assert.True(t, end.Psync.Continue)
	assert.Equal(t, 2, len(end.Nodes))
	assert.Contains(t, end.Info["M"], "master_repl_offset:77\n")
	// Beyond the end clamps; no panic on any position.
	for _, p := range []int{-100, -1, 0, 3, s.Len() + 5} {
		_, err := s.At(p)
		assert.NoError(t, err)
	}
	// The same id has the same colour everywhere.
	assert.Equal(t, s.Color(end.Nodes[0].ReplID), s.Color(end.Nodes[1].ReplID))
	assert.GreaterOrEqual(t, s.Color(end.Nodes[0].ReplID), 0)
}

func TestLoadErrors(t *testing.T) {
	_, err := Load("", "bad.scenario", "node M\nR SET a 1\n")
	require.Error(t, err)
	assert.Equal(t, `bad.scenario:2:1: a verb or a declared node name was expected, not "R"`, err.Error())
}

func TestAppend(t *testing.T) {
	s, err := Load("x", "x.scenario", src)
	require.NoError(t, err)
	n := s.Len()
	st, err := s.Append("M SET c 3")
	require.NoError(t, err)
	assert.Equal(t, "OK", st.Reply)
	assert.Greater(t, s.Len(), n)
	assert.True(t, strings.HasSuffix(s.Source, "M SET c 3\n"))
	_, err = s.Append("Q SET c 3")
	assert.Error(t, err, "unknown node")
	st, err = s.Append("R SET x 1")
	require.NoError(t, err)
	assert.Contains(t, st.Reply, "READONLY")
	assert.True(t, st.ReplyErr)
	assert.NotContains(t, s.Source, "R SET x 1", "a refused command stays out of the scenario")
	st, err = s.Append("M ZADD z 1 a")
	require.NoError(t, err)
	assert.Equal(t, "(integer) 1", st.Reply)
	assert.Contains(t, s.Source, "M ZADD z 1 a")
}

func TestChart(t *testing.T) {
	s, err := Load("x", "x.scenario", src)
	require.NoError(t, err)
	all := s.Chart(s.Len() - 1)
	require.NotEmpty(t, all)
	for _, se := range all {
		for i := 1; i < len(se.Point); i++ {
			assert.GreaterOrEqual(t, se.Point[i].Event, se.Point[i-1].Event)
		}
	}
	assert.Empty(t, s.Chart(-1))
}

// TestLoaderInSlices: a scenario played a slice at a time, as the page
// does with its progress bar, is the same session as Load's.
func TestLoaderInSlices(t *testing.T) {
	src := "node M\nnode R replicaof M\nrepeat 500 M SET k{i} v\n"
	whole, err := Load("", "x.scenario", src)
	require.NoError(t, err)
	ld, err := Begin("", "x.scenario", src)
	require.NoError(t, err)
	var last int64
	slices := 0
	for {
		done, err := ld.Step(100)
		require.NoError(t, err)
		if done {
			break
		}
		ev, exp := ld.Progress()
		require.GreaterOrEqual(t, ev, last, "progress only grows")
		require.LessOrEqual(t, ev, exp)
		last = ev
		slices++
	}
	require.Greater(t, slices, 10)
	s, err := ld.Session()
	require.NoError(t, err)
	require.Equal(t, whole.Len(), s.Len())
	require.Equal(t, whole.Chart(whole.Len()), s.Chart(s.Len()))
	_, err = Begin("", "x.scenario", "node M\nrepeat 100000 M SET k{i} {4mb}\n")
	require.ErrorContains(t, err, "x.scenario:2:", "over the page's limits: refused before anything runs")
}

func TestStreamWindow(t *testing.T) {
	s, err := Load("x", "x.scenario", src)
	require.NoError(t, err)
	// Find the event that fed SET a 1 on M.
	for k := 0; k < s.Len(); k++ {
		e := s.Event(k)
		if e.Kind.String() == "fed" && e.Node == "M" {
			snap, err := s.At(k)
			require.NoError(t, err)
			assert.Equal(t, "M", snap.Stream.Node)
			assert.Equal(t, int64(24), snap.Stream.HiFrom)
			assert.Equal(t, int64(50), snap.Stream.HiTo)
			rows := snap.Stream.Rows(32)
			require.NotEmpty(t, rows)
			assert.Equal(t, int64(1), rows[0].Offset)
			assert.Equal(t, "*2\r\n$6\r\nSELECT", string(rows[0].Bytes[:14]))
			return
		}
	}
	t.Fatal("no fed event")
}
