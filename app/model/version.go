package model

import (
	"strings"

	"replscope/core/scenario"
)

// VersionOf is the version a scenario text names on its `version` line
// (scenario.DefaultVersion without one).
func VersionOf(src string) string {
	if i, _ := versionLine(src); i >= 0 {
		f := strings.Fields(strings.SplitN(strings.Split(src, "\n")[i], "#", 2)[0])
		if len(f) >= 2 && scenario.KnownVersion(f[1]) {
			return f[1]
		}
	}
	return scenario.DefaultVersion
}

// versionLine finds the `version` line (its index, or -1) and where one
// may go: it must come before any line but comments and the title.
func versionLine(src string) (line, insertAt int) {
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		f := strings.Fields(l)
		switch {
		case len(f) == 0 || strings.HasPrefix(f[0], "#"):
			continue
		case f[0] == "version":
			return i, i
		case f[0] == "title" || strings.HasPrefix(f[0], "title."):
			continue
		}
		return -1, i
	}
	return -1, len(lines)
}

// WithVersion is the scenario text with its `version` line set to v: the
// line is changed where it is, or written first. The default version is
// written only to change a line that names another.
func WithVersion(src, v string) string {
	i, at := versionLine(src)
	lines := strings.Split(src, "\n")
	if i >= 0 {
		indent := lines[i][:len(lines[i])-len(strings.TrimLeft(lines[i], " \t"))]
		comment := ""
		if c := strings.Index(lines[i], "#"); c >= 0 {
			comment = "  " + lines[i][c:]
		}
		lines[i] = indent + "version " + v + comment
		return strings.Join(lines, "\n")
	}
	if v == scenario.DefaultVersion {
		return src
	}
	lines = append(lines[:at], append([]string{"version " + v}, lines[at:]...)...)
	return strings.Join(lines, "\n")
}
