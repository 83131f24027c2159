package app

import (
	"os"
	"sync/atomic"
	"testing"

	"replscope/app/model"
	"replscope/app/proto"
	"replscope/app/simhost"
)

// local is the simulator the tests play on: in this process, through the
// JSON a Web Worker would carry. calls counts the requests it answered.
var (
	local = simhost.NewLocal()
	calls atomic.Int64
)

type counted struct{ *simhost.Local }

func (c counted) Call(r *proto.Request) (*proto.Response, error) {
	calls.Add(1)
	return c.Local.Call(r)
}

func TestMain(m *testing.M) {
	model.Connect(counted{local})
	os.Exit(m.Run())
}
