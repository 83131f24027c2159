// Package app is ReplScope's user interface: go-app components, one view
// per file. Only the Player changes the position; every other view reads
// the snapshot it is handed.
package app

import (
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/app/i18n"
	"replscope/app/model"
	"replscope/core/scenario"
	"replscope/web"
)

// Player is the page: it owns the session (the played scenario), the
// position in it, and what the user is doing.
type Player struct {
	app.Compo

	sess       *model.Session
	snap       *model.Snapshot
	pos        int
	ver        int // bumped on every change, so that child views re-render
	err        string
	playing    bool
	speed      int // events per second
	embed      bool
	minimal    bool
	exam       bool // exercise mode
	sel        string
	dialog     string // "", "share", "edit", "node"
	consoleOut []consoleEntry
	quiz       quizState
	removeKeys func()
	sessVer    int // bumped when the scenario itself changes
	consoleN   int // console entries so far (and language changes)
	shareLink  string
	embedLink  string
	lang       string         // i18n.En or i18n.ZH (lang.go)
	cmpVer     string         // the version compared side by side ("" for none; versions.go)
	cmp        *model.Session // the scenario played on cmpVer
	cmpFor     int            // the sessVer cmp was played for
}

// OnPreRender loads the page server-side (static generation) so that the
// first paint already shows the default lesson.
func (p *Player) OnPreRender(ctx app.Context) { p.load(ctx) }

// OnNav loads what the URL asks for.
func (p *Player) OnNav(ctx app.Context) { p.load(ctx) }

// OnMount installs the keyboard shortcuts.
func (p *Player) OnMount(ctx app.Context) {
	p.removeKeys = app.Window().AddEventListener("keydown", func(ctx app.Context, e app.Event) {
		p.onKey(ctx, e)
	})
}

// OnDismount removes them.
func (p *Player) OnDismount() {
	if p.removeKeys != nil {
		p.removeKeys()
	}
}

// load reads ?lesson=, ?s=, &at=, &embed=, &controls=, &mode= and plays
// the scenario. A URL that does not decode says so and shows the default
// lesson.
func (p *Player) load(ctx app.Context) {
	q := ctx.Page().URL().Query()
	p.embed = q.Get("embed") == "1"
	p.minimal = q.Get("controls") == "minimal"
	p.exam = q.Get("mode") == "exercise"
	p.speed = 4
	p.err = ""
	p.lang = i18n.Detect(q.Get("lang"))
	p.cmpVer, p.cmp = "", nil
	if v := q.Get("cmp"); scenario.KnownVersion(v) {
		p.cmpVer = v
	}
	lessons := web.Lessons()
	name, src, file := "", "", ""
	if len(lessons) > 0 {
		name, src, file = lessons[0].Name, lessons[0].Source, lessons[0].Name+".scenario"
	}
	if s := q.Get("s"); s != "" {
		b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
		if err != nil {
			p.err = p.T("err.s_base64", err.Error())
		} else {
			name, src, file = "", string(b), "shared.scenario"
		}
	} else if l := q.Get("lesson"); l != "" {
		if les, ok := web.Find(l); ok {
			name, src, file = les.Name, les.Source, les.Name+".scenario"
			if p.cmpVer == "" {
				p.cmpVer = lessonCompare[les.Name]
			}
		} else {
			p.err = p.T("err.no_lesson", l)
		}
	}
	sess, err := model.Load(name, file, src)
	if err != nil {
		msg := p.T("err.scenario", p.scenarioErr(err))
		if p.err != "" {
			msg = p.err
		}
		p.err = msg
		if len(lessons) > 0 {
			sess, err = model.Load(lessons[0].Name, lessons[0].Name+".scenario", lessons[0].Source)
		}
		if err != nil {
			return
		}
	}
	p.sess = sess
	p.sessVer++
	at := 0
	if v := q.Get("at"); v != "" {
		if n, err := strconv.Atoi(v); err == nil {
			at = n
		} else {
			p.err = p.T("err.at", v)
		}
	}
	if sess.TL.Len() == 0 {
		at = -1
	}
	p.quiz = newQuiz(sess)
	p.seek(ctx, min(at, sess.TL.Len()-1), false)
	if app.IsClient {
		// Tell tests and embedders that the scenario is live
		// (body[data-ready]), once this render is in the page.
		ctx.Defer(func(app.Context) {
			setDocumentLang(p.lang)
			app.Window().Get("document").Get("body").Call("setAttribute", "data-ready", "1")
			if app.Window().Get("__replscopeReady").IsUndefined() {
				app.Window().Set("__replscopeReady", app.Window().Get("performance").Call("now"))
			}
		})
	}
}

