//go:build !js

package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOffsetLinePinch: two fingers spreading on the offset line zoom it
// in, closing zoom it out, and a trackpad pinch (ctrl+wheel, as Chromium
// delivers it) zooms too; the events are dispatched as the browser's
// input (Input.dispatchTouchEvent, Input.dispatchMouseEvent).
func TestOffsetLinePinch(t *testing.T) {
	base := site(t, "/")
	b := newBrowser(t, 1366, 900)
	b.open(t, base+"?lesson=partial-resync&at=34")
	b.waitPos(t, 34)
	const line = `document.querySelector('[data-c~="rs-offset-line"]')`
	b.run(t, chromedp.ScrollIntoView(`[data-c~="rs-offset-line"]`, chromedp.ByQuery))
	var box struct{ X, Y float64 }
	b.run(t, chromedp.Evaluate(`(() => { const r = `+line+`.getBoundingClientRect(); return {X: r.left + r.width / 2, Y: r.top + r.height / 2}; })()`, &box))
	span := func() int {
		var n int
		b.run(t, chromedp.Evaluate(line+`.dataset.hi - `+line+`.dataset.lo`, &n))
		return n
	}
	full := span()
	touch := func(typ input.TouchType, half ...float64) {
		var pts []*input.TouchPoint
		for i, h := range half {
			pts = append(pts, &input.TouchPoint{X: box.X + h, Y: box.Y, ID: float64(i + 1)})
		}
		b.run(t, input.DispatchTouchEvent(typ, pts))
	}
	touch(input.TouchStart, -40, 40)
	touch(input.TouchMove, -80, 80)
	touch(input.TouchMove, -160, 160)
	touch(input.TouchEnd)
	require.True(t, b.poll(t, fmt.Sprintf(`%s.dataset.hi - %s.dataset.lo < %d`, line, line, full/3), 10*time.Second), "spreading two fingers 4x apart zooms in about 4x")
	in := span()
	assert.InDelta(t, full/4, in, float64(full)/20)

	touch(input.TouchStart, -160, 160)
	touch(input.TouchMove, -80, 80)
	touch(input.TouchEnd)
	require.True(t, b.poll(t, fmt.Sprintf(`%s.dataset.hi - %s.dataset.lo > %d`, line, line, in*3/2), 10*time.Second), "closing them zooms out")
	out := span()

	// A trackpad pinch: ctrl+wheel, deltaY < 0 to zoom in.
	var zoom float64
	b.run(t, chromedp.Evaluate(`window.visualViewport.scale`, &zoom))
	b.run(t, input.DispatchMouseEvent(input.MouseWheel, box.X, box.Y).WithDeltaX(0).WithDeltaY(-120).WithModifiers(input.ModifierCtrl))
	require.True(t, b.poll(t, fmt.Sprintf(`%s.dataset.hi - %s.dataset.lo < %d`, line, line, out*2/3), 10*time.Second), "ctrl+wheel zooms the offset line in")
	var after float64
	b.run(t, chromedp.Evaluate(`window.visualViewport.scale`, &after))
	assert.Equal(t, zoom, after, "and not the page")
	b.clean(t)
}
