package conformance

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"replscope/core/report"
)

// fakeServer writes a script that prints a --version line.
func fakeServer(t *testing.T, dir, name, line string) string {
	p := filepath.Join(dir, name)
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, []byte("#!/bin/sh\necho '"+line+"'\n"), 0o755))
	return p
}

func TestVersionName(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]string{
		"Redis server v=6.2.16 sha=00000000:0 malloc=jemalloc-5.1.0 bits=64 build=7eb3d41378c6c32b": "redis-6.2",
		"Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=ae4d7c971a948f0":  "redis-7.0",
		"Redis server v=7.4.1 sha=00000000:1 malloc=jemalloc-5.3.0 bits=64 build=6e470dc83a6e57dd":  "redis-7.4",
		"Valkey server v=8.0.1 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=39f7c371e0a96e3d": "valkey-8.0",
	}
	i := 0
	for line, want := range cases {
		i++
		got, err := VersionName(fakeServer(t, dir, "s"+itoa(i), line))
		require.NoError(t, err, line)
		assert.Equal(t, want, got)
	}
	_, err := VersionName(fakeServer(t, dir, "redis8", "Redis server v=8.0.0 sha=0"))
	assert.ErrorContains(t, err, "not one of redis-6.2, redis-7.0, redis-7.2, redis-7.4, valkey-8.0")
	_, err = VersionName(fakeServer(t, dir, "odd", "hello"))
	assert.Error(t, err)
}

func TestFindServer(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("REDIS_BIN", dir)
	t.Setenv(ServerEnv("redis-7.2"), "")
	fakeServer(t, dir, "7.2.5/redis-server", "Redis server v=7.2.5 sha=0")
	newest := fakeServer(t, dir, "7.2.6/redis-server", "Redis server v=7.2.6 sha=0")
	fakeServer(t, dir, "7.4.1/redis-server", "Redis server v=7.4.1 sha=0")
	got, err := FindServer("redis-7.2")
	require.NoError(t, err)
	assert.Equal(t, newest, got, "the newest build of the version")

	assert.Equal(t, "REPLSCOPE_SERVER_REDIS_6_2", ServerEnv("redis-6.2"))
	assert.Equal(t, "REPLSCOPE_SERVER_VALKEY_8_0", ServerEnv("valkey-8.0"))
	other := fakeServer(t, dir, "elsewhere/redis-server", "Redis server v=7.2.4 sha=0")
	t.Setenv(ServerEnv("redis-7.2"), other)
	got, err = FindServer("redis-7.2")
	require.NoError(t, err)
	assert.Equal(t, other, got, "the environment variable wins")
	t.Setenv(ServerEnv("redis-7.4"), other)
	_, err = FindServer("redis-7.4")
	assert.ErrorContains(t, err, "is redis-7.2", "a binary of another version is refused")

	t.Setenv(ServerEnv("redis-6.2"), "")
	_, err = FindServer("redis-6.2")
	assert.ErrorContains(t, err, "set REPLSCOPE_SERVER_REDIS_6_2")
	_, err = FindServer("redis-6.0")
	assert.ErrorContains(t, err, "unknown version")
}

func TestDiffRuns(t *testing.T) {
	run := func(id, off, extra string, reply string) *report.Run {
		f := map[string]string{"role": "master", "master_replid": id, "master_repl_offset": off}
		if extra != "" {
			f["replicas_waiting_psync"] = extra
		}
		return &report.Run{Scenario: "s", Steps: []report.Step{{Line: 3, Text: "M SET k v", Reply: reply, Nodes: map[string]*report.Node{
			"M": {Fields: f, Replicas: map[string]report.Replica{"R": {State: "online", Offset: off}}},
		}}}}
	}
	assert.Empty(t, DiffRuns(run("aaaa", "54", "", "OK"), run("bbbb", "54", "", "OK")), "ids by identity")
	d := DiffRuns(run("aaaa", "54", "", "OK"), run("bbbb", "57", "0", "QUEUED"))
	var got []string
	for _, x := range d {
		got = append(got, x.Field+"="+x.Real+">"+x.Sim+"/"+DiffKind(x)+"/"+FieldOf(x))
	}
	assert.Equal(t, []string{
		"reply=OK>QUEUED/reply/reply",
		"master_repl_offset=54>57/value/master_repl_offset",
		"replicas_waiting_psync=(absent)>0/only in B/replicas_waiting_psync",
		"slave R offset=54>57/value/slaveN offset",
	}, got)
	missing := &report.Run{Scenario: "s"}
	d = DiffRuns(run("a", "1", "", ""), missing)
	require.Len(t, d, 1)
	assert.Equal(t, "step", DiffKind(d[0]))
	d = DiffRuns(missing, run("a", "1", "", ""))
	require.Len(t, d, 1)
	assert.Equal(t, "present", d[0].Sim)
}
