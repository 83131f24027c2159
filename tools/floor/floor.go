// Command floor is the go-app v9.8.0 floor that ./build.sh bench measures
// ReplScope against: one trivial component, built with the same flags as
// app.wasm, served the same way, so that the size and first-render ratios
// are taken side by side.
//
//	GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o DIR/web/app.wasm ./tools/floor
//	go run ./tools/floor -generate DIR/dist
package main

import "github.com/maxence-charriere/go-app/v9/pkg/app"

type hello struct{ app.Compo }

// OnMount records when the first render is in the page, as ReplScope's
// body[data-ready] does.
func (h *hello) OnMount(ctx app.Context) {
	ctx.Defer(func(app.Context) {
		app.Window().Get("document").Get("body").Call("setAttribute", "data-ready", "1")
		app.Window().Set("__replscopeReady", app.Window().Get("performance").Call("now"))
	})
}

func (h *hello) Render() app.UI { return app.H1().Text("floor") }

func routes() { app.Route("/", &hello{}) }
