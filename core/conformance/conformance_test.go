package conformance

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"replscope/core"
	"replscope/core/report"
	"replscope/core/scenario"
)

var record = flag.Bool("record", false, "write what real redis-server reports as testdata/conformance/NAME.real.json")

// parallel bounds how many scenarios run at once: each costs up to a
// second of settling per line (acks come once a second) but little CPU,
// so running several at once is how the suite stays within its budget
// (go test's -parallel must allow it too: ./build.sh test passes 16).
var parallel = make(chan struct{}, 16)

func redisOrSkip(t *testing.T) string {
	bin, err := FindRedisServer(os.Getenv("REDIS_SERVER"))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("redis-server is not installed; CI must run the conformance suite (./build.sh test installs it)")
		}
		t.Skip("redis-server is not on PATH: install it (apt-get install -y redis-server) to prove the core against a real server")
	}
	return bin
}

// liveRaces are scenarios whose live replay races the harness's settling:
// they are proven offline against their checked-in recordings (each the
// same across two real runs; TestVersionModels plays them on every
// version's model), not replayed live, until the harness knows how to
// wait for what races.
var liveRaces = map[string]string{
	"client-kill-replication": "after `R CLIENT KILL TYPE master` with a sub-replica under R, one CI run's master listed the reconnected R at offset 0 (before its first ack) once settled, where every recording and the other runs had 134",
}

// TestConformance plays every conformance scenario against real
// redis-server processes and against the core, and compares every
// contract field after every line.
func TestConformance(t *testing.T) {
	bin := redisOrSkip(t)
	files, _ := filepath.Glob("../testdata/real/*.scenario")
	more, _ := filepath.Glob("../testdata/conformance/*.scenario")
	files = append(files, more...)
	require.GreaterOrEqual(t, len(files), 40, "the suite proves at least 40 scenarios")
	// The built-in lessons are proven too: every number a lesson shows is
	// what a real server reports.
	lessons, _ := filepath.Glob("../../web/lessons/*.scenario")
	require.NotEmpty(t, lessons)
	files = append(files, lessons...)
	for _, f := range files {
		f := f
		t.Run(strings.TrimSuffix(filepath.Base(f), ".scenario"), func(t *testing.T) {
			if why, ok := liveRaces[strings.TrimSuffix(filepath.Base(f), ".scenario")]; ok {
				t.Skip("proven against its recording only: " + why)
			}
			t.Parallel()
			parallel <- struct{}{}
			defer func() { <-parallel }()
			src, err := os.ReadFile(f)
			require.NoError(t, err)
			s, err := scenario.Parse(filepath.Base(f), string(src))
			require.NoError(t, err)
			bin := bin
			h, err := New(bin)
			if s.Version != DefaultVersion {
				// A lesson about another version is played on that
				// server when it is here; TestVersionModels proves it
				// against its recording offline in any case.
				b, ferr := FindServer(s.Version)
				if ferr != nil {
					t.Skipf("%s is for %s: %v", f, s.Version, ferr)
				}
				bin = b
				h, err = NewVersion(bin, s.Version)
			}
			require.NoError(t, err)
			defer h.Close()
			real, err := h.Play(s)
			require.NoError(t, err)
			real.RedisVersion = Version(bin)
			tl, err := core.Play(s, core.Options{Seed: 1, Report: true})
			require.NoError(t, err)
			sim := tl.Report()
			for _, d := range report.Compare(real, sim) {
				t.Error(d.String())
			}
			// Replies too: every scenario's command replies are Redis's.
			for _, d := range report.CompareReplies(real, sim) {
				t.Error(d.String())
			}
			recorded := strings.TrimSuffix(f, ".scenario") + ".real.json"
			if *record && strings.Contains(f, "/conformance/") {
				b, err := json.MarshalIndent(real, "", " ")
				require.NoError(t, err)
				require.NoError(t, os.WriteFile(recorded, append(b, '\n'), 0o644))
				return
			}
			// The recording checked in must still be what the server says
			// (the harness itself is proven against it).
			if b, err := os.ReadFile(recorded); err == nil {
				var want report.Run
				require.NoError(t, json.Unmarshal(b, &want))
				for _, d := range report.Compare(&want, real) {
					t.Errorf("recorded vs live redis-server: %s", d)
				}
				for _, d := range report.CompareReplies(&want, real) {
					t.Errorf("recorded vs live redis-server: %s", d)
				}
			}
		})
	}
}
