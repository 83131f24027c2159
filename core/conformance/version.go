package conformance

import (
	"os/exec"
	"regexp"
)

var versionRe = regexp.MustCompile(`v=([0-9.]+)`)

// Version asks a redis-server binary for its version.
func Version(bin string) string {
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		return "?"
	}
	if m := versionRe.FindSubmatch(out); m != nil {
		return string(m[1])
	}
	return "?"
}
