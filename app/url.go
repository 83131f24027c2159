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

// The URL: ?lesson=NAME, #s=BASE64URL (a shared scenario's text, in the
// fragment so that it is never sent to a server; ?s= still opens),
// &at=N, &embed=1, &controls=minimal|full, &mode=exercise, &lang=en|zh-CN;
// &slice=N is for tests only (loading.go).

// param reads a parameter from the fragment first, then the query.
func param(u *url.URL, name string) string {
	if f, err := url.ParseQuery(u.Fragment); err == nil && f.Get(name) != "" {
		return f.Get(name)
	}
	return u.Query().Get(name)
}

// loadRequest is what a URL asks for, read before anything changes: a
// big scenario plays in slices (loading.go) while the page goes on
// showing the previous one, and only a finished load applies it.
type loadRequest struct {
	pageURL         url.URL
	view            viewMode
	lang            string
	cmpVer          string
	name, src, file string
	shared          bool
	err             string // a problem with the URL to show over the scenario
	at              string // &at=, "" for the scenario's default
	slice           int    // &slice=N (test-only, loading.go), 0 for the default
}

// request reads the URL. A shared scenario that is not base64url is
// returned as an error message (bad).
func (p *Player) request(u url.URL) (req loadRequest, bad string) {
	req = loadRequest{
		pageURL: u,
		view: viewMode{
			embed:   param(&u, "embed") == "1",
			minimal: param(&u, "controls") == "minimal",
			exam:    param(&u, "mode") == "exercise",
		},
		lang: i18n.Detect(param(&u, "lang")),
		at:   param(&u, "at"),
	}
	if v := param(&u, "cmp"); scenario.KnownVersion(v) {
		req.cmpVer = v
	}
	if n, ok := sliceParam(param(&u, "slice")); ok {
		req.slice = n
	}
	if lessons := web.Lessons(); len(lessons) > 0 {
		req.name, req.src, req.file = lessons[0].Name, lessons[0].Source, lessons[0].Name+".scenario"
	}
	if s := param(&u, "s"); s != "" {
		req.shared = true
		b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
		if err != nil {
			return req, i18n.T(req.lang, "err.s_base64", err.Error())
		}
		req.name, req.src, req.file = "", string(b), "shared.scenario"
	} else if l := param(&u, "lesson"); l != "" {
		if les, ok := web.Find(l); ok {
			req.name, req.src, req.file = les.Name, les.Source, les.Name+".scenario"
			if req.cmpVer == "" {
				req.cmpVer = lessonCompare[les.Name]
			}
		} else {
			req.err = i18n.T(req.lang, "err.no_lesson", l)
		}
	} else if !req.view.embed {
		req.view.home = true
	}
	return req, ""
}

// apply makes the request's view settings the page's.
func (p *Player) apply(req loadRequest) {
	p.pageURL = req.pageURL
	p.view = req.view
	p.play = playback{speed: 4}
	p.err = req.err
	p.lang = req.lang
	p.dialogs = dialogState{}
	p.cmpVer, p.cmp, p.cmpFor, p.cmpErr = req.cmpVer, nil, nil, ""
}

// load plays what the URL asks for. A shared scenario that does not decode
// or does not run opens the editor with its text and the error, and
// leaves the URL alone. A big one plays in slices under a progress bar
// (loading.go); a new navigation drops a load still in progress.
func (p *Player) load(ctx app.Context) {
	p.loading, p.live = nil, false
	req, bad := p.request(*ctx.Page().URL())
	if bad != "" {
		p.apply(req)
		p.fail(ctx, "", bad)
		return
	}
	ld, err := model.Begin(req.name, req.file, req.src)
	if err != nil {
		p.apply(req)
		if req.shared {
			p.fail(ctx, req.src, p.T("err.shared", p.scenarioErr(err)))
			return
		}
		p.err = p.scenarioErr(err)
		return
	}
	p.sliceAt = req.slice
	p.playLoad(ctx, ld, req.lang, req.src, func(ctx app.Context, s *model.Session) { p.finish(ctx, req, s) })
}

// finish shows a played scenario as the request asks.
func (p *Player) finish(ctx app.Context, req loadRequest, sess *model.Session) {
	p.apply(req)
	p.sess = sess
	at := sess.DefaultAt()
	if req.at != "" {
		if n, err := strconv.Atoi(req.at); err == nil {
			at = n
		} else {
			p.err = p.T("err.at", req.at)
		}
	}
	if sess.Len() == 0 {
		at = -1
	}
	p.quiz = newQuiz(sess)
	p.sel = ""
	p.seek(ctx, min(at, sess.Len()-1), false)
	p.ready(ctx)
}

