package scenario

import (
	"strconv"
	"strings"
	"sync"
)

// Templates in `repeat` arguments (an extension of the contract):
//
//	{i}     the iteration number, 1 to N
//	{100b}  100 bytes of filler; also {10kb} and {1mb} (1024-based)
//
// Anything else in braces is an error, so a typo never runs silently.

// MaxFiller bounds one {Nkb} expansion.
const MaxFiller = 4 << 20

func parseTemplate(t string) (filler int, isIndex bool, ok bool) {
	if t == "i" {
		return 0, true, true
	}
	lower := strings.ToLower(t)
	for _, u := range []struct {
		s string
		m int
	}{{"kb", 1024}, {"mb", 1024 * 1024}, {"b", 1}} {
		if strings.HasSuffix(lower, u.s) {
			num := strings.TrimSuffix(lower, u.s)
			if num == "" || strings.TrimLeft(num, "0123456789") != "" || len(num) > 8 {
				return 0, false, false
			}
			n, _ := strconv.Atoi(num)
			if n*u.m > MaxFiller {
				return 0, false, false
			}
			return n * u.m, false, true
		}
	}
	return 0, false, false
}

// checkTemplate returns an error message, or "" when every {...} in s is valid.
func checkTemplate(s string) string {
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			return ""
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return "a closing } was expected in " + strconv.Quote(s)
		}
		if _, _, ok := parseTemplate(s[i+1 : i+j]); !ok {
			return "{i} or a size such as {100b}, {10kb} or {1mb} (at most 4mb) was expected, not " + strconv.Quote(s[i:i+j+1])
		}
		s = s[i+j+1:]
	}
}

// filler is the bytes every {Nkb} stands for: one string, cut to length,
// so that a repeat of a 4 MiB value does not allocate 4 MiB per iteration.
// Built on first use, not at init: the page's start (and every scenario
// without a filler) would pay 4 MiB of memory for it.
var filler = sync.OnceValue(func() string { return strings.Repeat("x", MaxFiller) })

// Expand returns the arguments of iteration iter (1-based) of a repeat
// line. A plain argument is itself, a lone {Nkb} is a piece of one shared
// filler, and every other templated argument of the iteration is cut from
// one string built for all of them: one allocation an iteration.
func Expand(args []string, iter int) []string {
	out := make([]string, len(args))
	var b strings.Builder
	var ends []int
	for k, a := range args {
		if !strings.Contains(a, "{") {
			out[k] = a
			continue
		}
		if n, idx, ok := parseTemplate(strings.TrimSuffix(strings.TrimPrefix(a, "{"), "}")); ok && !idx && a[0] == '{' && a[len(a)-1] == '}' && strings.Count(a, "{") == 1 {
			out[k] = filler()[:n]
			continue
		}
		s := a
		for {
			i := strings.IndexByte(s, '{')
			if i < 0 {
				b.WriteString(s)
				break
			}
			j := strings.IndexByte(s[i:], '}')
			if j < 0 {
				b.WriteString(s)
				break
			}
			b.WriteString(s[:i])
			n, idx, ok := parseTemplate(s[i+1 : i+j])
			switch {
			case !ok:
				b.WriteString(s[i : i+j+1])
			case idx:
				b.WriteString(strconv.Itoa(iter))
			default:
				b.WriteString(filler()[:n])
			}
			s = s[i+j+1:]
		}
		ends = append(ends, k, b.Len())
	}
	all, from := b.String(), 0
	for j := 0; j < len(ends); j += 2 {
		out[ends[j]] = all[from:ends[j+1]]
		from = ends[j+1]
	}
	return out
}

// ExpandedLen is the length of argument a in its longest iteration of a
// repeat of count (so {i} counts count's digits).
func ExpandedLen(a string, count int) int64 {
	if !strings.Contains(a, "{") {
		return int64(len(a))
	}
	var n int64
	s := a
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			return n + int64(len(s))
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return n + int64(len(s))
		}
		n += int64(i)
		f, idx, ok := parseTemplate(s[i+1 : i+j])
		switch {
		case !ok:
			n += int64(j + 1)
		case idx:
			n += int64(len(strconv.Itoa(count)))
		default:
			n += int64(f)
		}
		s = s[i+j+1:]
	}
}
