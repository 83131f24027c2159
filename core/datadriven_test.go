package core

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"replscope/core/report"
	"replscope/core/scenario"
)

// -rewrite regenerates testdata/scenarios/*.golden; review the diff.
var rewrite = flag.Bool("rewrite", false, "rewrite the golden files of the data-driven tests")

// trace renders a played scenario for review: each line, its reply, its
// events, and the INFO fields that matter, as etcd's raft interaction
// tests print a step and its output under ----.
func trace(t *Timeline) string {
	var b strings.Builder
	for _, st := range t.Steps() {
		fmt.Fprintf(&b, "%d: %s\n----\n", st.Line.Num, st.Line.Text)
		if st.Reply != "" {
			fmt.Fprintf(&b, "reply: %s\n", strings.ReplaceAll(st.Reply, "\n", "\n       "))
		}
		if st.Err != "" {
			fmt.Fprintf(&b, "error: %s\n", st.Err)
		}
		for k := st.First; k <= st.Last; k++ {
			e := t.Event(k)
			fmt.Fprintf(&b, "  %s %s", e.Kind, e.Node)
			if e.Peer != "" {
				fmt.Fprintf(&b, "→%s", e.Peer)
			}
			if e.Len > 0 {
				fmt.Fprintf(&b, " [%d..%d]", e.Offset, e.End())
			}
			if e.Kind == EvPsyncAnswered && e.Psync != nil {
				fmt.Fprintf(&b, " %s", strings.Fields(e.Psync.Reply)[0])
			}
			b.WriteString("\n")
		}
		nodes := st.nodes()
		for _, n := range sortedKeys(nodes) {
			f := nodes[n].Fields
			fmt.Fprintf(&b, "%s: %s off=%s", n, f["role"], f["master_repl_offset"])
			if f["role"] == "slave" {
				fmt.Fprintf(&b, " read=%s applied=%s link=%s", f["slave_read_repl_offset"], f["slave_repl_offset"], f["master_link_status"])
			}
			fmt.Fprintf(&b, " backlog=%s first=%s histlen=%s second=%s sync=%s/%s/%s", f["repl_backlog_active"], f["repl_backlog_first_byte_offset"], f["repl_backlog_histlen"], f["second_repl_offset"], f["sync_full"], f["sync_partial_ok"], f["sync_partial_err"])
			for _, r := range sortedKeys(nodes[n].Replicas) {
				fmt.Fprintf(&b, " %s=%s@%s", r, nodes[n].Replicas[r].State, nodes[n].Replicas[r].Offset)
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func playFile(t *testing.T, path string) *Timeline {
	t.Helper()
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	s, err := scenario.Parse(filepath.Base(path), string(src))
	require.NoError(t, err)
	tl, err := Play(s, Options{Seed: 1, Report: true})
	require.NoError(t, err)
	return tl
}

// TestScenarios plays every testdata/scenarios file: its expect lines
// (hand-computed from Redis's rules) must hold, and its trace must equal
// the reviewed golden file.
func TestScenarios(t *testing.T) {
	files, _ := filepath.Glob("testdata/scenarios/*.scenario")
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			tl := playFile(t, f)
			assert.Empty(t, tl.Failures())
			got := trace(tl)
			golden := strings.TrimSuffix(f, ".scenario") + ".golden"
			if *rewrite {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test ./core -rewrite to create it")
			assert.Equal(t, string(want), got)
		})
	}
}

// TestAgainstRealRedis compares the core with what real redis-server
// 7.0.15 processes reported for the same scenarios (recorded JSON).
func TestAgainstRealRedis(t *testing.T) {
	files, _ := filepath.Glob("testdata/real/*.scenario")
	more, _ := filepath.Glob("testdata/conformance/*.scenario")
	files = append(files, more...)
	require.NotEmpty(t, files)
	n := 0
	for _, f := range files {
		realPath := strings.TrimSuffix(f, ".scenario") + ".real.json"
		if _, err := os.Stat(realPath); err != nil {
			continue
		}
		n++
		t.Run(filepath.Base(f), func(t *testing.T) {
			raw, err := os.ReadFile(realPath)
			require.NoError(t, err)
			var real report.Run
			require.NoError(t, jsonUnmarshal(raw, &real))
			sim := playFile(t, f).Report()
			for _, d := range report.Compare(&real, sim) {
				t.Error(d.String())
			}
			for _, d := range report.CompareReplies(&real, sim) {
				t.Error(d.String())
			}
		})
	}
	require.NotZero(t, n)
}
