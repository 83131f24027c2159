package core

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"replscope/core/internal/cmdtable"
	"replscope/core/scenario"
)

// TestOneChangePerEventVersions is TestOneChangePerEvent on every other
// version's model: each event still changes only what it says (the 6.2
// ring's overwrites are events of their own).
func TestOneChangePerEventVersions(t *testing.T) {
	probes, _ := filepath.Glob("testdata/versions/probes/*.scenario")
	files := append(scenarioFiles(t), probes...)
	for _, v := range scenario.Versions {
		if v == scenario.DefaultVersion {
			continue
		}
		for _, f := range files {
			src, err := os.ReadFile(f)
			require.NoError(t, err)
			s, err := scenario.Parse(filepath.Base(f), string(src))
			require.NoError(t, err, f)
			w := NewWorld(1)
			require.NoError(t, w.SetVersion(v))
			watch := &stateWatch{t: t, w: w, where: v + " " + filepath.Base(f), prev: map[string]NodeState{}}
			w.SetSink(watch)
			for i := range s.Lines {
				if s.Lines[i].Runs() {
					w.Run(&s.Lines[i])
				}
			}
			for _, b := range watch.bad[:min(len(watch.bad), 5)] {
				t.Error(b)
			}
		}
		n := 60
		if testing.Short() {
			n = 10
		}
		for i := 0; i < n; i++ {
			src := randomScenario(rand.New(rand.NewSource(int64(i))))
			s, err := scenario.Parse(fmt.Sprintf("random-%d", i), src)
			require.NoError(t, err)
			w := NewWorld(uint64(i))
			require.NoError(t, w.SetVersion(v))
			watch := &stateWatch{t: t, w: w, where: v + " " + s.Name, prev: map[string]NodeState{}}
			w.SetSink(watch)
			for j := range s.Lines {
				if s.Lines[j].Runs() {
					w.Run(&s.Lines[j])
				}
			}
			for _, b := range watch.bad[:min(len(watch.bad), 5)] {
				t.Error(b)
			}
			for _, sv := range w.servers {
				if rb, ok := sv.backlog.(*ringBacklog); ok {
					assert.LessOrEqual(t, rb.histlen, sv.cfg.backlogSize, "%s %s", v, s.Name)
					assert.Equal(t, sv.masterReplOffset-rb.histlen+1, rb.offset, "%s %s", v, s.Name)
				}
			}
		}
	}
}

func TestVersionFor(t *testing.T) {
	for _, v := range scenario.Versions {
		require.NotNil(t, VersionFor(v), v)
		assert.Equal(t, v, VersionFor(v).Name)
	}
	assert.Equal(t, "redis-7.0", VersionFor("").Name)
	assert.Nil(t, VersionFor("redis-6.0"))
	w := NewWorld(1)
	assert.Error(t, w.SetVersion("redis-6.0"))
	assert.Equal(t, "redis-7.0", w.Version().Name)
}

// Valkey's explanations say primary where Redis's say master, and keep
// Redis's names.
func TestVersionWording(t *testing.T) {
	e := &Event{Kind: EvLinkDown, Node: "R", Peer: "M", Text: "0123456789abcdef", A: 54}
	v := VersionFor("valkey-8.0")
	assert.Equal(t, "R lost its link to M; it caches the primary (id 01234567…, offset 54) to try PSYNC later.", v.Explain(e))
	e = &Event{Kind: EvFed, Node: "M", Offset: 1, Len: 23, Argv: []string{"SELECT", "0"}}
	assert.Contains(t, v.Explain(e), "master_repl_offset is now 23")
	assert.Equal(t, e.Explain(), VersionFor("redis-7.2").Explain(e))
}

