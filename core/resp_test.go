package core

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAppendCommand(t *testing.T) {
	// The facts sheet: SET foo bar is 31 bytes, SELECT 0 is 23.
	assert.Equal(t, "*3\r\n$3\r\nSET\r\n$3\r\nfoo\r\n$3\r\nbar\r\n", string(AppendCommand(nil, []string{"SET", "foo", "bar"})))
	assert.Len(t, AppendCommand(nil, []string{"SET", "foo", "bar"}), 31)
	assert.Len(t, AppendCommand(nil, []string{"SELECT", "0"}), 23)
	assert.Len(t, AppendCommand(nil, []string{"PING"}), 14)
	assert.Len(t, AppendCommand(nil, []string{"MULTI"}), 15)
	assert.Len(t, AppendCommand(nil, []string{"EXEC"}), 14)
	assert.Len(t, AppendCommand(nil, []string{"REPLCONF", "GETACK", "*"}), 37)
	assert.Equal(t, "*1\r\n$0\r\n\r\n", string(AppendCommand(nil, []string{""})))
	for _, argv := range [][]string{{"SET", "k", ""}, {"SET", "key:1", string(make([]byte, 12345))}, {"A"}} {
		assert.Equal(t, int64(len(AppendCommand(nil, argv))), CommandLen(argv))
	}
	// The header's digits at each width, against strconv's.
	for _, n := range []int{9, 10, 99, 100, 101} {
		a := strings.Repeat("x", n)
		argv := make([]string, n)
		want := "*" + strconv.Itoa(n) + "\r\n" + strings.Repeat("$"+strconv.Itoa(n)+"\r\n"+a+"\r\n", n)
		for i := range argv {
			argv[i] = a
		}
		assert.Equal(t, want, string(AppendCommand(nil, argv)), "%d", n)
	}
}

func TestPieces(t *testing.T) {
	var got []string
	forEachPiece([]string{"SET", "k", "vv"}, nil, func(p []byte) { got = append(got, string(p)) })
	assert.Equal(t, []string{"*3\r\n", "$3\r\n", "SET", "\r\n", "$1\r\n", "k", "\r\n", "$2\r\n", "vv", "\r\n"}, got)
}

func TestParseCommand(t *testing.T) {
	buf := AppendCommand(nil, []string{"SET", "a b", "\r\n"})
	buf = AppendCommand(buf, []string{"PING"})
	argv, n := parseCommand(buf, nil)
	require.Equal(t, int(CommandLen([]string{"SET", "a b", "\r\n"})), n)
	assert.Equal(t, []string{"SET", "a b", "\r\n"}, argv)
	argv, n = parseCommand(buf[n:], nil)
	assert.Equal(t, 14, n)
	assert.Equal(t, []string{"PING"}, argv)
	for i := 0; i < 30; i++ {
		_, n := parseCommand(buf[:i], nil)
		assert.Equal(t, 0, n, "prefix %d is incomplete", i)
	}
	for _, bad := range []string{"*x\r\n", "*1\r\n:3\r\n", "$3\r\n", "*1\r\n$-5\r\n", "*1\n"} {
		_, n := parseCommand([]byte(bad), nil)
		assert.Less(t, n, 0, "%q", bad)
	}
}

func TestRESPText(t *testing.T) {
	assert.Equal(t, `*1\r\n$4\r\nPING\r\n`, RESPText(AppendCommand(nil, []string{"PING"})))
	assert.Equal(t, `\x00\xff\\`, RESPText([]byte{0, 255, '\\'}))
}

func TestReplyRendering(t *testing.T) {
	r := Reply{Kind: '*', Array: []Reply{okReply, intReply(1), bulkReply("a b"), nilReply}}
	assert.Equal(t, "1) OK\n2) (integer) 1\n3) \"a b\"\n4) (nil)", r.String())
	assert.Equal(t, "[OK,1,a b,nil]", r.Compact())
	assert.Equal(t, "(error) ERR syntax error", errSyntax.String())
	assert.Equal(t, "(empty array)", arrayReply(nil).String())
}
