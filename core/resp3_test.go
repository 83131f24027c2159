package core

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"replscope/core/scenario"
)

// cliReplies plays src and returns each command line's reply as the
// console prints it (Step.Reply, Reply.String), by its text; a line
// repeated is its text with " #2", " #3" ...
func cliReplies(t *testing.T, src string) map[string]string {
	t.Helper()
	s, err := scenario.Parse("t.scenario", src)
	require.NoError(t, err)
	tl, err := Play(s, Options{Seed: 1})
	require.NoError(t, err)
	out := map[string]string{}
	seen := map[string]int{}
	for _, st := range tl.Steps() {
		k := st.Line.Text
		if seen[k]++; seen[k] > 1 {
			k += " #" + strconv.Itoa(seen[k])
		}
		out[k] = st.Reply
	}
	return out
}

// After HELLO 3 the console prints what redis-cli 7.0.15 -3 prints on a
// terminal for the same commands (each text below is its output against
// a real redis-server 7.0.15); HELLO 2 and RESET go back to RESP2.
func TestResp3RepliesAsRedisCliPrintsThem(t *testing.T) {
	r := cliReplies(t, `node M
M HSET h f1 v1 f2 v2
M SADD s 3 1 2
M ZADD z 1.5 a 2 b
M XADD st 1-1 f v
M SET k1 ohmytext
M SET k2 mynewtext
M ZSCORE z a
M HELLO 3
M HGETALL h
M HGETALL nokey
M SMEMBERS s
M SMEMBERS nokey
M ZSCORE z b
M ZRANGE z 0 -1 WITHSCORES
M GET nokey
M CONFIG GET maxmemory
M LOLWUT
M CLIENT TRACKINGINFO
M XINFO STREAM st
M COMMAND DOCS get
M XREAD STREAMS st 0
M LCS k1 k2 IDX
M COMMAND INFO get
M ZPOPMIN z
M MULTI
M ZSCORE z b
M HGETALL h
M SMEMBERS s
M EXEC
M HELLO 2
M HGETALL h
M HELLO 3 SETNAME x
M RESET
M ZSCORE z b
`)
	assert.Equal(t, `"1.5"`, r["M ZSCORE z a"], "RESP2 until HELLO 3")
	assert.Equal(t, `1# "server" => "redis"
2# "version" => "7.0.15"
3# "proto" => (integer) 3
4# "id" => (integer) 1
5# "mode" => "standalone"
6# "role" => "master"
7# "modules" => (empty array)`, r["M HELLO 3"])
	assert.Equal(t, "1# \"f1\" => \"v1\"\n2# \"f2\" => \"v2\"", r["M HGETALL h"])
	assert.Equal(t, "(empty hash)", r["M HGETALL nokey"])
	assert.Equal(t, "1~ \"1\"\n2~ \"2\"\n3~ \"3\"", r["M SMEMBERS s"])
	assert.Equal(t, "(empty set)", r["M SMEMBERS nokey"])
	assert.Equal(t, "(double) 2", r["M ZSCORE z b"])
	assert.Equal(t, `1) 1) "a"
   2) (double) 1.5
2) 1) "b"
   2) (double) 2`, r["M ZRANGE z 0 -1 WITHSCORES"])
	assert.Equal(t, "(nil)", r["M GET nokey"])
	assert.Equal(t, `1# "maxmemory" => "0"`, r["M CONFIG GET maxmemory"])
	assert.Equal(t, "Redis ver. 7.0.15", r["M LOLWUT"], "verbatim text is printed raw")
	assert.Equal(t, `1# "flags" => 1~ "off"
2# "redirect" => (integer) -1
3# "prefixes" => (empty array)`, r["M CLIENT TRACKINGINFO"])
	assert.Equal(t, ` 1# "length" => (integer) 1
 2# "radix-tree-keys" => (integer) 1
 3# "radix-tree-nodes" => (integer) 2
 4# "last-generated-id" => "1-1"
 5# "max-deleted-entry-id" => "0-0"
 6# "entries-added" => (integer) 1
 7# "recorded-first-entry-id" => "1-1"
 8# "groups" => (integer) 0
 9# "first-entry" => 
    1) "1-1"
    2) 1) "f"
       2) "v"
10# "last-entry" => 
    1) "1-1"
    2) 1) "f"
       2) "v"`, r["M XINFO STREAM st"])
	assert.Equal(t, `1# "get" => 
   1# "summary" => "Get the value of a key"
   2# "since" => "1.0.0"
   3# "group" => "string"
   4# "complexity" => "O(1)"
   5# "arguments" => 
      1) 1# "name" => "key"
         2# "type" => "key"
         3# "key_spec_index" => (integer) 0`, r["M COMMAND DOCS get"])
	assert.Equal(t, `1# "st" => 
   1) 1) "1-1"
      2) 1) "f"
         2) "v"`, r["M XREAD STREAMS st 0"])
	assert.Equal(t, `1# "matches" => 
   1) 1) 1) (integer) 4
         2) (integer) 7
      2) 1) (integer) 5
         2) (integer) 8
   2) 1) 1) (integer) 2
         2) (integer) 3
      2) 1) (integer) 0
         2) (integer) 1
2# "len" => (integer) 6`, r["M LCS k1 k2 IDX"])
	assert.Equal(t, `1)  1) "get"
    2) (integer) 2
    3) 1~ readonly
       2~ fast
    4) (integer) 1
    5) (integer) 1
    6) (integer) 1
    7) 1~ @read
       2~ @string
       3~ @fast
    8) (empty set)
    9) 1~ 1# "flags" => 
             1~ RO
             2~ access
          2# "begin_search" => 
             1# "type" => "index"
             2# "spec" => 1# "index" => (integer) 1
          3# "find_keys" => 
             1# "type" => "range"
             2# "spec" => 
                1# "lastkey" => (integer) 0
                2# "keystep" => (integer) 1
                3# "limit" => (integer) 0
   10) (empty set)`, r["M COMMAND INFO get"])
	assert.Equal(t, "1) \"a\"\n2) (double) 1.5", r["M ZPOPMIN z"], "one member without a count stays flat")
	assert.Equal(t, "QUEUED", r["M ZSCORE z b #2"])
	assert.Equal(t, `1) (double) 2
2) 1# "f1" => "v1"
   2# "f2" => "v2"
3) 1~ "1"
   2~ "2"
   3~ "3"`, r["M EXEC"], "EXEC's replies are the client's protocol's")
	assert.Equal(t, "1) \"f1\"\n2) \"v1\"\n3) \"f2\"\n4) \"v2\"", r["M HGETALL h #3"], "HELLO 2: RESP2 again")
	assert.Equal(t, `"2"`, r["M ZSCORE z b #3"], "RESET: RESP2 again")
}

