package conformance

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"replscope/core"
	"replscope/core/report"
	"replscope/core/scenario"
)

// modelGaps are the versions whose model does not yet match every
// recorded field, with what is left (the test reports their
// differences and skips them, saying so).
var modelGaps = map[string]string{}

// scenarioGaps are single scenarios a version's model does not play as
// its server does, by version and recording name, with the reason; they
// are reported and left out of the comparison.
var scenarioGaps = map[string]map[string]string{}

// replyGaps are replies (never offsets or other fields) a version's model
// does not give as its server does, by version and "recording:line",
// with the reason; they are reported and left out of the comparison.
var replyGaps = map[string]map[string]string{}

// TestVersionModels plays every recorded scenario (ScenarioFiles) on the
// core under `version` = each version and compares it with that
// version's real recording (core/testdata/versions/VERSION/NAME.real.json):
// every field report.Compare compares, and the replies. Offline: no
// server runs.
func TestVersionModels(t *testing.T) {
	files, err := ScenarioFiles(repoRoot)
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, v := range Versions {
		v := v
		t.Run(v, func(t *testing.T) {
			runs, err := ReadRecordings(filepath.Join(repoRoot, VersionsDir, v))
			require.NoError(t, err)
			var diffs []report.Diff
			fields, scenarios, matched, unrecorded, leftOut := 0, 0, 0, 0, 0
			for _, f := range files {
				want := runs[RecordingName(f)]
				if want == nil {
					unrecorded++ // scripts/record-versions.sh records it
					continue
				}
				if why, ok := scenarioGaps[v][RecordingName(f)]; ok {
					t.Logf("%s: %s left out: %s", v, RecordingName(f), why)
					continue
				}
				got := playAs(t, f, v)
				d := report.Compare(want, got)
				for _, r := range report.CompareReplies(want, got) {
					why, ok := replyGaps[v][RecordingName(f)+":"+strconv.Itoa(r.Line)]
					if !ok {
						why, ok = replyGaps[v][RecordingName(f)+":*"]
					}
					if ok {
						t.Logf("%s: reply of %s:%d left out (%s): real %q, model %q", v, RecordingName(f), r.Line, why, r.Real, r.Sim)
						leftOut++
						continue
					}
					d = append(d, r)
				}
				d = append(d, otherFields(want, got)...)
				fields += report.CountCompared(want) + len(want.Steps)
				scenarios++
				if len(d) == 0 {
					matched++
				}
				diffs = append(diffs, d...)
			}
			require.NotZero(t, scenarios)
			t.Logf("%s: %d of %d recorded scenarios match (%d left out, %d have no %s recording); %d of %d compared values (fields and replies) match, %d replies left out", v, matched, scenarios, len(scenarioGaps[v]), unrecorded, v, fields-len(diffs)-leftOut, fields, leftOut)
			if gap, ok := modelGaps[v]; ok && os.Getenv("REPLSCOPE_MODEL_STRICT") == "" {
				for i, d := range diffs {
					if i == 40 {
						t.Logf("... %d more", len(diffs)-i)
						break
					}
					t.Log(d.String())
				}
				t.Skipf("the %s model is not complete yet (%s): %d differences", v, gap, len(diffs))
			}
			for i, d := range diffs {
				if i == 300 && os.Getenv("REPLSCOPE_MODEL_ALL") == "" {
					t.Errorf("... %d more", len(diffs)-i)
					break
				}
				t.Error(d.String())
			}
		})
	}
}

// playAs plays a scenario file on the core as a model of version v.
func playAs(t *testing.T, file, v string) *report.Run {
	t.Helper()
	src, err := os.ReadFile(file)
	require.NoError(t, err)
	s, err := scenario.Parse(filepath.Base(file), string(src))
	require.NoError(t, err)
	s.Version = v
	tl, err := core.Play(s, core.Options{Seed: 1, Report: true})
	require.NoError(t, err)
	return tl.Report()
}

// otherFields are the differences in the INFO fields report.Compare does
// not compare (a version's own fields, such as Valkey's
// replicas_waiting_psync): present on one side only, or other values.
func otherFields(want, got *report.Run) []report.Diff {
	compared := map[string]bool{"reply": true, "step": true, "steps": true, "node": true}
	for _, f := range append(append([]string(nil), report.ComparedFields...), report.IDFields...) {
		compared[f] = true
	}
	var out []report.Diff
	for _, d := range DiffRuns(want, got) {
		if d.Field == "mem_total_replication_buffers" && d.Real == "(absent)" {
			// Compared where a recording has it (contract 1.1); the
			// recordings made before it do not.
			continue
		}
		if !compared[d.Field] && !strings.HasPrefix(d.Field, "slave ") {
			out = append(out, d)
		}
	}
	return out
}
