package conformance

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"syscall"
	"time"

	"replscope/core"
)

// conn is a minimal RESP client: enough to send commands and read any
// reply a Redis 7.0 server gives to them, in RESP2 or after HELLO 3 in
// RESP3.
type conn struct {
	c net.Conn
	r *bufio.Reader
	w *bufio.Writer
	// closed: the server closed the connection inside a reply (EXEC's
	// replies after a CLIENT KILL of this client are never written).
	closed bool
}

func dial(port int, timeout time.Duration) (*conn, error) {
	c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), timeout)
	if err != nil {
		return nil, err
	}
	return &conn{c: c, r: bufio.NewReaderSize(c, 64<<10), w: bufio.NewWriterSize(c, 64<<10)}, nil
}

func (c *conn) Close() error { return c.c.Close() }

// value is a decoded reply.
type value struct {
	kind  byte // + - : $ * and 'n' for nil; RESP3's % (array holds keys and values in turn) ~ , # (int 0/1) = (str without its format); 'x' where the connection closed inside an aggregate
	str   string
	int   int64
	array []value
}

// String is the reply as recorded: as core.Reply's Compact renders it,
// so that a real reply and a simulated one are written alike.
func (v value) String() string { return v.reply().Compact() }

func (v value) reply() core.Reply {
	r := core.Reply{Kind: v.kind, Str: v.str, Int: v.int}
	if v.array != nil {
		r.Array = make([]core.Reply, len(v.array))
		for i, e := range v.array {
			r.Array[i] = e.reply()
		}
	}
	return r
}

func (c *conn) send(args ...string) error {
	fmt.Fprintf(c.w, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(c.w, "$%d\r\n%s\r\n", len(a), a)
	}
	return nil
}

func (c *conn) flush() error { return c.w.Flush() }

// do sends one command and reads its reply, with a deadline.
func (c *conn) do(timeout time.Duration, args ...string) (value, error) {
	_ = c.c.SetDeadline(time.Now().Add(timeout))
	defer c.c.SetDeadline(time.Time{})
	if err := c.send(args...); err != nil {
		return value{}, err
	}
	if err := c.flush(); err != nil {
		return value{}, err
	}
	return c.read()
}

func (c *conn) read() (value, error) {
	line, err := c.r.ReadString('\n')
	if err != nil {
		return value{}, err
	}
	if len(line) < 3 || !strings.HasSuffix(line, "\r\n") {
		return value{}, errors.New("protocol error: " + strconv.Quote(line))
	}
	body := line[1 : len(line)-2]
	switch line[0] {
	case '+', '-':
		return value{kind: line[0], str: body}, nil
	case '_':
		return value{kind: 'n'}, nil
	case ',':
		return value{kind: ',', str: body}, nil
	case '#':
		if body != "t" && body != "f" {
			return value{}, errors.New("protocol error: " + strconv.Quote(line))
		}
		if body == "t" {
			return value{kind: '#', int: 1}, nil
		}
		return value{kind: '#'}, nil
	case '=', '!':
		n, err := strconv.Atoi(body)
		if err != nil || n < 4 && line[0] == '=' {
			return value{}, errors.New("protocol error: " + strconv.Quote(line))
		}
		buf := make([]byte, n+2)
		if _, err := ioReadFull(c.r, buf); err != nil {
			return value{}, err
		}
		if line[0] == '!' {
			return value{kind: '-', str: string(buf[:n])}, nil
		}
		return value{kind: '=', str: string(buf[4:n])}, nil // after "txt:"
	case '%', '~', '>':
		n, err := strconv.Atoi(body)
		if err != nil || n < 0 {
			return value{}, errors.New("protocol error: " + strconv.Quote(line))
		}
		kind := line[0]
		if kind == '%' {
			n *= 2
		}
		if kind == '>' {
			kind = '*' // a push: shown as the array it is in RESP2
		}
		return c.readItems(value{kind: kind, array: make([]value, n)})
	case ':':
		n, err := strconv.ParseInt(body, 10, 64)
		return value{kind: ':', int: n}, err
	case '$':
		n, err := strconv.Atoi(body)
		if err != nil {
			return value{}, err
		}
		if n < 0 {
			return value{kind: 'n'}, nil
		}
		buf := make([]byte, n+2)
		if _, err := ioReadFull(c.r, buf); err != nil {
			return value{}, err
		}
		return value{kind: '$', str: string(buf[:n])}, nil
	case '*':
		n, err := strconv.Atoi(body)
		if err != nil {
			return value{}, err
		}
		if n < 0 {
			return value{kind: 'n'}, nil
		}
		return c.readItems(value{kind: '*', array: make([]value, n)})
	}
	return value{}, errors.New("protocol error: " + strconv.Quote(line))
}

// readItems reads an aggregate's items. A connection the server closes
// after some of them (CLIENT_CLOSE_AFTER_REPLY inside EXEC) gives the
// items read and an 'x' where the rest would be, as the core models it.
func (c *conn) readItems(v value) (value, error) {
	for i := range v.array {
		e, err := c.read()
		if err != nil {
			if i > 0 && closedErr(err) {
				c.closed = true
				v.array = append(v.array[:i], value{kind: 'x'})
				return v, nil
			}
			return value{}, err
		}
		v.array[i] = e
	}
	return v, nil
}

// closedErr says whether a read failed because the peer closed the
// connection.
func closedErr(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET)
}

func ioReadFull(r *bufio.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// parseInfo splits INFO text into fields.
func parseInfo(text string) map[string]string {
	out := map[string]string{}
	for _, l := range strings.Split(text, "\r\n") {
		if l == "" || l[0] == '#' {
			continue
		}
		if i := strings.IndexByte(l, ':'); i > 0 {
			out[l[:i]] = l[i+1:]
		}
	}
	return out
}

// slaveLine parses "ip=...,port=...,state=...,offset=...,lag=...".
func slaveLine(v string) map[string]string {
	out := map[string]string{}
	for _, kv := range strings.Split(v, ",") {
		if i := strings.IndexByte(kv, '='); i > 0 {
			out[kv[:i]] = kv[i+1:]
		}
	}
	return out
}
