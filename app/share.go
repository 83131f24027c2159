package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// ShareDialog gives the link that reopens this exact view and a
// copy-paste <iframe> snippet for documentation pages.
type ShareDialog struct {
	app.Compo
	P   *Player
	Ver int
}

// Render shows both, selectable.
func (s *ShareDialog) Render() app.UI {
	link, embed := s.P.shareLink, s.P.embedLink
	p := s.P
	snippet := `<iframe src="` + embed + `" width="640" height="420" style="border:0" title="ReplScope" loading="lazy"></iframe>`
	return app.Div().Class("rs-dialog-backdrop").Body(
		app.Div().Class("rs-dialog").Attr("role", "dialog").Aria("modal", true).Aria("label", p.T("share.dialog")).Body(
			app.H2().Text(p.T("share.title")),
			app.Label().For("rs-share-link").Text(p.T("share.link", s.P.pos)),
			app.Input().ID("rs-share-link").Type("text").ReadOnly(true).Class("rs-share").DataSet("role", "share-link").Value(link),
			app.Label().For("rs-share-embed").Text(p.T("share.embed")),
			app.Textarea().ID("rs-share-embed").ReadOnly(true).Rows(3).Class("rs-share").DataSet("role", "embed-snippet").Text(snippet),
			app.Div().Class("rs-dialog-buttons").Body(
				app.A().Class("rs-btn").Href(link).Text(p.T("share.open")),
				app.Button().Class("rs-btn").Text(p.T("common.close")).OnClick(func(ctx app.Context, e app.Event) {
					s.P.dialog = ""
					s.P.ver++
				}),
			),
		),
	)
}