// fail shows the editor with the shared text and the error, over no
// scenario at all.
func (p *Player) fail(ctx app.Context, text, msg string) {
	p.sess, p.snap = nil, nil
	p.err = msg
	p.dialogs = dialogState{open: "edit", editorText: text, editorProblem: msg}
	p.ready(ctx)
}

// ready tells tests and embedders that the page is live
// (body[data-ready]), once this render is in the page.
func (p *Player) ready(ctx app.Context) {
	if !app.IsClient {
		return
	}
	ctx.Defer(func(ctx app.Context) {
		setDocumentLang(p.lang)
		app.Window().Get("document").Get("body").Call("setAttribute", "data-ready", "1")
		p.live = true
		if app.Window().Get("__replscopeReady").IsUndefined() {
			app.Window().Set("__replscopeReady", app.Window().Get("performance").Call("now"))
		}
		p.post("ready", nil)
		p.postResize()
		// A first picture drawn from the generator's recording: begin its
		// session on the simulator now, not at the first click.
		ctx.Async(model.Warm)
		if p.dialogs.open != "" {
			focusDialog()
		}
	})
}

// ShareURL is the link that reopens this exact view: the scenario in the
// fragment unless it is an unchanged lesson.
func (p *Player) ShareURL(embed bool) string {
	u := p.pageURL
	q := url.Values{}
	frag := ""
	if p.sess.Name != "" && !p.modified() {
		q.Set("lesson", p.sess.Name)
	} else {
		frag = "s=" + p.urlSync.encoded(p.sess)
	}
	q.Set("at", strconv.Itoa(p.pos))
	if embed {
		q.Set("embed", "1")
		if p.view.minimal {
			q.Set("controls", "minimal")
		}
	}
	if p.view.exam {
		q.Set("mode", "exercise")
	}
	if l := i18n.Normalize(p.lang); l != "" && l != i18n.Default {
		q.Set("lang", l)
	}
	if p.cmpVer != "" {
		q.Set("cmp", p.cmpVer)
	}
	u.RawQuery = q.Encode()
	u.Fragment, u.RawFragment = frag, ""
	return u.String()
}

// homeURL is the home page in the page's language.
func (p *Player) homeURL() string { return i18n.WithLang("./", p.lang, true) }

// fullViewURL is the full player at the same event (from an embed).
func (p *Player) fullViewURL() string { return p.ShareURL(false) }

func (p *Player) modified() bool {
	if les, ok := web.Find(p.sess.Name); ok {
		return les.Source != p.sess.Source
	}
	return true
}

func (p *Player) syncURL(ctx app.Context) {
	if p.sess == nil {
		return
	}
	u, err := url.Parse(p.ShareURL(p.view.embed))
	if err == nil {
		ctx.Page().ReplaceURL(u)
	}
}

// urlSync keeps the address bar in step without paying for it on every
// step: history.replaceState costs ~3 ms a call in Chromium, and a shared
// scenario's fragment is its whole text in base64.
type urlSync struct {
	pending bool
	last    time.Time // the latest step's time
	sess    *model.Session
	srcLen  int
	frag    string
}

// encoded is the session's scenario as the #s= fragment carries it,
// encoded again only when the text changed (a console line appends).
func (u *urlSync) encoded(s *model.Session) string {
	if u.sess != s || u.srcLen != len(s.Source) {
		u.sess, u.srcLen = s, len(s.Source)
		u.frag = base64.RawURLEncoding.EncodeToString([]byte(s.Source))
	}
	return u.frag
}

// syncURLSoon is syncURL for steps: one replaceState once a burst of
// steps (a key held down, a run of clicks) has been quiet for 150 ms,
// with the position of then; a replaceState in the middle of a burst
// would land inside a step's frame.
func (p *Player) syncURLSoon(ctx app.Context) {
	p.urlSync.last = time.Now()
	if p.urlSync.pending {
		return
	}
	p.urlSync.pending = true
	var wait func(ctx app.Context)
	wait = func(ctx app.Context) {
		if quiet := time.Since(p.urlSync.last); quiet < urlQuiet {
			ctx.After(urlQuiet-quiet, wait)
			return
		}
		p.urlSync.pending = false
		p.syncURL(ctx)
	}
	ctx.After(urlQuiet, wait)
}

// urlQuiet is how long steps must pause before the address bar follows.
const urlQuiet = 150 * time.Millisecond
