package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// The host-page API: an embedded ReplScope (?embed=1, or any page in a
// frame) posts messages to its parent window, each an object
// {source: "replscope", type, ...}:
//
//	ready     {lesson, events}                 the scenario is rendered
//	step      {event, line}                    the position changed (event 0-based, -1 before the first)
//	answer    {question, answer, truth, right} an exercise answer was checked
//	complete  {right, total}                   every question is answered
//	resize    {height}                         the content's height in CSS pixels
//
// Nothing is sent when the page is not in a frame.

func inFrame() bool {
	if !app.IsClient {
		return false
	}
	w := app.Window()
	parent := w.Get("parent")
	return parent.Truthy() && !parent.Equal(w.JSValue())
}

func (p *Player) post(kind string, fields map[string]any) {
	if !inFrame() {
		return
	}
	msg := map[string]any{"source": "replscope", "type": kind}
	switch kind {
	case "ready":
		if p.sess != nil {
			msg["lesson"] = p.sess.Name
			msg["events"] = p.sess.Len()
		}
	}
	for k, v := range fields {
		msg[k] = v
	}
	// The scenario may come from anywhere, so the target is "*": the
	// messages carry nothing private.
	app.Window().Get("parent").Call("postMessage", msg, "*")
}

func (p *Player) postStep(ctx app.Context) {
	if !inFrame() || p.snap == nil {
		return
	}
	p.post("step", map[string]any{"event": p.snap.Pos, "line": p.snap.LineNum})
	ctx.Defer(func(app.Context) { p.postResize() })
}

func (p *Player) postResize() {
	if !inFrame() {
		return
	}
	page := app.Window().Get("document").Call("querySelector", ".rs-page")
	if !page.Truthy() {
		return
	}
	h := page.Get("scrollHeight").Int()
	if h == p.lastHeight {
		return
	}
	p.lastHeight = h
	p.post("resize", map[string]any{"height": h})
}
