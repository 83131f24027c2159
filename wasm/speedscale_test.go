//go:build !js

package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The page at scale (issue 8): N SETs to N distinct keys, one master and
// two replicas, opened from the URL fragment as the Share dialog writes
// it. Measured, never asserted: TestPageSpeed prints the table.

// scaleFigure is one scenario size's measurements (ms and bytes).
type scaleFigure struct {
	n, events         int
	progressAt        float64 // navigation → the progress bar first shown (0: loaded in one go)
	readyAt           float64 // navigation → body[data-ready]: the scenario is loaded and drawn
	memLoaded, memEnd int64   // the wasm linear memory after the load, and after the steps and seeks
	step, seek        float64 // medians
	steps, seeks      int     // of how many
	problem           string  // why nothing was measured
}

// wasmMemoryHook runs before the page's own scripts. go-app keeps its
// WebAssembly instance in a local variable, so the hook wraps
// WebAssembly.instantiate(Streaming) to keep the instance's exported
// memory (Go's linear memory, "mem"): its buffer's byteLength is what the
// Go program has taken from the browser, which never shrinks, so it is
// the peak. It also notes when the progress bar first appears.
const wasmMemoryHook = `(() => {
	const keep = r => { const m = r && r.instance && r.instance.exports && r.instance.exports.mem; if (m) window.__wasmMemory = m; return r; };
	const s = WebAssembly.instantiateStreaming, i = WebAssembly.instantiate;
	if (s) WebAssembly.instantiateStreaming = (...a) => s.apply(WebAssembly, a).then(keep);
	WebAssembly.instantiate = (...a) => i.apply(WebAssembly, a).then(keep);
	new MutationObserver((_, mo) => {
		if (!window.__loadingShown && document.querySelector('[data-role=loading]')) window.__loadingShown = performance.now();
		if (document.body && document.body.dataset.ready) mo.disconnect();
	}).observe(document, {childList: true, subtree: true});
})()`

// wasmMemoryJS is the page's linear memory and its simulator's, the
// Web Worker's (sim-worker.js answers "memory" on a port of its own, so
// the page's listener never sees it): -1 when either is not known.
const wasmMemoryJS = `new Promise(res => {
	const page = window.__wasmMemory ? window.__wasmMemory.buffer.byteLength : -1;
	const w = window.__replscopeSim;
	if (page < 0 || !w) { res(-1); return; }
	const c = new MessageChannel();
	c.port1.onmessage = e => res(e.data < 0 ? -1 : page + e.data);
	w.postMessage("memory", [c.port2]);
})`

// scaleSource is the scenario of N SETs. A repeat runs at most 100,000
// times, so a million is ten repeat lines, each with its own key prefix
// (key:0:{i} ...): N distinct keys all the same.
func scaleSource(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "title %d SETs\nnode M\nnode R1 replicaof M\nnode R2 replicaof M\n", n)
	if n <= 100_000 {
		fmt.Fprintf(&b, "repeat %d M SET key:{i} {16b}\n", n)
		return b.String()
	}
	for j := 0; n > 0; j++ {
		c := min(n, 100_000)
		fmt.Fprintf(&b, "repeat %d M SET key:%d:{i} {16b}\n", c, j)
		n -= c
	}
	return b.String()
}

// stepsJS clicks Step up to n times and returns each step's time until
// the position readout changed (a MutationObserver: the step's work, not
// a frame's wait). It stops after budget ms once it has three figures: a
// slow core must not make the bench take hours.
func stepsJS(n int, budget time.Duration) string {
	return fmt.Sprintf(`(async () => {
		const out = [], start = performance.now();
		for (let i = 0; i < %d && !(out.length >= 3 && performance.now() - start > %d); i++) {
			const pos = document.querySelector('[data-role=position]');
			const done = new Promise(res => { const mo = new MutationObserver(() => { mo.disconnect(); res(performance.now()); }); mo.observe(pos, {attributes: true, attributeFilter: ['data-event']}); });
			const t0 = performance.now();
			document.querySelector('[data-action=step]').click();
			out.push((await done) - t0);
			await new Promise(res => setTimeout(res, 30));
		}
		return out;
	})()`, n, budget.Milliseconds())
}

// seeksJS moves the position slider to each target and returns each
// seek's time until the readout says that event, with stepsJS's budget.
func seeksJS(targets []int, budget time.Duration) string {
	var ts []string
	for _, t := range targets {
		ts = append(ts, fmt.Sprint(t))
	}
	return `(async () => {
		const out = [], start = performance.now();
		for (const target of [` + strings.Join(ts, ",") + `]) {
			if (out.length >= 3 && performance.now() - start > ` + fmt.Sprint(budget.Milliseconds()) + `) break;
			const s = document.querySelector('.rs-scrub');
			const pos = document.querySelector('[data-role=position]');
			const done = new Promise(res => { const mo = new MutationObserver(() => { if (pos.dataset.event === String(target)) { mo.disconnect(); res(performance.now()); } }); mo.observe(pos, {attributes: true, attributeFilter: ['data-event']}); });
			const t0 = performance.now();
			s.value = String(target);
			s.dispatchEvent(new Event('input', {bubbles: true}));
			out.push((await done) - t0);
			await new Promise(res => setTimeout(res, 30));
		}
		return out;
	})()`
}

