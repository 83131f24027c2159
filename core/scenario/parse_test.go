package scenario

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseSharedExamples(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/real-redis-examples/*.scenario")
	if len(files) == 0 {
		t.Skip("shared examples not beside the checkout")
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		s, err := Parse(filepath.Base(f), string(src))
		require.NoError(t, err, f)
		assert.NotEmpty(t, s.Title)
		assert.Equal(t, "node", s.Lines[1].Kind.String())
	}
}

func TestWords(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{`M SET k v`, []string{"M", "SET", "k", "v"}},
		{"M\tSET  k \"a b\"", []string{"M", "SET", "k", "a b"}},
		{`M SET k "\x41\n\"\\"`, []string{"M", "SET", "k", "A\n\"\\"}},
		{`M SET k 'it\'s \n'`, []string{"M", "SET", "k", `it's \n`}},
		{`M SET k v # a comment`, []string{"M", "SET", "k", "v"}},
		{`M SET k v#not-a-comment`, []string{"M", "SET", "k", "v#not-a-comment"}},
		{`M SET k "#"`, []string{"M", "SET", "k", "#"}},
		{`# whole line`, nil},
		{`M SET k ""`, []string{"M", "SET", "k", ""}},
	}
	for _, c := range cases {
		ws, _, msg := splitWords(c.in)
		require.Empty(t, msg, c.in)
		var got []string
		for _, w := range ws {
			got = append(got, w.Text)
		}
		assert.Equal(t, c.want, got, c.in)
	}
}

func TestErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"node M\nM SET k \"v", "t.scenario:2:9: unbalanced double quote: a closing \" was expected"},
		{"node M\nM SET k 'v'x", "t.scenario:2:12: a space or the end of the line was expected after a closing quote"},
		{"node M\nR SET k v", "t.scenario:2:1: a verb or a declared node name was expected, not \"R\""},
		{"node M\nnode M", "t.scenario:2:6: node \"M\" is already declared"},
		{"node 1M", "t.scenario:1:6: a node name (a letter then up to 15 letters, digits, '_' or '-') was expected, not \"1M\""},
		{"node M\nnode R replicaof X", "t.scenario:2:18: unknown node \"X\": declare it first with `node X`"},
		{"node M\nlink M sideways", "t.scenario:2:8: `down`, `up`, `stall` or `resume` was expected, not \"sideways\""},
		{"node M\nsync M later", "t.scenario:2:8: `hold` or `release` was expected, not \"later\""},
		{"node M\nsync", "t.scenario:2:5: a replica's name was expected"},
		{"node M\nsync M hold now", "t.scenario:2:13: the end of the line was expected, not \"now\""},
		{"advance 5 s", "t.scenario:1:9: a duration such as 500ms, 1s, 10s or 2m was expected, not \"5\""},
		{"title a\ntitle b", "t.scenario:2:1: a scenario has at most one title"},
		{"node M\nexpect M role", "t.scenario:2:14: the expected value was expected"},
		{"NODE M", "t.scenario:1:1: verbs are lowercase: \"node\" was expected"},
		{"node M\nrepeat 3 M SET k {3zb}", "t.scenario:2:18: {i} or a size such as {100b}, {10kb} or {1mb} (at most 4mb) was expected, not \"{3zb}\""},
		{"node M\nrepeat 0 M SET k v", "t.scenario:2:8: a count from 1 to 100000 was expected, not \"0\""},
		{"node M\nM", "t.scenario:2:2: a Redis command after the node name was expected"},
	}
	for _, c := range cases {
		s, err := Parse("t.scenario", c.src)
		assert.Nil(t, s)
		if assert.Error(t, err, c.src) {
			assert.Equal(t, c.want, err.Error())
		}
	}
}

func TestLines(t *testing.T) {
	s, err := Parse("x", "title T\nnode M\nnode R replicaof M\nconfig M repl-backlog-size 16kb\nlink R down\nadvance 2m\nexpect R role slave\nrepeat 2 M SET k:{i} {2b}\nask R psync\n\n# c\nsay hi there")
	require.NoError(t, err)
	require.Len(t, s.Lines, 10)
	assert.Equal(t, "T", s.Title)
	assert.Equal(t, []string{"M", "R"}, s.Nodes)
	assert.Equal(t, "M", s.Lines[2].Master)
	assert.Equal(t, "16kb", s.Lines[3].Value)
	assert.False(t, s.Lines[4].Up)
	assert.Equal(t, int64(120000), s.Lines[5].Millis)
	assert.Equal(t, []string{"SET", "k:2", "xx"}, Expand(s.Lines[7].Args, 2))
	assert.Equal(t, "hi there", s.Lines[9].Say)
	assert.Equal(t, 12, s.Lines[9].Num)
}

func TestProse(t *testing.T) {
	s, err := Parse("p", "title The master's offset\nsay It's \"quoted\" # and a hash")
	require.NoError(t, err)
	assert.Equal(t, "The master's offset", s.Title)
	assert.Equal(t, `It's "quoted" # and a hash`, s.Lines[1].Say)
}
