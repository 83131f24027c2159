package model

import (
	"encoding/json"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"replscope/app/proto"
	"replscope/app/simhost"
)

// counting counts the requests that reach the simulator.
type counting struct {
	t Transport
	n atomic.Int64
}

func (c *counting) Call(r *proto.Request) (*proto.Response, error) {
	c.n.Add(1)
	return c.t.Call(r)
}

// withConn runs f with t as the simulator.
func withConn(t Transport, f func()) {
	mu.Lock()
	prev := conn
	conn = t
	mu.Unlock()
	defer Connect(prev)
	f()
}

func snapJSON(t *testing.T, s *Session, pos int) string {
	sn, err := s.At(pos)
	require.NoError(t, err)
	b, err := json.Marshal(sn)
	require.NoError(t, err)
	return string(b)
}

// A lesson's first load is answered from the generator's recording: the
// simulator is asked nothing, and the page gets what it would have got.
// Anything else begins the session on the simulator, once, and from then
// on the simulator answers: a console line changes the session.
func TestBootedFirstLoad(t *testing.T) {
	rec, err := RecordLoad(simhost.NewLocal(), "x", "x.scenario", src)
	require.NoError(t, err)
	require.Len(t, rec, 4, "begin, continue, meta, at")
	// Through JSON, as the page reads it.
	b, err := json.Marshal(rec)
	require.NoError(t, err)
	var calls []BootCall
	require.NoError(t, json.Unmarshal(b, &calls))

	plain, err := Load("x", "x.scenario", src)
	require.NoError(t, err)
	fresh, err := Load("x", "x.scenario", src)
	require.NoError(t, err)

	atWant, want2 := snapJSON(t, plain, plain.DefaultAt()), snapJSON(t, plain, 2)

	// The same simulator underneath, so that plain's session is there too.
	sim := &counting{t: conn}
	withConn(Booted(sim, func() []BootCall { return calls }), func() {
		s, err := Load("x", "x.scenario", src)
		require.NoError(t, err)
		at := s.DefaultAt()
		assert.Equal(t, atWant, snapJSON(t, s, at))
		assert.Equal(t, plain.meta, s.meta)
		assert.Zero(t, sim.n.Load(), "the first picture asks the simulator nothing")

		// Another position: the session is played on the simulator first.
		assert.Equal(t, want2, snapJSON(t, s, 2))
		assert.Equal(t, int64(3), sim.n.Load(), "begin, continue, then the position")
		_, err = s.Append("M SET c 3")
		require.NoError(t, err)
		_, err = plain.Append("M SET c 3")
		require.NoError(t, err)
		last := s.Len() - 1
		assert.Equal(t, snapJSON(t, plain, last), snapJSON(t, s, last))
		// The recorded position now asks the simulator: the session changed.
		n := sim.n.Load()
		snapJSON(t, s, at)
		assert.Equal(t, n+1, sim.n.Load())

		// A second load of the lesson is the lesson as written, not the
		// first one with its console line.
		s2, err := Load("x", "x.scenario", src)
		require.NoError(t, err)
		assert.Less(t, s2.Len(), s.Len())
		want := snapJSON(t, fresh, 3)
		Warm()
		n = sim.n.Load()
		assert.Equal(t, want, snapJSON(t, s2, 3))
		assert.Equal(t, n+1, sim.n.Load(), "Warm played it ahead")

		// A compare between a recorded session and another.
		other, err := Load("y", "y.scenario", "version redis-6.2\n"+src)
		require.NoError(t, err)
		assert.NotEmpty(t, CompareLine(s2, other, 2))

		// Another scenario is not in the recording.
		n = sim.n.Load()
		_, err = Load("z", "z.scenario", "node M\n")
		require.NoError(t, err)
		assert.Greater(t, sim.n.Load(), n)
	})
}

// Without a recording (a fetch that failed), everything is the simulator's.
func TestBootedWithoutRecording(t *testing.T) {
	sim := &counting{t: simhost.NewLocal()}
	withConn(Booted(sim, func() []BootCall { return nil }), func() {
		s, err := Load("x", "x.scenario", src)
		require.NoError(t, err)
		_, err = s.At(s.DefaultAt())
		require.NoError(t, err)
		assert.Equal(t, int64(4), sim.n.Load())
	})
}
