//go:build js

package main

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/app/model"
)

// main is the browser's: the pages and nothing else. The simulator runs
// in a Web Worker (wasm/sim); the generator and the server (site.go) are
// native only.
func main() {
	// The first picture from the generator's recording, the rest from the
	// simulator (model.Booted).
	model.Connect(model.Booted(model.WorkerAt(app.Getenv("GOAPP_STATIC_RESOURCES_URL")+"/web/sim-worker.js"), model.PageBoot))
	routes()
	app.RunWhenOnBrowser()
}
