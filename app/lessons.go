package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/app/i18n"
	"replscope/web"
)

// lessonCompare is the version a lesson opens compared with (the
// lessons about versions).
var lessonCompare = map[string]string{
	"ring-vs-blocks":  "redis-7.0",
	"valkey-defaults": "redis-7.0",
}

// LessonPicker chooses a built-in lesson (the lesson list is also the
// home page's menu).
type LessonPicker struct {
	app.Compo
	Current  string
	Modified bool
	Lang     string
}

// Render lists the lessons in a labelled select.
func (l *LessonPicker) Render() app.UI {
	rendered("LessonPicker")
	cur := l.Current
	return app.Label().Class("rs-picker").Body(
		app.Span().Class("rs-sr").Text(tr(l.Lang, "picker.lesson")),
		app.Select().Aria("label", tr(l.Lang, "picker.lesson")).DataSet("role", "lessons").OnChange(func(ctx app.Context, e app.Event) {
			name := ctx.JSSrc().Get("value").String()
			if les, ok := web.Find(name); ok {
				ctx.Navigate(i18n.WithLang("?lesson="+les.Name, l.Lang, true))
			}
		}).Body(
			app.Option().Value("").Disabled(true).Selected(cur == "" || l.Modified).Text(tr(l.Lang, "picker.yours")),
			app.Range(web.Lessons()).Slice(func(i int) app.UI {
				les := web.Lessons()[i]
				return app.Option().Value(les.Name).Selected(les.Name == cur && !l.Modified).Text(lessonTitle(les, l.Lang))
			}),
		),
	)
}
