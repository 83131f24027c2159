//go:build !js

package main

import (
	"fmt"
	"os"
)

// main says where this runs: sim.wasm is the browser's (GOOS=js); natively
// the core is replsim's (core/cmd/replsim).
func main() {
	fmt.Fprintln(os.Stderr, "sim is ReplScope's simulator for the browser's Web Worker: build it with GOOS=js GOARCH=wasm (./build.sh build); natively use replsim (go run ./core/cmd/replsim)")
	os.Exit(2)
}
