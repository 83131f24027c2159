//go:build !js

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// axeSource is axe-core 4 from the npm registry (./build.sh test puts it
// in .testdeps/axe); the test injects it, the site never references it.
func axeSource(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", ".testdeps", "axe", "package", "axe.min.js"))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("axe-core is missing: ./build.sh test fetches it")
		}
		t.Skip("axe-core is missing: run ./build.sh axe")
	}
	return string(b)
}

// axe runs every axe-core rule (experimental ones included) on the page
// and returns the violations as "rule: target" lines.
func (b *browser) axe(t *testing.T, src string) []string {
	t.Helper()
	var out []string
	b.run(t, chromedp.Evaluate(src+`;0`, nil))
	b.run(t, chromedp.Evaluate(`(async () => {
		const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice', 'experimental']}, rules: {'color-contrast': {enabled: true}}});
		return r.violations.map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
	})()`, &out, awaitPromise))
	return out
}

// TestAccessibility: zero axe-core violations on the home page, a lesson
// at several events, exercise mode, embed mode and the guide; exactly one
// h1; pinch-zoom allowed; every control's accessible name contains its
// visible text (axe's label-content-name-mismatch, run here).
func TestAccessibility(t *testing.T) {
	parallelBrowser(t) // a long one: beside the other long browser tests
	src := axeSource(t)
	base := site(t, "/")
	pages := []string{
		"",
		"?lesson=partial-resync&at=-1",
		"?lesson=partial-resync&at=11",
		"?lesson=partial-resync&at=16", // a write's bytes in flight (a RESP chip)
		"?lesson=partial-resync&at=29", // a cut link: bytes held back
		"?lesson=partial-resync&at=34",
		"?lesson=backlog-blocks&at=200",
		"?lesson=failover&mode=exercise",
		"?lesson=partial-resync&embed=1&at=34",
		"guide.html",
	}
	for _, size := range [][2]int{{1366, 900}, {360, 740}} {
		b := newBrowserWithin(t, size[0], size[1], 10*time.Minute)
		for _, pg := range pages {
			b.open(t, base+pg)
			v := b.axe(t, src)
			assert.Empty(t, v, "axe violations on %q at %d px", pg, size[0])
			var h1 int
			var viewport string
			b.run(t, chromedp.Evaluate(`document.querySelectorAll('h1').length`, &h1),
				chromedp.Evaluate(`document.querySelector('meta[name=viewport]').content`, &viewport))
			assert.Equal(t, 1, h1, "exactly one h1 on %q", pg)
			assert.NotContains(t, viewport, "user-scalable=0", "pinch-zoom on %q", pg)
			assert.NotContains(t, viewport, "maximum-scale=1", "pinch-zoom on %q", pg)
		}
		// Focus moves into a dialog and back.
		b.open(t, base+"?lesson=offsets")
		b.run(t, chromedp.Click(`[data-action=edit]`, chromedp.ByQuery))
		require.True(t, b.poll(t, `document.activeElement && document.activeElement.closest('.rs-dialog') !== null`, 10e9), "focus moves into the dialog")
		v := b.axe(t, src)
		assert.Empty(t, v, "axe violations with the editor open at %d px", size[0])
		b.run(t, chromedp.Click(`.rs-dialog [data-action=close]`, chromedp.ByQuery))
		require.True(t, b.poll(t, `document.activeElement && document.activeElement.dataset.action === 'edit'`, 10e9), "focus returns to the button")
		b.clean(t)
		if len(v) > 0 {
			fmt.Println(strings.Join(v, "\n"))
		}
	}
}
