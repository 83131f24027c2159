package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/web"
)

// LessonList is the home page's list of lessons, each with its exercise
// link, and the guide.
type LessonList struct {
	app.Compo
	Current string
}

// Render lists the lessons in order.
func (l *LessonList) Render() app.UI {
	lessons := web.Lessons()
	return app.Nav().Class("rs-card-panel", "rs-lessons").Aria("label", "Lessons").Body(
		app.H2().Text("Lessons"),
		app.Ol().Body(app.Range(lessons).Slice(func(i int) app.UI {
			les := lessons[i]
			cur := ""
			if les.Name == l.Current {
				cur = "rs-lesson-current"
			}
			// Only lessons that ask questions offer an exercise.
			asks := strings.Contains("\n"+les.Source, "\nask ")
			return app.Li().Class(cur).Body(
				app.A().Href("./?lesson="+les.Name).Text(les.Title),
				app.If(asks, app.Text(" · "), app.A().Class("rs-exercise-link").Href("./?lesson="+les.Name+"&mode=exercise").Text("exercise")),
			)
		})),
		app.P().Body(
			app.A().Href("./guide").Text("Read the guide"),
			app.Text(" · "),
			app.A().Href("./web/embed-example.html").Text("embedding example"),
		),
	)
}
