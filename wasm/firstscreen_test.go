//go:build !js

package main

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFirstScreen: the home page says what this is and what to try, has a
// Start button that plays, and opens on a lesson already showing master
// and replica linked; go-app's loader is in the page's dark theme.
func TestFirstScreen(t *testing.T) {
	base := site(t, "/")
	b := newBrowser(t, 1366, 900)
	b.open(t, base)
	intro := b.text(t, `.rs-intro p`)
	assert.Contains(t, intro, "Redis replication")
	assert.Contains(t, intro, "Press Start")
	var cards int
	var link string
	b.run(t, chromedp.Evaluate(`document.querySelectorAll('[data-node]').length`, &cards),
		chromedp.Evaluate(`document.querySelector('[data-field=master_link_status]').textContent`, &link))
	assert.GreaterOrEqual(t, cards, 2, "master and replica are on screen")
	assert.Equal(t, "up", link)
	var bg string
	b.run(t, chromedp.Evaluate(`(() => { const d = document.createElement('div'); d.className = 'goapp-app-info'; document.body.appendChild(d); const c = getComputedStyle(d).backgroundColor; d.remove(); return c; })()`, &bg))
	assert.Equal(t, "rgb(15, 20, 25)", bg, "the loader is dark like the page")
	before := b.pos(t)
	b.run(t, chromedp.Click(`[data-action=start]`, chromedp.ByQuery))
	require.True(t, b.poll(t, `!!document.querySelector('[data-action=pause]') || +document.querySelector('[data-role=position]').dataset.event > `+strconv.Itoa(before), 10*time.Second), "Start plays")
	require.True(t, b.poll(t, `!document.querySelector('.rs-intro')`, 10*time.Second), "the introduction gives way")
	b.clean(t)
}

// TestColoursAndRoles: a node has one colour on its card, its chart line
// and its marks on the offset line; the chart legend names the role a node
// has now (after a promotion, master); the id is its own badge.
func TestColoursAndRoles(t *testing.T) {
	base := site(t, "/")
	tl := lessonTimeline(t, "failover")
	b := newBrowser(t, 1366, 900)
	b.open(t, base+"?lesson=failover&at="+strconv.Itoa(tl.Len()-1))
	var m map[string]string
	b.run(t, chromedp.Evaluate(`(() => {
		const o = {};
		const cls = (el) => ((el && (el.getAttribute('data-c') || el.className)) || '').split(' ').find(c => c.startsWith('rs-node-') || c.startsWith('rs-lg-series-'));
		for (const card of document.querySelectorAll('[data-node]')) {
			const n = card.dataset.node;
			o[n + ' card'] = cls(card.querySelector('[data-c~=rs-card-band]')).replace('rs-node-', '');
			const lg = document.querySelector('[data-series="' + n + '"]');
			if (lg) { o[n + ' chart'] = cls(lg).replace('rs-lg-series-', ''); o[n + ' role'] = lg.dataset.seriesRole; }
			const mark = document.querySelector('[data-replica="' + n + '"]');
			if (mark) o[n + ' mark'] = cls(mark).replace('rs-node-', '');
			o[n + ' badge'] = card.querySelector('[data-c~=rs-id-badge] [data-field=master_replid]') ? 'yes' : 'no';
			o[n + ' cardrole'] = card.querySelector('[data-field=role]').textContent.trim();
		}
		return o;
	})()`, &m))
	t.Logf("%v", m)
	assert.Equal(t, "master", m["A role"], "A was promoted: the legend says so")
	for _, n := range []string{"M", "A", "B"} {
		if _, ok := m[n+" card"]; !ok {
			continue
		}
		assert.Equal(t, "yes", m[n+" badge"], n)
		if c, ok := m[n+" chart"]; ok {
			assert.Equal(t, m[n+" card"], c, "%s: chart colour = card colour", n)
			assert.Equal(t, m[n+" cardrole"], m[n+" role"], "%s: the legend's role is the current one", n)
		}
		if c, ok := m[n+" mark"]; ok {
			assert.Equal(t, m[n+" card"], c, "%s: offset-line colour = card colour", n)
		}
	}
	b.clean(t)
}
