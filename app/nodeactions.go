package app

import (
	"fmt"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// NodeActions are what a click on a node offers; each becomes a scenario
// line run at the end of the timeline, so the edited scenario can be
// shared and downloaded.
type NodeActions struct {
	app.Compo
	P   *Player
	Ver int

	target  string
	backlog string
	msg     string
}

func (a *NodeActions) run(ctx app.Context, line string) {
	out, err := a.P.Run(ctx, line)
	if err != nil {
		a.msg = a.P.scenarioErr(err)
		return
	}
	a.msg = line + " → " + out
}

// Render lists the actions that make sense for the selected node.
func (a *NodeActions) Render() app.UI {
	p := a.P
	var st = p.snap.World.State(p.sel)
	if st.Name == "" {
		return app.Div()
	}
	others := []string{}
	for _, n := range p.snap.Nodes {
		if n.Name != st.Name {
			others = append(others, n.Name)
		}
	}
	if a.target == "" && len(others) > 0 {
		a.target = others[0]
	}
	btn := func(label, line string) app.UI {
		return app.Button().Class("rs-btn", "rs-btn-small").Text(label).Title(line).OnClick(func(ctx app.Context, e app.Event) {
			a.run(ctx, line)
		}, line)
	}
	newName := a.freeName()
	return app.Div().Class("rs-actions").Aria("label", p.T("actions.label", st.Name)).Body(
		app.Strong().Text(st.Name+": "),
		app.If(st.Role == "slave" && !st.LinkCut, btn(p.T("actions.cut"), "link "+st.Name+" down")),
		app.If(st.Role == "slave" && st.LinkCut, btn(p.T("actions.restore"), "link "+st.Name+" up")),
		app.If(!st.SyncHold, btn(p.T("actions.hold"), "sync "+st.Name+" hold")),
		app.If(st.SyncHold, btn(p.T("actions.release"), "sync "+st.Name+" release")),
		app.If(st.Role == "slave" && !st.LinkStalled, btn(p.T("actions.stall"), "link "+st.Name+" stall")),
		app.If(st.Role == "slave" && st.LinkStalled, btn(p.T("actions.resume"), "link "+st.Name+" resume")),
		btn(p.T("actions.restart"), "restart "+st.Name),
		app.If(st.Role == "slave", btn(p.T("actions.promote"), st.Name+" REPLICAOF NO ONE")),
		app.If(len(others) > 0, app.Span().Class("rs-inline").Body(
			app.Select().Aria("label", p.T("actions.new_master")).OnChange(func(ctx app.Context, e app.Event) {
				a.target = ctx.JSSrc().Get("value").String()
			}).Body(app.Range(others).Slice(func(i int) app.UI {
				return app.Option().Value(others[i]).Selected(others[i] == a.target).Text(others[i])
			})),
			btn(p.T("actions.repoint"), st.Name+" REPLICAOF "+a.target),
		)),
		app.If(newName != "", btn(p.T("actions.add"), fmt.Sprintf("node %s replicaof %s", newName, st.Name))),
		app.Span().Class("rs-inline").Body(
			app.Input().Type("text").Size(6).Aria("label", "repl-backlog-size").Placeholder("16kb").Value(a.backlog).OnChange(func(ctx app.Context, e app.Event) {
				a.backlog = ctx.JSSrc().Get("value").String()
			}),
			app.Button().Class("rs-btn", "rs-btn-small").Text(p.T("actions.set_backlog")).OnClick(func(ctx app.Context, e app.Event) {
				if a.backlog != "" {
					a.run(ctx, "config "+st.Name+" repl-backlog-size "+a.backlog)
				}
			}, st.Name),
		),
		app.If(a.msg != "", app.Div().Class("rs-action-msg").Attr("role", "status").Text(a.msg)),
	)
}

// freeName proposes a name for a new replica.
func (a *NodeActions) freeName() string {
	used := map[string]bool{}
	for _, n := range a.P.snap.World.Nodes() {
		used[n] = true
	}
	for i := 1; i < 100; i++ {
		if n := "R" + strconv.Itoa(i); !used[n] {
			return n
		}
	}
	return ""
}
