// Command wasm is ReplScope's site. Compiled to WebAssembly (main_js.go)
// it is the app in the browser and links nothing native; run natively
// (site.go) it generates the static site or serves it.
//
//	go run ./wasm -generate dist -base /          write the static site
//	go run ./wasm -serve 127.0.0.1:8080 -dir dist serve it
package main

import (
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	ui "replscope/app"
)

var routeOnce sync.Once

// routes registers the pages; the browser and static generation both
// need them.
func routes() {
	routeOnce.Do(func() {
		app.Route("/", &ui.Player{})
		// guide.html is the file a plain static host serves; /guide stays
		// for old links on hosts that map it.
		app.Route("/guide.html", &ui.Guide{})
		app.Route("/guide", &ui.Guide{})
	})
}
