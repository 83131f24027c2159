package app

import (
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/app/model"
)

// Loading a big scenario. A million commands take seconds to play; the
// page plays them a slice at a time, yielding to the browser between
// slices so that it paints a progress bar and takes clicks (Cancel). The
// scenario shown so far, with its position and dialogs, stays as it is
// until the new one is ready. Small scenarios play in one go, as before:
// no progress bar flickers for a lesson.

// actCancelLoad (nil) drops the load in progress (the Cancel button).
const actCancelLoad = "rs/cancel-load"

// sliceFrom is the expected event count from which a scenario is played
// in slices (the cost check's estimate, known before anything runs).
// 50,000 events play in about half a second in WebAssembly.
const sliceFrom = 50_000

// sliceTime is the work per slice: short enough for the page to stay
// responsive, long enough that yielding costs little of the whole.
const sliceTime = 50 * time.Millisecond

// loadingState is a load in progress.
type loadingState struct {
	ld       *model.Loader
	lang     string                            // the progress bar's language
	src      string                            // the scenario, for the editor should Cancel leave nothing shown
	done     func(app.Context, *model.Session) // shows the played scenario
	gen      int                               // which load this is: a cancelled one's slices stop
	budget   int                               // events per slice
	adapt    bool                              // the budget follows sliceTime (not with &slice=)
	played   int64                             // events played so far
	expected int64                             // the cost check's estimate of all
	compare  bool                              // the scenario played on the compared version (versions.go)
}

// sliceParam is a test-only override, &slice=N: play in slices of N
// events any scenario that expects more than N (browser tests use it to
// see the progress bar on a scenario that loads in a second).
func sliceParam(v string) (int, bool) {
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return 0, false
	}
	return n, true
}

// playLoad plays ld and hands the session to done: in slices under the
// progress bar when the cost check expects more events than sliceFrom
// (or &slice=N), reporting that it did; else at once.
func (p *Player) playLoad(ctx app.Context, ld *model.Loader, lang, src string, done func(app.Context, *model.Session)) (sliced bool) {
	from, adapt := sliceFrom, true
	if p.sliceAt > 0 {
		from, adapt = p.sliceAt, false
	}
	if _, expected := ld.Progress(); app.IsClient && expected > int64(from) {
		p.startSlices(ctx, ld, lang, src, done, from, adapt)
		return true
	}
	s, err := ld.Finish()
	if err != nil {
		p.loadFailed(ctx, lang, src, false, err)
		return false
	}
	done(ctx, s)
	return false
}

// loadFailed shows why a scenario that passed its checks did not play
// (the simulator's internal error, or a simulator that stopped): the
// scenario shown stays, a compare says it in its panel, and with nothing
// shown yet the editor opens with the text and the error.
func (p *Player) loadFailed(ctx app.Context, lang, src string, compare bool, err error) {
	msg := p.scenarioErr(err)
	switch {
	case compare:
		p.cmpErr = msg
	case p.sess == nil:
		p.lang = lang
		p.dialogs = dialogState{open: "edit", editorText: src}
		p.err = msg
		p.ready(ctx)
	default:
		p.err = msg
	}
}

// startSlices begins playing ld in slices; done shows it once played.
func (p *Player) startSlices(ctx app.Context, ld *model.Loader, lang, src string, done func(app.Context, *model.Session), budget int, adapt bool) {
	p.loadGen++
	p.loading = &loadingState{ld: ld, lang: lang, src: src, done: done, gen: p.loadGen, budget: budget, adapt: adapt}
	p.loading.played, p.loading.expected = ld.Progress()
	p.nextSlice(ctx, p.loadGen)
}

// nextSlice yields to the browser (so that the progress bar is painted
// and clicks are taken), then plays one slice on the UI goroutine: the
// session is never touched by two goroutines.
func (p *Player) nextSlice(ctx app.Context, gen int) {
	ctx.Async(func() {
		yield()
		ctx.Dispatch(func(ctx app.Context) { p.slice(ctx, gen) })
	})
}

