package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/app/i18n"
)

// GuideZH is the Chinese guide for the readers of the seed article, along
// its outline, with the lessons embedded in Chinese where they show the
// point. Its text is i18n.GuideZH; /guide shows it at ?lang=zh-CN.
type GuideZH struct {
	app.Compo
}

// OnMount marks the page live for tests.
func (g *GuideZH) OnMount(ctx app.Context) {
	app.Window().Get("document").Get("body").Call("setAttribute", "data-ready", "1")
}

// Render is the article.
func (g *GuideZH) Render() app.UI { return guideZH() }

// inlineCode renders `code` spans of a guide text.
func inlineCode(s string) []app.UI {
	var out []app.UI
	for i, part := range strings.Split(s, "`") {
		if part == "" {
			continue
		}
		if i%2 == 1 {
			out = append(out, app.Code().Text(part))
		} else {
			out = append(out, app.Text(part))
		}
	}
	return out
}

func embedLessonZH(name, title string, at int) app.UI {
	lang := i18n.ZH
	return app.Figure().Class("rs-guide-embed").Body(
		app.IFrame().Src("./?lesson="+name+"&embed=1&at="+itoa(int64(at))+"&lang="+lang).Title(title).
			Attr("width", "640").Attr("height", "420").Attr("loading", "lazy").DataSet("lesson", name),
		app.FigCaption().Body(app.A().Href("./?lesson="+name+"&lang="+lang).Text(i18n.T(lang, "guide.open", title))),
	)
}

func guideZH() app.UI {
	lang := i18n.ZH
	var body []app.UI
	for _, b := range i18n.GuideZH {
		switch b.Kind {
		case "h1":
			body = append(body, app.H1().Text(b.Text))
		case "h2":
			body = append(body, app.H2().Text(b.Text))
		case "p":
			body = append(body, app.P().Body(inlineCode(b.Text)...))
		case "note":
			body = append(body, app.Aside().Class("rs-note").DataSet("role", "article-note").Body(app.P().Body(inlineCode(b.Text)...)))
		case "embed":
			body = append(body, embedLessonZH(b.Lesson, b.Text, b.At))
		}
	}
	body = append(body, app.P().Body(
		app.A().Href("./?lang="+lang).Text(i18n.T(lang, "guide.back")),
		app.Text(" · "),
		app.A().Href("./guide.html?lang="+i18n.En).Attr("hreflang", "en").Text(i18n.T(lang, "guide.other_lang")),
	))
	return app.Div().Class("rs-page", "rs-guide").Lang(i18n.HTMLLang(lang)).Body(
		app.Header().Class("rs-header").Body(
			app.A().Class("rs-brand").Href("./?lang="+lang).Text(i18n.T(lang, "page.brand")),
			app.Span().Class("rs-title").Text(i18n.T(lang, "guide.header")),
		),
		app.Main().Class("rs-article").Body(body...),
	)
}
