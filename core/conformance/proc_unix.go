//go:build !js

package conformance

import (
	"os/exec"
	"syscall"
)

// prepare puts redis-server in a process group of its own that dies with
// us, so that no server outlives a test, even on a crash.
func prepare(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

func kill(cmd *exec.Cmd) {
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
}
