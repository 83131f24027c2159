package report

import (
	"fmt"
	"sort"
)

// Diff is one field that differs between a real run and a simulated one.
type Diff struct {
	Scenario  string
	Line      int
	Text      string
	Node      string
	Field     string
	Real, Sim string
}

func (d Diff) String() string {
	return fmt.Sprintf("%s:%d (%s) node %s field %s: real %s, simulated %s", d.Scenario, d.Line, d.Text, d.Node, d.Field, d.Real, d.Sim)
}

// IDLabels names each distinct replication id of a run by the order it
// first appears (steps in order, nodes by name, master_replid before
// master_replid2), so that random ids compare by identity.
func IDLabels(r *Run) map[string]string {
	labels := map[string]string{}
	for _, s := range r.Steps {
		for _, n := range s.NodeNames() {
			for _, f := range IDFields {
				v := s.Nodes[n].Fields[f]
				if _, ok := labels[v]; ok {
					continue
				}
				if v == "0000000000000000000000000000000000000000" {
					labels[v] = "none"
				} else {
					labels[v] = fmt.Sprintf("id#%d", len(labels)+1)
				}
			}
		}
	}
	return labels
}

// Compare lists every compared field that differs after every step: the
// contract's fields, each replica's state and offset, and the ids by
// identity. Steps are matched by line number.
func Compare(real, sim *Run) []Diff {
	var out []Diff
	lr, ls := IDLabels(real), IDLabels(sim)
	simSteps := map[int]*Step{}
	for i := range sim.Steps {
		simSteps[sim.Steps[i].Line] = &sim.Steps[i]
	}
	for i := range real.Steps {
		rs := &real.Steps[i]
		d := func(node, field, r, s string) {
			out = append(out, Diff{Scenario: real.Scenario, Line: rs.Line, Text: rs.Text, Node: node, Field: field, Real: r, Sim: s})
		}
		ss := simSteps[rs.Line]
		if ss == nil {
			d("-", "step", "present", "missing")
			continue
		}
		names := map[string]bool{}
		for n := range rs.Nodes {
			names[n] = true
		}
		for n := range ss.Nodes {
			names[n] = true
		}
		sorted := make([]string, 0, len(names))
		for n := range names {
			sorted = append(sorted, n)
		}
		sort.Strings(sorted)
		for _, n := range sorted {
			rn, sn := rs.Nodes[n], ss.Nodes[n]
			if rn == nil || sn == nil {
				d(n, "node", fmt.Sprint(rn != nil), fmt.Sprint(sn != nil))
				continue
			}
			for _, f := range ComparedFields {
				rv, rok := rn.Fields[f]
				sv, sok := sn.Fields[f]
				if rv != sv || rok != sok {
					d(n, f, show(rv, rok), show(sv, sok))
				}
			}
			for _, f := range IDFields {
				if a, b := lr[rn.Fields[f]], ls[sn.Fields[f]]; a != b {
					d(n, f, a, b)
				}
			}
			reps := map[string]bool{}
			for r := range rn.Replicas {
				reps[r] = true
			}
			for r := range sn.Replicas {
				reps[r] = true
			}
			rnames := make([]string, 0, len(reps))
			for r := range reps {
				rnames = append(rnames, r)
			}
			sort.Strings(rnames)
			for _, r := range rnames {
				a, aok := rn.Replicas[r]
				b, bok := sn.Replicas[r]
				if aok != bok {
					d(n, "slave "+r, show(a.State, aok), show(b.State, bok))
					continue
				}
				if a.State != b.State {
					d(n, "slave "+r+" state", a.State, b.State)
				}
				if a.Offset != b.Offset {
					d(n, "slave "+r+" offset", a.Offset, b.Offset)
				}
			}
		}
	}
	if len(sim.Steps) != len(real.Steps) {
		out = append(out, Diff{Scenario: real.Scenario, Node: "-", Field: "steps", Real: fmt.Sprint(len(real.Steps)), Sim: fmt.Sprint(len(sim.Steps))})
	}
	return out
}

// CountCompared is how many values Compare looked at.
func CountCompared(real *Run) int {
	n := 0
	for _, s := range real.Steps {
		for _, node := range s.Nodes {
			n += len(ComparedFields) + len(IDFields) + 2*len(node.Replicas)
		}
	}
	return n
}

func show(v string, ok bool) string {
	if !ok {
		return "(absent)"
	}
	return v
}
