//go:build !js

package main

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// site serves ../dist (built by ./build.sh) on a random loopback port.
func site(t *testing.T, base string) string {
	t.Helper()
	dist := filepath.Join("..", "dist")
	if _, err := os.Stat(filepath.Join(dist, "web", "app.wasm")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("dist/ is not built: ./build.sh test builds it before the tests")
		}
		t.Skip("dist/ is not built: run ./build.sh build first")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: siteHandler(dist, base)}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return loopbackURL(ln, base)
}

// plainSite serves dir with nothing but http.FileServer on a random
// loopback port: no rewriting, as any static host (python3 -m
// http.server, GitHub Pages without its extension rule) would.
func plainSite(t *testing.T, dir, path string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(dir))}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return loopbackURL(ln, path)
}

func chromiumPath(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed; ./build.sh test installs it")
	}
	t.Skip("chromium is not on PATH (apt-get install -y chromium)")
	return ""
}

// browser is one headless Chromium with the flags this workplace needs,
// recording console errors and every request's host.
type browser struct {
	ctx      context.Context
	mu       sync.Mutex
	errors   []string
	requests []string
}

func newBrowser(t *testing.T, width, height int) *browser {
	t.Helper()
	return newBrowserWithin(t, width, height, 90*time.Second)
}

// parallelBrowser marks a long browser test parallel and waits for one of
// browserSlots: the long ones run beside each other, a step's wait being
// mostly go-app's render tick, but at most four Chromiums at once, so that
// two busy cores still meet every poll's limit.
func parallelBrowser(t *testing.T) {
	t.Helper()
	t.Parallel()
	browserSlots <- struct{}{}
	t.Cleanup(func() { <-browserSlots })
}

var browserSlots = make(chan struct{}, 4)

// newBrowserWithin is a browser whose whole life is bounded by limit: a
// guard against a hung page, not a measure of speed, so the tests that
// step through every event of every lesson in one browser get a limit
// that a loaded machine still meets.
func newBrowserWithin(t *testing.T, width, height int, limit time.Duration) *browser {
	t.Helper()
	// A fresh profile each time; removed once Chromium has exited (a
	// t.TempDir would be removed while Chromium still writes to it).
	profile, err := os.MkdirTemp("", "replscope-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(width, height),
		// How long Chromium may take to print its DevTools address: 20 s
		// by default, which a start beside the conformance suite's
		// servers on two cores once missed. A wait on that line, not a
		// pause.
		chromedp.WSURLReadTimeout(2 * time.Minute),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, limit)
	t.Cleanup(func() {
		_ = chromedp.Cancel(ctx) // closes the browser and waits for it
		cancelT()
		cancelC()
		cancelA()
		_ = os.RemoveAll(profile)
	})
	b := &browser{ctx: ctx}
	chromedp.ListenTarget(ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.APITypeError {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				b.errors = append(b.errors, "console.error: "+strings.Join(parts, " "))
			}
		case *runtime.EventExceptionThrown:
			b.errors = append(b.errors, "exception: "+e.ExceptionDetails.Text+" "+exceptionText(e))
		case *network.EventRequestWillBeSent:
			b.requests = append(b.requests, e.Request.URL)
		}
	})
	// Headless windows are at least 500 px wide: emulate the viewport so
	// that a 360 px phone is really 360 px.
	if err := chromedp.Run(ctx, network.Enable(), runtime.Enable(), chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatal(err)
	}
	return b
}

func exceptionText(e *runtime.EventExceptionThrown) string {
	if e.ExceptionDetails.Exception != nil {
		return e.ExceptionDetails.Exception.Description
	}
	return ""
}

// offsite lists requests to any host but loopback.
func (b *browser) offsite() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, r := range b.requests {
		u, err := url.Parse(r)
		if err != nil || u.Scheme == "data" || u.Scheme == "blob" || u.Scheme == "about" {
			continue
		}
		h := u.Hostname()
		if h != "127.0.0.1" && h != "localhost" && h != "::1" {
			out = append(out, r)
		}
	}
	return out
}

func (b *browser) consoleErrors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.errors...)
}

// loopbackURL is the address of a test server on 127.0.0.1.
func loopbackURL(ln net.Listener, path string) string {
	u := url.URL{Scheme: "http", Host: ln.Addr().String(), Path: "/" + strings.TrimLeft(path, "/")}
	return u.String()
}
