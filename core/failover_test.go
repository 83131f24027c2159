package core

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"replscope/core/scenario"
)

// runLine runs one more scenario line on w and returns its reply.
func runLine(t *testing.T, w *World, n int, src string) string {
	t.Helper()
	l, err := scenario.ParseLine("test", n, src, w.Nodes())
	require.NoError(t, err)
	w.Run(l)
	return w.Reply().Compact()
}

// A named target that its master lists but not online yet (a full sync
// still waiting for its RDB) is refused, as failoverCommand checks after
// finding it.
func TestFailoverTargetNotOnline(t *testing.T) {
	w := settledWorld(t, 1, "node A", "node B replicaof A")
	a := w.server("A")
	a.slaves[0].state = slaveWaitBgsaveEnd
	assert.Equal(t, "ERR FAILOVER target replica is not online.", runLine(t, w, 3, "A FAILOVER TO B"))
	assert.Equal(t, "no-failover", failoverStateString(a.failoverState))
}

// FAILOVER TO host port names a replica by 127.0.0.1 and its listening
// port, as findReplica does; another host is not a replica.
func TestFailoverToHostPort(t *testing.T) {
	w := settledWorld(t, 1, "node A", "node B replicaof A")
	port := itoa(int64(w.server("B").port))
	assert.Equal(t, "ERR FAILOVER target HOST and PORT is not a replica.", runLine(t, w, 3, "A FAILOVER TO localhost "+port))
	assert.Equal(t, "OK", runLine(t, w, 4, "A FAILOVER TO 127.0.0.1 "+port))
	assert.Empty(t, w.server("B").masterhost, "B was promoted")
	assert.Equal(t, "B", w.server("A").masterhost)
}

// syncCommand's checks of PSYNC ... FAILOVER: a master refuses it, a
// replica refuses another replid; either answer aborts the failover, and
// the old master is a master again with a new replid (replicationUnsetMaster).
func TestPsyncFailoverRefusals(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		spoil      func(w *World)
	}{
		{"target promoted meanwhile", "-ERR PSYNC FAILOVER can't be sent to a master.", func(w *World) { w.unsetMaster(w.server("B")) }},
		{"another replid", "-ERR PSYNC FAILOVER replid must match my replid.", func(w *World) { w.server("B").replid = w.newReplid() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := settledWorld(t, 1, "node A", "node B replicaof A", "A SET k v", "link B stall", "A SET k2 v2")
			a := w.server("A")
			old := a.replid
			assert.Equal(t, "OK", runLine(t, w, 6, "A FAILOVER TO B TIMEOUT 1000 FORCE"))
			assert.Equal(t, "waiting-for-sync", failoverStateString(a.failoverState))
			tc.spoil(w)
			var sink recordSink
			w.SetSink(&sink)
			runLine(t, w, 7, "advance 2s")
			assert.Contains(t, sink.texts(EvPsyncAnswered), tc.want)
			assert.Contains(t, sink.texts(EvFailover), "FAILOVER aborted: Failover target rejected psync request")
			assert.Empty(t, a.masterhost, "A is a master again")
			assert.Equal(t, old, a.replid2)
			assert.NotEqual(t, old, a.replid)
			assert.Equal(t, noFailover, int(a.failoverState))
		})
	}
}

// A replica that asks its master for a sync while the master fails over
// is answered -NOMASTERLINK; once the failover ends it syncs.
func TestSyncRefusedWhileFailingOver(t *testing.T) {
	w := settledWorld(t, 1, "node A", "node B replicaof A", "node C replicaof A", "A SET k v", "link B stall", "A SET k2 v2", "link C down")
	assert.Equal(t, "OK", runLine(t, w, 8, "A FAILOVER TO B TIMEOUT 3000"))
	c := w.server("C")
	// The retry cannot succeed meanwhile: settling leaves C down.
	runLine(t, w, 9, "link C up")
	assert.Nil(t, c.master)
	// A PSYNC already on its way gets the refusal.
	c.replState = replConnect
	w.links[c.index].cut = false
	w.connectToMasterAnyway(c)
	var sink recordSink
	w.SetSink(&sink)
	for w.Step() {
	}
	assert.Contains(t, sink.texts(EvPsyncAnswered), "-NOMASTERLINK Can't SYNC while failing over")
	assert.Nil(t, c.master)
	runLine(t, w, 10, "advance 4s")
	assert.NotNil(t, c.master, "C syncs once the failover is aborted")
	assert.Contains(t, sink.texts(EvFailover), "FAILOVER aborted: Replica never caught up before timeout")
}

