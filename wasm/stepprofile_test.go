//go:build !js

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

// TestStepProfile traces the failover lesson's steps at 1366x900 with
// Chromium's timeline categories and prints where the renderer's main
// thread spends a step: script (go-app's update), style, layout, paint.
// A measurement for finding what to cut, run only with REPLSCOPE_BENCH=1.
func TestStepProfile(t *testing.T) {
	if os.Getenv("REPLSCOPE_BENCH") != "1" {
		t.Skip("a measurement, not a test: REPLSCOPE_BENCH=1")
	}
	base := site(t, "/")
	b := newBrowser(t, 1366, 900)
	b.open(t, base+"?lesson=failover&at=0")
	b.waitPos(t, 0)

	if css := os.Getenv("REPLSCOPE_CSS"); css != "" {
		// A candidate stylesheet rule, tried without a rebuild.
		b.run(t, chromedp.Evaluate(fmt.Sprintf(`(() => { const s = document.createElement('style'); s.textContent = %q; document.head.appendChild(s); return 1; })()`, css), nil))
	}
	// The DOM's size per panel: what a relayout and go-app's diff walk.
	var census map[string]int
	b.run(t, chromedp.Evaluate(`(() => {
		const out = {all: document.querySelectorAll('*').length};
		for (const el of document.querySelectorAll('.rs-card-panel, .rs-topology, .rs-controls, .rs-narration, .rs-header, .rs-psync')) {
			const k = el.className.split(' ').join('.');
			out[k] = (out[k] || 0) + el.querySelectorAll('*').length + 1;
		}
		return out;
	})()`, &census))
	fmt.Println("DOM elements:", census)

	var mu sync.Mutex
	var events []json.RawMessage
	done := make(chan struct{})
	chromedp.ListenTarget(b.ctx, func(ev any) {
		switch e := ev.(type) {
		case *tracing.EventDataCollected:
			mu.Lock()
			for _, v := range e.Value {
				events = append(events, json.RawMessage(v))
			}
			mu.Unlock()
		case *tracing.EventTracingComplete:
			close(done)
		}
	})
	if os.Getenv("REPLSCOPE_CPU") == "1" {
		b.run(t, profiler.Enable(), profiler.SetSamplingInterval(50), profiler.Start())
	}
	b.run(t, chromedp.ActionFunc(func(ctx cdpContext) error {
		return tracing.Start().WithTransferMode(tracing.TransferModeReportEvents).
			WithTraceConfig(&tracing.TraceConfig{IncludedCategories: []string{"devtools.timeline", "disabled-by-default-devtools.timeline"}}).Do(ctx)
	}))
	steps := 30
	var dom []float64
	b.run(t, chromedp.Evaluate(fmt.Sprintf(`(async () => {
		const nextFrame = () => `+nextFrameJS+`;
		const out = [];
		for (let i = 0; i < %d; i++) {
			const pos = document.querySelector('[data-role=position]');
			const want = String(+pos.dataset.event + 1);
			const done = new Promise(res => { const mo = new MutationObserver(() => { if (pos.dataset.event === want) { mo.disconnect(); res(performance.now()); } }); mo.observe(pos, {attributes: true, attributeFilter: ['data-event']}); });
			const t0 = performance.now();
			document.querySelector('[data-action=step]').click();
			out.push((await done) - t0);
			await nextFrame(); await nextFrame();
		}
		return out;
	})()`, steps), &dom, awaitPromise))
	b.run(t, chromedp.ActionFunc(func(ctx cdpContext) error { return tracing.End().Do(ctx) }))
	if os.Getenv("REPLSCOPE_CPU") == "1" {
		var prof *profiler.Profile
		b.run(t, chromedp.ActionFunc(func(ctx cdpContext) error {
			var err error
			prof, err = profiler.Stop().Do(ctx)
			return err
		}))
		printProfile(prof, steps)
	}
	<-done

	// Sum the complete events on the renderer's main thread by name.
	type ev struct {
		Name string  `json:"name"`
		Ph   string  `json:"ph"`
		Ts   float64 `json:"ts"`
		Dur  float64 `json:"dur"`
		Tid  int     `json:"tid"`
		Pid  int     `json:"pid"`
		Args struct {
			Name      string `json:"name"`
			BeginData struct {
				Dirty   int  `json:"dirtyObjects"`
				Total   int  `json:"totalObjects"`
				Partial bool `json:"partialLayout"`
			} `json:"beginData"`
			ElementCount int `json:"elementCount"`
		} `json:"args"`
	}
	mu.Lock()
	defer mu.Unlock()
	main := map[[2]int]bool{}
	var parsed []ev
	for _, raw := range events {
		var e ev
		if json.Unmarshal(raw, &e) != nil {
			continue
		}
		if e.Ph == "M" && e.Name == "thread_name" && e.Args.Name == "CrRendererMain" {
			main[[2]int{e.Pid, e.Tid}] = true
		}
		parsed = append(parsed, e)
	}
	var layouts, dirty, total, styles, restyled float64
	for _, e := range parsed {
		if e.Name == "Layout" && e.Ph == "X" && main[[2]int{e.Pid, e.Tid}] {
			layouts++
			dirty += float64(e.Args.BeginData.Dirty)
			total += float64(e.Args.BeginData.Total)
		}
		if e.Name == "UpdateLayoutTree" && main[[2]int{e.Pid, e.Tid}] {
			styles++
			restyled += float64(e.Args.ElementCount)
		}
	}
	fmt.Printf("layouts %.0f, mean dirty objects %.0f of %.0f; style recalcs %.0f, mean elements %.0f\n", layouts, dirty/max(layouts, 1), total/max(layouts, 1), styles, restyled/max(styles, 1))
	sum := map[string]float64{}
	for _, e := range parsed {
		if e.Ph == "X" && main[[2]int{e.Pid, e.Tid}] {
			sum[e.Name] += e.Dur / 1000
		}
	}
	// A timeline of a few steps: the main thread's top-level tasks, in
	// ms from each click.
	var tasks []ev
	for _, e := range parsed {
		if e.Ph == "X" && main[[2]int{e.Pid, e.Tid}] && (e.Name == "EventDispatch" || e.Name == "TimerFire" || e.Name == "WebFrameWidgetImpl::UpdateLifecycle" || e.Name == "FunctionCall" || e.Name == "RunMicrotasks" || e.Name == "MessagePort::Accept" || e.Name == "FireAnimationFrame") {
			tasks = append(tasks, e)
		}
	}
	sort.Slice(tasks, func(i, j int) bool { return tasks[i].Ts < tasks[j].Ts })
	shown, t0 := 0, 0.0
	for _, e := range tasks {
		if e.Name == "EventDispatch" {
			shown++
			t0 = e.Ts
			if shown > 12 {
				break
			}
			fmt.Println("-- step")
		}
		if shown > 2 && t0 > 0 && e.Ts-t0 < 60000 {
			fmt.Printf("  %7.2f +%6.2f %s\n", (e.Ts-t0)/1000, e.Dur/1000, e.Name)
		}
	}
	var names []string
	for n := range sum {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return sum[names[i]] > sum[names[j]] })
	fmt.Printf("click → DOM median %.1f ms over %d steps; main-thread ms per step:\n", median(dom), steps)
	for _, n := range names[:min(25, len(names))] {
		fmt.Printf("  %-40s %6.2f\n", n, sum[n]/float64(steps))
	}
}