// yield returns once the browser has had its turn: a setTimeout callback
// has run. Go in WebAssembly returns to the browser only when every
// goroutine is blocked, and a short sleep that expires while the page
// renders never blocks, so a load of timers alone may never be painted.
func yield() {
	done := make(chan struct{})
	var f app.Func
	f = app.FuncOf(func(this app.Value, args []app.Value) any {
		f.Release()
		close(done)
		return nil
	})
	app.Window().Call("setTimeout", f, 0)
	<-done
}

// slice plays one slice of the load gen, unless it was cancelled.
func (p *Player) slice(ctx app.Context, gen int) {
	l := p.loading
	if l == nil || l.gen != gen {
		return // cancelled, or replaced by a newer load
	}
	t0 := time.Now()
	done, err := l.ld.Step(l.budget)
	l.played, l.expected = l.ld.Progress()
	if err == nil && done {
		var s *model.Session
		if s, err = l.ld.Session(); err == nil {
			p.loading = nil
			l.done(ctx, s)
			return
		}
	}
	if err != nil {
		p.loading = nil
		p.loadFailed(ctx, l.lang, l.src, l.compare, err)
		return
	}
	if l.adapt {
		switch d := time.Since(t0); {
		case d < sliceTime/2 && l.budget < 1<<22:
			l.budget *= 2
		case d > 2*sliceTime && l.budget > 1024:
			l.budget /= 2
		}
	}
	p.nextSlice(ctx, gen)
}

// cancelLoad drops the load in progress: the page goes on showing what
// it showed, and the URL says so again. With nothing shown before (the
// page was opened on the big scenario), the editor opens with its text.
func (p *Player) cancelLoad(ctx app.Context) {
	l := p.loading
	if l == nil {
		return
	}
	p.loading = nil
	l.ld.Drop()
	if l.compare {
		p.cmpVer, p.cmp, p.cmpFor, p.cmpErr = "", nil, nil, ""
	}
	if p.sess == nil {
		p.lang = l.lang
		p.dialogs = dialogState{open: "edit", editorText: l.src}
		p.ready(ctx)
		return
	}
	p.syncURL(ctx)
}

// percent is how far a load has come, 0 to 100.
func (l *loadingState) percent() int {
	if l.expected <= 0 {
		return 0
	}
	return int(min(100, l.played*100/l.expected))
}

// loadingView is the progress bar over the page while a load runs.
func (p *Player) loadingView() app.UI {
	l := p.loading
	if l == nil || (l.compare && !p.live) {
		return nil
	}
	lang := l.lang
	pc := l.percent()
	title, keeps := tr(lang, "loading.title"), tr(lang, "loading.keeps")
	if l.compare {
		title, keeps = tr(lang, "loading.compare", p.cmpVer), tr(lang, "loading.compare_keeps")
	}
	return app.Section().Class("rs-loading").DataSet("role", "loading").Aria("labelledby", "rs-loading-title").Body(
		app.H2().ID("rs-loading-title").Class("rs-loading-title").Text(title),
		app.Div().Class("rs-progress").
			Attr("role", "progressbar").
			Aria("label", tr(lang, "loading.label")).
			Aria("valuemin", "0").Aria("valuemax", "100").Aria("valuenow", strconv.Itoa(pc)).
			Aria("valuetext", tr(lang, "loading.events", l.played, l.expected, pc)).
			DataSet("events", strconv.FormatInt(l.played, 10)).
			Body(app.Div().Class("rs-progress-bar").Style("width", strconv.Itoa(pc)+"%")),
		app.P().Class("rs-loading-count").Text(tr(lang, "loading.events", l.played, l.expected, pc)),
		app.If(p.sess != nil, app.P().Class("rs-muted").Text(keeps)),
		app.Button().Class("rs-btn").DataSet("action", "cancel-load").Text(tr(lang, "loading.cancel")).OnClick(func(ctx app.Context, e app.Event) {
			send(ctx, actCancelLoad, nil)
		}),
	)
}
