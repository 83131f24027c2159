package app

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/app/model"
)

// quizState is exercise mode's progress: the questions the core can
// answer, what the learner said, and the score.
type quizState struct {
	questions []model.Question
	answers   map[int]string // question index → the learner's answer
	err       string
}

func newQuiz(s *model.Session) quizState {
	q := quizState{answers: map[int]string{}}
	qs, err := s.Questions()
	if err != nil {
		q.err = err.Error()
	}
	q.questions = qs
	return q
}

// pending is the first unanswered question.
func (q *quizState) pending() (int, *model.Question) {
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
	return pos+1 >= s.Steps()[qu.Step].First
}

// clamp keeps the position before an unanswered question's line.
func (q *quizState) clamp(s *model.Session, from, to int) int {
	_, qu := q.pending()
	if qu == nil || to <= from {
		return to
	}
	limit := s.Steps()[qu.Step].First - 1
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

func correct(qu model.Question, a string) bool {
	return strings.EqualFold(strings.TrimSpace(a), qu.Answer)
}

// result is one answered question, as the downloads carry it.
type result struct {
	Question int    `json:"question"`
	Line     int    `json:"line"`
	Node     string `json:"node"`
	Field    string `json:"field"`
	Answer   string `json:"answer"`
	Truth    string `json:"truth"`
	Right    bool   `json:"right"`
}

func (p *Player) results() []result {
	var out []result
	for i, qu := range p.quiz.questions {
		a, ok := p.quiz.answers[i]
		if !ok {
			continue
		}
		out = append(out, result{Question: i + 1, Line: p.sess.Steps()[qu.Step].Line.Num, Node: qu.Node, Field: qu.Field, Answer: a, Truth: qu.Answer, Right: correct(qu, a)})
	}
	return out
}

func resultsJSON(rs []result) string {
	b, _ := json.MarshalIndent(map[string]any{"results": rs}, "", "  ")
	return "data:application/json;base64," + base64.StdEncoding.EncodeToString(b)
}

func resultsCSV(rs []result) string {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"question", "line", "node", "field", "answer", "truth", "right"})
	for _, r := range rs {
		w.Write([]string{strconv.Itoa(r.Question), strconv.Itoa(r.Line), r.Node, r.Field, r.Answer, r.Truth, strconv.FormatBool(r.Right)})
	}
	w.Flush()
	return "data:text/csv;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())
}

// reveal is the truth about the last answer.
type reveal struct {
	Right                bool
	Said, Truth, Explain string
	Checks               []string // for a wrong PSYNC guess: each condition
}

// quizView gives the Quiz its props.
func (p *Player) quizView() app.UI {
	q := &p.quiz
	right, answered := q.score()
	z := &Quiz{Right: right, Answered: answered, Total: len(q.questions), Pending: -1, Lang: p.lang}
	if q.err != "" {
		z.Err = p.T("quiz.error", q.err)
	}
	if k := q.lastAnswered(); k >= 0 {
		qu := q.questions[k]
		a := q.answers[k]
		r := &reveal{Right: correct(qu, a), Said: a, Truth: qu.Answer, Explain: capitalize(qu.Explain)}
		if p.zh() {
			if qu.Psync != nil {
				r.Explain = qu.Psync.ReasonZH()
			} else {
				r.Explain = p.T("quiz.explain_field", p.sess.Steps()[qu.Step].Line.Text, qu.Node, qu.Field, qu.Answer)
			}
		}
		if !r.Right && qu.Psync != nil {
			for _, ch := range p.checks(qu.Psync) {
				mark := "✓"
				if !ch.Holds {
					mark = "✗"
				}
				r.Checks = append(r.Checks, mark+" "+p.T("psync.check_label", ch.Name)+ch.Detail)
			}
		}
		z.Reveal = r
	}
	if i, qu := q.pending(); qu != nil {
		st := p.sess.Steps()[qu.Step]
		z.Pending, z.LineNum = i, st.Line.Num
		z.Here = q.blocking(p.sess, p.pos)
		if z.Here {
			z.Line = st.Line.Text
		}
		z.Psync = strings.EqualFold(qu.Field, "psync")
		if z.Psync {
			z.Ask = fmt.Sprintf(tr(p.lang, "quiz.ask_psync"), qu.Node)
		} else {
			z.Ask = fmt.Sprintf(tr(p.lang, "quiz.ask_field"), qu.Node, qu.Field)
		}
		if t, ok := qu.Ask.In(p.lang); ok {
			z.Ask = t
		}
	}
	if rs := p.results(); len(rs) > 0 {
		z.JSON, z.CSV = resultsJSON(rs), resultsCSV(rs)
	}
	return z
}

func (q *quizState) lastAnswered() int {
	k := -1
	for i := range q.answers {
		k = max(k, i)
	}
	return k
}

