package conformance

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"replscope/core/report"
)

const repoRoot = "../.."

// TestVersionRecordings loads every version's recordings (checked in by
// scripts/record-versions.sh) and compares each with the redis-7.0
// recording of the same scenario, all fields: it prints, per version,
// which scenarios and fields differ and how (go test -v -run
// TestVersionRecordings ./core/conformance). It fails only when a
// recording is missing or unreadable: the differences are the spec of
// each version's model, not errors.
func TestVersionRecordings(t *testing.T) {
	files, err := ScenarioFiles(repoRoot)
	require.NoError(t, err)
	require.NotEmpty(t, files)
	all := map[string]map[string]*report.Run{}
	for _, v := range Versions {
		runs, err := ReadRecordings(filepath.Join(repoRoot, VersionsDir, v))
		require.NoError(t, err)
		for _, f := range files {
			require.Contains(t, runs, RecordingName(f), "%s has no recording of %s: scripts/record-versions.sh %s", v, f, v)
		}
		all[v] = runs
	}
	base := all[DefaultVersion]
	var sb strings.Builder
	sb.WriteString("# What each version's real server reports differently from Redis 7.0.15\n")
	sb.WriteString("# on the same scenarios (written by go test ./core/conformance -run TestVersionRecordings -update;\n")
	sb.WriteString("# \"only in B\": a field the version has and 7.0 lacks; ids compare by identity).\n")
	for _, v := range Versions {
		if v == DefaultVersion {
			continue
		}
		s := Summarize(base, all[v], files)
		t.Logf("%s vs %s (%s vs %s):\n%s", v, DefaultVersion, versionOf(all[v]), versionOf(base), s)
		fmt.Fprintf(&sb, "\n%s (%s) vs %s (%s):\n%s", v, versionOf(all[v]), DefaultVersion, versionOf(base), s)
	}
	golden := filepath.Join(repoRoot, VersionsDir, "DIFFERENCES.txt")
	if *update {
		require.NoError(t, os.WriteFile(golden, []byte(sb.String()), 0o644))
		return
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "go test ./core/conformance -run TestVersionRecordings -update writes it")
	require.Equal(t, string(want), sb.String(), "%s is not what the recordings say: go test ./core/conformance -run TestVersionRecordings -update", golden)
}

var update = flag.Bool("update", false, "rewrite core/testdata/versions/DIFFERENCES.txt from the recordings")

// TestVersion70MatchesCheckedIn: the redis-7.0 recordings of
// core/testdata/versions and the recordings beside the conformance
// scenarios agree on every compared field, so the per-version harness
// records what the 7.0 harness did.
func TestVersion70MatchesCheckedIn(t *testing.T) {
	runs, err := ReadRecordings(filepath.Join(repoRoot, VersionsDir, DefaultVersion))
	require.NoError(t, err)
	checked, _ := filepath.Glob(filepath.Join(repoRoot, "core/testdata/conformance/*.real.json"))
	require.NotEmpty(t, checked)
	for _, f := range checked {
		want, err := ReadRecording(f)
		require.NoError(t, err)
		got := runs[strings.TrimSuffix(filepath.Base(f), ".real.json")]
		require.NotNil(t, got, f)
		for _, d := range report.Compare(want, got) {
			if d.Sim == "(absent)" && slices.Contains(report.OptionalFields, d.Field) {
				continue // recorded before contract 1.1 added the field
			}
			t.Errorf("%s vs versions/redis-7.0: %s", f, d)
		}
	}
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}

func versionOf(runs map[string]*report.Run) string {
	for _, r := range runs {
		return r.RedisVersion
	}
	return "?"
}

