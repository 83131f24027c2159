package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/app/model"
	"replscope/core/scenario"
)

// VersionPicker chooses the server version the scenario models: it
// writes or changes the scenario's `version` line and plays it again.
type VersionPicker struct {
	app.Compo
	P   *Player
	Ver int
}

// Render is two selects: the version, and the version to compare with.
func (v *VersionPicker) Render() app.UI {
	p := v.P
	cur := model.VersionOf(p.sess.Source)
	return app.Span().Class("rs-versions").Body(
		app.Label().Class("rs-picker").Body(
			app.Span().Class("rs-sr").Text(p.T("version.label")),
			app.Select().Aria("label", p.T("version.label")).DataSet("role", "version").OnChange(func(ctx app.Context, e app.Event) {
				nv := ctx.JSSrc().Get("value").String()
				if scenario.KnownVersion(nv) && nv != cur {
					if err := p.Replace(ctx, p.sess.Name, model.WithVersion(p.sess.Source, nv)); err != nil {
						p.err = err.Error()
						p.ver++
					}
				}
			}).Body(app.Range(scenario.Versions).Slice(func(i int) app.UI {
				n := scenario.Versions[i]
				return app.Option().Value(n).Selected(n == cur).Text(n)
			})),
		),
		app.Label().Class("rs-picker").Body(
			app.Span().Class("rs-sr").Text(p.T("version.compare")),
			app.Select().Aria("label", p.T("version.compare")).DataSet("role", "compare").OnChange(func(ctx app.Context, e app.Event) {
				p.cmpVer = ctx.JSSrc().Get("value").String()
				p.cmp, p.cmpFor = nil, -1
				p.ver++
				p.syncURL(ctx)
			}).Body(
				app.Option().Value("").Selected(p.cmpVer == "").Text(p.T("version.no_compare")),
				app.Range(scenario.Versions).Slice(func(i int) app.UI {
					n := scenario.Versions[i]
					return app.Option().Value(n).Selected(n == p.cmpVer).Text(p.T("version.compare_with", n))
				}),
			),
		),
	)
}

// compareSession is the scenario played on the compared version, kept
// until the scenario changes (nil: no compare, or it does not play).
func (p *Player) compareSession() *model.Session {
	if p.cmpVer == "" || p.sess == nil {
		return nil
	}
	if p.cmp == nil || p.cmpFor != p.sessVer {
		p.cmp, p.cmpFor = nil, p.sessVer
		if s, err := model.Load(p.sess.Name, "compare.scenario", model.WithVersion(p.sess.Source, p.cmpVer)); err == nil {
			p.cmp = s
		}
	}
	return p.cmp
}

// CompareView shows every node's INFO fields after the current line on
// the scenario's version and on the compared one, side by side, each
// difference highlighted. The two step together: both are shown after
// the same line.
type CompareView struct {
	app.Compo
	P   *Player
	Ver int
}

// Render is the side-by-side table.
func (c *CompareView) Render() app.UI {
	p := c.P
	other := p.compareSession()
	if other == nil || p.snap == nil {
		return app.Div()
	}
	step := max(p.snap.Step, 0)
	rows := model.CompareLine(p.sess, other, step)
	n := 0
	for _, r := range rows {
		if r.Differs {
			n++
		}
	}
	line := 0
	if steps := p.sess.TL.Steps(); step < len(steps) {
		line = steps[step].Line.Num
	}
	return app.Div().Class("rs-card-panel", "rs-compare").DataSet("role", "compare-view").DataSet("differences", n).Body(
		app.H2().Text(p.T("version.compare_title", model.VersionOf(p.sess.Source), p.cmpVer, line)),
		app.P().Class("rs-note").Text(p.T("version.differences", n)),
		app.Table().Class("rs-compare-table").Body(
			app.Tr().Body(
				app.Th().Text(p.T("version.node")),
				app.Th().Text(p.T("version.field")),
				app.Th().Text(model.VersionOf(p.sess.Source)),
				app.Th().Text(p.cmpVer),
			),
			app.Range(rows).Slice(func(i int) app.UI {
				r := rows[i]
				tr := app.Tr().DataSet("field", r.Field).DataSet("node", r.Node)
				if r.Differs {
					tr = tr.Class("rs-diff")
				}
				return tr.Body(app.Td().Text(r.Node), app.Td().Text(r.Field), app.Td().Text(dash(r.A)), app.Td().Text(dash(r.B)))
			}),
		),
	)
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
