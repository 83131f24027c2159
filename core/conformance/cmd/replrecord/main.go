// Command replrecord plays scenarios against a real server of one version
// and writes what it reported, one NAME.real.json per scenario, in the
// shape of the checked-in recordings; or checks a new play against
// recordings already there (two real runs must agree).
//
//	replrecord -version NAME [-server PATH] [-out DIR] [FILE...]
//	replrecord -version NAME [-server PATH] -check [-out DIR] [FILE...]
//
// Without files it plays every recorded scenario (conformance.RecordedScenarios).
// -out defaults to core/testdata/versions/NAME. Run from the repository's root.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"replscope/core/conformance"
)

func main() { os.Exit(run()) }

func run() int {
	version := flag.String("version", "", "server version: redis-6.2, redis-7.0, redis-7.2, redis-7.4 or valkey-8.0")
	server := flag.String("server", "", "the server binary (default: conformance.FindServer's search for the version)")
	out := flag.String("out", "", "directory of the recordings (default core/testdata/versions/VERSION)")
	check := flag.Bool("check", false, "play again and compare with the recordings in -out instead of writing them")
	parallel := flag.Int("parallel", 8, "scenarios played at once")
	flag.Parse()
	if !conformance.KnownVersion(*version) {
		fmt.Fprintf(os.Stderr, "replrecord: -version must be one of %v\n", conformance.Versions)
		return 2
	}
	bin := *server
	if bin == "" {
		b, err := conformance.FindServer(*version)
		if err != nil {
			fmt.Fprintln(os.Stderr, "replrecord:", err)
			return 2
		}
		bin = b
	}
	if name, err := conformance.VersionName(bin); err != nil || name != *version {
		fmt.Fprintf(os.Stderr, "replrecord: %s is not %s (%v %v)\n", bin, *version, name, err)
		return 2
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join(conformance.VersionsDir, *version)
	}
	files := flag.Args()
	if len(files) == 0 {
		f, err := conformance.ScenarioFiles(".")
		if err != nil {
			fmt.Fprintln(os.Stderr, "replrecord:", err)
			return 2
		}
		files = f
	}
	if len(files) == 0 {
		fmt.Fprintln(os.Stderr, "replrecord: no scenario files (run from the repository's root)")
		return 2
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "replrecord:", err)
		return 1
	}
	fmt.Fprintf(os.Stderr, "replrecord: %d scenarios on %s %s (%s)\n", len(files), *version, conformance.Version(bin), bin)
	status := 0
	for _, r := range conformance.PlayAll(bin, *version, files, *parallel) {
		name := conformance.RecordingName(r.File)
		if r.Err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", r.File, r.Err)
			status = 1
			continue
		}
		if !*check {
			if err := conformance.WriteRecording(dir, name, r.Run); err != nil {
				fmt.Fprintln(os.Stderr, err)
				status = 1
			}
			continue
		}
		want, err := conformance.ReadRecording(filepath.Join(dir, name+".real.json"))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			status = 1
			continue
		}
		diffs := conformance.DiffRuns(want, r.Run)
		for _, d := range diffs {
			fmt.Printf("%s:%d (%s) node %s field %s: recorded %s, now %s\n", d.Scenario, d.Line, d.Text, d.Node, d.Field, d.Real, d.Sim)
		}
		if len(diffs) > 0 {
			status = 1
		} else {
			fmt.Printf("%s: agrees with %s\n", r.File, filepath.Join(dir, name+".real.json"))
		}
	}
	return status
}