// printProfile prints the functions with the most time per step, self
// and inclusive.
func printProfile(prof *profiler.Profile, steps int) {
	parent := map[int64]int64{}
	byID := map[int64]*profiler.ProfileNode{}
	for _, n := range prof.Nodes {
		byID[n.ID] = n
		for _, c := range n.Children {
			parent[c] = n.ID
		}
	}
	self, incl := map[string]float64{}, map[string]float64{}
	for i, id := range prof.Samples {
		d := float64(prof.TimeDeltas[i]) / 1000
		if i+1 < len(prof.TimeDeltas) {
			d = float64(prof.TimeDeltas[i+1]) / 1000
		}
		n := byID[id]
		name := n.CallFrame.FunctionName
		if name == "(idle)" || name == "(program)" || name == "(root)" {
			continue
		}
		self[name] += d
		seen := map[string]bool{}
		for x, ok := id, true; ok; x, ok = parent[x] {
			f := byID[x].CallFrame.FunctionName
			if !seen[f] {
				seen[f] = true
				incl[f] += d
			}
		}
	}
	top := func(m map[string]float64, k int) {
		var names []string
		for n := range m {
			names = append(names, n)
		}
		sort.Slice(names, func(i, j int) bool { return m[names[i]] > m[names[j]] })
		for _, n := range names[:min(k, len(names))] {
			fmt.Printf("  %7.2f  %s\n", m[n]/float64(steps), n)
		}
	}
	fmt.Println("self ms per step:")
	top(self, 40)
	fmt.Println("inclusive ms per step:")
	top(incl, 40)
	ours := map[string]float64{}
	for n, v := range incl {
		if strings.Contains(n, "replscope") {
			ours[n] = v
		}
	}
	fmt.Println("inclusive ms per step, ReplScope's functions:")
	top(ours, 60)
}

type cdpContext = context.Context

// TestLoadProfile samples the renderer from navigation to body[data-ready]
// and prints where the first render's time goes (build dist/ without -s -w
// for function names). A measurement, run only with REPLSCOPE_BENCH=1.
func TestLoadProfile(t *testing.T) {
	if os.Getenv("REPLSCOPE_BENCH") != "1" {
		t.Skip("a measurement, not a test: REPLSCOPE_BENCH=1")
	}
	base := site(t, "/")
	b := newBrowser(t, 1400, 1000)
	b.run(t, profiler.Enable(), profiler.SetSamplingInterval(200), profiler.Start())
	b.open(t, base+"?lesson=offsets")
	var prof *profiler.Profile
	b.run(t, chromedp.ActionFunc(func(ctx cdpContext) error {
		var err error
		prof, err = profiler.Stop().Do(ctx)
		return err
	}))
	var ms float64
	b.run(t, chromedp.Evaluate(`window.__replscopeReady`, &ms))
	fmt.Printf("first render %.0f ms\n", ms)
	printProfile(prof, 1)
}
