//go:build js

package main

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// main is the browser's: the pages and nothing else. The generator and
// the server (site.go) are native only.
func main() {
	routes()
	app.RunWhenOnBrowser()
}
