package core

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"replscope/core/scenario"
)

// replies plays src and returns each command line's reply by its text.
func replies(t *testing.T, src string) map[string]string {
	t.Helper()
	s, err := scenario.Parse("t.scenario", src)
	require.NoError(t, err)
	tl, err := Play(s, Options{Seed: 1, Report: true})
	require.NoError(t, err)
	out := map[string]string{}
	for _, st := range tl.Report().Steps {
		out[st.Text] = st.Reply
	}
	return out
}

// What the conformance harness cannot record (it speaks with one
// connection per node, and these answer what real timing or a second
// session would decide): refused with why and what to use.
func TestNetworkingRefusals(t *testing.T) {
	r := replies(t, `node M
node R replicaof M
M LATENCY HISTOGRAM set
M REPLCONF listening-port 1
R REPLCONF GETACK *
M REPLCONF ACK 10
M SCRIPT DEBUG yes
M EVAL "return 1" 0
M CLIENT KILL USER default
`)
	assert.Equal(t, "[]", r["M LATENCY HISTOGRAM set"], "modelled (stats.go): no SET has run yet")
	assert.Equal(t, "OK", r["M REPLCONF listening-port 1"], "a replica's handshake option is answered as it is answered to a replica")
	assert.Contains(t, r["R REPLCONF GETACK *"], "ERR ReplScope cannot run REPLCONF GETACK: ", "GETACK has no reply")
	assert.Contains(t, r["M REPLCONF ACK 10"], "ERR ReplScope cannot run REPLCONF ACK: ", "ACK from a non-replica has no reply")
	assert.Equal(t, "OK", r["M SCRIPT DEBUG yes"])
	assert.Contains(t, r[`M EVAL "return 1" 0`], "ERR ReplScope cannot run EVAL under SCRIPT DEBUG YES|SYNC: ")
	assert.Equal(t, "1", r["M CLIENT KILL USER default"], "the replica's connection runs as default; the caller is skipped")
}

// QUIT, a CLIENT KILL that matches the caller and ACL DELUSER of its
// user close its connection after the reply (CLIENT_CLOSE_AFTER_REPLY):
// the next command comes on a new connection, whose db, name, protocol
// and MULTI state are a new client's, unauthenticated while the default
// user has a password (as RESET leaves it too). Inside EXEC the commands after the kill still run (and
// propagate) but their replies are never written, as redis-server 7.0.15
// answered `*2\r\n:1\r\n` and closed.
func TestCloseAfterReply(t *testing.T) {
	s, err := scenario.Parse("t.scenario", `node M
node R replicaof M
M SELECT 3
M CLIENT SETNAME app
M CLIENT KILL TYPE normal SKIPME no
M CLIENT GETNAME
M SET a 1
M HELLO 3
M SELECT 5
M QUIT
M DBSIZE
M CONFIG GET maxmemory
M CLIENT KILL 127.0.0.1:50000
M MULTI
M CLIENT KILL USER default SKIPME no
M SET b 2
M EXEC
R GET b
M ACL SETUSER default >pw
M QUIT
M PING
M HELLO 3
M AUTH pw
M RESET
M GET b
M AUTH pw
M ACL SETUSER alice on >a +@all ~*
M AUTH alice a
M ACL DELUSER alice
M ACL WHOAMI
M AUTH pw
M ACL SETUSER default nopass
M RESET
M PING
`)
	require.NoError(t, err)
	tl, err := Play(s, Options{Seed: 1, Report: true})
	require.NoError(t, err)
	var got []string
	for _, st := range tl.Report().Steps {
		if !strings.HasPrefix(st.Text, "node ") {
			got = append(got, st.Text+" → "+st.Reply)
		}
	}
	assert.Equal(t, []string{
		"M SELECT 3 → OK",
		"M CLIENT SETNAME app → OK",
		"M CLIENT KILL TYPE normal SKIPME no → 1",
		"M CLIENT GETNAME → nil",
		"M SET a 1 → OK",
		"M HELLO 3 → {server,redis,version,7.0.15,proto,3,id,1,mode,standalone,role,master,modules,[]}",
		"M SELECT 5 → OK",
		"M QUIT → OK",
		"M DBSIZE → 1",
		"M CONFIG GET maxmemory → [maxmemory,0]",
		"M CLIENT KILL 127.0.0.1:50000 → OK",
		"M MULTI → OK",
		"M CLIENT KILL USER default SKIPME no → QUEUED",
		"M SET b 2 → QUEUED",
		"M EXEC → [2,<closed>]",
		"R GET b → 2",
		"M ACL SETUSER default >pw → OK",
		"M QUIT → OK",
		"M PING → NOAUTH Authentication required.",
		"M HELLO 3 → NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time",
		"M AUTH pw → OK",
		"M RESET → RESET",
		"M GET b → NOAUTH Authentication required.",
		"M AUTH pw → OK",
		"M ACL SETUSER alice on >a +@all ~* → OK",
		"M AUTH alice a → OK",
		"M ACL DELUSER alice → 1",
		"M ACL WHOAMI → NOAUTH Authentication required.",
		"M AUTH pw → OK",
		"M ACL SETUSER default nopass → OK",
		"M RESET → RESET",
		"M PING → PONG",
	}, got)
	assert.Equal(t, "Error: Server closed the connection", Reply{Kind: '*', Array: []Reply{intReply(2), {Kind: 'x'}}}.String(), "redis-cli prints hiredis's read error for a reply cut short")
	closed := 0
	for k := 0; k < tl.Len(); k++ {
		if e := tl.Event(k); e.Kind == EvClientClosed {
			closed++
		}
	}
	assert.Equal(t, 6, closed, "CLIENT KILL, QUIT, the old form, EXEC, QUIT and DELUSER each close once")
}

// A blocking command's wait is virtual time: a 2.5 s BLPOP lets a key
// with a 2 s expiry expire on the master, whose DEL reaches the replica.
func TestBlockingWaitsVirtualTime(t *testing.T) {
	r := replies(t, `node M
node R replicaof M
M SET k v PX 2000
M BLPOP nokey 1.9
R EXISTS k
M BLPOP nokey 0.1001
R GET k
`)
	assert.Equal(t, "nil", r["M BLPOP nokey 1.9"])
	assert.Equal(t, "1", r["R EXISTS k"], "1.9 s is not yet the expiry")
	assert.Equal(t, "nil", r["R GET k"], "the timeout rounds up to 101 ms: past the expiry, DEL propagated")
}

// CLIENT LIST's line for the scenario's own client is CLIENT INFO's
// (catClientInfoString for both): its name after CLIENT SETNAME; inside
// EXEC flags=x, multi= the queue's length and cmd=exec, as redis-server
// 7.0.15 printed them for this scenario.
func TestClientListOwnLineIsClientInfo(t *testing.T) {
	r := replies(t, `node M
M CLIENT SETNAME app
M CLIENT INFO
M CLIENT LIST TYPE normal
M MULTI
M client list type normal
M client info
M EXEC
`)
	info, list := r["M CLIENT INFO"], r["M CLIENT LIST TYPE normal"]
	assert.Contains(t, list, " name=app ")
	assert.Equal(t, strings.Replace(info, "cmd=client|info", "cmd=client|list", 1), list)
	exec := r["M EXEC"]
	assert.Equal(t, 2, strings.Count(exec, " name=app age=0 idle=0 flags=x db=0 sub=0 psub=0 ssub=0 multi=2 "), exec)
	assert.Equal(t, 2, strings.Count(exec, " cmd=exec "), exec)
}
