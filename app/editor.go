package app

import (
	"encoding/base64"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Editor edits the scenario text, pastes or uploads a .scenario file, and
// downloads the current one. A scenario with errors shows them with line
// and column and leaves the running scenario untouched.
type Editor struct {
	app.Compo
	P   *Player
	Ver int

	text    string
	loaded  bool
	problem string
}

// Render shows the dialog.
func (e *Editor) Render() app.UI {
	if !e.loaded {
		e.text, e.loaded = e.P.sess.Source, true
	}
	p := e.P
	download := "data:text/plain;charset=utf-8;base64," + base64.StdEncoding.EncodeToString([]byte(e.P.sess.Source))
	return app.Div().Class("rs-dialog-backdrop").Body(
		app.Div().Class("rs-dialog").Attr("role", "dialog").Aria("modal", true).Aria("label", p.T("editor.dialog")).Body(
			app.H2().Text(p.T("editor.title")),
			app.Textarea().Class("rs-editor").DataSet("role", "editor").Aria("label", p.T("editor.text")).Spellcheck(false).Rows(16).
				Text(e.text).
				OnInput(func(ctx app.Context, ev app.Event) { e.text = ctx.JSSrc().Get("value").String() }),
			app.If(e.problem != "", app.P().Class("rs-error").DataSet("role", "editor-error").Attr("role", "alert").Text(e.problem)),
			app.Div().Class("rs-dialog-buttons").Body(
				app.Button().Class("rs-btn", "rs-btn-primary").DataSet("action", "run-scenario").Text(p.T("editor.run")).OnClick(func(ctx app.Context, ev app.Event) {
					if err := e.P.Replace(ctx, "", e.text); err != nil {
						e.problem = p.scenarioErr(err)
						e.P.ver++
						return
					}
					e.problem = ""
					e.P.dialog = ""
				}),
				app.Label().Class("rs-btn").Body(
					app.Text(p.T("editor.upload")),
					app.Input().Type("file").Class("rs-sr").Accept(".scenario,text/plain").OnChange(func(ctx app.Context, ev app.Event) {
						files := ctx.JSSrc().Get("files")
						if files.Get("length").Int() == 0 {
							return
						}
						reader := app.Window().Get("FileReader").New()
						reader.Set("onload", app.FuncOf(func(this app.Value, args []app.Value) any {
							text := reader.Get("result").String()
							ctx.Dispatch(func(ctx app.Context) {
								e.text = text
								e.problem = ""
							})
							return nil
						}))
						reader.Call("readAsText", files.Index(0))
					}),
				),
				app.A().Class("rs-btn").Href(download).Attr("download", "replscope.scenario").Text(p.T("editor.download")),
				app.Button().Class("rs-btn").Text(p.T("common.close")).OnClick(func(ctx app.Context, ev app.Event) {
					e.P.dialog = ""
					e.P.ver++
				}),
			),
		),
	)
}
