//go:build !js

package main

import (
	"encoding/base64"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCompareMode opens a scenario compared on a second version: the
// compare view lists both versions' fields after the same line, the
// differences highlighted, and stepping moves both.
func TestCompareMode(t *testing.T) {
	base := site(t, "/")
	src := "title SPOP on two versions\nnode M\nnode R replicaof M\nM SADD s a b c d\nM SPOP s 2\n"
	b := newBrowser(t, 1400, 1000)
	b.open(t, base+"?s="+base64.RawURLEncoding.EncodeToString([]byte(src))+"&cmp=redis-7.2&at=-1")
	b.run(t, chromedp.WaitVisible(`[data-role=compare-view]`, chromedp.ByQuery))
	// Line by line to the end: after SADD (line 4) they agree, after SPOP
	// they differ.
	b.nextLineTo(t, 4)
	require.True(t, b.poll(t, `document.querySelector('[data-role=compare-view] tr[data-node="M"][data-field="master_repl_offset"]:not(.rs-diff)') !== null`, 10*time.Second), "after SADD both are at 72")
	b.click(t, `[data-action=next-line]`)
	require.True(t, b.poll(t, `document.querySelector('[data-role=compare-view] tr.rs-diff[data-node="M"][data-field="master_repl_offset"]') !== null`, 10*time.Second), "after SPOP 7.0 and 7.2 differ")
	var cells []string
	b.run(t, chromedp.Evaluate(`[...document.querySelectorAll('[data-role=compare-view] tr.rs-diff[data-node="M"][data-field="master_repl_offset"] td')].map(td => td.textContent)`, &cells))
	assert.Equal(t, []string{"M", "master_repl_offset", "157", "107"}, cells)
	b.shot(t, "compare-mode")
	b.clean(t)
}

// TestVersionPicker: choosing a version writes the version line and
// plays the scenario as that server.
func TestVersionPicker(t *testing.T) {
	base := site(t, "/")
	b := newBrowser(t, 1400, 1000)
	b.open(t, base+"?lesson=offsets")
	b.run(t, chromedp.Evaluate(`(() => { const s = document.querySelector('[data-role=version]'); s.value = 'valkey-8.0'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`, nil))
	require.True(t, b.poll(t, `[...document.querySelectorAll('[data-field=repl_backlog_size]')].some(e => e.textContent.trim() === '10485760')`, 20*time.Second), "Valkey 8's 10mb backlog")
	// The shared scenario is in the fragment (#s=), never sent to a server.
	require.True(t, b.poll(t, `(() => { const s = new URLSearchParams(location.hash.slice(1)).get('s'); return s !== null && atob(s.replace(/-/g,'+').replace(/_/g,'/')).includes('version valkey-8.0') })()`, 10*time.Second), "the shared scenario carries the version line")
	b.clean(t)
}
