package core

import (
	"fmt"
	"strings"

	"replscope/core/scenario"
)

// Question is an `ask` line (an exercise) with the answer the core
// computes for the step that follows it.
type Question struct {
	Ask     scenario.Line
	Step    int    // index in Steps() of the step it asks about
	Node    string // the node asked about
	Field   string // "psync" or an INFO field
	Answer  string // "+CONTINUE", "+FULLRESYNC" or the field's value
	Explain string // why, in numbers
	Psync   *PsyncDecision
}

// Questions lists a timeline's questions with their answers. An ask whose
// answer the core cannot compute is an error naming its line.
func Questions(t *Timeline) ([]Question, error) {
	var out []Question
	for i, st := range t.steps {
		for _, a := range st.Asks {
			q := Question{Ask: a, Step: i, Node: a.Node, Field: a.Param}
			where := fmt.Sprintf("%s:%d", t.script.Name, a.Num)
			if strings.EqualFold(a.Param, "psync") {
				for k := st.First; k <= st.Last; k++ {
					e := t.Event(k)
					if e.Kind == EvPsyncAnswered && e.Peer == a.Node && e.Psync != nil {
						q.Psync = e.Psync
						q.Answer = "+FULLRESYNC"
						if e.Psync.Continue {
							q.Answer = "+CONTINUE"
						}
						q.Explain = e.Psync.Reason
						break
					}
				}
				if q.Psync == nil {
					return nil, fmt.Errorf("%s: ask %s psync: the next line (%d) makes %s ask no PSYNC", where, a.Node, st.Line.Num, a.Node)
				}
			} else {
				rn := st.nodes()[a.Node]
				if rn == nil {
					return nil, fmt.Errorf("%s: ask %s %s: %s does not exist after line %d", where, a.Node, a.Param, a.Node, st.Line.Num)
				}
				v, ok := rn.Fields[a.Param]
				if !ok {
					return nil, fmt.Errorf("%s: ask %s %s: INFO has no field %s (try slave_repl_offset, master_repl_offset, repl_backlog_first_byte_offset ...)", where, a.Node, a.Param, a.Param)
				}
				q.Answer = v
				q.Explain = fmt.Sprintf("after `%s`, INFO on %s says %s:%s.", st.Line.Text, a.Node, a.Param, v)
			}
			out = append(out, q)
		}
	}
	if len(t.pendingAsk) > 0 {
		a := t.pendingAsk[0]
		return nil, fmt.Errorf("%s:%d: ask %s %s: no line follows it to ask about", t.script.Name, a.Num, a.Node, a.Param)
	}
	return out, nil
}

// CheckQuestions reports the first question the core cannot answer.
func CheckQuestions(t *Timeline) error {
	_, err := Questions(t)
	return err
}
