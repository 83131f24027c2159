package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/app/i18n"
)

// Narration says what the current line is, what the current event did
// (with the Redis function that does it), and the lesson's `say` text.
type Narration struct {
	app.Compo
	P   *Player
	Ver int
}

// Render shows the line, the say text, the event sentence and the reply.
func (n *Narration) Render() app.UI {
	s := n.P.snap
	p := n.P
	fn := ""
	if s.Event != nil {
		fn = s.Event.Func
	}
	kind := ""
	if s.Event != nil {
		kind = s.Event.Kind.String()
	}
	return app.Div().Class("rs-narration").DataSet("role", "narration").Aria("live", "polite").Body(
		app.If(s.Line != "", app.Div().Class("rs-line").Body(
			app.Span().Class("rs-line-num").Text(s.LineNum),
			app.Code().Text(s.Line),
		)),
		app.Range(s.Say).Slice(func(i int) app.UI {
			return app.P().Class("rs-say").Text(p.say(s.Say[i]))
		}),
		app.If(s.Event == nil, app.P().Class("rs-explain").Text(p.T("narration.before"))),
		app.If(s.Event != nil, app.P().Class("rs-explain").Body(
			app.Span().Class("rs-kind", "rs-kind-"+kind).Text(kind),
			app.Text(" "+p.explain(s.Event, s.Explain)),
			app.If(fn != "", app.Code().Class("rs-func").Title(p.T("narration.func_title")).Text(fn+"()")),
		)),
		app.If(s.Reply != "", app.Pre().Class("rs-reply").Text(s.Reply)),
		app.If(s.Err != "", app.P().Class("rs-line-error").Attr("role", "alert").Text(i18n.ScenarioError(p.lang, s.Err))),
	)
}