// seek moves to an event and rebuilds the snapshot; every control goes
// through here. A failure leaves the previous view in place.
func (p *Player) seek(ctx app.Context, pos int, syncURL bool) {
	if p.sess == nil {
		return
	}
	pos = max(min(pos, p.sess.TL.Len()-1), -1)
	if p.exam {
		pos = p.quiz.clamp(p.sess, p.pos, pos)
	}
	snap, err := p.sess.At(pos)
	if err != nil {
		p.err = err.Error()
		return
	}
	p.pos, p.snap = pos, snap
	if p.sel == "" && len(snap.Nodes) > 0 {
		p.sel = snap.Nodes[0].Name
	}
	p.ver++
	if syncURL {
		p.syncURL(ctx)
	}
}

// ShareURL is the link that reopens this exact view.
func (p *Player) ShareURL(ctx app.Context, embed bool) string {
	u := *ctx.Page().URL()
	q := url.Values{}
	if p.sess.Name != "" && !p.modified() {
		q.Set("lesson", p.sess.Name)
	} else {
		q.Set("s", base64.RawURLEncoding.EncodeToString([]byte(p.sess.Source)))
	}
	q.Set("at", strconv.Itoa(p.pos))
	if embed {
		q.Set("embed", "1")
	}
	if p.exam {
		q.Set("mode", "exercise")
	}
	if l := i18n.Normalize(p.lang); l != "" && l != i18n.Default {
		q.Set("lang", l)
	}
	if p.cmpVer != "" {
		q.Set("cmp", p.cmpVer)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

func (p *Player) modified() bool {
	if les, ok := web.Find(p.sess.Name); ok {
		return les.Source != p.sess.Source
	}
	return true
}

func (p *Player) syncURL(ctx app.Context) {
	u, err := url.Parse(p.ShareURL(ctx, p.embed))
	if err == nil {
		ctx.Page().ReplaceURL(u)
	}
}

// Do runs a control: step, back, next-line, prev-line, play, pause, reset.
func (p *Player) Do(ctx app.Context, action string) {
	if p.sess == nil {
		return
	}
	switch action {
	case "step":
		p.seek(ctx, p.pos+1, true)
	case "back":
		p.seek(ctx, p.pos-1, true)
	case "next-line":
		p.seek(ctx, p.nextLine(), true)
	case "prev-line":
		p.seek(ctx, p.prevLine(), true)
	case "reset":
		p.playing = false
		p.seek(ctx, -1, true)
	case "play":
		if p.pos >= p.sess.TL.Len()-1 {
			p.seek(ctx, -1, false)
		}
		p.playing = true
		p.ver++
		p.tick(ctx)
	case "pause":
		p.playing = false
		p.ver++
		p.syncURL(ctx)
	}
}

// tick advances one event while playing.
func (p *Player) tick(ctx app.Context) {
	if !p.playing {
		return
	}
	if p.pos >= p.sess.TL.Len()-1 || (p.exam && p.quiz.blocking(p.sess, p.pos)) {
		p.playing = false
		p.ver++
		p.syncURL(ctx)
		return
	}
	p.seek(ctx, p.pos+1, false)
	d := time.Second / time.Duration(max(p.speed, 1))
	ctx.After(d, func(ctx app.Context) { p.tick(ctx) })
}

// nextLine is the last event of the current line, or of the next line
// when already there.
func (p *Player) nextLine() int {
	steps := p.sess.TL.Steps()
	i := p.sess.TL.StepOf(max(p.pos, 0))
	if p.pos < 0 {
		i = 0
	}
	for ; i < len(steps); i++ {
		if steps[i].Last >= steps[i].First && steps[i].Last > p.pos {
			return steps[i].Last
		}
	}
	return p.sess.TL.Len() - 1
}

// prevLine is the last event of the line before the current one.
func (p *Player) prevLine() int {
	if p.pos < 0 {
		return -1
	}
	steps := p.sess.TL.Steps()
	for i := p.sess.TL.StepOf(p.pos) - 1; i >= 0; i-- {
		if steps[i].Last >= steps[i].First && steps[i].Last < p.pos {
			return steps[i].Last
		}
	}
	return -1
}

func (p *Player) onKey(ctx app.Context, e app.Event) {
	target := strings.ToLower(e.Get("target").Get("tagName").String())
	if target == "input" || target == "textarea" || target == "select" {
		return
	}
	shift := e.Get("shiftKey").Bool()
	switch e.Get("key").String() {
	case " ":
		if p.playing {
			p.Do(ctx, "pause")
		} else {
			p.Do(ctx, "play")
		}
	case "ArrowRight":
		if shift {
			p.Do(ctx, "next-line")
		} else {
			p.Do(ctx, "step")
		}
	case "ArrowLeft":
		if shift {
			p.Do(ctx, "prev-line")
		} else {
			p.Do(ctx, "back")
		}
	case "Home":
		p.Do(ctx, "reset")
	case "Escape":
		p.dialog = ""
		p.ver++
	default:
		return
	}
	e.PreventDefault()
	p.Update()
}

// Replace plays a new scenario text (editor, upload); on a parse error the
// running scenario stays and the error is returned for display.
func (p *Player) Replace(ctx app.Context, name, text string) error {
	sess, err := model.Load(name, "scenario", text)
	if err != nil {
		return err
	}
	p.sess = sess
	p.sessVer++
	p.err = ""
	p.quiz = newQuiz(sess)
	p.seek(ctx, min(0, sess.TL.Len()-1), true)
	return nil
}

// Run appends one line (console, node actions) and shows its result.
func (p *Player) Run(ctx app.Context, line string) (string, error) {
	st, err := p.sess.Append(line)
	if err != nil {
		return "", err
	}
	p.sessVer++
	if st.Last >= st.First {
		p.seek(ctx, st.Last, true)
	} else {
		p.seek(ctx, p.sess.TL.Len()-1, true)
	}
	out := st.Reply
	if st.Err != "" {
		out = strings.TrimSpace(out + "\n" + i18n.ScenarioError(p.lang, st.Err))
	}
	if out == "" {
		out = p.T("console.ok_events", st.Last-st.First+1)
	}
	return out, nil
}

// Render lays the page out: the diagram column and the detail column, or
// in embed mode only the diagram, the narration and the controls.
func (p *Player) Render() app.UI {
	if p.sess == nil || p.snap == nil {
		return app.Div().Class("rs-page").Body(
			app.Div().Class("rs-error").Attr("role", "alert").Text(p.err),
		)
	}
	header := app.Header().Class("rs-header").Body(
		app.A().Class("rs-brand").Href("./").Text("ReplScope"),
		app.Span().Class("rs-title").Text(p.title()),
		&LessonPicker{P: p, Ver: p.sessVer},
		&VersionPicker{P: p, Ver: p.ver},
		&LangPicker{P: p, Ver: p.ver},
		app.Button().Class("rs-btn").DataSet("action", "share").Aria("haspopup", "dialog").Text(p.T("page.share")).OnClick(func(ctx app.Context, e app.Event) {
			p.shareLink = p.ShareURL(ctx, false)
			p.embedLink = p.ShareURL(ctx, true)
			p.dialog = "share"
			p.ver++
		}),
		app.Button().Class("rs-btn").DataSet("action", "edit").Aria("haspopup", "dialog").Text(p.T("page.edit")).OnClick(func(ctx app.Context, e app.Event) {
			p.dialog = "edit"
			p.ver++
		}),
	)
	var errBox app.UI = app.If(p.err != "", app.Div().Class("rs-error").Attr("role", "alert").Text(p.err))
	if p.untranslated() {
		errBox = app.Div().Body(errBox, app.P().Class("rs-note", "rs-note-lang").DataSet("role", "untranslated").Text(p.T("page.untranslated")))
	}
	if p.embed {
		return app.Div().Class("rs-page", "rs-embed").DataSet("ver", p.ver).Body(
			&Topology{P: p, Ver: p.ver},
			app.Div().Class("rs-embed-side").Body(
				errBox,
				&Narration{P: p, Ver: p.ver},
				app.If(!p.minimal && p.snap.Psync != nil, &PsyncCard{P: p, Ver: p.ver}),
			),
			&Controls{P: p, Ver: p.ver, Minimal: p.minimal},
		)
	}
	return app.Div().Class("rs-page").DataSet("ver", p.ver).Body(
		header,
		errBox,
		app.Main().Class("rs-main").Body(
			app.Section().Class("rs-col", "rs-col-diagram").Aria("label", p.T("page.diagram")).Body(
				&Topology{P: p, Ver: p.ver},
				&Controls{P: p, Ver: p.ver},
				&Narration{P: p, Ver: p.ver},
				app.If(p.exam, &Quiz{P: p, Ver: p.ver}),
				&BacklogView{P: p, Ver: p.ver},
				&StreamView{P: p, Ver: p.ver},
			),
			app.Section().Class("rs-col", "rs-col-detail").Aria("label", p.T("page.details")).Body(
				&PsyncCard{P: p, Ver: p.ver},
				app.If(p.cmpVer != "", &CompareView{P: p, Ver: p.ver}),
				&InfoPanel{P: p, Ver: p.ver},
				&OffsetChart{P: p, Ver: p.ver},
				&Console{P: p, Ver: p.consoleN},
				&LessonList{Current: p.sess.Name, Lang: p.lang},
			),
		),
		app.If(p.dialog == "share", &ShareDialog{P: p, Ver: p.ver}),
		app.If(p.dialog == "edit", &Editor{P: p, Ver: p.ver}),
	)
}
