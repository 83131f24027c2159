package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/app/model"
	"replscope/core/scenario"
)

// VersionPicker chooses the server version the scenario models (it
// writes or changes the scenario's `version` line and plays it again) and
// the version to compare with; it sends both as intents.
type VersionPicker struct {
	app.Compo
	Current, Compare, Lang string
}

// Render is two selects: the version, and the version to compare with.
func (v *VersionPicker) Render() app.UI {
	rendered("VersionPicker")
	t := func(key string, args ...any) string { return tr(v.Lang, key, args...) }
	return app.Span().Class("rs-versions").Body(
		app.Label().Class("rs-picker").Body(
			app.Span().Class("rs-sr").Text(t("version.label")),
			app.Select().Aria("label", t("version.label")).DataSet("role", "version").OnChange(func(ctx app.Context, e app.Event) {
				send(ctx, actVersion, ctx.JSSrc().Get("value").String())
			}).Body(app.Range(scenario.Versions).Slice(func(i int) app.UI {
				n := scenario.Versions[i]
				return app.Option().Value(n).Selected(n == v.Current).Text(n)
			})),
		),
		app.Label().Class("rs-picker").Body(
			app.Span().Class("rs-sr").Text(t("version.compare")),
			app.Select().Aria("label", t("version.compare")).DataSet("role", "compare").OnChange(func(ctx app.Context, e app.Event) {
				send(ctx, actCompare, ctx.JSSrc().Get("value").String())
			}).Body(
				app.Option().Value("").Selected(v.Compare == "").Text(t("version.no_compare")),
				app.Range(scenario.Versions).Slice(func(i int) app.UI {
					n := scenario.Versions[i]
					return app.Option().Value(n).Selected(n == v.Compare).Text(t("version.compare_with", n))
				}),
			),
		),
	)
}

// setVersion is the version intent: the scenario replayed with that
// version line.
func (p *Player) setVersion(ctx app.Context, nv string) {
	if p.sess == nil || !scenario.KnownVersion(nv) || nv == model.VersionOf(p.sess.Source) {
		return
	}
	if err := p.Replace(ctx, p.sess.Name, model.WithVersion(p.sess.Source, nv)); err != nil {
		p.err = err.Error()
	}
}

// setCompare is the compare intent ("" for none).
func (p *Player) setCompare(ctx app.Context, v string) {
	if v != "" && !scenario.KnownVersion(v) {
		return
	}
	p.cmpVer, p.cmp, p.cmpFor, p.cmpErr = v, nil, nil, ""
	p.playCompare(ctx)
	p.syncURL(ctx)
}

// playCompare plays the scenario on the compared version, once per
// session and text (a console line appends to the session): seek calls
// it, since every new or changed session is then shown. A big one
// plays in slices under the progress bar, as the scenario itself did
// (loading.go), so a million commands compared never freeze the page;
// Cancel ends the compare. A scenario that does not play on the other
// version says why in the compare panel.
func (p *Player) playCompare(ctx app.Context) {
	if p.cmpVer == "" || p.sess == nil || p.comparing() {
		return
	}
	sess := p.sess
	p.cmp, p.cmpFor, p.cmpLen, p.cmpErr = nil, sess, len(sess.Source), ""
	ld, err := model.Begin(sess.Name, "compare.scenario", model.WithVersion(sess.Source, p.cmpVer))
	if err != nil {
		p.cmpErr = p.scenarioErr(err)
		return
	}
	done := func(ctx app.Context, s *model.Session) {
		if p.comparing() {
			p.cmp = s
			p.readCompare()
		}
	}
	if p.playLoad(ctx, ld, p.lang, "", done) {
		p.loading.compare = true
	}
}

// comparing reports whether the compare in hand is for the scenario shown.
func (p *Player) comparing() bool {
	return p.cmpFor == p.sess && p.cmpLen == len(p.sess.Source)
}

// compareSession is the scenario played on the compared version (nil: no
// compare, or it is still playing or does not play).
func (p *Player) compareSession() *model.Session {
	if p.cmpVer == "" || p.sess == nil || !p.comparing() {
		return nil
	}
	return p.cmp
}

// CompareView shows every node's INFO fields after the current line on
// the scenario's version and on the compared one, side by side, each
// difference highlighted. The two step together: both are shown after
// the same line.
type CompareView struct {
	app.Compo
	Rows             []model.FieldDiff
	Current, Compare string
	Line             int
	Err              string // the scenario does not play on Compare: why
	Lang             string
}

// compareView is the Player's props for it (nil: no compare).
func (p *Player) compareView() app.UI {
	if p.cmpErr != "" && p.sess != nil && p.comparing() {
		return &CompareView{Current: model.VersionOf(p.sess.Source), Compare: p.cmpVer, Err: p.cmpErr, Lang: p.lang}
	}
	other := p.compareSession()
	if other == nil || p.snap == nil {
		return nil
	}
	step := max(p.snap.Step, 0)
	line := 0
	if steps := p.sess.Steps(); step < len(steps) {
		line = steps[step].Line.Num
	}
	var rows []model.FieldDiff
	if k := (cmpRowsKey{p.sess, other, step}); p.cmpRows.key == k {
		rows = p.cmpRows.rows
	}
	return &CompareView{Rows: rows, Current: model.VersionOf(p.sess.Source), Compare: p.cmpVer, Line: line, Lang: p.lang}
}

// cmpRowsKey is what a compare table was read for: the two sessions and
// the step.
type cmpRowsKey struct {
	a, b *model.Session
	step int
}

// compareRows is the compare table last read (a render asks the simulator
// nothing: the table is read when the position or the compare changes).
type compareRows struct {
	key  cmpRowsKey
	rows []model.FieldDiff
}

// readCompare reads the compare table for the position, if a compare is shown.
func (p *Player) readCompare() {
	other := p.compareSession()
	if other == nil || p.snap == nil {
		return
	}
	k := cmpRowsKey{p.sess, other, max(p.snap.Step, 0)}
	if p.cmpRows.key != k {
		p.cmpRows = compareRows{key: k, rows: model.CompareLine(p.sess, other, k.step)}
	}
}

// Render is the side-by-side table.
func (c *CompareView) Render() app.UI {
	rendered("CompareView")
	t := func(key string, args ...any) string { return tr(c.Lang, key, args...) }
	if c.Err != "" {
		return app.Div().Class("rs-card-panel", "rs-compare").DataSet("role", "compare-view").DataSet("error", "true").Body(
			app.H2().Text(t("version.compare_failed", c.Compare)),
			app.Pre().Class("rs-error").Text(c.Err),
		)
	}
	rows := c.Rows
	n := 0
	for _, r := range rows {
		if r.Differs {
			n++
		}
	}
	return app.Div().Class("rs-card-panel", "rs-compare").DataSet("role", "compare-view").DataSet("differences", n).Body(
		app.H2().Text(t("version.compare_title", c.Current, c.Compare, c.Line)),
		app.P().Class("rs-note").Text(t("version.differences", n)),
		app.Table().Class("rs-compare-table").Body(
			app.Tr().Body(
				app.Th().Text(t("version.node")),
				app.Th().Text(t("version.field")),
				app.Th().Text(c.Current),
				app.Th().Text(c.Compare),
			),
			app.Range(rows).Slice(func(i int) app.UI {
				r := rows[i]
				row := app.Tr().DataSet("field", r.Field).DataSet("node", r.Node)
				if r.Differs {
					row = row.Class("rs-diff")
				}
				return row.Body(app.Td().Text(r.Node), app.Td().Text(r.Field), app.Td().Text(dash(r.A)), app.Td().Text(dash(r.B)))
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
