package conformance

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"replscope/core/report"
	"replscope/core/scenario"
)

// RecordedScenarios are the scenario files every version is recorded on,
// as globs relative to the repository's root: the conformance suite, the
// shared real-Redis recordings, the built-in lessons, and the version
// probes (scenarios written to find where versions differ, recorded on
// every version and not simulated).
var RecordedScenarios = []string{
	"core/testdata/conformance/*.scenario",
	"core/testdata/real/*.scenario",
	"web/lessons/*.scenario",
	"core/testdata/versions/probes/*.scenario",
}

// VersionsDir is where recordings per version live, relative to the
// repository's root: VersionsDir/VERSION/NAME.real.json.
const VersionsDir = "core/testdata/versions"

// ScenarioFiles expands RecordedScenarios under root, sorted, and checks
// that no two files share a name (a recording is named after its file).
func ScenarioFiles(root string) ([]string, error) {
	var files []string
	names := map[string]string{}
	for _, g := range RecordedScenarios {
		m, err := filepath.Glob(filepath.Join(root, g))
		if err != nil {
			return nil, err
		}
		for _, f := range m {
			n := RecordingName(f)
			if o, ok := names[n]; ok {
				return nil, fmt.Errorf("%s and %s would both be recorded as %s.real.json", o, f, n)
			}
			names[n] = f
			files = append(files, f)
		}
	}
	sort.Strings(files)
	return files, nil
}

// RecordingName is a scenario file's name without directory or extension.
func RecordingName(file string) string {
	return strings.TrimSuffix(filepath.Base(file), ".scenario")
}

// Recorded is one scenario's play on a real server.
type Recorded struct {
	File string
	Run  *report.Run
	Err  error
}

// PlayAll plays each file against a server binary of a version, at most
// parallel at once (each play is mostly waiting on acks, which come once
// a second), and returns the runs in the order of files.
func PlayAll(bin, version string, files []string, parallel int) []Recorded {
	if parallel < 1 {
		parallel = 1
	}
	out := make([]Recorded, len(files))
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Add(1)
		go func(i int, f string) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			out[i] = Recorded{File: f}
			out[i].Run, out[i].Err = PlayFile(bin, version, f)
		}(i, f)
	}
	wg.Wait()
	return out
}

// PlayFile parses one scenario file and plays it on real servers, its
// expect lines unasserted (Harness.NoExpect).
func PlayFile(bin, version, file string) (*report.Run, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	s, err := scenario.Parse(filepath.Base(file), string(src))
	if err != nil {
		return nil, err
	}
	h, err := NewVersion(bin, version)
	if err != nil {
		return nil, err
	}
	defer h.Close()
	h.NoExpect = true
	return h.Play(s)
}

// WriteRecording writes a run as DIR/NAME.real.json, in the shape of the
// checked-in recordings (indented with one space, a final newline).
func WriteRecording(dir, name string, r *report.Run) error {
	b, err := json.MarshalIndent(r, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, name+".real.json"), append(b, '\n'), 0o644)
}

// ReadRecording reads a NAME.real.json file.
func ReadRecording(path string) (*report.Run, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r report.Run
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &r, nil
}

// ReadRecordings reads every NAME.real.json of a directory, by NAME.
func ReadRecordings(dir string) (map[string]*report.Run, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.real.json"))
	if err != nil {
		return nil, err
	}
	out := map[string]*report.Run{}
	for _, f := range files {
		r, err := ReadRecording(f)
		if err != nil {
			return nil, err
		}
		out[strings.TrimSuffix(filepath.Base(f), ".real.json")] = r
	}
	return out, nil
}
