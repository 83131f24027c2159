//go:build !js

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"replscope/web"
)

// measureJS steps through the whole lesson in the page and, after every
// event, checks that every SVG text's box lies inside its SVG's box. It
// waits for each step on the position readout (a DOM condition).
const measureJS = `(async () => {
	const bad = [];
	const check = (ev) => {
		for (const svg of document.querySelectorAll('svg')) {
			const r = svg.getBoundingClientRect();
			if (r.width === 0) continue;
			for (const t of svg.querySelectorAll('text')) {
				const b = t.getBoundingClientRect();
				if (b.width === 0) continue;
				if (b.left < r.left - 0.5 || b.right > r.right + 0.5 || b.top < r.top - 0.5 || b.bottom > r.bottom + 0.5) {
					bad.push('event ' + ev + ': "' + t.textContent + '" ' + Math.round(b.left - r.left) + '..' + Math.round(b.right - r.left) + ' of ' + Math.round(r.width));
				}
			}
		}
	};
	const pos = () => +document.querySelector('[data-role=position]').dataset.event;
	const total = +document.querySelector('.rs-scrub').max + 1;
	check(pos());
	while (pos() < total - 1) {
		const want = pos() + 1;
		document.querySelector('[data-action=step]').click();
		await new Promise(res => { const f = () => pos() >= want ? res() : setTimeout(f, 2); f(); });
		check(pos());
		if (bad.length > 20) break;
	}
	return bad;
})()`

// TestNoSVGTextClipped: at 360, 640 and 1366 px, for every event of every
// lesson, no SVG text (offset line, topology, chart) runs outside its SVG.
// Screenshots of the offset line for three lessons go to testout/.
func TestNoSVGTextClipped(t *testing.T) {
	t.Parallel()
	shots := map[string]int{"partial-resync": 34, "backlog-overflow": 112, "backlog-blocks": 200}
	measureEveryWidth(t, "", []int{360, 640, 1366}, shots, "offset-line-%s-%dpx.png")
}

// TestNoSVGTextClippedInChinese: the same measure at ?lang=zh-CN, whose
// labels are wider per character, at the two narrow widths.
func TestNoSVGTextClippedInChinese(t *testing.T) {
	t.Parallel()
	measureEveryWidth(t, "&lang=zh-CN", []int{360, 640}, map[string]int{"backlog-blocks": 200}, "offset-line-zh-CN-%s-%dpx.png")
}

// measureEveryWidth runs measureJS over every lesson (query appended to
// each URL) at each width, then writes the offset line of each shots
// lesson at its event to testout/ (shotName of the lesson and the width).
// Each width is a browser of its own, run beside the others
// (parallelBrowser).
func measureEveryWidth(t *testing.T, query string, widths []int, shots map[string]int, shotName string) {
	base := site(t, "/")
	for _, width := range widths {
		t.Run(fmt.Sprintf("%dpx", width), func(t *testing.T) {
			parallelBrowser(t)
			b := newBrowserWithin(t, width, 900, 20*time.Minute)
			for _, les := range web.Lessons() {
				b.open(t, base+"?lesson="+les.Name+"&at=-1"+query)
				b.waitPos(t, -1)
				var bad []string
				b.run(t, chromedp.Evaluate(measureJS, &bad, awaitPromise))
				assert.Empty(t, bad, "%s at %d px%s", les.Name, width, query)
			}
			for name, at := range shots {
				b.open(t, base+fmt.Sprintf("?lesson=%s&at=%d", name, at)+query)
				b.waitPos(t, at)
				require.True(t, b.poll(t, `!!document.querySelector('[data-c~="rs-offset-line"]')`, 10*time.Second))
				var buf []byte
				b.run(t, chromedp.ScrollIntoView(`.rs-backlog`, chromedp.ByQuery), chromedp.Screenshot(`.rs-backlog`, &buf, chromedp.ByQuery))
				dir := filepath.Join("..", "testout")
				_ = os.MkdirAll(dir, 0o755)
				require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf(shotName, name, width)), buf, 0o644))
			}
			b.clean(t)
		})
	}
}

// TestOffsetLineZoom: the buttons and the wheel zoom and pan the offset
// line; "Fit blocks" zooms to the blocks, "To scale" shows the whole span
// repl-backlog-size allows.
func TestOffsetLineZoom(t *testing.T) {
	base := site(t, "/")
	b := newBrowser(t, 1366, 900)
	b.open(t, base+"?lesson=partial-resync&at=34")
	b.waitPos(t, 34)
	const line = `document.querySelector('[data-c~="rs-offset-line"]')`
	span := func() int {
		var n int
		b.run(t, chromedp.Evaluate(line+`.dataset.hi - `+line+`.dataset.lo`, &n))
		return n
	}
	lo := func() int {
		var n int
		b.run(t, chromedp.Evaluate(`+`+line+`.dataset.lo`, &n))
		return n
	}
	full := span()
	wait := func(js, why string) { require.True(t, b.poll(t, js, 10*time.Second), why) }
	b.run(t, chromedp.Click(`[data-action=zoom-in]`, chromedp.ByQuery))
	wait(fmt.Sprintf(`%s.dataset.hi - %s.dataset.lo < %d`, line, line, full*3/4), "zoom in halves the span")
	half := span()
	assert.InDelta(t, full/2, half, float64(full)/20)
	l0 := lo()
	b.run(t, chromedp.Click(`[data-action=pan-right]`, chromedp.ByQuery))
	wait(fmt.Sprintf(`+%s.dataset.lo > %d`, line, l0), "pan right moves to newer offsets")
	b.run(t, chromedp.Evaluate(line+`.dispatchEvent(new WheelEvent('wheel', {deltaY: 100, bubbles: true, cancelable: true}))`, nil))
	wait(fmt.Sprintf(`%s.dataset.hi - %s.dataset.lo > %d`, line, line, half), "the wheel zooms out")
	b.run(t, chromedp.Click(`[data-action=backlog-fit]`, chromedp.ByQuery))
	wait(fmt.Sprintf(`%s.dataset.hi - %s.dataset.lo < %d`, line, line, full/4), "fit zooms to the blocks")
	b.run(t, chromedp.Click(`[data-action=backlog-fit]`, chromedp.ByQuery))
	wait(fmt.Sprintf(`%s.dataset.hi - %s.dataset.lo === %d`, line, line, full), "to scale again")
	b.clean(t)
}
