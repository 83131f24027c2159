package i18n

import (
	"regexp"
	"strings"
	"sync"
)

// ScenarioError is a scenario error (the parser's FILE:LINE:COL: MSG, or a
// line's error while it runs) in lang. The position and whatever the
// scenario itself wrote (quoted) stay as they are; a message this table
// does not know stays English.
func ScenarioError(lang, msg string) string {
	if Normalize(lang) != ZH {
		return msg
	}
	pos := ""
	if m := posRE().FindStringSubmatch(msg); m != nil {
		pos, msg = m[1]+"：", m[2]
	}
	// The limits name where they apply: the page, or replsim.
	return pos + strings.ReplaceAll(scenarioMsgZH(msg), "the page", "页面")
}

// The error rules' regexps are compiled on first use: the page links them
// and would compile them at every start, in either language.
var posRE = lazyRE(`^(\S+:\d+:\d+): (.*)$`)

func lazyRE(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

type errRule struct {
	re  *regexp.Regexp
	rep string // with $1, $2 ... for the submatches
}

func er(pattern, rep string) errRule { return errRule{regexp.MustCompile("^" + pattern + "$"), rep} }

// Things the parser expects, as in "X was expected".
var expectedZH = map[string]string{
	"a node name":                             "节点名",
	"a Redis command after the node name":     "节点名之后的 Redis 命令",
	"a configuration parameter":               "配置参数",
	"a replica's name":                        "从节点名",
	"`down` or `up`":                          "`down` 或 `up`",
	"`down`, `up`, `stall` or `resume`":       "`down`、`up`、`stall` 或 `resume`",
	"`hold` or `release`":                     "`hold` 或 `release`",
	"a duration such as 500ms, 1s, 10s or 2m": "时长，例如 500ms、1s、10s 或 2m",
	"an INFO field name":                      "INFO 字段名",
	"the expected value":                      "期望的值",
	"a count":                                 "次数",
	"a Redis command":                         "Redis 命令",
	"`psync` or an INFO field name":           "`psync` 或 INFO 字段名",
	"the name of the master after replicaof":  "replicaof 之后的主节点名",
	"the title's text":                        "标题文本",
	"the text to say":                         "讲解文本",
	"`replicaof` or the end of the line":      "`replicaof` 或行尾",
	"the end of the line":                     "行尾",
	"a verb or a declared node name":          "动词或已声明的节点名",
	"a verb or a node name":                   "动词或节点名",
	"a space or the end of the line":          "空格或行尾",
	"a node name (a letter then up to 15 letters, digits, '_' or '-')": "节点名（一个字母，后跟最多 15 个字母、数字、'_' 或 '-'）",
}

var errRules = sync.OnceValue(func() []errRule {
	return []errRule{
		er(`unbalanced double quote: a closing " was expected`, `双引号不成对：缺少结尾的 "`),
		er(`unbalanced single quote: a closing ' was expected`, `单引号不成对：缺少结尾的 '`),
		er(`a space or the end of the line was expected after a closing quote`, `结尾引号之后应当是空格或行尾`),
		er(`unknown node ("[^"]*"): declare it first with (.*)`, `未知节点 $1：请先用 $2 声明它`),
		er(`node ("[^"]*") is already declared`, `节点 $1 已经声明过了`),
		er(`("[^"]*") is a verb and cannot name a node`, `$1 是动词，不能用作节点名`),
		er(`verbs are lowercase: ("[^"]*") was expected`, `动词是小写的：应当是 $1`),
		er(`a scenario has at most one title`, `一个场景最多只有一个标题`),
		er(`a step was expected, not an empty line or a comment`, `这里需要一个步骤，而不是空行或注释`),
		er(`a count from 1 to (\d+) was expected, not ("[^"]*")`, `这里需要 1 到 $1 之间的次数，而不是 $2`),
		er(`a closing \} was expected in ("[^"]*")`, `$1 中缺少结尾的 }`),
		er(`\{i\} or a size such as \{100b\}, \{10kb\} or \{1mb\} \(at most 4mb\) was expected, not ("[^"]*")`, `这里需要 {i} 或大小，例如 {100b}、{10kb} 或 {1mb}（最多 4mb），而不是 $1`),
		er("(`[^`]*`) translates the (`[^`]*`) line just before it, and the line before is not one", `$1 翻译的是紧挨在它上面的 $2 行，但上一行不是`),
		er("a language tag such as zh-CN was expected after (`[^`]*`), not (\"[^\"]*\")", `$1 之后需要语言标记，例如 zh-CN，而不是 $2`),
		er(`line (\d+) already has a (\S+) translation`, `第 $1 行已经有 $2 翻译了`),
		er(`the (\S+) text of the (`+"`[^`]*`"+`) line was expected`, `这里需要 $2 行的 $1 文本`),
		// While a line runs.
		er(`expect (\S+) (\S+) (\S+): got (.*)`, `expect $1 $2 $3 不成立：实际是 $4`),
		er(`expect (\S+) (\S+) (\S+): INFO has no field (\S+) on (\S+)`, `expect $1 $2 $3：$5 的 INFO 中没有字段 $4`),
		er(`link (\S+): (\S+) is not a replica, it has no link to cut`, `link $1：$2 不是从节点，没有可断开的复制链路`),
		er(`protocol error in the stream from (\S+) to (\S+)`, `从 $1 到 $2 的复制流出现协议错误`),
		er(`WAIT (\S+) 0 would block this client forever: (\d+) replica\(s\) can acknowledge`, `WAIT $1 0 会让这个客户端永远阻塞：只有 $2 个从节点能够确认`),
		er(`(.+) would wait forever: a FAILOVER without TIMEOUT pauses writes until it is done or FAILOVER ABORT ends it`, `$1 会永远等待：没有 TIMEOUT 的 FAILOVER 会一直暂停写入，直到故障转移完成或被 FAILOVER ABORT 中止`),
		er("link (\\S+): (\\S+) is a master; `link` takes a replica", "link $1：$2 是主节点；`link` 作用于从节点"),
		// Contract 1.1 (core/limits.go, core/outbuf.go).
		er("(`[^`]*`) needs repl-diskless-sync yes \\(a full sync over the socket\\), but line (\\d+) turned it off", `$1 需要 repl-diskless-sync yes（通过套接字进行全量同步），但第 $2 行把它关掉了`),
		er("(sync|link) (\\S+): (\\S+) is a master at this line; `(sync|link)` takes a replica", "$1 $2：$3 在这一行是主节点；`$4` 作用于从节点"),
		er(`this line sends about (\d+) bytes into the link stalled at line (\d+); a stalled link may be sent at most 1 MiB \(a real server's kernel buffers would absorb an unknown amount\)`, `这一行会向第 $2 行停滞的链路发送约 $1 字节；停滞的链路最多只能发送 1 MiB（真实服务器的内核缓冲区会吸收数量未知的字节）`),
		er(`link (\S+) stall: (\d+) bytes were sent into the stalled link; the contract allows at most (\d+) \(1 MiB\)`, `link $1 stall：已有 $2 字节发送进停滞的链路；约定最多允许 $3（1 MiB）`),
		er(`advance (\S+) is too long to simulate second by second here; use at most (\S+)`, `advance $1 太长，无法在这里逐秒模拟；最多使用 $2`),
		// The page's simulator (app/model, a Web Worker).
		er(`the simulator stopped \((.*)\); reload the page to start it again: the scenario is kept in the address bar`, `模拟器已停止（$1）；请重新加载页面以重新启动它：场景保留在地址栏中`),
		// Limits, checked before anything runs (core/limits.go).
		er(`this line takes the replication stream to about (\d+) bytes; the limit in (replsim|the page) is (.*)`, `这一行会让复制流达到约 ${1} 字节；${2}的上限是 ${3}`),
		er(`this line takes what the servers hold \(keys on every node, backlogs at their size\) to about (\d+) bytes; the limit in (replsim|the page) is (.*)`, `这一行会让各服务器持有的数据（每个节点上的键，以及按配置大小计的积压缓冲区）达到约 ${1} 字节；${2}的上限是 ${3}`),
		er(`a (.*) backlog takes what the servers hold \(keys on every node, backlogs at their size\) to about (\d+) bytes; the limit in (replsim|the page) is (.*)`, `${1} 的积压缓冲区会让各服务器持有的数据（每个节点上的键，以及按配置大小计的积压缓冲区）达到约 ${2} 字节；${3}的上限是 ${4}`),
		er(`this line takes the run to about (\d+) events; the limit in (replsim|the page) is (\d+)`, `这一行会让运行达到约 ${1} 个事件；${2}的上限是 ${3}`),
		er(`a scenario has at most (\d+) nodes in (replsim|the page)`, `在${2}中，一个场景最多有 ${1} 个节点`),
		er(`advance (\S+) fires about (\d+) cron ticks \(one a second on each of (\d+) servers\); the limit in (replsim|the page) is (\d+)`, `advance ${1} 会触发约 ${2} 次 cron（${3} 个服务器上每秒一次）；${4}的上限是 ${5}`),
		er("link (\\S+): (\\S+) is a master at this line, it has no link to its master to cut; `link` takes a replica", "link ${1}：${2} 在这一行是主节点，没有通往主节点的链路可断开；`link` 作用于从节点"),
	}
})

var expectedRE = lazyRE(`^(.*) was expected(?:, not (".*"))?$`)

func scenarioMsgZH(msg string) string {
	for _, r := range errRules() {
		if r.re.MatchString(msg) {
			return r.re.ReplaceAllString(msg, r.rep)
		}
	}
	if m := expectedRE().FindStringSubmatch(msg); m != nil {
		what, ok := expectedZH[m[1]]
		if !ok && strings.HasPrefix(m[1], "a value for ") {
			what, ok = strings.TrimPrefix(m[1], "a value for ")+" 的值", true
		}
		if ok {
			if what != "" && what[0] < 0x80 {
				what = " " + what // a space between Chinese and Latin
			}
			if m[2] != "" {
				return "这里需要" + what + "，而不是 " + m[2]
			}
			return "这里需要" + what
		}
	}
	return msg
}
