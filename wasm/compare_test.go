//go:build !js

package main

import (
	"fmt"
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestStepSideBySide measures one event step on this build and on another
// generated site (REPLSCOPE_OTHER=dir) in turns, for ./build.sh bench
// comparisons under the same load. A measurement, not a test.
func TestStepSideBySide(t *testing.T) {
	other := os.Getenv("REPLSCOPE_OTHER")
	if other == "" {
		t.Skip("set REPLSCOPE_OTHER to a generated site to compare with")
	}
	sites := map[string]string{"this": site(t, "/"), "other": plainSite(t, other, "/")}
	res := map[string][]float64{}
	for round := 0; round < 3; round++ {
		for _, name := range []string{"this", "other"} {
			b := newBrowser(t, 1366, 900)
			b.open(t, sites[name]+"?lesson=failover&at=0")
			var steps []float64
			b.run(t, chromedp.Evaluate(`(async () => {
				const out = [];
				for (let i = 0; i < 20; i++) {
					const pos = document.querySelector('[data-role=position]');
					const want = String(+pos.dataset.event + 1);
					const done = new Promise(res => { const mo = new MutationObserver(() => { if (document.querySelector('[data-role=position]').dataset.event === want) { mo.disconnect(); res(performance.now()); } }); mo.observe(document.body, {attributes: true, subtree: true, attributeFilter: ['data-event']}); });
					const t0 = performance.now();
					document.querySelector('[data-action=step]').click();
					out.push((await done) - t0);
					await new Promise(res => requestAnimationFrame(res));
				}
				return out;
			})()`, &steps, awaitPromise))
			res[name] = append(res[name], steps...)
		}
	}
	fmt.Printf("| step, failover lesson, 1366 px (median of %d) | this %.1f ms | other %.1f ms |\n", len(res["this"]), median(res["this"]), median(res["other"]))
}
