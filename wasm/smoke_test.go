package main

import (
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

func TestSmoke(t *testing.T) {
	base := site(t, "/")
	b := newBrowser(t, 1400, 1000)
	var buf []byte
	var html string
	err := chromedp.Run(b.ctx,
		chromedp.Navigate(base+"?lesson=partial-resync&at=40"),
		chromedp.WaitVisible(`[data-role=position]`),
		chromedp.Sleep(2e9),
		chromedp.OuterHTML(`body`, &html),
		chromedp.FullScreenshot(&buf, 100),
	)
	os.WriteFile("/tmp/smoke.png", buf, 0o644)
	t.Log(b.consoleErrors(), b.offsite(), len(html), err)
}
