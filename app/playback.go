package app

import (
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// playback is playing or paused, and how fast.
type playback struct {
	playing bool
	speed   int // events per second
}

// seek moves to an event and rebuilds the snapshot; every control goes
// through here. A failure leaves the previous view in place.
func (p *Player) seek(ctx app.Context, pos int, syncURL bool) {
	if p.sess == nil {
		return
	}
	pos = max(min(pos, p.sess.Len()-1), -1)
	if p.view.exam {
		pos = p.quiz.clamp(p.sess, p.pos, pos)
	}
	snap, err := p.sess.At(pos)
	if err != nil {
		p.err = p.scenarioErr(err)
		return
	}
	moved := p.snap == nil || p.pos != pos
	p.pos, p.snap = pos, snap
	if p.sel == "" && len(snap.Nodes) > 0 {
		p.sel = snap.Nodes[0].Name
	}
	p.playCompare(ctx)
	p.readCompare()
	if syncURL {
		p.syncURLSoon(ctx)
	}
	if moved {
		p.postStep(ctx)
	}
}

// Do runs a control: step, back, next-line, prev-line, play, pause,
// reset, start (the first screen's button: play from where it is).
func (p *Player) Do(ctx app.Context, action string) {
	if p.sess == nil {
		return
	}
	switch action {
	case "step":
		p.seek(ctx, p.pos+1, true)
	case "back":
		p.seek(ctx, p.pos-1, true)
	case "next-line":
		p.seek(ctx, p.nextLine(), true)
	case "prev-line":
		p.seek(ctx, p.prevLine(), true)
	case "reset":
		p.play.playing = false
		p.seek(ctx, -1, true)
	case "start":
		p.view.home = false
		fallthrough
	case "play":
		if p.pos >= p.sess.Len()-1 {
			p.seek(ctx, -1, false)
		}
		p.play.playing = true
		p.tick(ctx)
	case "pause":
		p.play.playing = false
		p.syncURL(ctx)
	}
}

// tick advances one event while playing.
func (p *Player) tick(ctx app.Context) {
	if !p.play.playing {
		return
	}
	if p.pos >= p.sess.Len()-1 || (p.view.exam && p.quiz.blocking(p.sess, p.pos)) {
		p.play.playing = false
		p.syncURL(ctx)
		return
	}
	p.seek(ctx, p.pos+1, false)
	d := time.Second / time.Duration(max(p.play.speed, 1))
	ctx.After(d, func(ctx app.Context) { p.tick(ctx) })
}

// Next line and Previous line stop twice per line: at its key moment (the
// event the line is about, simhost's keyMoment) and at its settled end
// (its last event).

// stops are step i's key moment and settled end.
func (p *Player) stops(i int) (key, end int) {
	return p.sess.KeyMoment(i), p.sess.Steps()[i].Last
}

// nextLine is the next stop after the position: the current line's key
// moment, then its settled end, then the next line's.
func (p *Player) nextLine() int {
	steps := p.sess.Steps()
	i := 0
	if p.pos >= 0 {
		i = max(p.sess.StepOf(p.pos), 0)
	}
	for ; i < len(steps); i++ {
		if steps[i].Last < steps[i].First {
			continue
		}
		key, end := p.stops(i)
		if key > p.pos {
			return key
		}
		if end > p.pos {
			return end
		}
	}
	return p.sess.Len() - 1
}

// prevLine is the stop before the position (-1: the start).
func (p *Player) prevLine() int {
	if p.pos < 0 {
		return -1
	}
	steps := p.sess.Steps()
	for i := p.sess.StepOf(p.pos); i >= 0; i-- {
		if steps[i].Last < steps[i].First {
			continue
		}
		key, end := p.stops(i)
		if end < p.pos {
			return end
		}
		if key < p.pos {
			return key
		}
	}
	return -1
}

// atKey reports whether the position is a line's key moment before its
// settled end (the narration then says how to reach the end).
func (p *Player) atKey() bool {
	if p.pos < 0 {
		return false
	}
	i := p.sess.StepOf(p.pos)
	if i < 0 {
		return false
	}
	key, end := p.stops(i)
	return p.pos == key && key < end
}

func (p *Player) onKey(ctx app.Context, e app.Event) {
	target := strings.ToLower(e.Get("target").Get("tagName").String())
	if e.Get("key").String() == "Escape" && p.dialogs.open != "" && p.sess != nil {
		send(ctx, actDialog, "")
		e.PreventDefault()
		return
	}
	if target == "input" || target == "textarea" || target == "select" {
		return
	}
	shift := e.Get("shiftKey").Bool()
	switch e.Get("key").String() {
	case " ":
		if target == "button" || target == "a" {
			return // Space activates the focused control
		}
		if p.play.playing {
			send(ctx, actDo, "pause")
		} else {
			send(ctx, actDo, "play")
		}
	case "ArrowRight":
		if shift {
			send(ctx, actDo, "next-line")
		} else {
			send(ctx, actDo, "step")
		}
	case "ArrowLeft":
		if shift {
			send(ctx, actDo, "prev-line")
		} else {
			send(ctx, actDo, "back")
		}
	case "Home":
		send(ctx, actDo, "reset")
	default:
		return
	}
	// The key is an intent like a click: the Player acts on it in its own
	// context (so that playback's timer is the Player's).
	e.PreventDefault()
}
