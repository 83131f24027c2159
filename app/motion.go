package app

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/app/model"
	"replscope/app/proto"
)

// Bytes in motion: what is on each replication link at the position, drawn
// on the topology's link as RESP chips. Stream bytes written by the master
// travel along the link (in flight), land in the replica's read buffer
// (read, not applied) and disappear once applied; a stalled link holds its
// bytes on the wire, a cut link leaves the master's new bytes in its
// backlog. Each chip moves in with a short CSS animation, which
// prefers-reduced-motion turns off (web/replscope.css, "Bytes in motion").

// LinkMotion is what moves on one replica's link (simhost's motionOf
// reads it from the world at the snapshot's position).
type LinkMotion = proto.LinkMotion

// motionOf is what moves on the snapshot's links.
func motionOf(s *model.Snapshot) []LinkMotion {
	if s == nil {
		return nil
	}
	return s.Motion
}

// chip geometry: a 10px monospace text in a rounded box, left of the link
// (its label is on the right).
const (
	chipH     = 15.0
	chipCharW = 6.2
	chipPad   = 4.0
	// flightAt is where bytes on the wire sit: in the link's upper part,
	// above its label (which is at the middle, and moved left on a
	// narrow picture).
	flightAt = 0.22
)

// motion draws one link's chips. (x1,y1)→(x2,y2) is the link, width the
// picture's; a chip at fraction t of the link moves in from fraction t0.
func (l *LinkView) motion(lm LinkMotion, x1, y1, x2, y2, width float64) []app.UI {
	at := func(f float64) (float64, float64) { return x1 + (x2-x1)*f, y1 + (y2-y1)*f }
	chip := func(kind, text, title string, bytes int64, t0, t1 float64) app.UI {
		cw := textUnits(text)*chipCharW + 2*chipPad
		place := func(f float64) (float64, float64) {
			x, y := at(f)
			return max(2, min(x-5-cw, width-2-cw)), y - chipH/2
		}
		sx, sy := place(t0)
		x, y := place(t1)
		return svg("g").Attr("data-c", svgClass("rs-chip", "rs-chip-"+kind)).DataSet("chip", kind).DataSet("bytes", bytes).
			Attr("transform", fmt.Sprintf("translate(%s %s)", num(x), num(y))).Body(
			svg("title").Text(title),
			// The body starts where the bytes come from (--dx, --dy) and
			// slides to its place; without animation it is simply there.
			svg("g").Attr("data-c", svgClass("rs-chip-body")).Attr("style", fmt.Sprintf("--dx:%spx;--dy:%spx", num(sx-x), num(sy-y))).Body(
				svg("rect").Attr("width", num(cw)).Attr("height", num(chipH)).Attr("rx", "7"),
				svg("text").Attr("x", num(chipPad)).Attr("y", "11").Text(text),
			),
		)
	}
	var out []app.UI
	switch {
	case lm.Flight > 0 && lm.Stalled:
		out = append(out, chip("held", tr(l.Lang, "motion.held", bytesText(lm.Flight)),
			tr(l.Lang, "motion.stalled_title", lm.Flight, lm.Master, lm.Replica), lm.Flight, flightAt, flightAt))
	case lm.Flight > 0:
		out = append(out, chip("flight", lm.Head+" "+bytesText(lm.Flight),
			tr(l.Lang, "motion.flight_title", lm.Flight, lm.Master, lm.Replica, lm.FlightFrom, lm.FlightFrom+lm.Flight-1), lm.Flight, 0.02, flightAt))
	case lm.Msg != "" && !lm.MsgUp:
		out = append(out, chip("msg", lm.Msg, tr(l.Lang, "motion.msg_title", lm.Master, lm.Replica), 0, 0.02, flightAt))
	}
	if lm.Msg != "" && lm.MsgUp && lm.Buffered == 0 {
		out = append(out, chip("msg", lm.Msg, tr(l.Lang, "motion.msg_title", lm.Replica, lm.Master), 0, 0.98, 0.72))
	}
	if lm.Buffered > 0 {
		out = append(out, chip("buffer", lm.BufHead+" "+bytesText(lm.Buffered),
			tr(l.Lang, "motion.buffer_title", lm.Buffered, lm.Replica, lm.BufFrom, lm.BufFrom+lm.Buffered-1), lm.Buffered, flightAt, 0.84))
	}
	if lm.Back > 0 {
		out = append(out, chip("back", tr(l.Lang, "motion.held", bytesText(lm.Back)),
			tr(l.Lang, "motion.back_title", lm.Master, lm.Back, lm.Replica), lm.Back, 0.12, 0.12))
	}
	return out
}
