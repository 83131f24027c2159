//go:build !js

package main

import (
	"flag"
	"log"
	"os"
	"path/filepath"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

func main() {
	out := flag.String("generate", "", "write the floor's static site here (its web/app.wasm is copied from -wasm)")
	wasm := flag.String("wasm", "", "the floor's app.wasm")
	flag.Parse()
	if *out == "" || *wasm == "" {
		log.Fatal("usage: floor -generate DIR -wasm FILE")
	}
	routes()
	h := &app.Handler{
		Name:  "floor",
		Title: "floor",
		Icon:  app.Icon{Default: "/web/icon.svg", SVG: "/web/icon.svg"},
	}
	if err := app.GenerateStaticWebsite(*out, h); err != nil {
		log.Fatal(err)
	}
	b, err := os.ReadFile(*wasm)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*out, "web", "app.wasm"), b, 0o644); err != nil {
		log.Fatal(err)
	}
	svg := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>`
	if err := os.WriteFile(filepath.Join(*out, "web", "icon.svg"), []byte(svg), 0o644); err != nil {
		log.Fatal(err)
	}
}
