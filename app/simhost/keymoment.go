package simhost

import "replscope/core"

// Next line and Previous line stop twice per line: at its key moment (the
// event the line is about) and at its settled end (its last event).

// keyScan bounds the events searched for a line's key moment: a longer
// line (a 100,000-event repeat) stops only at its settled end, so that a
// press never replays a whole history to decide.
const keyScan = 4096

// keyMoment is the event of step st that the line is about, chosen from
// the kinds of its events, never per lesson:
//   - a replica's output buffer over its limit: that event (what follows
//     is its consequence);
//   - a PSYNC answered: +CONTINUE itself; a full resync at the RDB the
//     replica loaded after it (the answer when the sync is held);
//   - an RDB loaded without an answer in the line (a released sync);
//   - a master's backlog trimmed: the trim, or, when the trim waited for
//     a send to a replica (its unsent bytes pinned the blocks), the
//     master's last feed before that send, where the pinned blocks show;
//   - acknowledgements: the last ack;
//   - otherwise the line's last event.
func keyMoment(st core.Step, event func(int) *core.Event) int {
	if st.Last < st.First || st.Last-st.First >= keyScan {
		return st.Last
	}
	limit, answer, loaded, trim, ack := -1, -1, -1, -1, -1
	for k := st.First; k <= st.Last; k++ {
		e := event(k)
		switch e.Kind {
		case core.EvOutputLimit:
			if limit < 0 {
				limit = k
			}
		case core.EvPsyncAnswered:
			if answer < 0 {
				answer = k
			}
		case core.EvRDBLoaded:
			if loaded < 0 || (answer >= 0 && loaded < answer) {
				loaded = k
			}
		case core.EvBacklogTrimmed:
			if trim < 0 {
				trim = k
			}
		case core.EvAck:
			ack = k
		}
	}
	switch {
	case limit >= 0:
		return limit
	case answer >= 0:
		if d := event(answer).Psync; (d == nil || !d.Continue) && loaded > answer {
			return loaded
		}
		return answer
	case loaded >= 0:
		return loaded
	case trim >= 0:
		return pinnedBefore(st, trim, event)
	case ack >= 0:
		return ack
	}
	return st.Last
}

// pinnedBefore is the trim at event trim, or the feed its master made
// before a send that the trim waited for.
func pinnedBefore(st core.Step, trim int, event func(int) *core.Event) int {
	node := event(trim).Node
	sent := false
	for k := trim - 1; k >= st.First; k-- {
		e := event(k)
		if e.Node != node {
			continue
		}
		switch {
		case e.Kind == core.EvSent:
			sent = true
		case e.Kind == core.EvFed && e.Peer == "":
			if sent {
				return k
			}
			return trim
		}
	}
	return trim
}
