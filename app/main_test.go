package app

import (
	"os"
	"testing"

	"replscope/app/model"
	"replscope/app/simhost"
)

// local is the simulator the tests play on: in this process, through the
// JSON a Web Worker would carry.
var local = simhost.NewLocal()

func TestMain(m *testing.M) {
	model.Connect(local)
	os.Exit(m.Run())
}
