//go:build js

package conformance

import "os/exec"

// In a browser there are no processes to start; these keep the package
// building for GOOS=js with the rest of core/.
func prepare(cmd *exec.Cmd) {}

func kill(cmd *exec.Cmd) { _ = cmd.Process.Kill() }
