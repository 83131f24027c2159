// Package app is ReplScope's user interface: go-app components, one view
// per file. Views take value props and send intents (intents.go) to the
// Player, the one place that owns the session and the position; the URL
// (url.go), playback (playback.go), the console (console.go), dialogs
// (dialogs.go) and the host-page API (embedapi.go) are the Player's parts.
package app

import (
	"fmt"
	"net/url"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/app/model"
	"replscope/core/state"
)

// Player is the page: it owns the session (the played scenario), the
// position in it, and what the user is doing.
type Player struct {
	app.Compo

	sess *model.Session
	snap *model.Snapshot
	pos  int
	err  string
	sel  string // the selected node: INFO, actions and the console's prompt

	view    viewMode
	play    playback
	console consoleState
	dialogs dialogState
	quiz    quizState

	pageURL    url.URL
	urlSync    urlSync
	lastHeight int
	actionMsg  string
	removeKeys func()
	removeSize func()
	narrow     bool   // the window is phone-width
	lang       string // i18n.En or i18n.ZH (lang.go)

	cmpVer  string         // the version compared side by side ("" for none; versions.go)
	cmp     *model.Session // the scenario played on cmpVer
	cmpFor  *model.Session // the session cmp was played for
	cmpLen  int            // and the length of its text then
	cmpErr  string         // why the scenario does not play on cmpVer
	cmpRows compareRows    // the compare table at the position (versions.go)

	loading *loadingState // a big scenario playing in slices (loading.go)
	sliceAt int           // &slice=N (test-only): loads play in slices from N events (loading.go)
	loadGen int
	// live is set with body[data-ready]: a compare's progress bar waits
	// for it, so that it never shows over a scenario not yet announced
	// (go-app may draw a frame before it runs the deferred ready).
	live bool
}

// viewMode is what the URL asked for besides the scenario.
type viewMode struct {
	embed, minimal, exam, home bool
}

// OnPreRender loads the page server-side (static generation) so that the
// first paint already shows the default lesson.
func (p *Player) OnPreRender(ctx app.Context) { p.load(ctx) }

// OnNav loads what the URL asks for.
func (p *Player) OnNav(ctx app.Context) { p.load(ctx) }

// OnMount takes the views' intents and installs the keyboard shortcuts.
func (p *Player) OnMount(ctx app.Context) {
	ctx.Handle(actDo, func(ctx app.Context, a app.Action) { p.Do(ctx, a.Value.(string)) })
	ctx.Handle(actSeek, func(ctx app.Context, a app.Action) { p.seek(ctx, a.Value.(int), true) })
	ctx.Handle(actSelect, func(ctx app.Context, a app.Action) { p.sel = a.Value.(string) })
	ctx.Handle(actVersion, func(ctx app.Context, a app.Action) { p.setVersion(ctx, a.Value.(string)) })
	ctx.Handle(actCompare, func(ctx app.Context, a app.Action) { p.setCompare(ctx, a.Value.(string)) })
	ctx.Handle(actRun, func(ctx app.Context, a app.Action) { p.runAction(ctx, a.Value.(string)) })
	ctx.Handle(actConsole, func(ctx app.Context, a app.Action) { p.consoleLine(ctx, a.Value.(string)) })
	ctx.Handle(actDialog, func(ctx app.Context, a app.Action) { p.openDialog(ctx, a.Value.(string)) })
	ctx.Handle(actReplace, func(ctx app.Context, a app.Action) { p.replaceFromEditor(ctx, a.Value.(string)) })
	ctx.Handle(actAnswer, func(ctx app.Context, a app.Action) { p.answer(ctx, a.Value.(answer)) })
	ctx.Handle(actSpeed, func(ctx app.Context, a app.Action) { p.play.speed = a.Value.(int) })
	ctx.Handle(actLang, func(ctx app.Context, a app.Action) { p.setLang(ctx, a.Value.(string)) })
	ctx.Handle(actCancelLoad, func(ctx app.Context, a app.Action) { p.cancelLoad(ctx) })
	p.removeKeys = app.Window().AddEventListener("keydown", func(ctx app.Context, e app.Event) {
		p.onKey(ctx, e)
	})
	p.measure()
	p.removeSize = app.Window().AddEventListener("resize", func(ctx app.Context, e app.Event) {
		send(ctx, actResize, nil)
	})
	ctx.Handle(actResize, func(ctx app.Context, a app.Action) { p.measure() })
}

