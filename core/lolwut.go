package core

import "strings"

// lolwut.c: LOLWUT [VERSION v]. Without a version, or with one that has no
// picture (anything but 5 and 6), it prints the server's version line, as
// lolwutUnstableCommand does.
func cmdLolwut(c *cmdCtx) Reply {
	if len(c.argv) >= 3 && strings.EqualFold(c.argv[1], "version") {
		v, ok := parseInt(c.argv[2])
		if !ok {
			return errNotInt
		}
		// The pictures of versions 5 and 6 (Schotter, skyscrapers) are
		// drawn with rand() seeded from the clock and pid: no two servers
		// draw the same one.
		if u := uint32(v); u == 5 || u == 6 {
			return errReply("ERR ReplScope does not draw LOLWUT VERSION 5 or 6: the picture is random on every server; LOLWUT without VERSION prints the version line")
		}
	}
	return c.verbatimReply("Redis ver. " + c.w.Version().Tested + "\n")
}
