// Command replsim runs scenario files through the ReplScope core.
//
//	replsim run [-each] [-json] [-seed N] FILE   INFO after the last line (or every line)
//	replsim check FILE...                        run the expect lines; exit 1 on the first failure
//	replsim verify [-redis-server PATH] FILE...  compare with a real redis-server
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"

	"replscope/core"
	"replscope/core/report"
	"replscope/core/scenario"
)

// verify is set by verify.go (the real-Redis comparison), which needs
// sockets and processes and so lives apart from the pure core.
var verify func(args []string) int

func main() {
	// A soft ceiling for the garbage collector: a million-command run
	// holds about half a GiB, and the default pacing would let the heap
	// double past 1 GiB before collecting.
	debug.SetMemoryLimit(900 << 20)
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage:
  replsim run [-each] [-json] [-seed N] FILE
  replsim check FILE...
  replsim verify [-redis-server PATH] FILE...
`)
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "run":
		return runCmd(args[1:], stdout, stderr)
	case "check":
		return checkCmd(args[1:], stdout, stderr)
	case "verify":
		if verify == nil {
			fmt.Fprintln(stderr, "replsim: verify is not built into this binary")
			return 2
		}
		return verify(args[1:])
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return 0
	}
	fmt.Fprintf(stderr, "replsim: unknown command %q\n", args[0])
	usage(stderr)
	return 2
}

// load parses a scenario file.
func load(path string) (*scenario.Script, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return scenario.Parse(filepath.Base(path), string(src))
}

func runCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	each := fs.Bool("each", false, "print every node's INFO after every line")
	asJSON := fs.Bool("json", false, "print the steps as JSON")
	seed := fs.Uint64("seed", 1, "seed for replication ids")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "replsim run: one scenario file expected")
		return 2
	}
	s, err := load(fs.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	// Refused before the first line runs, as the contract says.
	cost, err := core.CheckCost(s, core.NativeLimits)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	out := bufio.NewWriter(stdout)
	// A run needs no time travel: one world, stepped line by line, with
	// no event sink, so it costs what the servers hold and no more.
	w := core.NewWorld(*seed)
	w.SetKeyHint(cost.Writes)
	if err := w.SetVersion(s.Version); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	rep := &report.Run{Scenario: s.Name}
	var failures []string
	for i := range s.Lines {
		l := &s.Lines[i]
		if !l.Runs() {
			continue
		}
		clock := w.Clock()
		w.Run(l)
		if e := w.LineErr(); e != "" {
			failures = append(failures, s.Name+":"+strconv.Itoa(l.Num)+": "+e)
		}
		switch {
		case *asJSON:
			rep.Steps = append(rep.Steps, report.Step{Line: l.Num, Text: l.Text, Reply: w.Reply().Compact(), Nodes: w.ReportNodes(), Clock: clock})
		case *each:
			fmt.Fprintf(out, "=== line %d: %s\n", l.Num, l.Text)
			if r := w.Reply(); r.Kind != 0 {
				fmt.Fprintf(out, "%s\n", r.String())
			}
			if e := w.LineErr(); e != "" {
				fmt.Fprintf(out, "ERROR: %s\n", e)
			}
			printInfo(out, w)
		}
	}
	if *asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", " ")
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	} else if !*each {
		printInfo(out, w)
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	for _, f := range failures {
		fmt.Fprintln(stderr, f)
	}
	if len(failures) > 0 {
		return 1
	}
	return 0
}

func printInfo(out io.Writer, w *core.World) {
	for _, n := range w.Nodes() {
		fmt.Fprintf(out, "--- %s\n", n)
		fmt.Fprint(out, strings.ReplaceAll(w.Info(n, ""), "\r\n", "\n"))
	}
}

func checkCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "replsim check: scenario files expected")
		return 2
	}
	files := append([]string(nil), args...)
	sort.Strings(files)
	for _, f := range files {
		s, err := load(f)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		t, err := core.Play(s, core.Options{Seed: 1})
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		if fails := t.Failures(); len(fails) > 0 {
			fmt.Fprintln(stderr, "FAIL "+fails[0])
			return 1
		}
		if err := core.CheckQuestions(t); err != nil {
			fmt.Fprintln(stderr, "FAIL "+err.Error())
			return 1
		}
		n := 0
		for _, st := range t.Steps() {
			if st.Line.Kind == scenario.Expect {
				n++
			}
		}
		fmt.Fprintf(stdout, "ok %s: %d lines, %d expects hold\n", f, len(t.Steps()), n)
	}
	return 0
}
