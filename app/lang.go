package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/app/i18n"
	"replscope/app/model"
	"replscope/core/scenario"
	"replscope/core/state"
	"replscope/web"
)

// The page's language (issue 12): the views ask the Player for their
// strings, so a language change is one field and one re-render.

// T is a catalogue string in the page's language.
func (p *Player) T(key string, args ...any) string { return i18n.T(p.lang, key, args...) }

// zh reports whether the page is in Chinese.
func (p *Player) zh() bool { return i18n.Normalize(p.lang) == i18n.ZH }

// say is a lesson's say text in the page's language (English when the
// lesson has no translation).
func (p *Player) say(text string) string {
	if !p.zh() || p.sess == nil {
		return text
	}
	t, _ := p.sess.Script().SayIn(i18n.ZH, text)
	return t
}

// title is the scenario's title in the page's language.
func (p *Player) title() string {
	s := p.sess.Script()
	if !p.zh() {
		return s.Title
	}
	t, _ := s.TitleIn(i18n.ZH)
	return t
}

// untranslated reports a scenario shown in English on a Chinese page.
func (p *Player) untranslated() bool {
	return p.zh() && p.sess != nil && len(p.sess.Script().Untranslated(i18n.ZH)) > 0
}

// explain is the current event's sentence in the page's language.
func (p *Player) explain(s *model.Snapshot) string {
	if p.zh() {
		return s.ExplainZH
	}
	return s.Explain
}

// checks are a PSYNC decision's conditions in the page's language.
func (p *Player) checks(d *state.PsyncDecision) []state.Check {
	if p.zh() {
		return d.ChecksZH()
	}
	return d.Checks
}

// reason is a PSYNC decision's reason in the page's language.
func (p *Player) reason(d *state.PsyncDecision) string {
	if p.zh() {
		return d.ReasonZH()
	}
	return d.Reason
}

// setLang switches the page's language, remembers it and keeps it in the
// URL.
func (p *Player) setLang(ctx app.Context, lang string) {
	if l := i18n.Normalize(lang); l != "" {
		p.lang = l
		i18n.Remember(l)
		setDocumentLang(l)
		p.syncURL(ctx)
	}
}

// setDocumentLang sets <html lang>, which picks the fonts, and the
// document's title.
func setDocumentLang(lang string) {
	if app.IsClient {
		doc := app.Window().Get("document")
		doc.Get("documentElement").Set("lang", i18n.HTMLLang(lang))
		doc.Set("title", i18n.T(lang, "page.doc_title"))
	}
}

// tr is a catalogue string in lang (views hold their language as a prop).
func tr(lang, key string, args ...any) string { return i18n.T(lang, key, args...) }

// LangPicker chooses the page's language.
type LangPicker struct {
	app.Compo
	Lang string
}

// Render is a labelled select of the languages, each in its own name.
func (l *LangPicker) Render() app.UI {
	rendered("LangPicker")
	cur := i18n.Normalize(l.Lang)
	if cur == "" {
		cur = i18n.Default
	}
	return app.Label().Class("rs-lang").Body(
		app.Span().Class("rs-sr").Text(tr(l.Lang, "page.lang")),
		app.Select().Aria("label", tr(l.Lang, "page.lang")).DataSet("role", "lang").OnChange(func(ctx app.Context, e app.Event) {
			send(ctx, actLang, ctx.JSSrc().Get("value").String())
		}).Body(
			app.Range(i18n.Langs).Slice(func(i int) app.UI {
				lang := i18n.Langs[i]
				return app.Option().Value(lang).Selected(lang == cur).Lang(i18n.HTMLLang(lang)).Text(i18n.Name(lang))
			}),
		),
	)
}

// lessonTitle is a built-in lesson's title in lang.
func lessonTitle(les web.Lesson, lang string) string {
	if i18n.Normalize(lang) != i18n.ZH {
		return les.Title
	}
	if t, ok := zhTitles()[les.Name]; ok {
		return t
	}
	return les.Title
}

var zhTitleCache map[string]string

// zhTitles reads each built-in lesson's title.zh-CN once.
func zhTitles() map[string]string {
	if zhTitleCache == nil {
		zhTitleCache = map[string]string{}
		for _, les := range web.Lessons() {
			if s, err := scenario.Parse(les.Name+".scenario", les.Source); err == nil {
				if t, ok := s.TitleIn(i18n.ZH); ok {
					zhTitleCache[les.Name] = t
				}
			}
		}
	}
	return zhTitleCache
}

// scenarioErr is a scenario's error in the page's language.
func (p *Player) scenarioErr(err error) string { return i18n.ScenarioError(p.lang, err.Error()) }
