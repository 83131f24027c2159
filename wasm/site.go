//go:build !js

package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/app/i18n"
	"replscope/app/model"
	"replscope/app/simhost"
	"replscope/web"
)

func main() {
	generate := flag.String("generate", "", "write the static site into this directory")
	base := flag.String("base", "/", "the URL path the site is served under (e.g. /replscope/ on GitHub Pages)")
	serve := flag.String("serve", "", "serve a generated site on this loopback address")
	dir := flag.String("dir", "dist", "the generated site to serve")
	flag.Parse()
	switch {
	case *generate != "":
		if err := generateSite(*generate, *base, "web"); err != nil {
			log.Fatal(err)
		}
	case *serve != "":
		log.Fatal(serveSite(*serve, *dir, *base))
	default:
		fmt.Fprintln(os.Stderr, "usage: wasm -generate DIR [-base /path/] | -serve 127.0.0.1:PORT [-dir DIR] [-base /path/]")
		os.Exit(2)
	}
}

// handler describes the site. Every resource is local: go-app's default
// icons are remote, so ours replace them; no fonts or scripts from
// elsewhere.
func handler(base, version string) *app.Handler {
	return &app.Handler{
		Name:            "ReplScope",
		ShortName:       "ReplScope",
		Title:           i18n.T(i18n.En, "page.doc_title"),
		Description:     "A step-by-step visualizer of Redis 7.0 replication offsets, the backlog and PSYNC, faithful to a real redis-server.",
		Lang:            "en",
		Icon:            app.Icon{Default: "/web/icon-192.png", Large: "/web/icon-512.png", SVG: "/web/icon.svg", AppleTouch: "/web/icon-192.png"},
		BackgroundColor: "#0f1419",
		ThemeColor:      "#0f1419",
		LoadingLabel:    "Loading ReplScope… 正在加载… {progress}%",
		Styles:          []string{"/web/replscope.css"},
		// The simulator (sim.wasm in a Web Worker) starts loading beside
		// app.wasm, and the service worker keeps both of one version.
		Scripts:            []string{"/web/sim-start.js"},
		CacheableResources: []string{"/web/sim-worker.js", "/web/sim.wasm"},
		Resources:          resources(base),
		Version:            version,
	}
}

// resources maps the site under its base path. At the root, go-app's
// default is right (CustomProvider would write "//web/app.wasm", a
// protocol-relative URL to a host named "web").
func resources(base string) app.ResourceProvider {
	if strings.Trim(base, "/") == "" {
		return app.LocalDir("")
	}
	return app.CustomProvider("", base)
}

// wasmVersion is a hash of app.wasm, sim.wasm and the worker's script: a
// new build is a new version, so the service worker of a returning
// visitor fetches them, the page and its simulator of one build.
func wasmVersion(webDir string) (string, error) {
	h := sha256.New()
	for _, name := range []string{"app.wasm", "sim.wasm", "sim-worker.js"} {
		f, err := os.Open(filepath.Join(webDir, name))
		if err != nil {
			return "", fmt.Errorf("web/%s is missing: build it first (./build.sh build): %w", name, err)
		}
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

func generateSite(out, base, webDir string) error {
	// Static generation prerenders the pages: the simulator runs here.
	model.Connect(simhost.NewLocal())
	routes()
	v, err := wasmVersion(webDir)
	if err != nil {
		return err
	}
	if err := app.GenerateStaticWebsite(out, handler(base, v)); err != nil {
		return err
	}
	if err := allowZoom(out); err != nil {
		return err
	}
	// Copy web/ (assets, lessons, app.wasm) beside the pages; Go sources
	// stay out.
	if err := copyWeb(out, webDir); err != nil {
		return err
	}
	return writeBoot(filepath.Join(out, "web", "boot"))
}

// writeBoot writes each lesson's first load, asked of the simulator here,
// for the page to draw before its Web Worker is up (model.Booted):
// boot/lesson-NAME.json, and boot/first.json for the page with no lesson.
func writeBoot(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	sim := simhost.NewLocal()
	for i, les := range web.Lessons() {
		calls, err := model.RecordLoad(sim, les.Name, les.Name+".scenario", les.Source)
		if err != nil {
			return fmt.Errorf("lesson %s: %w", les.Name, err)
		}
		b, err := json.Marshal(calls)
		if err != nil {
			return err
		}
		names := []string{"lesson-" + les.Name + ".json"}
		if i == 0 {
			names = append(names, "first.json")
		}
		for _, n := range names {
			if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

// copyWeb copies web/ into out/web, Go sources left out.
func copyWeb(out, webDir string) error {
	return filepath.WalkDir(webDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(webDir, p)
		dst := filepath.Join(out, "web", rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		if strings.HasSuffix(p, ".go") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
}

// serveSite serves a generated site on a loopback address.
func serveSite(addr, dir, base string) error {
	if !strings.HasPrefix(addr, "127.") && !strings.HasPrefix(addr, "localhost") && !strings.HasPrefix(addr, "[::1]") {
		return fmt.Errorf("refusing to serve on %s: ReplScope serves on loopback only", addr)
	}
	u := url.URL{Scheme: "http", Host: addr, Path: "/" + strings.TrimLeft(base, "/")}
	log.Printf("ReplScope on %s", u.String())
	return http.ListenAndServe(addr, siteHandler(dir, base))
}

// siteHandler serves a generated site as GitHub Pages would: /guide is
// guide.html, under the base path.
func siteHandler(dir, base string) http.Handler {
	prefix := "/" + strings.Trim(base, "/")
	if prefix != "/" {
		prefix += "/"
	}
	files := http.FileServer(http.Dir(dir))
	mux := http.NewServeMux()
	mux.Handle(prefix, http.StripPrefix(strings.TrimSuffix(prefix, "/"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := path.Clean("/" + r.URL.Path)
		if p != "/" && path.Ext(p) == "" {
			if _, err := os.Stat(filepath.Join(dir, p+".html")); err == nil {
				r.URL.Path = p + ".html"
			}
		}
		if strings.HasSuffix(r.URL.Path, ".wasm") {
			w.Header().Set("Content-Type", "application/wasm")
		}
		files.ServeHTTP(w, r)
	})))
	if prefix != "/" {
		mux.Handle("/", http.RedirectHandler(prefix, http.StatusFound))
	}
	return mux
}

// allowZoom rewrites go-app's viewport (maximum-scale=1, user-scalable=0)
// in every generated page: people must be able to pinch-zoom.
func allowZoom(out string) error {
	pages, err := filepath.Glob(filepath.Join(out, "*.html"))
	if err != nil {
		return err
	}
	const from = "width=device-width, initial-scale=1, maximum-scale=1, user-scalable=0, viewport-fit=cover"
	const to = "width=device-width, initial-scale=1, viewport-fit=cover"
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(strings.ReplaceAll(string(b), from, to)), 0o644); err != nil {
			return err
		}
	}
	return nil
}