// answer checks an answer, tells the host page, and plays the line the
// question was about.
func (p *Player) answer(ctx app.Context, a answer) {
	q := &p.quiz
	if a.Question < 0 || a.Question >= len(q.questions) {
		return
	}
	if _, done := q.answers[a.Question]; done {
		return
	}
	qu := q.questions[a.Question]
	q.answers[a.Question] = strings.TrimSpace(a.Value)
	p.post("answer", map[string]any{"question": a.Question + 1, "answer": a.Value, "truth": qu.Answer, "right": correct(qu, a.Value)})
	if _, next := q.pending(); next == nil {
		right, _ := q.score()
		p.post("complete", map[string]any{"right": right, "total": len(q.questions)})
	}
	p.seek(ctx, p.sess.StepEnd(qu.Step), true)
}

// Quiz asks the pending question in exercise mode, then reveals the truth
// with the explanation and, for a wrong PSYNC guess, the condition missed.
type Quiz struct {
	app.Compo
	Err                    string
	Right, Answered, Total int
	Pending, LineNum       int
	Here                   bool // the player stands just before the question's line
	Line, Ask              string
	Psync                  bool
	Reveal                 *reveal
	JSON, CSV              string
	Lang                   string

	input string
}

// Render shows the question, or the last answer's reveal and the score.
func (z *Quiz) Render() app.UI {
	rendered("Quiz")
	if z.Err != "" {
		return app.Div().Class("rs-card-panel", "rs-quiz").Body(app.P().Class("rs-error").Text(z.Err))
	}
	score := app.P().Class("rs-score").DataSet("role", "score").Text(fmt.Sprintf(tr(z.Lang, "quiz.score"), z.Right, z.Answered, z.Total))
	var last app.UI = app.Text("")
	if r := z.Reveal; r != nil {
		cls, verdict := "rs-quiz-wrong", tr(z.Lang, "quiz.wrong")
		if r.Right {
			cls, verdict = "rs-quiz-right", tr(z.Lang, "quiz.right")
		}
		last = app.Div().Class("rs-reveal", cls).DataSet("role", "reveal").DataSet("correct", r.Right).Body(
			app.P().Body(app.Strong().Text(verdict), app.Text(fmt.Sprintf(tr(z.Lang, "quiz.you_said"), r.Said, r.Truth, r.Explain))),
			app.If(len(r.Checks) > 0, app.Div().Body(
				app.P().Text(tr(z.Lang, "quiz.checks")),
				app.Ol().Body(app.Range(r.Checks).Slice(func(i int) app.UI { return app.Li().Text(r.Checks[i]) })),
			)),
		)
	}
	downloads := app.If(z.JSON != "", app.P().Class("rs-results").Body(
		app.A().Class("rs-btn", "rs-btn-small").Href(z.JSON).Attr("download", "replscope-results.json").DataSet("role", "results-json").Text(tr(z.Lang, "quiz.json")),
		app.Text(" "),
		app.A().Class("rs-btn", "rs-btn-small").Href(z.CSV).Attr("download", "replscope-results.csv").DataSet("role", "results-csv").Text(tr(z.Lang, "quiz.csv")),
	))
	if z.Pending < 0 {
		return app.Section().Class("rs-card-panel", "rs-quiz").DataSet("role", "quiz").Aria("label", tr(z.Lang, "quiz.title")).Body(
			app.H2().Text(tr(z.Lang, "quiz.title")), last, score,
			app.P().Text(tr(z.Lang, "quiz.done")), downloads,
		)
	}
	i := z.Pending
	var form app.UI
	if z.Psync {
		form = app.Div().Class("rs-quiz-choices").Body(z.choice(i, "+CONTINUE"), z.choice(i, "+FULLRESYNC"))
	} else {
		form = app.Form().OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			send(ctx, actAnswer, answer{Question: i, Value: z.input})
			z.input = ""
		}, i).Body(
			app.Input().Type("text").Aria("label", z.Ask).DataSet("role", "quiz-input").Value(z.input).
				OnInput(func(ctx app.Context, e app.Event) { z.input = ctx.JSSrc().Get("value").String() }),
			app.Button().Type("submit").Class("rs-btn").DataSet("action", "answer").Text(tr(z.Lang, "quiz.answer")),
		)
	}
	question := app.P().Class("rs-question").DataSet("role", "question").Body(app.Strong().Text(z.Ask))
	if z.Here {
		question = app.P().Class("rs-question").DataSet("role", "question").Body(
			app.Text(tr(z.Lang, "quiz.next_line")), app.Code().Text(z.Line), app.Br(), app.Strong().Text(z.Ask),
		)
	}
	// data-question is the pending question's number: a test (or a host
	// page) waits on it, since two questions may offer the same buttons.
	return app.Section().Class("rs-card-panel", "rs-quiz").DataSet("role", "quiz").DataSet("question", i+1).Aria("label", tr(z.Lang, "quiz.title")).Body(
		app.H2().Text(tr(z.Lang, "quiz.title")),
		last,
		question,
		app.If(!z.Here, app.P().Class("rs-muted").Text(fmt.Sprintf(tr(z.Lang, "quiz.wait"), z.LineNum))),
		form, score, downloads,
	)
}

func (z *Quiz) choice(i int, v string) app.UI {
	return app.Button().Class("rs-btn").DataSet("answer", v).Text(v).OnClick(func(ctx app.Context, e app.Event) {
		send(ctx, actAnswer, answer{Question: i, Value: v})
	}, i, v)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