// Summarize compares version b's recordings with a's, scenario by
// scenario, and says which scenarios differ, which fields, how many
// values, and of which kinds.
func Summarize(a, b map[string]*report.Run, files []string) string {
	type fieldStat struct {
		values    int
		scenarios map[string]bool
		kinds     map[string]int
		example   report.Diff
	}
	fields := map[string]*fieldStat{}
	var differ []string
	compared := 0
	for _, f := range files {
		name := RecordingName(f)
		ra, rb := a[name], b[name]
		if ra == nil || rb == nil {
			continue
		}
		compared++
		diffs := DiffRuns(ra, rb)
		if len(diffs) == 0 {
			continue
		}
		byField := map[string]int{}
		// The first difference shown is the first in values (a field
		// only one version has is listed under fields, not here).
		first := diffs[0]
		for _, d := range diffs {
			fk, dk := DiffKind(first), DiffKind(d)
			if fk == "only in A" || fk == "only in B" {
				if dk != "only in A" && dk != "only in B" || d.Line < first.Line {
					first = d
				}
			} else if dk != "only in A" && dk != "only in B" && d.Line < first.Line {
				first = d
			}
			fn := FieldOf(d)
			fs := fields[fn]
			if fs == nil {
				fs = &fieldStat{scenarios: map[string]bool{}, kinds: map[string]int{}, example: d}
				fields[fn] = fs
			}
			fs.values++
			fs.scenarios[name] = true
			fs.kinds[DiffKind(d)]++
			byField[fn]++
		}
		var fl []string
		for fn, n := range byField {
			fl = append(fl, fmt.Sprintf("%s×%d", fn, n))
		}
		sort.Strings(fl)
		differ = append(differ, fmt.Sprintf("    %s: %d values (%s); first at line %d (%s): node %s %s 7.0 %q, this %q",
			name, len(diffs), strings.Join(fl, ", "), first.Line, clip(first.Text), first.Node, first.Field, first.Real, first.Sim))
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "  %d of %d scenarios differ; %d fields differ\n", len(differ), compared, len(fields))
	var names []string
	for fn := range fields {
		names = append(names, fn)
	}
	sort.Strings(names)
	for _, fn := range names {
		fs := fields[fn]
		var kinds []string
		for k, n := range fs.kinds {
			kinds = append(kinds, fmt.Sprintf("%s %d", k, n))
		}
		sort.Strings(kinds)
		e := fs.example
		fmt.Fprintf(&sb, "  field %s: %d values in %d scenarios [%s], e.g. %s:%d (%s) node %s: 7.0 %q, this %q\n",
			fn, fs.values, len(fs.scenarios), strings.Join(kinds, ", "), e.Scenario, e.Line, clip(e.Text), e.Node, e.Real, e.Sim)
	}
	for _, l := range differ {
		sb.WriteString(l + "\n")
	}
	return sb.String()
}

// TestVersionsLive plays every recorded scenario live on valkey-8.0
// (Debian's valkey-server; required in CI, where ./build.sh test installs
// it), and on the versions REPLSCOPE_LIVE names ("redis-6.2,redis-7.4",
// or "all": the builds of scripts/build-redis.sh or REPLSCOPE_SERVER_*),
// and checks that each server still says what its recording says, every
// field. redis-7.0 is played live by TestConformance.
func TestVersionsLive(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no live servers")
	}
	live := map[string]bool{"valkey-8.0": true}
	for _, v := range strings.Split(os.Getenv("REPLSCOPE_LIVE"), ",") {
		if v = strings.TrimSpace(v); v == "all" {
			for _, w := range Versions {
				live[w] = true
			}
		} else if v != "" {
			require.True(t, KnownVersion(v), "REPLSCOPE_LIVE names %q, not one of %v", v, Versions)
			live[v] = true
		}
	}
	files, err := ScenarioFiles(repoRoot)
	require.NoError(t, err)
	for _, v := range Versions {
		if v == DefaultVersion || !live[v] {
			continue
		}
		v := v
		t.Run(v, func(t *testing.T) {
			bin, err := FindServer(v)
			if err != nil {
				if v == "valkey-8.0" && os.Getenv("CI") == "true" {
					t.Fatalf("%v; CI plays valkey-8.0 live (./build.sh test installs valkey-server)", err)
				}
				t.Skip(err)
			}
			dir := filepath.Join(repoRoot, VersionsDir, v)
			for _, f := range files {
				f := f
				t.Run(RecordingName(f), func(t *testing.T) {
					t.Parallel()
					parallel <- struct{}{}
					defer func() { <-parallel }()
					want, err := ReadRecording(filepath.Join(dir, RecordingName(f)+".real.json"))
					require.NoError(t, err)
					got, err := PlayFile(bin, v, f)
					require.NoError(t, err)
					for _, d := range DiffRuns(want, got) {
						t.Errorf("recorded vs live %s %s: %s", v, Version(bin), d)
					}
				})
			}
		})
	}
}
