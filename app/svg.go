package app

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

const svgNS = "http://www.w3.org/2000/svg"

// svgClass joins class names for an SVG element's data-c attribute: go-app sets
// "class" through the className property, which SVG elements ignore, so
// the stylesheet matches SVG parts with [data-c~=name] instead.
func svgClass(names ...string) string { return strings.Join(names, " ") }

// svg makes an SVG element: each needs the SVG namespace to be created
// with createElementNS.
func svg(tag string) app.HTMLElem { return app.Elem(tag).XMLNS(svgNS) }

func num(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// idClass is the CSS class of a replication id's colour.
func idClass(c int) string {
	if c < 0 {
		return "rs-id-none"
	}
	return fmt.Sprintf("rs-id-%d", c)
}

// nodeClass is the CSS class of a node's colour: one per node, the same
// on its card, its chart line, its marks on the offset line, its stream.
func nodeClass(c int) string { return fmt.Sprintf("rs-node-%d", c%8) }

func short(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// bytesText renders a byte count for people.
func bytesText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 10<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
