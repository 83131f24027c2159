package core

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// What the recordings cannot pin down: several single commands after the
// categories (Redis lists them in its dict's random order; the model
// alphabetically), the rules a transaction meets at EXEC (refused, and
// logged in the multi context), and DELUSER of the client's own user
// (its connection closes; the next command is a new connection's, the
// default user's).
func TestACLModelChoices(t *testing.T) {
	r := replies(t, `node M
M ACL SETUSER erin reset +@hash +@string -@write
M ACL GETUSER erin
M ACL SETUSER u on nopass +@all ~*
M AUTH u x
M MULTI
M GET k
M ACL SETUSER u -get
M GET k
M EXEC
M ACL LOG
M ACL LOG RESET
M ACL LOG
M ACL DELUSER u
M ACL WHOAMI
`)
	// 7.0.15 said the same twelve commands as "+substr +lcs -hsetnx -hincrby
	// -hincrbyfloat -hset +mget +get +strlen -hmset +getrange -hdel" once.
	assert.Equal(t, "[flags,[off,sanitize-payload],passwords,[],commands,-@all +@hash +get +getrange -hdel -hincrby -hincrbyfloat -hmset -hset -hsetnx +lcs +mget +strlen +substr,keys,,channels,,selectors,[]]", r["M ACL GETUSER erin"])
	assert.Equal(t, "[nil,OK,NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. This command is no longer allowed for the following reason: no permission to execute the command or subcommand]", r["M EXEC"])
	assert.Equal(t, "[]", r["M ACL LOG"]) // the last one, after RESET
	assert.Equal(t, "default", r["M ACL WHOAMI"])
	assert.Equal(t, "1", r["M ACL DELUSER u"])
}

// A server's users are its own: a clone of the world (the timeline's
// steps) does not see a later SETUSER.
func TestACLUsersCopiedOnWrite(t *testing.T) {
	users := aclUsers{"default": defaultACLUser(versions["redis-7.0"])}
	s := &Server{acl: users, ks: newKeyspaceSized(newKeyIndex(), 1)}
	c := s.clone()
	u := s.acl["default"].copy()
	assert.Equal(t, aclErr(""), u.setUser("-get", versions["redis-7.0"], false))
	next := aclUsers{"default": u}
	s.acl = next
	assert.True(t, c.acl["default"].selectors[0].allowed["get"])
	assert.False(t, s.acl["default"].selectors[0].allowed["get"])
}

// A command refused at EXEC because the rules changed after it was queued
// is logged in the multi context, the client's line naming EXEC (execCommand
// runs ACLCheckAllPerm per queued command: no real scenario can change the
// rules between queueing and EXEC but the transaction itself).
func TestACLLogExecRulesChanged(t *testing.T) {
	r := replies(t, `node M
M ACL SETUSER u on nopass +@all ~*
M AUTH u x
M MULTI
M ACL SETUSER u -get
M GET k
M EXEC
M ACL LOG 1
`)
	assert.Contains(t, r["M ACL LOG 1"], "[[count,1,reason,command,context,multi,object,get,username,u,age-seconds,0,client-info,id=1 ")
	assert.Contains(t, r["M ACL LOG 1"], " cmd=exec user=u ")
}
