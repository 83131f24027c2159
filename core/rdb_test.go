package core

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCRC64Jones: Redis's crc64.c test vector.
func TestCRC64Jones(t *testing.T) {
	assert.Equal(t, uint64(0xe9c6d914c4b8d9ca), crc64(0, []byte("123456789")))
}

// TestLZFRoundTrip: what lzfCompress writes, lzfDecompress reads back,
// and a repetitive string does get smaller.
func TestLZFRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 300; i++ {
		n := 21 + r.Intn(5000)
		in := make([]byte, n)
		alpha := 1 + r.Intn(20)
		for j := range in {
			in[j] = byte('a' + r.Intn(alpha))
		}
		c := lzfCompress(in, n-4)
		if c == nil {
			continue
		}
		out, ok := lzfDecompress(c, n)
		require.True(t, ok, "case %d", i)
		require.True(t, bytes.Equal(in, out), "case %d", i)
	}
	c := lzfCompress([]byte(strings.Repeat("abc", 100)), 296)
	require.NotNil(t, c)
	assert.Less(t, len(c), 30)
}

// TestDumpPayloads: payloads redis-server 7.0.15 wrote for the same values
// (DUMP after the same commands), byte for byte.
func TestDumpPayloads(t *testing.T) {
	for _, tc := range []struct {
		argv []string
		real string
	}{
		{[]string{"SET", "k", "hello"}, "\x00\x05hello\x0a\x00cr\xdfve4 \x0a"},
		{[]string{"HSET", "k", "name", "ada", "born", "1815"}, "\x10\x1b\x1b\x00\x00\x00\x04\x00\x84name\x05\x83ada\x04\x84born\x05\xc7\x17\x02\xff\x0a\x00\x83\x84\xba\x8f-\x9d\xf0D"},
		{[]string{"XADD", "k", "1-1", "a", "1"}, "\x13\x01\x10\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x01\x1c\x1c\x00\x00\x00\x0a\x00\x01\x01\x00\x01\x01\x01\x81a\x02\x00\x01\x02\x01\x00\x01\x00\x01\x01\x01\x04\x01\xff\x01\x01\x01\x01\x01\x00\x00\x01\x00\x0a\x00)}x\x0f\xd8\x8a\xa6,"},
		{[]string{"RPUSH", "k", "x", "y", "z"}, "\x12\x01\x02\x10\x10\x00\x00\x00\x03\x00\x81x\x02\x81y\x02\x81z\x02\xff\x0a\x00\xe1s3cxlq\x1b"},
	} {
		w := settledWorld(t, 1, "node M")
		w.clientCommand(0, tc.argv)
		w.clientCommand(0, []string{"DUMP", "k"})
		assert.Equal(t, tc.real, w.Reply().Str, "%v", tc.argv)
		w.clientCommand(0, []string{"RESTORE", "k2", "0", tc.real})
		assert.Equal(t, okReply, w.Reply())
		w.clientCommand(0, []string{"DUMP", "k2"})
		assert.Equal(t, tc.real, w.Reply().Str, "round trip of %v", tc.argv)
	}
}

// MIGRATE's target as host and port: a node's own port on 127.0.0.1 or
// localhost (what the conformance harness cannot play: its ports are the
// kernel's), a port no node listens on (Redis's connect error), and the
// node itself or a paused node, which would answer only after MIGRATE's
// timeout: refused, saying why.
func TestMigrateHostPort(t *testing.T) {
	w := settledWorld(t, 1, "node M", "node N")
	for _, k := range []string{"a", "b", "c", "d"} {
		w.clientCommand(0, []string{"SET", k, "v"})
	}
	w.clientCommand(0, []string{"MIGRATE", "127.0.0.1", "6381", "a", "0", "1000"})
	assert.Equal(t, okReply, w.Reply())
	w.clientCommand(0, []string{"MIGRATE", "localhost", "6381", "b", "0", "1000"})
	assert.Equal(t, okReply, w.Reply())
	w.clientCommand(1, []string{"DBSIZE"})
	assert.Equal(t, intReply(2), w.Reply())
	w.clientCommand(0, []string{"MIGRATE", "127.0.0.1", "7000", "c", "0", "1000"})
	assert.Equal(t, "IOERR error or timeout connecting to the client", w.Reply().Str)
	w.clientCommand(0, []string{"MIGRATE", "M", "c", "0", "1000"})
	assert.Contains(t, w.Reply().Str, "ERR ReplScope cannot run MIGRATE to M now")
	w.clientCommand(1, []string{"CLIENT", "PAUSE", "100000", "WRITE"})
	w.clientCommand(0, []string{"MIGRATE", "N", "c", "0", "1000"})
	assert.Contains(t, w.Reply().Str, "ERR ReplScope cannot run MIGRATE to N now")
	w.clientCommand(0, []string{"MIGRATE", "nosuchnode", "c", "0", "1000"})
	assert.Equal(t, errArity("migrate"), w.Reply())
	w.clientCommand(0, []string{"EXISTS", "c", "d"})
	assert.Equal(t, intReply(2), w.Reply())
}

// The target lists MIGRATE's cached connection as a client of its own
// (INFO clients, CLIENT LIST) until the source's cron closes it, idle for
// more than 10 s: redis-server 7.0.15 listed it with flags=N db=0
// cmd=restore user=default after a MIGRATE, and no more 12 s later (the
// harness's own second connection keeps this out of the conformance
// scenario's CLIENT LIST).
func TestMigrateConnectionListed(t *testing.T) {
	r := replies(t, `node M
node N
M SET k v
M MIGRATE N k 0 1000
N CLIENT LIST TYPE normal
N INFO clients
advance 12s
N client list type normal
N info clients
`)
	during := strings.Split(strings.TrimSpace(r["N CLIENT LIST TYPE normal"]), "\n")
	require.Len(t, during, 2)
	assert.Contains(t, during[1], " flags=N db=0 ")
	assert.Contains(t, during[1], " cmd=restore user=default ")
	assert.Contains(t, r["N INFO clients"], "connected_clients:2\r\n")
	assert.Len(t, strings.Split(strings.TrimSpace(r["N client list type normal"]), "\n"), 1)
	assert.Contains(t, r["N info clients"], "connected_clients:1\r\n")
}

// A restart closes the MIGRATE connections to the restarted node only: the
// source's connection to another target stays listed there.
func TestMigrateRestartClosesOnlyItsConnections(t *testing.T) {
	r := replies(t, `node M
node N
node O
M SET a 1
M SET b 2
M MIGRATE N a 0 1000
M MIGRATE O b 0 1000
restart N
N INFO clients
O INFO clients
`)
	assert.Contains(t, r["N INFO clients"], "connected_clients:1\r\n")
	assert.Contains(t, r["O INFO clients"], "connected_clients:2\r\n")
}
