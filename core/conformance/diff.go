package conformance

import (
	"fmt"
	"regexp"
	"sort"

	"replscope/core/report"
)

// DiffRuns lists every difference between two runs of the same scenario,
// over everything a recording holds: each step's reply, every INFO field
// either run reports (a field one run lacks is "(absent)"), each
// replica's state and offset, and the replication ids by identity (which
// node's current or previous id they are, as report.Compare does). Steps
// are matched by line number. Diff.Real is a's value, Diff.Sim is b's.
func DiffRuns(a, b *report.Run) []report.Diff {
	var out []report.Diff
	la, lb := report.IDLabels(a), report.IDLabels(b)
	isID := map[string]bool{}
	for _, f := range report.IDFields {
		isID[f] = true
	}
	optional := map[string]bool{}
	for _, f := range report.OptionalFields {
		optional[f] = true
	}
	bSteps := map[int]*report.Step{}
	for i := range b.Steps {
		bSteps[b.Steps[i].Line] = &b.Steps[i]
	}
	seen := map[int]bool{}
	for i := range a.Steps {
		sa := &a.Steps[i]
		seen[sa.Line] = true
		d := func(node, field, x, y string) {
			out = append(out, report.Diff{Scenario: a.Scenario, Line: sa.Line, Text: sa.Text, Node: node, Field: field, Real: x, Sim: y})
		}
		sb := bSteps[sa.Line]
		if sb == nil {
			d("-", "step", "present", "(absent)")
			continue
		}
		if sa.Text != sb.Text {
			d("-", "text", sa.Text, sb.Text)
		}
		if report.IdleAgrees(sa, sb) {
			// seconds on two wall clocks (report.CompareReplies)
		} else if report.NormalizeStepReply(sa.Text, streamIDs.ReplaceAllString(sa.Reply, "<id>")) != report.NormalizeStepReply(sb.Text, streamIDs.ReplaceAllString(sb.Reply, "<id>")) {
			d("-", "reply", sa.Reply, sb.Reply)
		}
		for _, n := range keys(sa.Nodes, sb.Nodes) {
			na, nb := sa.Nodes[n], sb.Nodes[n]
			if na == nil || nb == nil {
				d(n, "node", present(na != nil), present(nb != nil))
				continue
			}
			for _, f := range keys(na.Fields, nb.Fields) {
				x, xok := na.Fields[f]
				y, yok := nb.Fields[f]
				if isID[f] && xok && yok {
					x, y = la[x], lb[y]
				}
				if optional[f] && (!xok || !yok) {
					continue // compared where both runs recorded it (contract 1.1)
				}
				if x != y || xok != yok {
					d(n, f, show(x, xok), show(y, yok))
				}
			}
			for _, r := range keys(na.Replicas, nb.Replicas) {
				x, xok := na.Replicas[r]
				y, yok := nb.Replicas[r]
				if xok != yok {
					d(n, "slave "+r, show(x.State, xok), show(y.State, yok))
					continue
				}
				if x.State != y.State {
					d(n, "slave "+r+" state", x.State, y.State)
				}
				if x.Offset != y.Offset {
					d(n, "slave "+r+" offset", x.Offset, y.Offset)
				}
			}
		}
	}
	for _, s := range b.Steps {
		if !seen[s.Line] {
			out = append(out, report.Diff{Scenario: a.Scenario, Line: s.Line, Text: s.Text, Node: "-", Field: "step", Real: "(absent)", Sim: "present"})
		}
	}
	return out
}

// streamIDs are auto-generated stream ids, whose milliseconds are the
// wall clock of the run: two runs agree when only those differ.
var streamIDs = regexp.MustCompile(`\b1[0-9]{12}-[0-9]+`)

func keys[V any](a, b map[string]V) []string {
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

func present(ok bool) string {
	if ok {
		return "present"
	}
	return "(absent)"
}

func show(v string, ok bool) string {
	if !ok {
		return "(absent)"
	}
	return v
}

// DiffKind sorts a difference into what kind it is: "only in B" (a field
// or replica a run lacks), "only in A", "reply", "step", or "value".
func DiffKind(d report.Diff) string {
	switch {
	case d.Field == "step" || d.Field == "node" || d.Field == "text":
		return d.Field
	case d.Field == "reply":
		return "reply"
	case d.Real == "(absent)":
		return "only in B"
	case d.Sim == "(absent)":
		return "only in A"
	}
	return "value"
}

// FieldOf is the field a difference is about, with replica names taken
// out ("slave R offset" is "slaveN offset").
func FieldOf(d report.Diff) string {
	var r, what string
	if n, _ := fmt.Sscanf(d.Field, "slave %s %s", &r, &what); n == 2 {
		return "slaveN " + what
	}
	if n, _ := fmt.Sscanf(d.Field, "slave %s", &r); n == 1 {
		return "slaveN"
	}
	return d.Field
}
