package core

import "strings"

// Script flags (script.h SCRIPT_FLAG_*): a function declares them to
// redis.register_function, an EVAL script on its `#!lua flags=...` line.
// A script that declares them stands for EVAL's or FCALL's own command
// flags (getCommandFlags), so processCommand's checks (READONLY,
// NOREPLICAS, MASTERDOWN, OOM, CLIENT PAUSE WRITE) see what the script
// says it does.
type scriptFlags uint8

const (
	scriptNoWrites scriptFlags = 1 << iota
	scriptAllowOOM
	scriptAllowStale
	scriptNoCluster
	scriptAllowCrossSlot
	scriptEvalCompat // SCRIPT_FLAG_EVAL_COMPAT_MODE: an EVAL script without a shebang
)

// scriptsFlagsDef is scripts_flags_def, in its order (FUNCTION LIST's).
var scriptsFlagsDef = []struct {
	flag scriptFlags
	name string
}{
	{scriptNoWrites, "no-writes"},
	{scriptAllowOOM, "allow-oom"},
	{scriptAllowStale, "allow-stale"},
	{scriptNoCluster, "no-cluster"},
	{scriptAllowCrossSlot, "allow-cross-slot-keys"},
}

// names are the flags as FUNCTION LIST prints them.
func (f scriptFlags) names() []string {
	var out []string
	for _, d := range scriptsFlagsDef {
		if f&d.flag != 0 {
			out = append(out, d.name)
		}
	}
	return out
}

// evalExtractShebangFlags is eval.c's: the flags of a script's
// `#!lua flags=a,b` first line and the line's length (the body Lua
// compiles starts at its line feed, so that line numbers stay the
// user's), or the error without its "ERR ". A body without "#!" is in
// compatibility mode.
func evalExtractShebangFlags(body string) (scriptFlags, int, string) {
	if !strings.HasPrefix(body, "#!") {
		return scriptEvalCompat, 0, ""
	}
	end := strings.IndexByte(body, '\n')
	if end < 0 {
		return 0, 0, "Invalid script shebang"
	}
	parts, ok := sdsSplitArgs(body[:end])
	if !ok || len(parts) == 0 {
		return 0, 0, "Invalid engine in script shebang"
	}
	if parts[0] != "#!lua" {
		return 0, 0, "Unexpected engine in script shebang: " + parts[0]
	}
	var flags scriptFlags
	for _, p := range parts[1:] {
		list, isFlags := strings.CutPrefix(p, "flags=")
		if !isFlags {
			return 0, 0, "Unknown lua shebang option: " + p
		}
		if list == "" {
			continue // sdssplitlen of nothing is no flags
		}
		for _, name := range strings.Split(list, ",") {
			f, found := scriptFlagNamed(name, false)
			if !found {
				return 0, 0, "Unexpected flag in script shebang: " + name
			}
			flags |= f
		}
	}
	return flags, end, ""
}

// scriptFlagNamed finds a flag by name: exactly for a shebang, without
// regard to case for redis.register_function (strcmp, strcasecmp).
func scriptFlagNamed(name string, anyCase bool) (scriptFlags, bool) {
	for _, d := range scriptsFlagsDef {
		if d.name == name || anyCase && strings.EqualFold(d.name, name) {
			return d.flag, true
		}
	}
	return 0, false
}

// scriptFlagsToCmdFlags is script.c's: declared flags replace the
// command's stale, denyoom and write flags, and drop may-replicate.
func scriptFlagsToCmdFlags(cmd cmdFlags, f scriptFlags) cmdFlags {
	cmd &^= flagStale | flagDenyOOM | flagWrite | flagMayReplicate
	if f&(scriptAllowOOM|scriptNoWrites) == 0 {
		cmd |= flagDenyOOM
	}
	if f&scriptNoWrites == 0 {
		cmd |= flagWrite
	}
	if f&scriptAllowStale != 0 {
		cmd |= flagStale
	}
	return cmd
}

// getCommandFlags is server.c's: a command's flags, with a script's
// declared flags standing for EVAL's and FCALL's (evalGetCommandFlags,
// fcallGetCommandFlags). EXEC's are its own; processCommand adds its
// queue's where Redis reads c->mstate. 6.2 has no script flags, and its
// own CMD_STALE commands (stale62).
func (w *World) getCommandFlags(s *Server, cmd *command, argv []string) cmdFlags {
	if w.ver != nil && w.ver.redis62 {
		return flags62(cmd)
	}
	if cmd.flags&flagScript == 0 || len(argv) < 2 {
		return cmd.flags
	}
	if strings.HasPrefix(cmd.name, "fcall") {
		if s.ks.lua != nil {
			if f := s.ks.lua.funcs[argv[1]]; f != nil {
				return scriptFlagsToCmdFlags(cmd.flags, f.flags)
			}
		}
		return cmd.flags
	}
	body, ok := argv[1], true
	if strings.HasPrefix(cmd.name, "evalsha") {
		if len(argv[1]) != 40 || s.lua == nil {
			return cmd.flags
		}
		if body, ok = s.lua.scripts[strings.ToLower(argv[1])]; !ok {
			return cmd.flags
		}
	}
	f, _, err := evalExtractShebangFlags(body)
	if err != "" || f&scriptEvalCompat != 0 {
		return cmd.flags
	}
	return scriptFlagsToCmdFlags(cmd.flags, f)
}

// runningStale is a replica whose link is not up while
// replica-serve-stale-data is no: it refuses what has no CMD_STALE.
func (s *Server) runningStale() bool {
	return s.masterhost != "" && s.replState != replConnected && !s.cfg.serveStale
}

var errMasterDown = errReply("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.")

// scriptPrepareForRun is script.c's checks before a script runs, where
// its flags say it may write, read stale data or grow memory. Most of
// them processCommand already made on the flags getCommandFlags gave;
// these catch the rest (a compatibility-mode EVAL on a stale replica,
// EVAL_RO and FCALL_RO of a script that may write).
func scriptPrepareForRun(c *cmdCtx, f scriptFlags, ro bool) (Reply, bool) {
	s := c.s
	stale := s.runningStale()
	if f&scriptEvalCompat != 0 {
		if stale {
			return errMasterDown, false
		}
		return Reply{}, true
	}
	// no-cluster: the model's servers never run in cluster mode.
	if stale && f&scriptAllowStale == 0 {
		return errReply("MASTERDOWN Link with MASTER is down, replica-serve-stale-data is set to 'no' and 'allow-stale' flag is not set on the script."), false
	}
	if f&scriptNoWrites == 0 {
		if s.masterhost != "" && s.cfg.readOnly && !c.fromMaster {
			return errReply("READONLY Can not run script with write flag on readonly replica"), false
		}
		if ro {
			return errReply("ERR Can not execute a script with write flag using *_ro command."), false
		}
		if c.w.noGoodReplicas(s) {
			return errNoReplicas, false
		}
	}
	// no-writes implies allow-oom. processCommand refused such a script
	// already (it is denyoom), unless its OOM state was its caller's.
	if s.preCommandOOM && s.cfg.maxmemory != 0 && f&(scriptAllowOOM|scriptNoWrites) == 0 {
		return errReply("OOM allow-oom flag is not set on the script, can not run it when used memory > 'maxmemory'"), false
	}
	return Reply{}, true
}
