package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/app/model"
	"replscope/core/state"
)

// StreamView shows recent bytes of the replication stream as RESP text
// with an offset ruler; the current event's bytes are highlighted, so an
// offset is plainly a byte count.
type StreamView struct {
	app.Compo
	Stream     model.Stream
	NodeColors map[string]int
	Lang       string
}

const streamWidth = 32

// Render prints one row per 32 offsets.
func (v *StreamView) Render() app.UI {
	rendered("StreamView")
	st := v.Stream
	if len(st.Bytes) == 0 {
		return app.Section().Class("rs-card-panel", "rs-stream").Aria("label", tr(v.Lang, "stream.title_empty")).Body(
			app.H2().Text(tr(v.Lang, "stream.title_empty")),
			app.P().Class("rs-muted").Text(tr(v.Lang, "stream.none")),
		)
	}
	rows := st.Rows(streamWidth)
	// "Replication stream of M" with the node's name in its colour, in
	// either language's word order.
	before, after, _ := strings.Cut(tr(v.Lang, "stream.title"), "%s")
	return app.Section().Class("rs-card-panel", "rs-stream").Aria("label", tr(v.Lang, "stream.title_empty")).Body(
		app.H2().Body(app.Text(before), app.Span().Class("rs-node-name", nodeClass(v.NodeColors[st.Node])).Text(st.Node), app.If(after != "", app.Text(after))),
		app.Div().Class("rs-stream-rows").Attr("tabindex", "0").Attr("role", "region").Aria("label", tr(v.Lang, "stream.table")).Body(app.Div().Attr("role", "table").Aria("label", tr(v.Lang, "stream.table")).Body(
			app.Range(rows).Slice(func(i int) app.UI {
				r := rows[i]
				// Three runs per row (before, highlighted, after) keep the
				// DOM small: a span per byte made each step slow.
				end := r.Offset + int64(len(r.Bytes)) - 1
				lo := min(max(st.HiFrom, r.Offset), end+1)
				hi := max(min(st.HiTo, end), lo-1)
				a, b := lo-r.Offset, hi-r.Offset+1
				return app.Div().Class("rs-stream-row").Attr("role", "row").Body(
					app.Span().Class("rs-ruler").Attr("role", "rowheader").Text(itoa(r.Offset)),
					app.Span().Class("rs-bytes").Attr("role", "cell").Title(tr(v.Lang, "stream.offsets", r.Offset, end)).Body(
						app.Span().Text(state.RESPText(r.Bytes[:a])),
						app.Span().Class("rs-byte-hi").Text(state.RESPText(r.Bytes[a:b])),
						app.Span().Text(state.RESPText(r.Bytes[b:])),
					),
				)
			}),
		)),
	)
}
