package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func write(t *testing.T, src string) string {
	p := filepath.Join(t.TempDir(), "t.scenario")
	require.NoError(t, os.WriteFile(p, []byte(src), 0o644))
	return p
}

func TestRunJSON(t *testing.T) {
	f := write(t, "title T\nnode M\nnode R replicaof M\nsay x\nM SET foo bar\n")
	var out, errb bytes.Buffer
	require.Equal(t, 0, run([]string{"run", "-json", f}, &out, &errb))
	var r struct {
		Scenario string
		Steps    []struct {
			Line  int
			Text  string
			Nodes map[string]map[string]any
		}
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &r))
	assert.Equal(t, "t.scenario", r.Scenario)
	require.Len(t, r.Steps, 3, "title and say lines are not steps")
	last := r.Steps[2]
	assert.Equal(t, 5, last.Line)
	assert.Equal(t, "54", last.Nodes["M"]["master_repl_offset"])
	assert.Equal(t, "54", last.Nodes["R"]["slave_repl_offset"])
	reps := last.Nodes["M"]["replicas"].(map[string]any)
	assert.Equal(t, map[string]any{"state": "online", "offset": "54"}, reps["R"])
}

func TestRunText(t *testing.T) {
	f := write(t, "node M\nnode R replicaof M\nM SET foo bar\n")
	var out, errb bytes.Buffer
	require.Equal(t, 0, run([]string{"run", "-each", f}, &out, &errb))
	assert.Contains(t, out.String(), "=== line 3: M SET foo bar")
	assert.Contains(t, out.String(), "master_repl_offset:54\n")
	assert.Equal(t, 3, strings.Count(out.String(), "=== line"))
}

func TestCheck(t *testing.T) {
	ok := write(t, "node M\nnode R replicaof M\nM SET foo bar\nexpect R slave_repl_offset 54\n")
	var out, errb bytes.Buffer
	assert.Equal(t, 0, run([]string{"check", ok}, &out, &errb))
	bad := write(t, "node M\nnode R replicaof M\nM SET foo bar\nexpect R slave_repl_offset 55\n")
	errb.Reset()
	assert.Equal(t, 1, run([]string{"check", bad}, &out, &errb))
	assert.Contains(t, errb.String(), "t.scenario:4: expect R slave_repl_offset 55: got 54")
	parse := write(t, "node M\nnode M\n")
	errb.Reset()
	assert.Equal(t, 1, run([]string{"check", parse}, &out, &errb))
	assert.Contains(t, errb.String(), "t.scenario:2:6:")
	ask := write(t, "node M\nnode R replicaof M\nask R psync\nM SET a 1\n")
	errb.Reset()
	assert.Equal(t, 1, run([]string{"check", ask}, &out, &errb))
	assert.Contains(t, errb.String(), "ask R psync: the next line (4) makes R ask no PSYNC")
}

func TestUsage(t *testing.T) {
	var out, errb bytes.Buffer
	assert.Equal(t, 2, run(nil, &out, &errb))
	assert.Equal(t, 2, run([]string{"frobnicate"}, &out, &errb))
}

// A scenario with a version line is played as that version and reported
// with its own line numbers.
func TestRunJSONVersion(t *testing.T) {
	f := write(t, "# comment\ntitle T\nversion valkey-8.0\nnode M\nnode R replicaof M\nM SADD s a b c\nM SPOP s 2\n")
	var out, errb bytes.Buffer
	require.Equal(t, 0, run([]string{"run", "-json", f}, &out, &errb), errb.String())
	var r struct {
		Steps []struct {
			Line  int
			Text  string
			Nodes map[string]map[string]any
		}
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &r))
	require.Len(t, r.Steps, 4, "the version line is not a step")
	assert.Equal(t, []int{4, 5, 6, 7}, []int{r.Steps[0].Line, r.Steps[1].Line, r.Steps[2].Line, r.Steps[3].Line})
	m := r.Steps[3].Nodes["M"]
	assert.Equal(t, "10485760", m["repl_backlog_size"], "Valkey 8's default")
	assert.Equal(t, "0", m["replicas_waiting_psync"])
	// SELECT 0 (23) + SADD s a b c (42) + one SREM s x y (35) = 100.
	assert.Equal(t, "100", m["master_repl_offset"])
}