// OnDismount removes them.
func (p *Player) OnDismount() {
	if p.removeKeys != nil {
		p.removeKeys()
	}
	if p.removeSize != nil {
		p.removeSize()
	}
}

// Render lays the page out: the diagram column and the detail column, or
// in embed mode only the diagram, the narration and the controls.
func (p *Player) Render() app.UI {
	if p.sess == nil || p.snap == nil {
		// A shared scenario that does not run: the editor with its text and
		// the error, over an empty page (never the default lesson).
		return app.Div().Class("rs-page").Body(
			app.Header().Class("rs-header").Body(
				app.A().Class("rs-brand").Href(p.homeURL()).Text(p.T("page.brand")),
				&LangPicker{Lang: p.lang},
			),
			app.Main().Class("rs-main-empty").Body(
				app.H1().Class("rs-sr").Text(p.T("page.brand")),
				app.If(p.err != "", app.Div().Class("rs-error").Attr("role", "alert").Text(p.err)),
				p.loadingView(),
			),
			p.dialogView(),
		)
	}
	s := p.snap
	colors := p.sess.NodeColors()
	title := p.title()
	lang := p.lang
	var errBox app.UI = app.If(p.err != "", app.Div().Class("rs-error").Attr("role", "alert").Text(p.err))
	if p.untranslated() {
		errBox = app.Div().Class("rs-msgs").Body(errBox, app.P().Class("rs-note", "rs-note-lang").DataSet("role", "untranslated").Text(p.T("page.untranslated")))
	}
	topo := &Topology{Nodes: s.Nodes, Sel: p.sel, NodeColors: colors, IDColors: p.idColors(), Motion: motionOf(s), Lang: lang}
	narr := p.narrationProps(s)
	controls := &Controls{Pos: s.Pos, Total: s.Total, LineNum: s.LineNum, Playing: p.play.playing, Speed: p.play.speed, Minimal: p.view.minimal, Lang: lang}
	if p.view.embed {
		return app.Div().Class("rs-page", "rs-embed").DataSet("state", p.state()).Body(
			app.Main().Class("rs-embed-main").Body(
				app.H1().Class("rs-embed-title").Body(
					app.Text(title),
					app.A().Class("rs-open-full").Href(p.fullViewURL()).Target("_blank").Attr("rel", "noopener").Text(p.T("page.open_full")).
						// A new tab: go-app's router must not take the click.
						OnClick(func(ctx app.Context, e app.Event) { e.Call("stopPropagation") }),
				),
				topo,
				app.Div().Class("rs-embed-side").Attr("tabindex", "0").Attr("role", "region").Aria("label", p.T("page.details")).Body(
					errBox,
					narr,
					app.If(!p.view.minimal && s.Psync != nil, p.psyncCard(s)),
					app.If(p.view.exam, p.quizView()),
				),
				controls,
			),
			p.loadingView(),
		)
	}
	return app.Div().Class("rs-page").DataSet("state", p.state()).Body(
		app.Header().Class("rs-header").Body(
			app.A().Class("rs-brand").Href(p.homeURL()).Text(p.T("page.brand")),
			&LessonPicker{Current: p.sess.Name, Modified: p.modified(), Lang: lang},
			&VersionPicker{Current: model.VersionOf(p.sess.Source), Compare: p.cmpVer, Lang: lang},
			&LangPicker{Lang: lang},
			app.Button().Class("rs-btn").DataSet("action", "share").Aria("haspopup", "dialog").Text(p.T("page.share")).OnClick(func(ctx app.Context, e app.Event) {
				send(ctx, actDialog, "share")
			}),
			app.Button().Class("rs-btn").DataSet("action", "edit").Aria("haspopup", "dialog").Text(p.T("page.edit")).OnClick(func(ctx app.Context, e app.Event) {
				send(ctx, actDialog, "edit")
			}),
		),
		app.Main().Class("rs-main").Body(
			app.H1().Class("rs-title").Text(title),
			app.If(p.view.home, &Intro{Lang: lang}),
			errBox,
			app.Section().Class("rs-col", "rs-col-diagram").Aria("label", p.T("page.diagram")).Body(
				app.Div().Class("rs-topology-wrap").Body(topo, p.nodeActions()),
				controls,
				narr,
				app.If(p.view.exam, p.quizView()),
				&BacklogView{Nodes: s.Nodes, Psync: s.Psync, NodeColors: colors, Narrow: p.narrow, Lang: lang},
				&StreamView{Stream: s.Stream, NodeColors: colors, Lang: lang},
			),
			app.Section().Class("rs-col", "rs-col-detail").Aria("label", p.T("page.details")).Body(
				p.psyncCard(s),
				app.If(p.cmpVer != "", p.compareView()),
				&InfoPanel{Node: p.sel, Nodes: nodeNames(s), Text: p.infoText(s), Lang: lang},
				&OffsetChart{Series: p.sess.Chart(s.Pos), Pos: s.Pos, Roles: roles(s), NodeColors: colors, Lang: lang},
				&Console{Entries: p.console.entries, Prompt: p.sel, Nodes: nodeNames(s), Lang: lang},
				&LessonList{Current: p.sess.Name, Lang: lang},
			),
		),
		p.dialogView(),
		p.loadingView(),
	)
}

