package i18n

import (
	"testing"

	"replscope/core"
	"replscope/core/scenario"
	"replscope/web"
)

// TestLessonsInChinese: every built-in lesson has a Chinese title, a
// Chinese text under each say and a Chinese question under each ask; the
// Chinese says no English sentence and uses the glossary's terms; every
// event the lesson makes has a Chinese sentence, and every PSYNC
// condition a Chinese name in the catalogue and in core.
func TestLessonsInChinese(t *testing.T) {
	terms := glossary(t)
	lessons := web.Lessons()
	if len(lessons) < 9 {
		t.Fatalf("%d lessons", len(lessons))
	}
	for _, les := range lessons {
		s, err := scenario.Parse(les.Name+".scenario", les.Source)
		if err != nil {
			t.Fatal(err)
		}
		if n := s.Untranslated(ZH); len(n) > 0 {
			t.Errorf("%s: lines %v have no %s text", les.Name, n, ZH)
		}
		for _, l := range s.Lines {
			if l.Kind != scenario.Title && l.Kind != scenario.Say && l.Kind != scenario.Ask {
				continue
			}
			zh, ok := l.In(ZH)
			if !ok {
				if l.Kind == scenario.Ask {
					t.Errorf("%s:%d: no ask.%s", les.Name, l.Num, ZH)
				}
				continue
			}
			if e := EnglishSentence(zh); e != "" {
				t.Errorf("%s:%d: English left: %q in %q", les.Name, l.Num, e, zh)
			}
			if l.Kind != scenario.Ask {
				for _, b := range checkTerms(terms, l.Say, zh) {
					t.Errorf("%s:%d: %q / %q: %s", les.Name, l.Num, l.Say, zh, b)
				}
			}
		}
		tl, err := core.Play(s, core.Options{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		for k := 0; k < tl.Len(); k++ {
			e := tl.Event(k)
			if zh := e.ExplainZH(); zh == "" || EnglishSentence(zh) != "" {
				t.Errorf("%s event %d (%s): %q", les.Name, k, e.Kind, zh)
			}
			if e.Psync == nil {
				continue
			}
			for _, c := range e.Psync.Checks {
				if !Has(CheckKey(c.Name)) || c.NameZH() == c.Name {
					t.Errorf("%s: PSYNC condition %q has no Chinese name", les.Name, c.Name)
				}
				if CheckName(ZH, c.Name) != c.NameZH() {
					t.Errorf("%s: the catalogue and core name %q differently: %q, %q", les.Name, c.Name, CheckName(ZH, c.Name), c.NameZH())
				}
			}
		}
	}
}
