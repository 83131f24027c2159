//go:build !js

package main

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSimulatorInWorker: the page's simulator is sim.wasm in a Web Worker,
// started beside app.wasm (web/sim-start.js), and the page's own binary
// does the drawing: a lesson plays and steps through it.
func TestSimulatorInWorker(t *testing.T) {
	base := site(t, "/")
	b := newBrowser(t, 1366, 900)
	b.open(t, base+"?lesson=partial-resync&at=0")
	var worker bool
	var loaded []string
	b.run(t, chromedp.Evaluate(`window.__replscopeSim instanceof Worker`, &worker),
		chromedp.Evaluate(`performance.getEntriesByType('resource').map(e => new URL(e.name).pathname).filter(p => p.endsWith('.wasm'))`, &loaded))
	assert.True(t, worker, "the simulator is a Web Worker")
	assert.Contains(t, loaded, "/web/app.wasm")
	b.click(t, `[data-action=step]`)
	b.waitPos(t, 1)
	// The page benchmarks read the simulator's memory on a port of their
	// own (sim-worker.js), which the page's listener never sees.
	var mem float64
	b.run(t, chromedp.Evaluate(`new Promise(res => { const c = new MessageChannel(); c.port1.onmessage = e => res(e.data); window.__replscopeSim.postMessage("memory", [c.port2]); })`, &mem, awaitPromise))
	assert.Greater(t, mem, float64(1<<20), "sim.wasm's linear memory")
	b.click(t, `[data-action=step]`)
	b.waitPos(t, 2)
	b.clean(t)
}

// TestSimulatorStopped: a simulator that stops (its program ended, out of
// memory) is said in the page, which lives on with what it showed and its
// URL; nothing waits forever.
func TestSimulatorStopped(t *testing.T) {
	base := site(t, "/")
	b := newBrowser(t, 1366, 900)
	u := base + "?lesson=partial-resync&at=5"
	b.open(t, u)
	b.waitPos(t, 5)
	// What the worker's script posts when sim.wasm's program ends.
	b.run(t, chromedp.Evaluate(`window.__replscopeSim.dispatchEvent(new MessageEvent('message', {data: [-1, 'its program ended']})); window.__replscopeSim.terminate(); true`, nil))
	b.run(t, chromedp.Click(`[data-action=step]`, chromedp.ByQuery, chromedp.NodeVisible))
	require.True(t, b.poll(t, `document.querySelector('.rs-error') && document.querySelector('.rs-error').textContent.includes('the simulator stopped (its program ended)')`, 10*time.Second), "the page says the simulator stopped")
	assert.Contains(t, b.text(t, `.rs-error`), "reload the page")
	assert.Equal(t, 5, b.pos(t), "the picture stays where it was")
	var loc string
	var cards int
	b.run(t, chromedp.Evaluate(`location.href`, &loc), chromedp.Evaluate(`document.querySelectorAll('[data-node]').length`, &cards))
	assert.Equal(t, u, loc, "the URL is left as it was")
	assert.Greater(t, cards, 0, "the nodes are still drawn")
	// A line typed now is refused the same way.
	assert.Contains(t, b.console(t, "M SET a 1"), "the simulator stopped", "the console says it too")
}
