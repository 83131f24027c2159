// Package web holds the site's static assets; the built-in lessons are
// embedded into the WebAssembly binary from here.
package web

import (
	"embed"
	"sort"
	"strings"
	"sync"
)

//go:embed lessons/*.scenario
var lessonFS embed.FS

// Lesson is a built-in scenario.
type Lesson struct {
	Name   string // file name without .scenario: the ?lesson= value
	Title  string
	Source string
	file   string
}

var (
	lessonsOnce sync.Once
	lessons     []Lesson
)

// Lessons lists the built-in lessons in their order (files are numbered).
// They are read once; callers must not modify the slice.
func Lessons() []Lesson {
	lessonsOnce.Do(func() { lessons = readLessons() })
	return lessons
}

func readLessons() []Lesson {
	entries, _ := lessonFS.ReadDir("lessons")
	var out []Lesson
	for _, e := range entries {
		b, err := lessonFS.ReadFile("lessons/" + e.Name())
		if err != nil {
			continue
		}
		src := string(b)
		name := strings.TrimSuffix(e.Name(), ".scenario")
		out = append(out, Lesson{Name: lessonName(name), Title: titleOf(src, name), Source: src, file: name})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].order() < out[j].order() })
	return out
}

func (l Lesson) order() string { return l.file }

// lessonName drops the ordering prefix: "01-offsets" is ?lesson=offsets.
func lessonName(file string) string {
	if i := strings.IndexByte(file, '-'); i > 0 && strings.Trim(file[:i], "0123456789") == "" {
		return file[i+1:]
	}
	return file
}

func titleOf(src, fallback string) string {
	for _, l := range strings.Split(src, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "title ") {
			return strings.TrimSpace(l[len("title "):])
		}
	}
	return fallback
}

// Find returns a lesson by name.
func Find(name string) (Lesson, bool) {
	for _, l := range Lessons() {
		if l.Name == name {
			return l, true
		}
	}
	return Lesson{}, false
}
