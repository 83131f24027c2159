package core

import (
	"fmt"
	"strings"
)

// psyncMaster is what the decision reads off the master.
type psyncMaster struct {
	replid, replid2     string
	secondReplidOffset  int64
	backlog             bool
	first, histlen, off int64
}

// decidePsync is masterTryPartialResynchronization. fullOffset is the
// offset a +FULLRESYNC would carry (master_repl_offset when the RDB forks).
func decidePsync(m psyncMaster, reqID string, reqOff int64) PsyncDecision {
	d := PsyncDecision{
		ReqID: reqID, ReqOffset: reqOff,
		ReplID: m.replid, ReplID2: m.replid2, SecondReplOffset: m.secondReplidOffset,
		HasBacklog: m.backlog, BacklogFirst: m.first, BacklogHistlen: m.histlen, MasterReplOffset: m.off,
	}
	// 1. The history: id1, or id2 up to second_repl_offset.
	idMatch := strings.EqualFold(reqID, m.replid)
	id2Match := strings.EqualFold(reqID, m.replid2) && reqOff <= m.secondReplidOffset
	switch {
	case reqID == "?":
		d.Checks = append(d.Checks, Check{Name: "replication id", Detail: "the replica sent PSYNC ? -1: it has no history to continue, it asks for a full resync", Holds: false})
		d.Reason = "the replica asked for a full resync (PSYNC ? -1: no cached master)."
	case idMatch:
		d.Checks = append(d.Checks, Check{Name: "replication id", Detail: fmt.Sprintf("requested id %s… equals master_replid", short(reqID)), Holds: true})
	case id2Match:
		d.Checks = append(d.Checks, Check{Name: "replication id", Detail: fmt.Sprintf("requested id %s… equals master_replid2 and offset %d ≤ second_repl_offset %d", short(reqID), reqOff, m.secondReplidOffset), Holds: true})
	case strings.EqualFold(reqID, m.replid2):
		d.Checks = append(d.Checks, Check{Name: "replication id", Detail: fmt.Sprintf("requested id %s… is master_replid2, but offset %d > second_repl_offset %d", short(reqID), reqOff, m.secondReplidOffset), Holds: false})
		d.Reason = fmt.Sprintf("Requested offset for second ID was %d, but I can reply up to %d.", reqOff, m.secondReplidOffset)
		d.CountsAsPartialErr = true
	default:
		d.Checks = append(d.Checks, Check{Name: "replication id", Detail: fmt.Sprintf("requested id %s… is neither master_replid %s… nor master_replid2 %s…", short(reqID), short(m.replid), short(m.replid2)), Holds: false})
		d.Reason = fmt.Sprintf("Replication ID mismatch: the replica asked for %s…, the master's ids are %s… and %s….", short(reqID), short(m.replid), short(m.replid2))
		d.CountsAsPartialErr = true
	}
	if d.Reason != "" {
		return d
	}
	// 2. The backlog still holds the requested offset.
	if !m.backlog {
		d.Checks = append(d.Checks, Check{Name: "backlog", Detail: "the master has no backlog", Holds: false})
		d.Reason = fmt.Sprintf("Unable to partial resync for lack of backlog: the master has none (replica request was %d).", reqOff)
		d.CountsAsPartialErr = true
		return d
	}
	d.Checks = append(d.Checks, Check{Name: "backlog", Detail: fmt.Sprintf("repl_backlog_active:1, window [%d, %d]", m.first, m.first+m.histlen-1), Holds: true})
	if reqOff < m.first {
		d.Checks = append(d.Checks, Check{Name: "offset in window", Detail: fmt.Sprintf("requested %d < repl_backlog_first_byte_offset %d", reqOff, m.first), Holds: false})
		d.Reason = fmt.Sprintf("Unable to partial resync for lack of backlog: offset %d was trimmed (the window starts at %d).", reqOff, m.first)
		d.CountsAsPartialErr = true
		return d
	}
	if reqOff > m.first+m.histlen {
		d.Checks = append(d.Checks, Check{Name: "offset in window", Detail: fmt.Sprintf("requested %d > first_byte_offset + histlen = %d", reqOff, m.first+m.histlen), Holds: false})
		d.Reason = fmt.Sprintf("Unable to partial resync for lack of backlog: offset %d is beyond the master's offset %d.", reqOff, m.off)
		d.CountsAsPartialErr = true
		return d
	}
	d.Checks = append(d.Checks, Check{Name: "offset in window", Detail: fmt.Sprintf("%d ≤ requested %d ≤ %d", m.first, reqOff, m.first+m.histlen), Holds: true})
	d.Continue = true
	d.Reply = "+CONTINUE " + m.replid
	n := m.first + m.histlen - reqOff
	d.Reason = fmt.Sprintf("the history matches and the backlog still holds offset %d: %d bytes of backlog follow, no RDB.", reqOff, n)
	return d
}
