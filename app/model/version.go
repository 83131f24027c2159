package model

import (
	"sort"
	"strings"

	"replscope/core/scenario"
)

// VersionOf is the version a scenario text names on its `version` line
// (scenario.DefaultVersion without one).
func VersionOf(src string) string {
	if i, _ := versionLine(src); i >= 0 {
		f := strings.Fields(strings.SplitN(strings.Split(src, "\n")[i], "#", 2)[0])
		if len(f) >= 2 && scenario.KnownVersion(f[1]) {
			return f[1]
		}
	}
	return scenario.DefaultVersion
}

// versionLine finds the `version` line (its index, or -1) and where one
// may go: it must come before any line but comments and the title.
func versionLine(src string) (line, insertAt int) {
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		f := strings.Fields(l)
		switch {
		case len(f) == 0 || strings.HasPrefix(f[0], "#"):
			continue
		case f[0] == "version":
			return i, i
		case f[0] == "title" || strings.HasPrefix(f[0], "title."):
			continue
		}
		return -1, i
	}
	return -1, len(lines)
}

// WithVersion is the scenario text with its `version` line set to v: the
// line is changed where it is, or written first. The default version is
// written only to change a line that names another.
func WithVersion(src, v string) string {
	i, at := versionLine(src)
	lines := strings.Split(src, "\n")
	if i >= 0 {
		indent := lines[i][:len(lines[i])-len(strings.TrimLeft(lines[i], " \t"))]
		comment := ""
		if c := strings.Index(lines[i], "#"); c >= 0 {
			comment = "  " + lines[i][c:]
		}
		lines[i] = indent + "version " + v + comment
		return strings.Join(lines, "\n")
	}
	if v == scenario.DefaultVersion {
		return src
	}
	lines = append(lines[:at], append([]string{"version " + v}, lines[at:]...)...)
	return strings.Join(lines, "\n")
}

// FieldDiff is one INFO field of one node after the same line on two
// versions.
type FieldDiff struct {
	Node, Field string
	A, B        string // "" when the version does not print the field
	Differs     bool
}

// CompareLine plays nothing: it reads two sessions of the same scenario
// on two versions after the same line (step index) and lists every
// node's INFO fields side by side (the report's fields, as the
// conformance suite compares them), differences marked.
func CompareLine(a, b *Session, step int) []FieldDiff {
	at := func(s *Session) map[string]map[string]string {
		steps := s.TL.Steps()
		if step < 0 || step >= len(steps) {
			return nil
		}
		w := s.TL.At(steps[step].Last)
		out := map[string]map[string]string{}
		for n, node := range w.ReportNodes() {
			f := map[string]string{}
			for k, v := range node.Fields {
				f[k] = v
			}
			for r, rep := range node.Replicas {
				f["replica "+r] = rep.State + " offset=" + rep.Offset
			}
			out[n] = f
		}
		return out
	}
	na, nb := at(a), at(b)
	var out []FieldDiff
	for _, n := range union(na, nb) {
		for _, f := range union(na[n], nb[n]) {
			x, y := na[n][f], nb[n][f]
			if f == "master_replid" || f == "master_replid2" {
				continue // random ids: equal only by identity
			}
			out = append(out, FieldDiff{Node: n, Field: f, A: x, B: y, Differs: x != y})
		}
	}
	return out
}

func union[V any](a, b map[string]V) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range []map[string]V{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}