// Intro is the first screen's sentence and start button.
type Intro struct {
	app.Compo
	Lang string
}

// Render says what this is and what to try.
func (i *Intro) Render() app.UI {
	rendered("Intro")
	return app.Section().Class("rs-intro").Aria("label", tr(i.Lang, "intro.label")).Body(
		app.P().Text(tr(i.Lang, "intro.text")),
		app.Button().Class("rs-btn", "rs-btn-primary").DataSet("action", "start").Text(tr(i.Lang, "intro.start")).OnClick(func(ctx app.Context, e app.Event) {
			send(ctx, actDo, "start")
		}),
	)
}

func (p *Player) idColors() map[string]int {
	out := map[string]int{}
	for _, n := range p.snap.Nodes {
		out[n.ReplID] = p.sess.Color(n.ReplID)
		if n.ReplID2 != "" {
			out[n.ReplID2] = p.sess.Color(n.ReplID2)
		}
	}
	return out
}

func nodeNames(s *model.Snapshot) []string {
	out := make([]string, len(s.Nodes))
	for i, n := range s.Nodes {
		out[i] = n.Name
	}
	return out
}

func roles(s *model.Snapshot) map[string]string {
	out := map[string]string{}
	for _, n := range s.Nodes {
		out[n.Name] = n.Role
	}
	return out
}

// state summarises what the user sees (position, playing, dialog,
// selection, console length, answers) for tests that wait for a click to
// take effect: a DOM condition, not a counter the views depend on.
func (p *Player) state() string {
	return fmt.Sprintf("%d|%t|%s|%s|%d|%d|%d|%s", p.pos, p.play.playing, p.dialogs.open, p.sel, len(p.console.entries), len(p.quiz.answers), len(p.sess.Source), p.lang)
}

// measure notes whether the page is phone-width (the offset line then
// draws a narrower picture).
func (p *Player) measure() {
	if app.IsClient {
		p.narrow = app.Window().Get("innerWidth").Int() < 560
	}
}

// infoText is the selected node's INFO, with 7.0's output-buffer figures
// (INFO memory, CLIENT LIST TYPE replica), one line per replica: the
// simulator writes them (simhost's info).
func (p *Player) infoText(s *model.Snapshot) string { return s.Info[p.sel] }

// nodeState is node name's state in the snapshot (zero if it has none).
func nodeState(s *model.Snapshot, name string) state.NodeState {
	for _, n := range s.Nodes {
		if n.Name == name {
			return n
		}
	}
	return state.NodeState{}
}
