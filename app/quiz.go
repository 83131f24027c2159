package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/app/model"
	"replscope/core"
)

// quizState is exercise mode's progress: the questions the core can
// answer, what the learner said, and the score.
type quizState struct {
	questions []core.Question
	answers   map[int]string // question index → the learner's answer
	err       string
}

func newQuiz(s *model.Session) quizState {
	q := quizState{answers: map[int]string{}}
	qs, err := core.Questions(s.TL)
	if err != nil {
		q.err = err.Error()
	}
	q.questions = qs
	return q
}

// pending is the first unanswered question.
func (q *quizState) pending() (int, *core.Question) {
	for i := range q.questions {
		if _, ok := q.answers[i]; !ok {
			return i, &q.questions[i]
		}
	}
	return -1, nil
}

// blocking reports whether the event after pos starts a step whose
// question is still unanswered: the player stops there.
func (q *quizState) blocking(s *model.Session, pos int) bool {
	_, qu := q.pending()
	if qu == nil {
		return false
	}
	return pos+1 >= s.TL.Steps()[qu.Step].First
}

// clamp keeps the position before an unanswered question's line.
func (q *quizState) clamp(s *model.Session, from, to int) int {
	_, qu := q.pending()
	if qu == nil || to <= from {
		return to
	}
	limit := s.TL.Steps()[qu.Step].First - 1
	return min(to, max(limit, from))
}

func (q *quizState) score() (right, answered int) {
	for i, a := range q.answers {
		answered++
		if correct(q.questions[i], a) {
			right++
		}
	}
	return
}

func correct(qu core.Question, a string) bool {
	return strings.EqualFold(strings.TrimSpace(a), qu.Answer)
}

// Quiz asks the pending question in exercise mode, then reveals the truth
// with the explanation and, for a wrong PSYNC guess, the condition missed.
type Quiz struct {
	app.Compo
	P   *Player
	Ver int

	input string
}

// Render shows the question, or the last answer's reveal and the score.
func (z *Quiz) Render() app.UI {
	q := &z.P.quiz
	p := z.P
	right, answered := q.score()
	score := app.P().Class("rs-score").DataSet("role", "score").Text(p.T("quiz.score", right, answered, len(q.questions)))
	if q.err != "" {
		return app.Div().Class("rs-card-panel", "rs-quiz").Body(app.P().Class("rs-error").Text(p.T("quiz.error", q.err)))
	}
	var last app.UI = app.Text("")
	if n := len(q.answers); n > 0 {
		// The most recent answer is the highest index answered.
		k := -1
		for i := range q.answers {
			k = max(k, i)
		}
		last = z.reveal(q.questions[k], q.answers[k])
	}
	i, qu := q.pending()
	if qu == nil {
		return app.Div().Class("rs-card-panel", "rs-quiz").DataSet("role", "quiz").Body(
			app.H2().Text(p.T("quiz.title")), last, score,
			app.P().Text(p.T("quiz.done")),
		)
	}
	st := z.P.sess.TL.Steps()[qu.Step]
	ask := p.T("quiz.ask_field", qu.Node, qu.Field)
	var form app.UI
	if strings.EqualFold(qu.Field, "psync") {
		ask = p.T("quiz.ask_psync", qu.Node)
		form = app.Div().Class("rs-quiz-choices").Body(
			z.choice(i, "+CONTINUE"), z.choice(i, "+FULLRESYNC"),
		)
	}
	if t, ok := qu.Ask.In(p.lang); ok {
		ask = t
	}
	if !strings.EqualFold(qu.Field, "psync") {
		form = app.Form().OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			z.answer(ctx, i, z.input)
		}, i).Body(
			app.Input().Type("text").Aria("label", p.T("quiz.answer_label")).DataSet("role", "quiz-input").Value(z.input).
				OnInput(func(ctx app.Context, e app.Event) { z.input = ctx.JSSrc().Get("value").String() }),
			app.Button().Type("submit").Class("rs-btn").DataSet("action", "answer").Text(p.T("quiz.answer")),
		)
	}
	return app.Div().Class("rs-card-panel", "rs-quiz").DataSet("role", "quiz").Body(
		app.H2().Text(p.T("quiz.title")),
		last,
		app.P().Class("rs-question").DataSet("role", "question").Body(
			app.Text(p.T("quiz.next_line")), app.Code().Text(st.Line.Text), app.Br(), app.Strong().Text(ask),
		),
		form, score,
	)
}

func (z *Quiz) choice(i int, v string) app.UI {
	return app.Button().Class("rs-btn").DataSet("answer", v).Text(v).OnClick(func(ctx app.Context, e app.Event) {
		z.answer(ctx, i, v)
	}, i, v)
}

func (z *Quiz) answer(ctx app.Context, i int, a string) {
	q := &z.P.quiz
	q.answers[i] = strings.TrimSpace(a)
	z.input = ""
	// Reveal: play the line the question was about.
	z.P.seek(ctx, z.P.sess.StepEnd(q.questions[i].Step), true)
}

func (z *Quiz) reveal(qu core.Question, a string) app.UI {
	ok := correct(qu, a)
	p := z.P
	cls, verdict := "rs-quiz-wrong", p.T("quiz.wrong")
	if ok {
		cls, verdict = "rs-quiz-right", p.T("quiz.right")
	}
	explain := capitalize(qu.Explain)
	if p.zh() {
		if qu.Psync != nil {
			explain = qu.Psync.ReasonZH()
		} else {
			explain = p.T("quiz.explain_field", p.sess.TL.Steps()[qu.Step].Line.Text, qu.Node, qu.Field, qu.Answer)
		}
	}
	var missed []app.UI
	if !ok && qu.Psync != nil {
		for _, ch := range p.checks(qu.Psync) {
			mark := "✓"
			if !ch.Holds {
				mark = "✗"
			}
			missed = append(missed, app.Li().Text(mark+" "+p.T("psync.check_label", ch.Name)+ch.Detail))
		}
	}
	return app.Div().Class("rs-reveal", cls).DataSet("role", "reveal").DataSet("correct", ok).Body(
		app.P().Body(app.Strong().Text(verdict), app.Text(p.T("quiz.you_said", a, qu.Answer, explain))),
		app.If(len(missed) > 0, app.Div().Body(
			app.P().Text(p.T("quiz.checks")),
			app.Ol().Body(missed...),
		)),
	)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