// connectToMasterAnyway sends PSYNC as connectToMaster does, without its
// canConnect check (a PSYNC sent just before the master began failing over).
func (w *World) connectToMasterAnyway(r *Server) {
	id, off := "?", int64(-1)
	if r.cachedMaster != nil {
		id, off = r.cachedMaster.replid, r.cachedMaster.reploff+1
	}
	r.replState = replHandshake
	w.openLink(r).closeConn()
	w.sendToMaster(r, message{kind: msgPsync, text: id, offset: off})
}

// A write during a FAILOVER without TIMEOUT would wait for ever: the line
// says so instead of hanging.
func TestFailoverWriteWithoutTimeoutWaitsForever(t *testing.T) {
	w := settledWorld(t, 1, "node A", "node B replicaof A", "link B stall", "A SET k v")
	assert.Equal(t, "OK", runLine(t, w, 5, "A FAILOVER TO B"))
	runLine(t, w, 6, "A SET x 1")
	assert.Contains(t, w.LineErr(), "would wait forever")
	assert.Equal(t, "OK", runLine(t, w, 7, "A FAILOVER ABORT"))
	assert.Equal(t, "OK", runLine(t, w, 8, "A SET x 1"))
}

// The pings of replicationCron stop while a FAILOVER with a timeout
// pauses writes (manual_failover_in_progress), and go on without one.
func TestFailoverTimeoutStopsPings(t *testing.T) {
	for _, tc := range []struct {
		failover string
		pings    bool
	}{{"A FAILOVER TO B TIMEOUT 5000", false}, {"A FAILOVER TO B", true}} {
		w := settledWorld(t, 1, "node A", "config A repl-ping-replica-period 1", "node B replicaof A", "link B stall", "A SET k v")
		runLine(t, w, 6, tc.failover)
		var sink recordSink
		w.SetSink(&sink)
		runLine(t, w, 7, "advance 2s")
		assert.Equal(t, tc.pings, len(sink.texts(EvPing)) > 0, tc.failover)
	}
}

type recordSink struct{ events []Event }

func (s *recordSink) Event(_ int, e *Event) { s.events = append(s.events, *e) }

func (s *recordSink) texts(k EventKind) []string {
	var out []string
	for _, e := range s.events {
		if e.Kind == k {
			out = append(out, e.Text)
		}
	}
	return out
}

// After a FAILOVER the roles are the world's to say: `link` on the node
// that became master is refused there, and on the old master (now a
// replica) it cuts its link to the new one.
func TestLinkAfterFailover(t *testing.T) {
	w := settledWorld(t, 1, "node A", "node B replicaof A", "A FAILOVER TO B")
	runLine(t, w, 4, "link B down")
	assert.Equal(t, "link B: B is not a replica, it has no link to cut", w.LineErr())
	s, err := scenario.Parse("t.scenario", "node A\nnode B replicaof A\nA FAILOVER TO B\nlink A down\n")
	require.NoError(t, err)
	require.NoError(t, CheckScript(s, NativeLimits), "the cost check leaves roles after a FAILOVER to the world")

	runLine(t, w, 5, "link A down")
	assert.Empty(t, w.LineErr())
	assert.Equal(t, "down", func() string { v, _ := w.infoField(w.server("A"), "master_link_status"); return v }())
}