// measureScale opens the N-SET scenario in a fresh browser and measures it.
func measureScale(t *testing.T, base string, n int) (f scaleFigure) {
	f.n = n
	b := newBrowserWithin(t, 1400, 1000, 15*time.Minute)
	u := base + "#s=" + base64.RawURLEncoding.EncodeToString([]byte(scaleSource(n)))
	err := chromedp.Run(b.ctx,
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := page.AddScriptToEvaluateOnNewDocument(wasmMemoryHook).Do(ctx)
			return err
		}),
		chromedp.Navigate(u),
		chromedp.WaitVisible(`body[data-ready="1"]`, chromedp.ByQuery),
	)
	if err != nil {
		f.problem = "did not load: " + err.Error()
		if e := b.consoleErrors(); len(e) > 0 {
			f.problem += "; " + e[len(e)-1]
		}
		return f
	}
	var shown string
	b.run(t, chromedp.Evaluate(`document.querySelector('.rs-scrub') ? "" : (document.querySelector('.rs-error') || document.body).textContent.slice(0, 300)`, &shown))
	if shown != "" {
		f.problem = "no scenario shown: " + shown
		return f
	}
	b.run(t,
		chromedp.Evaluate(`window.__replscopeReady`, &f.readyAt),
		chromedp.Evaluate(`window.__loadingShown || 0`, &f.progressAt),
		chromedp.Evaluate(wasmMemoryJS, &f.memLoaded, awaitPromise),
		chromedp.Evaluate(`+document.querySelector('.rs-scrub').max + 1`, &f.events),
	)
	// Seeks across the timeline, then steps from 90% of it (a step costs
	// most far from the start, where a replay has history behind it).
	at := func(frac float64) int { return int(frac * float64(f.events-1)) }
	var seeks, steps []float64
	b.run(t, chromedp.Evaluate(seeksJS([]int{at(.9), at(.1), at(.5), at(.99), at(.3), at(.7), at(.9)}, time.Minute), &seeks, awaitPromise))
	b.run(t, chromedp.Evaluate(stepsJS(20, 30*time.Second), &steps, awaitPromise))
	b.run(t, chromedp.Evaluate(wasmMemoryJS, &f.memEnd, awaitPromise))
	f.seek, f.step = median(seeks), median(steps)
	f.seeks, f.steps = len(seeks), len(steps)
	if e := b.consoleErrors(); len(e) > 0 {
		f.problem = "console: " + strings.Join(e, "; ")
	}
	return f
}

// pageScale measures 10k, 100k and 1M SETs (REPLSCOPE_SCALE=10000,100000
// picks sizes, to measure one without the others).
func pageScale(t *testing.T, base string) []scaleFigure {
	sizes := []int{10_000, 100_000, 1_000_000}
	if v := os.Getenv("REPLSCOPE_SCALE"); v != "" {
		sizes = nil
		for _, s := range strings.Split(v, ",") {
			n, err := strconv.Atoi(s)
			if err != nil {
				t.Fatalf("REPLSCOPE_SCALE=%s: %v", v, err)
			}
			sizes = append(sizes, n)
		}
	}
	var out []scaleFigure
	for _, n := range sizes {
		f := measureScale(t, base, n)
		if f.problem != "" {
			t.Errorf("%d SETs: %s", n, f.problem)
		}
		out = append(out, f)
	}
	return out
}

// printScale prints the figures with issue 8's targets beside them.
func printScale(figs []scaleFigure, loadBefore, loadAfter string) {
	fmt.Printf("\n| N SETs (1 master, 2 replicas, #s=) | events | progress bar shown | loaded and drawn (data-ready) | wasm memory, page + simulator, after load / after seeks+steps | step (median of up to 20 from 90%%) | seek (median of up to 7) |\n|---|---|---|---|---|---|---|\n")
	mib := func(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }
	for _, f := range figs {
		if f.problem != "" && f.readyAt == 0 {
			fmt.Printf("| %d | | | %s | | | |\n", f.n, strings.ReplaceAll(f.problem, "|", "/"))
			continue
		}
		shown := "in one go"
		if f.progressAt > 0 {
			shown = fmt.Sprintf("%.0f ms", f.progressAt)
		}
		target := map[int][4]string{
			100_000:   {"target 3 s", "target 256 MiB", "", ""},
			1_000_000: {"target 30 s", "target 1 GiB", "target 16 ms", "target 100 ms"},
		}[f.n]
		with := func(v, tg string) string {
			if tg == "" {
				return v
			}
			return v + " (" + tg + ")"
		}
		fmt.Printf("| %d | %d | %s | %s | %s | %s | %s |\n", f.n, f.events, shown,
			with(fmt.Sprintf("%.2f s", f.readyAt/1000), target[0]),
			with(mib(f.memLoaded)+" / "+mib(f.memEnd), target[1]),
			with(fmt.Sprintf("%.1f ms (%d)", f.step, f.steps), target[2]),
			with(fmt.Sprintf("%.1f ms (%d)", f.seek, f.seeks), target[3]))
	}
	fmt.Printf("| load average (1, 5, 15 min) before / after | %s / %s | | | | | |\n", loadBefore, loadAfter)
}

// loadAverage is the machine's load average, for reading the figures.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// TestPageSpeedScale is TestPageSpeed's second table (./build.sh bench
// runs -run TestPageSpeed, which matches both): the page at 10k, 100k and
// 1M SETs. A measurement: it asserts no time, and runs only when
// REPLSCOPE_BENCH=1.
func TestPageSpeedScale(t *testing.T) {
	if os.Getenv("REPLSCOPE_BENCH") != "1" {
		t.Skip("a measurement, not a test: ./build.sh bench runs it (REPLSCOPE_BENCH=1)")
	}
	base := site(t, "/")
	before := loadAverage()
	figs := pageScale(t, base)
	printScale(figs, before, loadAverage())
}
