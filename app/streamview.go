package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/core"
)

// StreamView shows recent bytes of the replication stream as RESP text
// with an offset ruler; the current event's bytes are highlighted, so an
// offset is plainly a byte count.
type StreamView struct {
	app.Compo
	P   *Player
	Ver int
}

const streamWidth = 32

// Render prints one row per 32 offsets.
func (v *StreamView) Render() app.UI {
	st := v.P.snap.Stream
	if len(st.Bytes) == 0 {
		return app.Div().Class("rs-card-panel", "rs-stream").Body(
			app.H2().Text("Replication stream"),
			app.P().Class("rs-muted").Text("No bytes yet: the stream starts with the first write after a replica attached."),
		)
	}
	rows := st.Rows(streamWidth)
	return app.Div().Class("rs-card-panel", "rs-stream").Body(
		app.H2().Text("Replication stream of "+st.Node),
		app.Div().Class("rs-stream-rows").Attr("role", "table").Aria("label", "Stream bytes by offset").Body(
			app.Range(rows).Slice(func(i int) app.UI {
				r := rows[i]
				var cells []app.UI
				for j, b := range r.Bytes {
					off := r.Offset + int64(j)
					cls := "rs-byte"
					if off >= st.HiFrom && off <= st.HiTo {
						cls = "rs-byte rs-byte-hi"
					}
					cells = append(cells, app.Span().Class(cls).Title("offset "+itoa(off)).Text(core.RESPText([]byte{b})))
				}
				return app.Div().Class("rs-stream-row").Attr("role", "row").Body(
					app.Span().Class("rs-ruler").Attr("role", "rowheader").Text(itoa(r.Offset)),
					app.Span().Class("rs-bytes").Attr("role", "cell").Body(cells...),
				)
			}),
		),
	)
}
