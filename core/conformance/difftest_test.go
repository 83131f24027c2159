package conformance

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"replscope/core"
	"replscope/core/report"
	"replscope/core/scenario"
)

var (
	difftestN   = flag.Int("difftest", 0, "run this many differential scenarios with fresh seeds (./build.sh difftest N)")
	difftestOut = flag.String("difftest-out", "../testdata/conformance", "where a divergence is written as a conformance scenario with its recording")
	showSeed    = flag.Int64("show-seed", -1, "print the scenario of one seed and exit")
	replayDir   = flag.String("difftest-replay", "", "compare the core with the divergences written in this directory, offline")
)

// TestDifferentialReplay plays the divergences a fresh run wrote (each
// NAME.scenario with its NAME.real.json) on the core again and compares
// them with their recordings: after a fix, without real servers.
func TestDifferentialReplay(t *testing.T) {
	if *replayDir == "" {
		t.Skip("-difftest-replay DIR replays a fresh run's divergences offline")
	}
	files, _ := filepath.Glob(filepath.Join(*replayDir, "*.scenario"))
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".scenario"), func(t *testing.T) {
			src, err := os.ReadFile(f)
			require.NoError(t, err)
			b, err := os.ReadFile(strings.TrimSuffix(f, ".scenario") + ".real.json")
			require.NoError(t, err)
			var real report.Run
			require.NoError(t, json.Unmarshal(b, &real))
			s, err := scenario.Parse(filepath.Base(f), string(src))
			require.NoError(t, err)
			tl, err := core.Play(s, core.Options{Seed: 1, Report: true})
			require.NoError(t, err)
			sim := tl.Report()
			diffs := append(report.Compare(&real, sim), report.CompareReplies(&real, sim)...)
			for i, d := range diffs {
				if i == 5 {
					t.Errorf("... %d more", len(diffs)-5)
					break
				}
				t.Error(d.String())
			}
		})
	}
}

// fixedSeeds run every time: each must match real redis-server on every
// field and every reply.
const fixedSeeds = 40

// playBoth plays one scenario against real servers and the core.
func playBoth(t *testing.T, bin, name, src string) (*report.Run, []report.Diff) {
	s, err := scenario.Parse(name, src)
	require.NoError(t, err, src)
	// A harness failure (a port another parallel scenario took between
	// freePort and redis-server's bind) is retried once; it is not a
	// divergence.
	var real *report.Run
	for attempt := 0; ; attempt++ {
		h, err := New(bin)
		require.NoError(t, err)
		real, err = h.Play(s)
		h.Close()
		if err == nil {
			break
		}
		if attempt == 1 {
			require.NoError(t, err, src)
		}
		t.Logf("harness: %v; retrying", err)
	}
	real.RedisVersion = Version(bin)
	tl, err := core.Play(s, core.Options{Seed: 1, Report: true})
	require.NoError(t, err)
	sim := tl.Report()
	diffs := report.Compare(real, sim)
	diffs = append(diffs, report.CompareReplies(real, sim)...)
	return real, diffs
}

func TestShowSeed(t *testing.T) {
	if *showSeed < 0 {
		t.Skip("-show-seed N prints a seed's scenario")
	}
	fmt.Print(GenerateScenario(*showSeed))
}

// TestDifferential plays the fixed seeds.
func TestDifferential(t *testing.T) {
	if *difftestN > 0 || *showSeed >= 0 {
		t.Skip("fresh seeds run in TestDifferentialFresh")
	}
	bin := redisOrSkip(t)
	for seed := int64(1); seed <= fixedSeeds; seed++ {
		seed := seed
		t.Run(fmt.Sprint("seed-", seed), func(t *testing.T) {
			t.Parallel()
			parallel <- struct{}{}
			defer func() { <-parallel }()
			src := GenerateScenario(seed)
			_, diffs := playBoth(t, bin, fmt.Sprintf("diff-seed-%d.scenario", seed), src)
			for i, d := range diffs {
				if i == 10 {
					t.Errorf("... %d more", len(diffs)-10)
					break
				}
				t.Error(d.String())
			}
		})
	}
}

// TestDifferentialFresh is ./build.sh difftest N: N seeds from the clock;
// each divergence is written as NAME.scenario and NAME.real.json, ready to
// commit as a conformance scenario.
func TestDifferentialFresh(t *testing.T) {
	if *difftestN == 0 {
		t.Skip("./build.sh difftest N runs N fresh seeds")
	}
	bin := redisOrSkip(t)
	base := time.Now().UnixNano() % 1_000_000_000
	t.Logf("seeds %d..%d", base, base+int64(*difftestN)-1)
	for i := 0; i < *difftestN; i++ {
		seed := base + int64(i)
		t.Run(fmt.Sprint("seed-", seed), func(t *testing.T) {
			t.Parallel()
			parallel <- struct{}{}
			defer func() { <-parallel }()
			src := GenerateScenario(seed)
			name := fmt.Sprintf("diff-seed-%d", seed)
			real, diffs := playBoth(t, bin, name+".scenario", src)
			if len(diffs) == 0 {
				return
			}
			path := filepath.Join(*difftestOut, name)
			require.NoError(t, os.WriteFile(path+".scenario", []byte(strings.Replace(src, "title Differential scenario", "title Divergence found by the differential test", 1)), 0o644))
			b, err := json.MarshalIndent(real, "", " ")
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(path+".real.json", append(b, '\n'), 0o644))
			t.Errorf("%d differences; written %s.scenario: first: %s", len(diffs), path, diffs[0])
		})
	}
}
