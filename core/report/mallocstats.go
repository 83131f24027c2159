package report

import (
	"sort"
	"strings"
)

// MEMORY MALLOC-STATS is jemalloc's stats_print report of the server
// process's own allocator: no two processes agree on its figures, nor on
// which size classes their allocation history has touched. So a reply
// compares as jemalloc's layout:
//   - the fixed lines exactly: the header and end lines, the version, the
//     build-time and run-time option settings, the profiling settings, the
//     quantum, page and size-class counts, every section and table header
//     and every row label (arenas, decay, small/large/total, the mutexes);
//     opt.narenas and Arenas only as <n>, being 4 per CPU of the host;
//   - every other number as <n> (runs of spaces as one: a wider number
//     shifts its columns);
//   - the tables whose rows depend on the allocation history (bins, large,
//     extents, the HPA's) by their header line and the kinds of their rows
//     (each distinct row shape once, numbers as <n>); their `---` gap lines
//     say only which classes were skipped, so they are left out.
const mallocStatsBegin = "___ Begin jemalloc statistics ___"

var mallocNumber = lazyRE(`-?\b[0-9]+(\.[0-9]+)?\b`)

func isMallocStats(s string) bool {
	return strings.HasPrefix(strings.TrimPrefix(s, "txt:"), mallocStatsBegin)
}

func normalizeMallocStats(s string) string {
	verbatim := strings.HasPrefix(s, "txt:")
	lines := strings.Split(strings.TrimPrefix(s, "txt:"), "\n")
	var out []string
	fixed := true // until the figures start
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if fixed && strings.HasPrefix(l, "Allocated: ") {
			fixed = false
		}
		if fixed {
			if strings.HasPrefix(l, "  opt.narenas: ") || strings.HasPrefix(l, "Arenas: ") {
				l = mallocNumber().ReplaceAllString(l, "<n>")
			}
			out = append(out, l)
			continue
		}
		f := strings.Fields(l)
		if !isHistoryTable(f) {
			out = append(out, mallocNumber().ReplaceAllString(strings.Join(f, " "), "<n>"))
			continue
		}
		out = append(out, strings.Join(f, " "))
		kinds := map[string]bool{}
		for i+1 < len(lines) {
			row := strings.Fields(lines[i+1])
			gap := len(row) == 1 && row[0] == "---"
			if len(row) == 0 || !gap && !mallocNumber().MatchString(row[0]) {
				break
			}
			i++
			if !gap {
				kinds[mallocNumber().ReplaceAllString(strings.Join(row, " "), "<n>")] = true
			}
		}
		var ks []string
		for k := range kinds {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		out = append(out, ks...)
	}
	if verbatim {
		return "txt:" + strings.Join(out, "\n")
	}
	return strings.Join(out, "\n")
}

// isHistoryTable says whether a line is the header of a table of size
// classes: its columns start "size ind" (after the bins:, large: or
// extents: label).
func isHistoryTable(f []string) bool {
	for j := 0; j+1 < len(f) && j < 2; j++ {
		if f[j] == "size" && f[j+1] == "ind" {
			return true
		}
	}
	return false
}
