//go:build !js

package main

import (
	"fmt"
	"github.com/chromedp/chromedp"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

// TestStepAB compares the failover lesson's step at 1366x900 between this
// dist/ and another build's (REPLSCOPE_AB=/path/to/other/dist), taking
// turns in one run so that both see the same machine load: a change's
// effect on a loaded two-core machine is visible only side by side.
func TestStepAB(t *testing.T) {
	// REPLSCOPE_AB_CSS instead compares this dist/ with itself plus a
	// candidate stylesheet rule (on "this dist/"'s side).
	other, css := os.Getenv("REPLSCOPE_AB"), os.Getenv("REPLSCOPE_AB_CSS")
	if css != "" && other == "" {
		other = filepath.Join("..", "dist")
	}
	if os.Getenv("REPLSCOPE_BENCH") != "1" || other == "" {
		t.Skip("a measurement: REPLSCOPE_BENCH=1 REPLSCOPE_AB=other/dist (or REPLSCOPE_AB_CSS=rule)")
	}
	base := site(t, "/")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: siteHandler(other, "/")}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	otherBase := loopbackURL(ln, "/")
	// First renders in turns, a fresh browser each.
	var loads, oloads []float64
	for i := 0; i < 5; i++ {
		for k, u := range []string{otherBase, base} {
			b := newBrowser(t, 1400, 1000)
			b.open(t, u+"?lesson=offsets")
			var ms float64
			b.run(t, chromedp.Evaluate(`window.__replscopeReady`, &ms))
			if k == 0 {
				oloads = append(oloads, ms)
			} else {
				loads = append(loads, ms)
			}
		}
	}
	fmt.Printf("| first render (median of 5) | other %.0f ms | this dist/ %.0f ms |\n", median(oloads), median(loads))
	// Step by step in turns: one page, then the other, so that a burst
	// of load on the machine falls on both alike.
	pa, pb := newBrowser(t, 1366, 900), newBrowser(t, 1366, 900)
	var dom, painted, odom, opainted []float64
	for round := 0; round < 3; round++ {
		pa.open(t, otherBase+"?lesson=failover&at=0")
		pb.open(t, base+"?lesson=failover&at=0")
		pa.waitPos(t, 0)
		pb.waitPos(t, 0)
		if css != "" {
			pb.run(t, chromedp.Evaluate(fmt.Sprintf(`(() => { const s = document.createElement('style'); s.textContent = %q; document.head.appendChild(s); return 1; })()`, css), nil))
		}
		for i := 0; i < 40; i++ {
			d, p, ok := oneStep(t, pa)
			if !ok {
				break
			}
			odom, opainted = append(odom, d), append(opainted, p)
			d, p, _ = oneStep(t, pb)
			dom, painted = append(dom, d), append(painted, p)
		}
	}
	fmt.Printf("| failover step at 1366x900 (median of %d) | DOM updated | frame painted |\n|---|---|---|\n", len(dom))
	fmt.Printf("| other (%s) | %.1f ms | %.1f ms |\n", other, median(odom), median(opainted))
	fmt.Printf("| this dist/ | %.1f ms | %.1f ms |\n", median(dom), median(painted))
}

// oneStep clicks Step once and times it as failoverSteps does; false at
// the lesson's end.
func oneStep(t *testing.T, b *browser) (dom, painted float64, ok bool) {
	var out []float64
	b.run(t, chromedp.Evaluate(`(async () => {
		const nextFrame = () => `+nextFrameJS+`;
		await nextFrame(); await nextFrame(); // start on a quiet page
		const pos = document.querySelector('[data-role=position]');
		if (+pos.dataset.event + 1 >= +document.querySelector('.rs-scrub').max + 1) return [];
		const want = String(+pos.dataset.event + 1);
		const done = new Promise(res => { const mo = new MutationObserver(() => { if (pos.dataset.event === want) { mo.disconnect(); res(performance.now()); } }); mo.observe(pos, {attributes: true, attributeFilter: ['data-event']}); });
		const t0 = performance.now();
		document.querySelector('[data-action=step]').click();
		const d = (await done) - t0;
		return [d, (await nextFrame()) - t0];
	})()`, &out, awaitPromise))
	if len(out) != 2 {
		return 0, 0, false
	}
	return out[0], out[1], true
}
