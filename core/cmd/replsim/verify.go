package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"text/tabwriter"

	"replscope/core"
	"replscope/core/conformance"
	"replscope/core/report"
)

func init() { verify = verifyMain }

// verifyMain plays each scenario against real redis-server processes on
// 127.0.0.1 and against the core, and prints the differences.
func verifyMain(args []string) int {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	bin := fs.String("redis-server", "", "path of redis-server (default: found on PATH)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "replsim verify: scenario files expected")
		return 2
	}
	path, err := conformance.FindRedisServer(*bin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "replsim verify: no redis-server found. Install Redis 7.0 (on Debian: apt-get install -y redis-server) or pass -redis-server PATH.")
		return 2
	}
	files := append([]string(nil), fs.Args()...)
	sort.Strings(files)
	status := 0
	for _, f := range files {
		s, err := load(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			status = 1
			continue
		}
		h, err := conformance.New(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		real, err := h.Play(s)
		h.Close()
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: real redis-server: %v\n", f, err)
			status = 1
			continue
		}
		t, err := core.Play(s, core.Options{Seed: 1, Report: true})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		diffs := report.Compare(real, t.Report())
		if len(diffs) == 0 {
			fmt.Printf("%s: all %d fields match redis-server %s over %d lines\n", f, report.CountCompared(real), conformance.Version(path), len(real.Steps))
			continue
		}
		status = 1
		fmt.Printf("%s: %d differences from redis-server:\n", f, len(diffs))
		tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "LINE\tNODE\tFIELD\tREAL\tSIMULATED\t")
		for _, d := range diffs {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t\n", d.Line, d.Node, d.Field, d.Real, d.Sim)
		}
		tw.Flush()
	}
	return status
}
