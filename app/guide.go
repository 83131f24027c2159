package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/app/i18n"
)

// Guide explains replication offsets, the backlog and PSYNC for a
// newcomer, with the lessons embedded live where they illustrate a point.
// Every number it states is one a lesson shows and the conformance suite
// proves against redis-server 7.0.15.
type Guide struct {
	app.Compo
	lang string
}

// OnNav picks the language: at ?lang=zh-CN (or a Chinese browser) the page
// is the Chinese guide (guide_zh.go).
func (g *Guide) OnNav(ctx app.Context) {
	g.lang = i18n.Detect(ctx.Page().URL().Query().Get("lang"))
	setDocumentLang(g.lang)
}

func embedLesson(name, title string, at int) app.UI {
	return app.Figure().Class("rs-guide-embed").Body(
		app.IFrame().Src("./?lesson="+name+"&embed=1&at="+itoa(int64(at))).Title(title).
			Attr("width", "640").Attr("height", "420").Attr("loading", "lazy").DataSet("lesson", name),
		app.FigCaption().Body(app.A().Href("./?lesson="+name).Text("Open “"+title+"” in the full player")),
	)
}

// OnMount marks the page live for tests.
func (g *Guide) OnMount(ctx app.Context) {
	app.Window().Get("document").Get("body").Call("setAttribute", "data-ready", "1")
}

// Render is the article.
func (g *Guide) Render() app.UI {
	rendered("Guide")
	if i18n.Normalize(g.lang) == i18n.ZH {
		return guideZH()
	}
	return app.Div().Class("rs-page", "rs-guide").Body(
		app.Header().Class("rs-header").Body(
			app.A().Class("rs-brand").Href("./").Text("ReplScope"),
			app.Span().Class("rs-title").Text("A guide to Redis replication offsets"),
		),
		app.Main().Class("rs-article").Body(
			app.H1().Text("Replication offsets, the backlog and PSYNC"),
			app.P().Text("A Redis replica keeps a copy of its master's data by receiving every write the master makes. To know how far it has got, master and replica count bytes: the replication offset is the number of bytes of the replication stream seen so far. Nothing else is exchanged to keep them in step."),
			app.H2().Text("An offset is a byte count"),
			app.P().Text("The master turns each write into the Redis protocol (RESP) and appends it to its replication stream. SET foo bar is 31 bytes. Before it, because the stream does not yet say which database it is in, Redis writes SELECT 0: 23 bytes. So after the first write, master_repl_offset is 54 on the master, and the replica, having applied the same 54 bytes, reports slave_repl_offset 54. A read, or a write that changes nothing, adds no byte."),
			embedLesson("offsets", "What an offset is", 10),
			app.H2().Text("How the replica learns the offset"),
			app.P().Text("The master never sends its offset along with a command. It feeds the command's bytes into its replication buffer (propagateNow → replicationFeedSlaves → feedReplicationBuffer). The replica reads those bytes, applies each whole command, and counts them in turn (commandProcessed → replicationFeedStreamFromMasterStream → feedReplicationBuffer), which also feeds its own backlog. Only two messages ever state an offset: the master's +FULLRESYNC <id> <offset> when a replica starts from scratch, and the replica's REPLCONF ACK <offset> once a second, which is what the master's slave0:...,offset= line shows."),
			embedLesson("how-a-replica-learns", "How a replica learns the master's offset", 20),
			app.H2().Text("The backlog and partial resynchronization"),
			app.P().Text("The master keeps the most recent part of the stream in its backlog (1 MiB by default). When a replica reconnects it asks PSYNC <replication id> <its offset + 1>. If the id is the master's and the backlog still holds that byte, the master answers +CONTINUE and sends only what is missing: after a short outage in the lesson below, 61 bytes."),
			embedLesson("partial-resync", "A short outage ends in +CONTINUE", 30),
			app.P().Text("If the requested byte is no longer in the backlog, the answer is +FULLRESYNC: a new RDB snapshot, and the stream from the offset it was taken at."),
			embedLesson("backlog-overflow", "Backlog overflow ends in +FULLRESYNC", 40),
			app.H2().Text("Redis 7.0's backlog is made of blocks"),
			app.P().Text("Since Redis 7.0 the backlog is not a ring buffer: it is a list of blocks shared with every replica's output buffer. A 16 KiB block holds 20440 bytes. Redis drops only whole blocks from the front, and only while what remains still exceeds repl-backlog-size, so repl_backlog_histlen is usually larger than the configured size: with repl-backlog-size 16384, the history reaches 36314 bytes before the first block goes, and then the window starts at 20441 with 16910 bytes."),
			embedLesson("backlog-blocks", "The 7.0 backlog: whole blocks", 60),
			app.H2().Text("Failover and the second replication id"),
			app.P().Text("When a replica is promoted (REPLICAOF NO ONE) it takes a new replication id but remembers the old one as master_replid2, valid up to second_repl_offset: its offset plus one, 51 in the lesson. The other replicas of the old master can then continue from it with PSYNC under the old id, and get +CONTINUE with the new one."),
			embedLesson("failover", "Failover: PSYNC with the second id", 40),
			app.H2().Text("Reading lag"),
			app.P().Text("Lag in bytes is the master's master_repl_offset minus a replica's acknowledged offset. Try the exercises: open any lesson with "),
			app.Code().Text("&mode=exercise"),
			app.Text(" and predict each resync before it happens."),
			app.P().Body(
				app.A().Href("./").Text("Back to the lessons"),
				app.Text(" · "),
				app.A().Href("./guide.html?lang="+i18n.ZH).Attr("hreflang", "zh-CN").Lang("zh-Hans-CN").Text(i18n.T(i18n.En, "guide.other_lang")),
			),
		),
	)
}
