//go:build js

// Command sim is ReplScope's simulator in the browser: sim.wasm, run in a
// Web Worker by web/sim-worker.js. The page (app.wasm) posts [id, request]
// and gets [id, response] back, app/proto's JSON both ways; the core runs
// here, off the page's thread, so that the page's binary links none of it
// and a long scenario plays without freezing the page.
package main

import (
	"syscall/js"

	"replscope/app/simhost"
)

func main() {
	h := simhost.New()
	self := js.Global()
	serve := js.FuncOf(func(this js.Value, args []js.Value) any {
		msg := args[0]
		id := msg.Index(0)
		out := h.Serve([]byte(msg.Index(1).String()))
		self.Call("postMessage", js.ValueOf([]any{id, string(out)}))
		return nil
	})
	// The worker's script queued what came before: from now on every
	// message goes to serve.
	self.Call("__replscopeServe", serve)
	select {}
}
