package scenario

import (
	"strings"
	"testing"
)

// FuzzParse: no input may panic; an error always names file:line:col.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"node M\nnode R replicaof M\nM SET k v\n",
		"title t\nsay it's\nnode M\nrepeat 3 M SET k{i} {2kb}\nask M psync\nM GET k",
		"node M\nM SET \"a\\x41\" 'b\\''\n",
		"node M\nM SET \"unterminated\n",
		"advance 5s\nadvance 2m\nadvance 10ms\nexpect M x 1",
		"node A\nlink A sideways\n",
		"\x00\xff\r\n# comment\n\t\n",
		"# c\ntitle t\nversion redis-6.2\nnode M\n",
		"version valkey-8.0 x\nversion\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		s, err := Parse("fuzz.scenario", src)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.scenario:") {
				t.Fatalf("error without position: %v", err)
			}
			if s != nil {
				t.Fatal("a failed parse returned a script")
			}
			return
		}
		if !KnownVersion(s.Version) {
			t.Fatalf("unknown version %q", s.Version)
		}
		for _, l := range s.Lines {
			if l.Num < 1 {
				t.Fatal("line numbers start at 1")
			}
		}
	})
}
