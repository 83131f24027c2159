package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/app/i18n"
	"replscope/web"
)

// LessonList is the home page's list of lessons, each with its exercise
// link, and the guide.
type LessonList struct {
	app.Compo
	Current string
	Lang    string
}

// Render lists the lessons in order.
func (l *LessonList) Render() app.UI {
	rendered("LessonList")
	lessons := web.Lessons()
	lang, q := l.Lang, ""
	if i18n.Normalize(lang) == i18n.ZH {
		q = "&lang=" + i18n.ZH
	}
	return app.Nav().Class("rs-card-panel", "rs-lessons").Aria("label", tr(lang, "lessons.nav")).Body(
		app.H2().Text(tr(lang, "lessons.title")),
		app.Ol().Body(app.Range(lessons).Slice(func(i int) app.UI {
			les := lessons[i]
			cur := ""
			if les.Name == l.Current {
				cur = "rs-lesson-current"
			}
			// Only lessons that ask questions offer an exercise.
			asks := strings.Contains("\n"+les.Source, "\nask ")
			return app.Li().Class(cur).Body(
				app.A().Href("./?lesson="+les.Name+q).Text(lessonTitle(les, lang)),
				app.If(asks, app.Text(" · "), app.A().Class("rs-exercise-link").Href("./?lesson="+les.Name+"&mode=exercise"+q).Text(tr(lang, "lessons.exercise"))),
			)
		})),
		app.P().Body(
			app.A().Href("./guide.html"+strings.Replace(q, "&", "?", 1)).Text(tr(lang, "lessons.guide")),
			app.Text(" · "),
			pageLink("./web/embed-example.html", tr(lang, "lessons.embed_example")),
		),
	)
}

// pageLink is a link to a page outside the app (a plain HTML file): the
// browser loads it, go-app's router does not take the click.
func pageLink(href, text string) app.UI {
	return app.A().Href(href).Text(text).OnClick(func(ctx app.Context, e app.Event) {
		e.Call("stopPropagation")
	})
}
