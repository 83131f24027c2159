package app

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/app/i18n"
	"replscope/app/model"
	"replscope/core/scenario"
)

// The console is like redis-cli: a prompt per node (`M> `), commands run
// on the prompt's node unless they name one, `:R` or a click on a node
// switches, replies are printed as redis-cli prints them, and a command
// that fails is not added to the scenario.

type consoleEntry struct {
	Prompt, In, Out string
	Err             bool
}

type consoleState struct {
	entries []consoleEntry
}

func (c *consoleState) add(e consoleEntry) {
	c.entries = append(c.entries, e)
	if n := len(c.entries); n > 100 {
		c.entries = append([]consoleEntry(nil), c.entries[n-100:]...)
	}
}

// consoleLine runs what was typed at the prompt.
func (p *Player) consoleLine(ctx app.Context, typed string) {
	typed = strings.TrimSpace(typed)
	if typed == "" || p.sess == nil {
		return
	}
	prompt := p.sel
	e := consoleEntry{Prompt: prompt, In: typed}
	line, hint := p.consoleResolve(typed)
	switch {
	case strings.HasPrefix(typed, ":"):
		e.Out, e.Err = hint, line == ""
	case line == "":
		e.Out, e.Err = hint, true
	default:
		out, failed := p.runConsole(ctx, line)
		e.Out, e.Err = out, failed
	}
	p.console.add(e)
}

// consoleResolve turns what was typed into a scenario line, or says why
// not. A `:NODE` line switches the prompt.
func (p *Player) consoleResolve(typed string) (line, msg string) {
	nodes := p.sess.Nodes()
	has := func(n string) bool {
		for _, x := range nodes {
			if x == n {
				return true
			}
		}
		return false
	}
	if name, ok := strings.CutPrefix(typed, ":"); ok {
		name = strings.TrimSpace(name)
		if has(name) {
			p.sel = name
			return "switched", fmt.Sprintf(tr(p.lang, "console.switched"), name)
		}
		return "", fmt.Sprintf(tr(p.lang, "console.unknown_node"), name, strings.Join(nodes, ", "))
	}
	words := strings.Fields(typed)
	first := words[0]
	switch {
	case has(first), scenario.IsVerb(first):
		return typed, ""
	case scenario.IsVerb(strings.ToLower(first)):
		return "", fmt.Sprintf(tr(p.lang, "console.verb"), strings.ToLower(first)+" "+strings.Join(words[1:], " "))
	}
	for _, n := range nodes {
		if strings.EqualFold(n, first) && len(words) > 1 {
			return "", fmt.Sprintf(tr(p.lang, "console.node_case"), n+" "+strings.Join(words[1:], " "))
		}
	}
	if !supported(first) {
		args := words[1:]
		if len(args) > 3 {
			args = args[:3]
		}
		quoted := make([]string, len(args))
		for i, a := range args {
			quoted[i] = "'" + a + "'"
		}
		// Redis's own error, as redis-cli prints it, then a hint.
		return "", fmt.Sprintf("(error) ERR unknown command '%s', with args beginning with: %s\n", first, strings.Join(quoted, " ")) +
			p.T("console.unknown", len(commandNames()))
	}
	if p.sel == "" {
		return "", tr(p.lang, "console.parse")
	}
	return p.sel + " " + typed, ""
}

// runConsole appends a line; a line that fails (a parse error, an error
// reply, a line error) is taken back: the scenario is played again
// without it, so it is not in the scenario or its share link.
func (p *Player) runConsole(ctx app.Context, line string) (string, bool) {
	name, src := p.sess.Name, p.sess.Source
	st, err := p.sess.Append(line)
	if err != nil {
		// Nothing ran: the parser (or the timeline) refused the line.
		return p.scenarioErr(err) + "\n" + tr(p.lang, "console.parse"), true
	}
	reply := cliReply(line, st.Reply)
	if st.ReplyErr || strings.HasPrefix(st.Reply, "(error) ") || st.Err != "" {
		p.restore(ctx, name, src)
		out := reply
		if st.Err != "" {
			out = strings.TrimSpace(reply + "\n" + i18n.ScenarioError(p.lang, st.Err))
		}
		return out + "\n" + tr(p.lang, "console.not_added"), true
	}
	if st.Last >= st.First {
		p.seek(ctx, st.Last, true)
	} else {
		p.seek(ctx, p.sess.Len()-1, true)
	}
	if reply == "" {
		reply = fmt.Sprintf(tr(p.lang, "console.ok_events"), st.Last-st.First+1)
	}
	return reply, false
}

