//go:build !js

package main

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// postTimes records when the page posts to its simulator's Web Worker.
const postTimes = `window.__posts = [];
(() => {
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (m) { window.__posts.push(performance.now()); return post.apply(this, arguments); };
})();`

// TestFirstPictureFromRecording: a lesson's first load is drawn from the
// generator's recording (web/boot/, model.Booted), with no request to the
// simulator before the page is live; the page is the same as one whose
// recording did not load (blocked here), and stepping on is the
// simulator's, the same in both.
func TestFirstPictureFromRecording(t *testing.T) {
	base := site(t, "/")
	load := func(block bool) (*browser, []float64, float64) {
		b := newBrowser(t, 1366, 900)
		var err error
		b.run(t, chromedp.ActionFunc(func(ctx context.Context) error {
			_, err = page.AddScriptToEvaluateOnNewDocument(postTimes).Do(ctx)
			if err == nil && block {
				err = network.SetBlockedURLs([]string{"*/web/boot/*"}).Do(ctx)
			}
			return err
		}))
		b.open(t, base+"?lesson=failover")
		var posts []float64
		var ready float64
		b.run(t, chromedp.Evaluate(`window.__posts`, &posts), chromedp.Evaluate(`window.__replscopeReady`, &ready))
		return b, posts, ready
	}
	booted, posts, ready := load(false)
	for _, p := range posts {
		assert.Greater(t, p, ready, "a post to the simulator before the first picture")
	}
	plain, posts2, ready2 := load(true)
	require.NotEmpty(t, posts2)
	assert.Less(t, posts2[0], ready2, "with its recording blocked the page asks the simulator")

	main := func(b *browser) string {
		var html string
		// Attributes sorted: go-app sets them in a map's order.
		b.run(t, chromedp.Evaluate(`(() => {
			const out = [];
			const walk = (n) => {
				if (n.nodeType === 3) { out.push(n.data); return; }
				if (n.nodeType !== 1) return;
				out.push('<' + n.tagName + [...n.attributes].map(a => a.name + '=' + a.value).sort().join(' ') + '>');
				n.childNodes.forEach(walk);
				out.push('</>');
			};
			walk(document.querySelector('main'));
			return out.join('\n');
		})()`, &html))
		return html
	}
	assert.Equal(t, main(plain), main(booted))
	at := booted.pos(t)
	for i := 1; i <= 3; i++ {
		booted.click(t, `[data-action=step]`)
		plain.click(t, `[data-action=step]`)
		booted.waitPos(t, at+i)
		plain.waitPos(t, at+i)
		assert.Equal(t, main(plain), main(booted), "step %d", i)
	}
	booted.clean(t)
}
