//go:build !js

package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jsDeps lists the packages a package links when built for the browser.
func jsDeps(t *testing.T, pkg string, format string) []string {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-f", format, pkg)
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	require.NoError(t, err, "go list %s", pkg)
	return strings.Fields(string(out))
}

// TestBrowserBinaryLinksNothingNative: app.wasm (replscope/wasm, the page)
// and sim.wasm (replscope/wasm/sim, the simulator in its Web Worker) link
// nothing the go-app floor (./tools/floor, one component) does not already
// link, beyond ReplScope's own packages and pure-Go standard packages; the
// page links none of the core (only core/state and the scenario parser);
// and no ReplScope package a browser build compiles imports the server,
// TLS or processes. (go-app v9.8.0 itself imports net/http, so the floor
// has it: what is measured is what ReplScope adds.)
func TestBrowserBinaryLinksNothingNative(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	floor := map[string]bool{}
	for _, p := range jsDeps(t, "replscope/tools/floor", "{{.ImportPath}}") {
		floor[p] = true
	}
	native := []string{"net", "net/http", "net/http/httptest", "crypto/tls", "crypto/x509", "os/exec", "os/signal", "syscall/js/internal"}
	page := jsDeps(t, "replscope/wasm", "{{.ImportPath}}")
	for _, p := range page {
		switch {
		case p == "replscope/core", strings.HasPrefix(p, "replscope/core/") && p != "replscope/core/state" && p != "replscope/core/scenario":
			t.Errorf("app.wasm links %s: the core is sim.wasm's", p)
		case p == "replscope/app/simhost", strings.HasPrefix(p, "github.com/yuin/gopher-lua"):
			t.Errorf("app.wasm links %s: the simulator is sim.wasm's", p)
		}
	}
	// The core's Lua (EVAL, FUNCTION) is github.com/yuin/gopher-lua, whose
	// os library imports os/exec; the core opens only the base, table,
	// string and math libraries, so no exec is reachable, but the package
	// is linked in sim.wasm. That one importer is tolerated, and said.
	importers := map[string][]string{}
	for _, line := range jsDeps(t, "replscope/wasm/sim", "{{.ImportPath}}:{{join .Imports \",\"}}") {
		pkg, imports, _ := strings.Cut(line, ":")
		for _, imp := range strings.Split(imports, ",") {
			importers[imp] = append(importers[imp], pkg)
		}
	}
	var added []string
	for _, p := range append(page, jsDeps(t, "replscope/wasm/sim", "{{.ImportPath}}")...) {
		if floor[p] {
			continue
		}
		added = append(added, p)
		if p == "os/exec" && strings.Join(importers[p], ",") == "github.com/yuin/gopher-lua" {
			t.Logf("os/exec is linked in sim.wasm only through github.com/yuin/gopher-lua (its os library, which the core does not open)")
			continue
		}
		for _, n := range native {
			assert.NotEqual(t, n, p, "a browser binary links %s, which the floor does not", p)
		}
		assert.False(t, strings.HasPrefix(p, "net/http") || strings.HasPrefix(p, "crypto/tls") || strings.HasPrefix(p, "crypto/x509"), "a browser binary links %s", p)
	}
	t.Logf("packages app.wasm and sim.wasm add to the floor: %s", strings.Join(added, " "))
	for _, line := range jsDeps(t, "replscope/...", "{{.ImportPath}}:{{join .Imports \",\"}}") {
		pkg, imports, _ := strings.Cut(line, ":")
		// Native tools: the conformance harness, replsim and the command
		// table generator (core/internal/cmdgen) never go into the browser.
		if !strings.HasPrefix(pkg, "replscope") || strings.HasPrefix(pkg, "replscope/core/conformance") || pkg == "replscope/core/cmd/replsim" || pkg == "replscope/core/internal/cmdgen" {
			continue
		}
		for _, imp := range strings.Split(imports, ",") {
			switch imp {
			case "net/http", "crypto/tls", "os/exec", "net":
				t.Errorf("%s imports %s in a browser build", pkg, imp)
			}
		}
	}
}