// restore plays the scenario as it was before a failed line.
func (p *Player) restore(ctx app.Context, name, src string) {
	fresh, err := model.Load(name, "scenario", src)
	if err != nil {
		return
	}
	p.sess = fresh
	p.snap = nil
	p.seek(ctx, p.pos, false)
}

// cliReply prints a reply as redis-cli does: the bulk string of a command
// it prints raw (INFO, MEMORY MALLOC-STATS ...) as its lines, everything
// else as the core formats it ("(integer) 1", "1) ..."; a RESP3 verbatim
// string is its lines already).
func cliReply(line, reply string) string {
	w := strings.Fields(line)
	if len(w) >= 2 && cliOutputRaw(w[1:]) && strings.HasPrefix(reply, `"`) {
		if s, err := strconv.Unquote(reply); err == nil {
			return strings.TrimRight(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
		}
	}
	return reply
}

// cliOutputRaw is redis-cli's cliSendCommand test for the commands whose
// replies it prints raw (output_raw), argv being the command's words.
func cliOutputRaw(argv []string) bool {
	is := func(i int, names ...string) bool {
		if i >= len(argv) {
			return false
		}
		for _, n := range names {
			if strings.EqualFold(argv[i], n) {
				return true
			}
		}
		return false
	}
	argc := len(argv)
	switch {
	case is(0, "info", "lolwut"):
		return true
	case is(0, "debug"):
		return is(1, "htstats", "htstats-key", "client-eviction")
	case is(0, "memory"):
		return is(1, "malloc-stats", "doctor")
	case is(0, "cluster"):
		return argc == 2 && is(1, "nodes", "info")
	case is(0, "client"):
		return is(1, "list", "info")
	case is(0, "latency"):
		return argc == 3 && is(1, "graph") || argc == 2 && is(1, "doctor")
	}
	return false
}

// commandNames are the Redis commands the simulator models: Tab
// completes from these.
func commandNames() []string { return model.Commands() }

func supported(name string) bool {
	up := strings.ToUpper(name)
	for _, c := range commandNames() {
		if c == up {
			return true
		}
	}
	return false
}

var verbNames = []string{"advance", "config", "expect", "link", "node", "repeat", "restart"}

// complete finishes the command name being typed (the first word, or the
// word after a node name); with several candidates it extends to their
// common prefix.
func complete(typed string, nodes []string) string {
	words := strings.Fields(typed)
	if len(words) == 0 || strings.HasSuffix(typed, " ") {
		return typed
	}
	idx := len(words) - 1
	if idx > 1 {
		return typed
	}
	if idx == 1 {
		isNode := false
		for _, n := range nodes {
			isNode = isNode || n == words[0]
		}
		if !isNode {
			return typed
		}
	}
	part := words[idx]
	var cands []string
	for _, c := range commandNames() {
		if strings.HasPrefix(c, strings.ToUpper(part)) {
			cands = append(cands, c)
		}
	}
	if idx == 0 {
		for _, v := range verbNames {
			if strings.HasPrefix(v, part) {
				cands = append(cands, v)
			}
		}
	}
	if len(cands) == 0 {
		return typed
	}
	pre := cands[0]
	for _, c := range cands[1:] {
		for !strings.HasPrefix(c, pre) {
			pre = pre[:len(pre)-1]
		}
	}
	if len(pre) < len(part) {
		return typed
	}
	words[idx] = pre
	out := strings.Join(words, " ")
	if len(cands) == 1 {
		out += " "
	}
	return out
}

// Console is the prompt and its output.
type Console struct {
	app.Compo
	Entries []consoleEntry
	Prompt  string
	Nodes   []string
	Lang    string

	input   string
	history []string
	back    int // how far up the history: 0 is the line being typed
	shown   int // the entries the output was last scrolled for
}

// OnUpdate scrolls the output to the newest entry when there is a new
// one: reading scrollHeight forces a layout, which a step that only
// added a node to the prompt's menu should not pay.
func (c *Console) OnUpdate(ctx app.Context) {
	if len(c.Entries) != c.shown {
		c.shown = len(c.Entries)
		ctx.Defer(scrollConsole)
	}
}

func scrollConsole(app.Context) {
	el := app.Window().Get("document").Call("querySelector", ".rs-console-out")
	if el.Truthy() {
		el.Set("scrollTop", el.Get("scrollHeight"))
	}
}

func (c *Console) submit(ctx app.Context) {
	line := strings.TrimSpace(c.input)
	if line == "" {
		return
	}
	c.history = append(c.history, line)
	c.input, c.back = "", 0
	setConsoleInput("")
	send(ctx, actConsole, line)
}

func (c *Console) onKey(ctx app.Context, e app.Event) {
	switch e.Get("key").String() {
	case "ArrowUp":
		if c.back < len(c.history) {
			c.back++
			c.input = c.history[len(c.history)-c.back]
		}
	case "ArrowDown":
		if c.back > 0 {
			c.back--
			c.input = ""
			if c.back > 0 {
				c.input = c.history[len(c.history)-c.back]
			}
		}
	case "Tab":
		cur := ctx.JSSrc().Get("value").String()
		if cur == "" {
			return // Tab leaves an empty prompt, as it should
		}
		c.input = complete(cur, c.Nodes)
	default:
		return
	}
	e.PreventDefault()
	ctx.JSSrc().Set("value", c.input)
}

// setConsoleInput writes the prompt's text. The input is not bound to
// c.input in Render: go-app trims attribute values, and a re-render would
// write "GETDEL" over Tab's "GETDEL " at any later moment.
func setConsoleInput(text string) {
	if el := app.Window().Get("document").Call("getElementById", "rs-console-input"); el.Truthy() {
		el.Set("value", text)
	}
}

// Render shows the history and the prompt.
func (c *Console) Render() app.UI {
	rendered("Console")
	hist := c.Entries
	prompt := c.Prompt + "> "
	return app.Div().Class("rs-card-panel", "rs-console").Body(
		app.H2().Text(tr(c.Lang, "console.title")),
		app.Div().Class("rs-console-out").Attr("tabindex", "0").Attr("role", "log").Aria("label", tr(c.Lang, "console.title")).Body(
			app.Range(hist).Slice(func(i int) app.UI {
				e := hist[i]
				cls := "rs-console-reply"
				if e.Err {
					cls = "rs-console-error"
				}
				return app.Div().Body(
					app.Div().Class("rs-console-in").Text(e.Prompt+"> "+e.In),
					app.Pre().Class(cls).Attr("tabindex", "0").Attr("role", "region").Aria("label", tr(c.Lang, "narration.reply")).DataSet("role", "console-output").Text(e.Out),
				)
			}),
		),
		app.Form().Class("rs-console-form").OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			c.submit(ctx)
		}).Body(
			app.Label().Class("rs-prompt").For("rs-console-input").DataSet("role", "prompt").Body(
				app.Text(prompt),
				app.Span().Class("rs-sr").Text(tr(c.Lang, "console.input_label")),
			),
			app.Input().ID("rs-console-input").Type("text").Class("rs-console-input").DataSet("role", "console").
				Placeholder(tr(c.Lang, "console.placeholder")).
				AutoComplete(false).Spellcheck(false).
				OnInput(func(ctx app.Context, e app.Event) { c.input = ctx.JSSrc().Get("value").String() }).
				OnKeyDown(c.onKey),
			app.Button().Type("submit").Class("rs-btn").Text(tr(c.Lang, "console.run")),
		),
	)
}
