package app

import (
	"fmt"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/core/state"
)

// NodeActions are what a click on a node offers; each becomes a scenario
// line run at the end of the timeline, so the edited scenario can be
// shared and downloaded.
type NodeActions struct {
	app.Compo
	Node   ActionNode
	Others []string // the other nodes (re-point targets)
	Free   string   // a free name for a new replica
	Msg    string   // the last action's result
	Lang   string

	target  string
	backlog string
}

// ActionNode is what the actions depend on, so that a step that moves
// only the node's offsets does not render them again.
type ActionNode struct {
	Name, Role                     string
	LinkCut, SyncHold, LinkStalled bool
}

func actionNode(st state.NodeState) ActionNode {
	return ActionNode{Name: st.Name, Role: st.Role, LinkCut: st.LinkCut, SyncHold: st.SyncHold, LinkStalled: st.LinkStalled}
}

func (a *NodeActions) run(ctx app.Context, line string) { send(ctx, actRun, line) }

// runAction runs a node action's line at the end of the timeline.
func (p *Player) runAction(ctx app.Context, line string) {
	out, failed := p.runConsole(ctx, line)
	p.actionMsg = line + " → " + out
	p.console.add(consoleEntry{Prompt: p.sel, In: line, Out: out, Err: failed})
}

func (p *Player) nodeActions() app.UI {
	if p.snap == nil || p.sel == "" || p.view.embed {
		return app.Text("")
	}
	st := nodeState(p.snap, p.sel)
	var others []string
	for _, n := range p.snap.Nodes {
		if n.Name != st.Name {
			others = append(others, n.Name)
		}
	}
	return &NodeActions{Node: actionNode(st), Others: others, Free: freeName(nodeNames(p.snap)), Msg: p.actionMsg, Lang: p.lang}
}

// Render lists the actions that make sense for the selected node.
func (a *NodeActions) Render() app.UI {
	rendered("NodeActions")
	st := a.Node
	if st.Name == "" {
		return app.Div()
	}
	others := a.Others
	if a.target == "" && len(others) > 0 {
		a.target = others[0]
	}
	btn := func(label, line string) app.UI {
		return app.Button().Class("rs-btn", "rs-btn-small").Text(label).Title(line).OnClick(func(ctx app.Context, e app.Event) {
			a.run(ctx, line)
		}, line)
	}
	newName := a.Free
	return app.Div().Class("rs-actions").Attr("role", "group").Aria("label", tr(a.Lang, "actions.label", st.Name)).Body(
		app.Strong().Text(st.Name+": "),
		app.If(st.Role == "slave" && !st.LinkCut, btn(tr(a.Lang, "actions.cut"), "link "+st.Name+" down")),
		app.If(st.Role == "slave" && st.LinkCut, btn(tr(a.Lang, "actions.restore"), "link "+st.Name+" up")),
		app.If(!st.SyncHold, btn(tr(a.Lang, "actions.hold"), "sync "+st.Name+" hold")),
		app.If(st.SyncHold, btn(tr(a.Lang, "actions.release"), "sync "+st.Name+" release")),
		app.If(st.Role == "slave" && !st.LinkStalled, btn(tr(a.Lang, "actions.stall"), "link "+st.Name+" stall")),
		app.If(st.Role == "slave" && st.LinkStalled, btn(tr(a.Lang, "actions.resume"), "link "+st.Name+" resume")),
		btn(tr(a.Lang, "actions.restart"), "restart "+st.Name),
		app.If(st.Role == "slave", btn(tr(a.Lang, "actions.promote"), st.Name+" REPLICAOF NO ONE")),
		app.If(len(others) > 0, app.Span().Class("rs-inline").Body(
			app.Select().Aria("label", tr(a.Lang, "actions.new_master")).OnChange(func(ctx app.Context, e app.Event) {
				a.target = ctx.JSSrc().Get("value").String()
			}).Body(app.Range(others).Slice(func(i int) app.UI {
				return app.Option().Value(others[i]).Selected(others[i] == a.target).Text(others[i])
			})),
			btn(tr(a.Lang, "actions.repoint"), st.Name+" REPLICAOF "+a.target),
		)),
		app.If(newName != "", btn(tr(a.Lang, "actions.add"), fmt.Sprintf("node %s replicaof %s", newName, st.Name))),
		app.Span().Class("rs-inline").Body(
			app.Input().Type("text").Size(6).Aria("label", "repl-backlog-size").Placeholder("16kb").Value(a.backlog).OnChange(func(ctx app.Context, e app.Event) {
				a.backlog = ctx.JSSrc().Get("value").String()
			}),
			app.Button().Class("rs-btn", "rs-btn-small").Text(tr(a.Lang, "actions.set_backlog")).OnClick(func(ctx app.Context, e app.Event) {
				if a.backlog != "" {
					a.run(ctx, "config "+st.Name+" repl-backlog-size "+a.backlog)
				}
			}, st.Name),
		),
		app.If(a.Msg != "", app.Div().Class("rs-action-msg").Attr("role", "status").Text(a.Msg)),
	)
}

// freeName proposes a name for a new replica.
func freeName(nodes []string) string {
	used := map[string]bool{}
	for _, n := range nodes {
		used[n] = true
	}
	for i := 1; i < 100; i++ {
		if n := "R" + strconv.Itoa(i); !used[n] {
			return n
		}
	}
	return ""
}
