package app

import (
	"encoding/base64"
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/app/model"
)

// Dialogs: Share / Embed and the scenario editor. Focus moves into a
// dialog when it opens and back to the button that opened it when it
// closes (Escape or Close).

type dialogState struct {
	open                      string // "", "share", "edit"
	shareLink, embedLink      string
	editorText, editorProblem string
}

func (p *Player) openDialog(ctx app.Context, name string) {
	was := p.dialogs.open
	switch name {
	case "share":
		if p.sess == nil {
			return
		}
		p.dialogs.shareLink = p.ShareURL(false)
		p.dialogs.embedLink = p.ShareURL(true)
	case "edit":
		if p.sess != nil {
			p.dialogs.editorText, p.dialogs.editorProblem = p.sess.Source, ""
		}
	case "":
		if p.sess == nil {
			return // with no scenario the editor is the page
		}
	}
	p.dialogs.open = name
	if name != "" {
		ctx.Defer(func(app.Context) { focusDialog() })
	} else if was != "" {
		ctx.Defer(func(app.Context) { focus(`[data-action="` + was + `"]`) })
	}
}

// replaceFromEditor plays the editor's text; on an error the running
// scenario stays and the editor says why.
func (p *Player) replaceFromEditor(ctx app.Context, text string) {
	if err := p.Replace(ctx, "", text); err != nil {
		p.dialogs.editorText, p.dialogs.editorProblem = text, p.scenarioErr(err)
		return
	}
	p.err = ""
	p.dialogs = dialogState{}
	ctx.Defer(func(app.Context) { focus(`[data-action="edit"]`) })
}

// Replace plays a new scenario text (editor, upload, version); on a parse
// error the running scenario stays and the error is returned for display.
// A big one plays in slices under the progress bar (loading.go).
func (p *Player) Replace(ctx app.Context, name, text string) error {
	ld, err := model.Begin(name, "scenario", text)
	if err != nil {
		return err
	}
	show := func(ctx app.Context, sess *model.Session) {
		p.sess = sess
		p.quiz = newQuiz(sess)
		p.snap, p.sel = nil, ""
		p.view.home = false
		p.seek(ctx, min(0, sess.Len()-1), true)
	}
	p.playLoad(ctx, ld, p.lang, text, show)
	return nil
}

func focusDialog() {
	focus(`.rs-dialog textarea, .rs-dialog input, .rs-dialog button`)
}

func focus(sel string) {
	el := app.Window().Get("document").Call("querySelector", sel)
	if el.Truthy() {
		el.Call("focus")
	}
}

func (p *Player) dialogView() app.UI {
	switch p.dialogs.open {
	case "share":
		return &ShareDialog{Link: p.dialogs.shareLink, Embed: p.dialogs.embedLink, Event: p.pos + 1, Lang: p.lang}
	case "edit":
		src := p.dialogs.editorText
		if p.sess != nil {
			src = p.sess.Source
		}
		return &Editor{Text: p.dialogs.editorText, Problem: p.dialogs.editorProblem, Source: src, CanClose: p.sess != nil, Lang: p.lang}
	}
	return app.Text("")
}

// ShareDialog gives the link that reopens this exact view and a
// copy-paste <iframe> snippet for documentation pages.
type ShareDialog struct {
	app.Compo
	Link, Embed string
	Event       int // 1-based, as the position readout says
	Lang        string
}

// Render shows both, selectable.
func (s *ShareDialog) Render() app.UI {
	rendered("ShareDialog")
	snippet := `<iframe src="` + s.Embed + `" width="640" height="420" style="border:0" title="` + tr(s.Lang, "share.iframe") + `" loading="lazy"></iframe>`
	return app.Div().Class("rs-dialog-backdrop").Body(
		app.Div().Class("rs-dialog").Attr("role", "dialog").Aria("modal", true).Aria("labelledby", "rs-share-title").Body(
			app.H2().ID("rs-share-title").Text(tr(s.Lang, "share.title")),
			app.Label().For("rs-share-link").Text(fmt.Sprintf(tr(s.Lang, "share.link"), s.Event)),
			app.Input().ID("rs-share-link").Type("text").ReadOnly(true).Class("rs-share").DataSet("role", "share-link").Value(s.Link),
			app.Label().For("rs-share-embed").Text(tr(s.Lang, "share.embed")),
			app.Textarea().ID("rs-share-embed").ReadOnly(true).Rows(3).Class("rs-share").DataSet("role", "embed-snippet").Text(snippet),
			app.Div().Class("rs-dialog-buttons").Body(
				app.A().Class("rs-btn").Href(s.Link).Text(tr(s.Lang, "share.open")),
				app.Button().Class("rs-btn").DataSet("action", "close").Text(tr(s.Lang, "common.close")).OnClick(func(ctx app.Context, e app.Event) {
					send(ctx, actDialog, "")
				}),
			),
		),
	)
}

// Editor edits the scenario text, pastes or uploads a .scenario file, and
// downloads the current one. A scenario with errors shows them with line
// and column and leaves the running scenario untouched.
type Editor struct {
	app.Compo
	Text, Problem, Source string
	CanClose              bool
	Lang                  string

	text string
	from string // the Text prop the local text was taken from
}

// Render shows the dialog.
func (e *Editor) Render() app.UI {
	rendered("Editor")
	if e.Text != e.from {
		e.text, e.from = e.Text, e.Text
	}
	download := "data:text/plain;charset=utf-8;base64," + base64.StdEncoding.EncodeToString([]byte(e.Source))
	return app.Div().Class("rs-dialog-backdrop").Body(
		app.Div().Class("rs-dialog").Attr("role", "dialog").Aria("modal", true).Aria("labelledby", "rs-editor-title").Body(
			app.H2().ID("rs-editor-title").Text(tr(e.Lang, "editor.title")),
			app.Textarea().Class("rs-editor").DataSet("role", "editor").Aria("label", tr(e.Lang, "editor.text")).Spellcheck(false).Rows(16).
				Text(e.text).
				OnInput(func(ctx app.Context, ev app.Event) { e.text = ctx.JSSrc().Get("value").String() }),
			app.If(e.Problem != "", app.P().Class("rs-error").DataSet("role", "editor-error").Attr("role", "alert").Text(e.Problem)),
			app.Div().Class("rs-dialog-buttons").Body(
				app.Button().Class("rs-btn", "rs-btn-primary").DataSet("action", "run-scenario").Text(tr(e.Lang, "editor.run")).OnClick(func(ctx app.Context, ev app.Event) {
					send(ctx, actReplace, e.text)
				}),
				app.Label().Class("rs-btn").Body(
					app.Text(tr(e.Lang, "editor.upload")),
					app.Input().Type("file").Class("rs-sr").Accept(".scenario,text/plain").OnChange(func(ctx app.Context, ev app.Event) {
						files := ctx.JSSrc().Get("files")
						if files.Get("length").Int() == 0 {
							return
						}
						reader := app.Window().Get("FileReader").New()
						reader.Set("onload", app.FuncOf(func(this app.Value, args []app.Value) any {
							text := reader.Get("result").String()
							ctx.Dispatch(func(ctx app.Context) { e.text = text })
							return nil
						}))
						reader.Call("readAsText", files.Index(0))
					}),
				),
				app.A().Class("rs-btn").Href(download).Attr("download", "replscope.scenario").Text(tr(e.Lang, "editor.download")),
				app.If(e.CanClose, app.Button().Class("rs-btn").DataSet("action", "close").Text(tr(e.Lang, "common.close")).OnClick(func(ctx app.Context, ev app.Event) {
					send(ctx, actDialog, "")
				})),
			),
		),
	)
}
