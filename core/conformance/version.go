package conformance

import (
	"fmt"
	"os/exec"
	"regexp"
	"strings"

	"replscope/core/scenario"
)

// Versions are the server versions the project names, as the scenario
// language spells them (`version NAME`); DefaultVersion is what a
// scenario without a version line means.
var Versions = scenario.Versions

// DefaultVersion is Redis 7.0, what the core models.
const DefaultVersion = scenario.DefaultVersion

var versionRe = regexp.MustCompile(`v=([0-9.]+)`)

// Version asks a redis-server (or valkey-server) binary for its version.
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

// VersionName says which of Versions a binary is, from its --version
// line ("Redis server v=7.2.6 ..." is redis-7.2, "Valkey server v=8.0.1
// ..." is valkey-8.0).
func VersionName(bin string) (string, error) {
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		return "", fmt.Errorf("%s --version: %w", bin, err)
	}
	m := versionRe.FindSubmatch(out)
	if m == nil {
		return "", fmt.Errorf("%s --version: no version in %q", bin, strings.TrimSpace(string(out)))
	}
	product := "redis"
	if strings.HasPrefix(strings.ToLower(string(out)), "valkey") {
		product = "valkey"
	}
	parts := strings.SplitN(string(m[1]), ".", 3)
	if len(parts) < 2 {
		return "", fmt.Errorf("%s --version: unexpected version %q", bin, m[1])
	}
	name := product + "-" + parts[0] + "." + parts[1]
	if !KnownVersion(name) {
		return "", fmt.Errorf("%s is %s %s, not one of %s", bin, product, m[1], strings.Join(Versions, ", "))
	}
	return name, nil
}

// KnownVersion reports whether name is one of Versions.
func KnownVersion(name string) bool { return scenario.KnownVersion(name) }
