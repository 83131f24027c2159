package core

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestEndlessScript: an endless script stops after the instruction budget
// with a clear error instead of hanging the simulator.
func TestEndlessScript(t *testing.T) {
	w := settledWorld(t, 1, "node M")
	w.clientCommand(0, []string{"EVAL", "while true do end", "0"})
	r := w.Reply()
	assert.True(t, r.IsError())
	assert.True(t, strings.Contains(r.Str, "ReplScope stopped the script"), r.Str)
	w.clientCommand(0, []string{"EVAL", "return 1", "0"})
	assert.Equal(t, intReply(1), w.Reply())
}
