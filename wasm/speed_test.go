//go:build !js

package main

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// TestPageSpeed measures the page for ./build.sh bench and prints a table.
// It asserts nothing about time (speed is measured, not unit-tested) and
// runs only when REPLSCOPE_BENCH=1.
func TestPageSpeed(t *testing.T) {
	if os.Getenv("REPLSCOPE_BENCH") != "1" {
		t.Skip("a measurement, not a test: ./build.sh bench runs it (REPLSCOPE_BENCH=1)")
	}
	base := site(t, "/")
	raw, err := os.ReadFile(filepath.Join("..", "dist", "web", "app.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	gz := gzipLen(raw)

	// The go-app floor (./tools/floor, built by ./build.sh bench with the
	// same flags): its size and first render, measured in the same run.
	floorDir := os.Getenv("REPLSCOPE_FLOOR")
	var floorGz int
	var floorBase string
	if floorDir != "" {
		fraw, err := os.ReadFile(filepath.Join(floorDir, "web", "app.wasm"))
		if err != nil {
			t.Fatal(err)
		}
		floorGz = gzipLen(fraw)
		floorBase = plainSite(t, floorDir, "/")
	}

	// Navigation to the first rendered page, five fresh browsers each,
	// the floor and ReplScope taking turns so that both see the same load.
	var loads, floorLoads []float64
	for i := 0; i < 5; i++ {
		if floorBase != "" {
			b := newBrowser(t, 1400, 1000)
			b.open(t, floorBase)
			var ms float64
			b.run(t, chromedp.Evaluate(`window.__replscopeReady`, &ms))
			floorLoads = append(floorLoads, ms)
		}
		b := newBrowser(t, 1400, 1000)
		b.open(t, base+"?lesson=offsets")
		var ms float64
		b.run(t, chromedp.Evaluate(`window.__replscopeReady`, &ms))
		loads = append(loads, ms)
	}

	// One step, clicked and rendered (data-ver changes), twenty times.
	b := newBrowser(t, 1400, 1000)
	b.open(t, base+"?lesson=partial-resync&at=0")
	var steps []float64
	b.run(t, chromedp.Evaluate(`(async () => {
		const out = [];
		for (let i = 0; i < 20; i++) {
			// A MutationObserver fires as soon as the DOM changes: the
			// time measured is the step's work, not a frame's wait.
			const page = document.querySelector('[data-role=position]');
			const done = new Promise(res => { const mo = new MutationObserver(() => { mo.disconnect(); res(performance.now()); }); mo.observe(page, {attributes: true, attributeFilter: ['data-event']}); });
			const t0 = performance.now();
			document.querySelector('[data-action=step]').click();
			out.push((await done) - t0);
			await `+nextFrameJS+`;
		}
		return out;
	})()`, &steps, awaitPromise))

	// Seek across a 100,000-event timeline with the scrubber.
	src := "title Seek\nnode M\nnode R1 replicaof M\nnode R2 replicaof M\nrepeat 8500 M SET key:{i} {16b}\n"
	b2 := newBrowser(t, 1400, 1000)
	b2.open(t, base+"#s="+base64.RawURLEncoding.EncodeToString([]byte(src))+"&at=0")
	var total int
	b2.run(t, chromedp.Evaluate(`+document.querySelector('.rs-scrub').max + 1`, &total))
	var seeks []float64
	b2.run(t, chromedp.Evaluate(`(async () => {
		const out = [];
		for (const target of [90000, 10000, 90000, 50000, 90000]) {
			const s = document.querySelector('.rs-scrub');
			const pos = document.querySelector('[data-role=position]');
			const done = new Promise(res => { const mo = new MutationObserver(() => { if (pos.dataset.event === String(target)) { mo.disconnect(); res(performance.now()); } }); mo.observe(pos, {attributes: true, attributeFilter: ['data-event']}); });
			const t0 = performance.now();
			s.value = String(target);
			s.dispatchEvent(new Event('input', {bubbles: true}));
			out.push((await done) - t0);
			await `+nextFrameJS+`;
		}
		return out;
	})()`, &seeks, awaitPromise))

	fmt.Printf("| measure | result |\n|---|---|\n")
	fmt.Printf("| app.wasm (the page) raw | %.1f MiB |\n", float64(len(raw))/(1<<20))
	fmt.Printf("| app.wasm gzipped | %.2f MB (%d bytes) |\n", float64(gz)/1e6, gz)
	if sim, err := os.ReadFile(filepath.Join("..", "dist", "web", "sim.wasm")); err == nil {
		// Loaded beside app.wasm by the page's Web Worker, not before it.
		fmt.Printf("| sim.wasm (the simulator, in a Web Worker) gzipped | %.2f MB (%d bytes) |\n", float64(gzipLen(sim))/1e6, gzipLen(sim))
	}
	if floorGz > 0 {
		fmt.Printf("| go-app v9.8.0 floor gzipped | %.2f MB (%d bytes) |\n", float64(floorGz)/1e6, floorGz)
		fmt.Printf("| app.wasm gzipped / floor | %.2fx (target 1.3x) |\n", float64(gz)/float64(floorGz))
	}
	fmt.Printf("| navigation → first rendered scenario (median of 5 fresh loads) | %.0f ms |\n", median(loads))
	if len(floorLoads) > 0 {
		fmt.Printf("| floor: navigation → first render (median of 5) | %.0f ms |\n", median(floorLoads))
		fmt.Printf("| first render / floor | %.2fx (target 1.3x) |\n", median(loads)/median(floorLoads))
	}
	fmt.Printf("| one event step rendered (median of 20) | %.1f ms |\n", median(steps))
	fmt.Printf("| seek across a %d-event timeline (median of 5) | %.1f ms |\n", total, median(seeks))

	// The target's own case: a step on the failover lesson at 1366x900.
	dom, painted, floor := failoverSteps(t, base)
	fmt.Printf("| failover lesson at 1366x900: one step, DOM updated (median of %d) | %.1f ms (target 16 ms) |\n", len(dom), median(dom))
	fmt.Printf("| failover lesson at 1366x900: one step, frame painted (median of %d) | %.1f ms (target 16 ms) |\n", len(painted), median(painted))
	fmt.Printf("| the same page, a DOM change that costs nothing, frame painted (median of %d): the frame clock's floor | %.1f ms |\n", len(floor), median(floor))
}

// nextFrameJS waits until the browser has painted the next frame: a
// requestAnimationFrame callback runs before the frame's style, layout
// and paint, a message posted from it is handled once they are done.
const nextFrameJS = `new Promise(res => requestAnimationFrame(() => { const ch = new MessageChannel(); ch.port1.onmessage = () => res(performance.now()); ch.port2.postMessage(0); }))`

// failoverSteps clicks Step through the failover lesson at 1366x900 and
// times each step from the click to the DOM's change (the position
// readout's data-event, seen by a MutationObserver) and to the next
// painted frame. floor is the same wait for a change that costs nothing
// (an attribute set by script, no Go): a click made just after a frame
// is painted no sooner than the next one, about 16.7 ms at 60 Hz, so a
// painted figure is read against it.
func failoverSteps(t *testing.T, base string) (dom, painted, floor []float64) {
	b := newBrowser(t, 1366, 900)
	b.open(t, base+"?lesson=failover&at=0")
	b.waitPos(t, 0)
	var out struct{ DOM, Painted []float64 }
	b.run(t, chromedp.Evaluate(`(async () => {
		const nextFrame = () => `+nextFrameJS+`;
		const out = {DOM: [], Painted: []};
		const total = +document.querySelector('.rs-scrub').max + 1;
		for (let i = 0; i < 40 && i + 1 < total; i++) {
			const pos = document.querySelector('[data-role=position]');
			const want = String(+pos.dataset.event + 1);
			const done = new Promise(res => { const mo = new MutationObserver(() => { if (pos.dataset.event === want) { mo.disconnect(); res(performance.now()); } }); mo.observe(pos, {attributes: true, attributeFilter: ['data-event']}); });
			const t0 = performance.now();
			document.querySelector('[data-action=step]').click();
			out.DOM.push((await done) - t0);
			out.Painted.push((await nextFrame()) - t0);
			await nextFrame(); // the next sample starts on a quiet page
		}
		return out;
	})()`, &out, awaitPromise))
	if len(out.DOM) == 0 {
		t.Fatal("the failover lesson made no step")
	}
	b.run(t, chromedp.Evaluate(`(async () => {
		const nextFrame = () => `+nextFrameJS+`;
		const out = [];
		const el = document.querySelector('.rs-title');
		for (let i = 0; i < 40; i++) {
			await nextFrame(); await nextFrame();
			const t0 = performance.now();
			el.dataset.floor = String(i);
			out.push((await nextFrame()) - t0);
		}
		return out;
	})()`, &floor, awaitPromise))
	return out.DOM, out.Painted, floor
}

func gzipLen(raw []byte) int {
	var gz bytes.Buffer
	w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	w.Write(raw)
	w.Close()
	return gz.Len()
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}

func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }
