//go:build js

package model

import (
	"encoding/json"
	"sync"
	"syscall/js"

	"replscope/app/proto"
)

// Worker is the simulator in a Web Worker (wasm/sim's sim.wasm, started
// by web/sim-start.js while the page loads). A call blocks the calling
// goroutine, never a JavaScript callback: go-app runs views' handlers on
// its own goroutine, so the browser goes on delivering the worker's
// answers meanwhile.
type Worker struct {
	w       js.Value
	mu      sync.Mutex
	pending map[int]chan string
	dead    error
	onMsg   js.Func
	onErr   js.Func
}

// StartWorker takes the worker web/sim-start.js started, or starts one
// at url (a page reached without it: the guide, then the player).
func StartWorker(url string) *Worker {
	w := &Worker{pending: map[int]chan string{}}
	if s := js.Global().Get("__replscopeSim"); s.Truthy() {
		w.w = s
	} else {
		w.w = js.Global().Get("Worker").New(url)
		js.Global().Set("__replscopeSim", w.w)
	}
	w.onMsg = js.FuncOf(func(this js.Value, args []js.Value) any {
		data := args[0].Get("data")
		id := data.Index(0).Int()
		if id < 0 {
			w.fail(data.Index(1).String())
			return nil
		}
		w.mu.Lock()
		ch := w.pending[id]
		delete(w.pending, id)
		w.mu.Unlock()
		if ch != nil {
			ch <- data.Index(1).String() // buffered: never blocks the callback
		}
		return nil
	})
	w.onErr = js.FuncOf(func(this js.Value, args []js.Value) any {
		reason := "an error in its worker"
		if m := args[0].Get("message"); m.Truthy() {
			reason = m.String()
		}
		w.fail(reason)
		return nil
	})
	w.w.Call("addEventListener", "message", w.onMsg)
	w.w.Call("addEventListener", "error", w.onErr)
	return w
}

// fail ends every call waiting and every later one with Stopped(reason):
// a simulator that ran out of memory or did not load is said, and the
// page, with what it shows, lives on.
func (w *Worker) fail(reason string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.dead == nil {
		w.dead = Stopped(reason)
	}
	for id, ch := range w.pending {
		close(ch)
		delete(w.pending, id)
	}
}

// Call posts r and waits for its answer.
func (w *Worker) Call(r *proto.Request) (*proto.Response, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	ch := make(chan string, 1)
	w.mu.Lock()
	if w.dead != nil {
		err := w.dead
		w.mu.Unlock()
		return nil, err
	}
	w.pending[r.ID] = ch
	w.mu.Unlock()
	w.w.Call("postMessage", js.ValueOf([]any{r.ID, string(b)}))
	out, ok := <-ch
	if !ok {
		w.mu.Lock()
		defer w.mu.Unlock()
		return nil, w.dead
	}
	var resp proto.Response
	if err := json.Unmarshal([]byte(out), &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// lazyWorker starts the worker at its first call: the guide never does.
type lazyWorker struct {
	url  string
	once sync.Once
	w    *Worker
}

// WorkerAt is the simulator in a Web Worker at url, started when first
// needed (or already started by web/sim-start.js).
func WorkerAt(url string) Transport { return &lazyWorker{url: url} }

func (l *lazyWorker) Call(r *proto.Request) (*proto.Response, error) {
	l.once.Do(func() { l.w = StartWorker(l.url) })
	return l.w.Call(r)
}

// PageBoot is the recorded first load web/sim-start.js fetched
// (window.__replscopeBoot, a promise of its text), waited for at the
// page's first call; nil when there is none or it does not read.
func PageBoot() []BootCall {
	p := js.Global().Get("__replscopeBoot")
	if !p.Truthy() {
		return nil
	}
	ch := make(chan string, 1)
	var then, catch js.Func
	then = js.FuncOf(func(this js.Value, args []js.Value) any {
		then.Release()
		catch.Release()
		ch <- args[0].String()
		return nil
	})
	catch = js.FuncOf(func(this js.Value, args []js.Value) any {
		then.Release()
		catch.Release()
		ch <- ""
		return nil
	})
	p.Call("then", then, catch)
	var calls []BootCall
	if err := json.Unmarshal([]byte(<-ch), &calls); err != nil {
		return nil
	}
	return calls
}
