package simhost

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"replscope/core"
)

// TestKeyMomentBounds: an empty line stops nowhere; a line too long to
// search stops at its end (the lessons' key moments are app's TestKeyMoment).
func TestKeyMomentBounds(t *testing.T) {
	assert.Equal(t, 4, keyMoment(core.Step{First: 5, Last: 4}, nil))
	assert.Equal(t, keyScan+10, keyMoment(core.Step{First: 10, Last: keyScan + 10}, nil))
}

// TestRespHead: a chip shows a command's bytes through its name.
func TestRespHead(t *testing.T) {
	assert.Equal(t, `*1\r\n$4\r\nPING…`, respHead([]byte("*1\r\n$4\r\nPING\r\n"), 14))
	assert.Equal(t, "…", respHead(nil, 5))
}