// TestShortestDoubles: Redis 7.2.6's ZSCORE of each score (measured with
// redis-cli on /work/redis-bin/7.2.6/redis-server), and 7.0's %.17g.
func TestShortestDoubles(t *testing.T) {
	for in, want := range map[float64]string{
		4.1: "4.1", 1.5e-7: "1.5e-7", 1.5e20: "1.5e+20", 1e17: "100000000000000000",
		123456.789: "123456.789", 0.000123: "0.000123", -2.5: "-2.5", 1e-5: "0.00001",
		3.14159265358979: "3.14159265358979", 1e300: "1e+300", -1e-300: "-1e-300",
		4611686018427387904: "4611686018427387904", 0.1: "0.1", 1e22: "1e+22",
		12345678901234567890: "12345678901234567000", 0.001: "0.001", 1e-4: "0.0001", 123e-10: "1.23e-8",
	} {
		assert.Equal(t, want, VersionFor("redis-7.2").formatDouble(in), "%v", in)
	}
	assert.Equal(t, "4.0999999999999996", VersionFor("redis-7.0").formatDouble(4.1))
	assert.Equal(t, "1.4999999999999999e-07", VersionFor("redis-6.2").formatDouble(1.5e-7))
}

// TestListpackLists: OBJECT ENCODING of a list of n equal items on
// redis-server 7.2.6 (measured with RPUSH one at a time).
func TestListpackLists(t *testing.T) {
	for _, c := range []struct {
		size, n int
		want    string
	}{{40, 194, "listpack"}, {40, 195, "quicklist"}, {100, 79, "listpack"}, {100, 80, "quicklist"}} {
		l := newList(-2, 0)
		for range c.n {
			l.pushTail(strings.Repeat("x", c.size))
		}
		e := &entry{typ: typeList, obj: l}
		assert.Equal(t, c.want, VersionFor("redis-7.2").objectEncoding(e, defaultEncLimits), "%d items of %d bytes", c.n, c.size)
		assert.Equal(t, "quicklist", VersionFor("redis-7.0").objectEncoding(e, defaultEncLimits))
	}
}

// TestHashFieldExpiryEvents: a field's expiry is explained as the field's
// (and its HDEL), on 7.4 only; elsewhere HEXPIRE is an unknown command,
// in MULTI too (the EXEC aborts).
func TestHashFieldExpiryEvents(t *testing.T) {
	play := func(v string, lines ...string) (*World, *eventLog) {
		w := NewWorld(1)
		require.NoError(t, w.SetVersion(v))
		log := &eventLog{}
		w.SetSink(log)
		sc, err := scenario.Parse("t", strings.Join(lines, "\n"))
		require.NoError(t, err)
		for i := range sc.Lines {
			if sc.Lines[i].Runs() {
				w.Run(&sc.Lines[i])
			}
		}
		return w, log
	}
	_, log := play("redis-7.4", "node M", "M HSET h f v g w", "M HPEXPIRE h 100 FIELDS 1 f", "advance 1s")
	var said []string
	for _, e := range log.events {
		if e.Kind == EvExpired {
			said = append(said, e.Explain())
		}
	}
	assert.Equal(t, []string{`M's hash "h": field "f" expired: the master deletes it and propagates HDEL h f.`}, said)
	w, _ := play("redis-7.2", "node M", "M MULTI", "M HEXPIRE h 1 FIELDS 1 f", "M EXEC")
	assert.Equal(t, "EXECABORT Transaction discarded because of previous errors.", w.Reply().Str)
}

type eventLog struct{ events []Event }

func (l *eventLog) Event(_ int, e *Event) { l.events = append(l.events, *e) }

// TestVersionHelpGenerated: help_versions_gen.go is what the checked-in
// dumps (testdata/versions/*/help.json) say.
func TestVersionHelpGenerated(t *testing.T) {
	src, err := cmdtable.GenerateVersionHelpGo("testdata/versions")
	require.NoError(t, err)
	gen, err := os.ReadFile("help_versions_gen.go")
	require.NoError(t, err)
	require.Equal(t, string(src), string(gen), "help_versions_gen.go is stale: go run ./core/internal/cmdgen gen")
	assert.Len(t, versionHelp, len(scenario.Versions)-1)
}
