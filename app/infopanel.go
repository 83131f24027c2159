package app

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// InfoPanel shows the selected node's INFO replication as redis-cli
// prints it, every value hooked by its field name.
type InfoPanel struct {
	app.Compo
	P   *Player
	Ver int
}

// Render lists the INFO lines.
func (i *InfoPanel) Render() app.UI {
	p := i.P
	text := p.snap.Info[p.sel]
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	// The output-buffer figures of 7.0 (INFO memory, CLIENT LIST TYPE
	// replica), one line per replica.
	st := p.snap.World.State(p.sel)
	lines = append(lines, "", "# Memory", "mem_total_replication_buffers:"+strconv.FormatInt(st.MemReplBuffers, 10))
	if len(st.Replicas) > 0 {
		lines = append(lines, "", "# CLIENT LIST TYPE replica")
		for _, r := range st.Replicas {
			lines = append(lines, "client:"+r.Name+" oll="+strconv.FormatInt(r.Oll, 10)+" omem="+strconv.FormatInt(r.Omem, 10))
		}
	}
	return app.Div().Class("rs-card-panel", "rs-info").DataSet("info", p.sel).Body(
		app.H2().Body(
			app.Text("INFO replication "),
			app.Select().Aria("label", p.T("info.node")).OnChange(func(ctx app.Context, e app.Event) {
				p.sel = ctx.JSSrc().Get("value").String()
				p.ver++
			}).Body(app.Range(p.snap.Nodes).Slice(func(k int) app.UI {
				n := p.snap.Nodes[k].Name
				return app.Option().Value(n).Selected(n == p.sel).Text(n)
			})),
		),
		app.Pre().Class("rs-info-text").Body(app.Range(lines).Slice(func(k int) app.UI {
			l := lines[k]
			c := strings.IndexByte(l, ':')
			if c < 0 || strings.HasPrefix(l, "#") {
				return app.Span().Class("rs-info-head").Text(l + "\n")
			}
			if strings.HasPrefix(l, "client:") {
				// A CLIENT LIST line: each figure hooked by its name.
				f := strings.Fields(l[c+1:])
				name, fig := f[0], f[1:]
				return app.Span().DataSet("client", name).Body(
					app.Span().Class("rs-info-key").Text(name+" "),
					app.Range(fig).Slice(func(j int) app.UI {
						k, v, _ := strings.Cut(fig[j], "=")
						return app.Span().Body(app.Text(k+"="), app.Span().Class("rs-info-val").DataSet("field", k).Text(v), app.Text(" "))
					}),
					app.Text("\n"),
				)
			}
			return app.Span().Body(
				app.Span().Class("rs-info-key").Text(l[:c+1]),
				app.Span().Class("rs-info-val").DataSet("field", l[:c]).Text(l[c+1:]),
				app.Text("\n"),
			)
		})),
	)
}