// A restart is a new connection: RESP2 until the next HELLO 3. CLIENT
// INFO and CLIENT LIST say the protocol. The report records RESP3 as
// the conformance recordings do: {k,v}, ~[m], (double)1.5, txt:text.
func TestResp3UntilRestart(t *testing.T) {
	r := replies(t, `node M
M ZADD z 2 b
M SADD s 1
M HELLO 3
M ZSCORE z b
M SMEMBERS s
M CONFIG GET maxmemory
M CLIENT INFO
restart M
M ZMSCORE z b
M CLIENT LIST
`)
	assert.Equal(t, "(double)2", r["M ZSCORE z b"])
	assert.Equal(t, "~[1]", r["M SMEMBERS s"])
	assert.Equal(t, "{maxmemory,0}", r["M CONFIG GET maxmemory"])
	assert.Contains(t, r["M CLIENT INFO"], "txt:id=1 ")
	assert.Contains(t, r["M CLIENT INFO"], " resp=3\n")
	assert.Equal(t, "[2]", r["M ZMSCORE z b"])
	assert.NotContains(t, r["M CLIENT LIST"], "txt:")
	assert.Contains(t, r["M CLIENT LIST"], " resp=2\n")
}

// ACL GETUSER of a user with a selector, after HELLO 3: a map whose flags
// are a set and whose selectors are maps, as redis-cli 7.0.15 -3 printed
// it on a terminal against a real server; CLIENT LIST names the user the
// client authenticated as (7.0.15 printed user=bob for bob).
func TestResp3AclGetuser(t *testing.T) {
	r := cliReplies(t, `node M
M ACL SETUSER bob on >pw ~k* +get (~x* +set)
M ACL SETUSER carol on >pw +client
M HELLO 3
M ACL GETUSER bob
M AUTH carol pw
M CLIENT LIST TYPE normal
`)
	assert.Equal(t, `1# "flags" => 1~ "on"
2# "passwords" => 1) "30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4"
3# "commands" => "-@all +get"
4# "keys" => "~k*"
5# "channels" => ""
6# "selectors" => 
   1) 1# "commands" => "-@all +set"
      2# "keys" => "~x*"
      3# "channels" => ""`, r["M ACL GETUSER bob"])
	assert.Contains(t, r["M CLIENT LIST TYPE normal"], " user=carol redir=-1 resp=3")
}
