//go:build !js

package app

import (
	"net/url"
	"syscall"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// BenchmarkStepFailover is one Step click on the failover lesson in a
// mounted Player, rendered server-side: the Go half of a step in the page
// (the browser adds the DOM writes, style, layout and paint).
func BenchmarkStepFailover(b *testing.B) {
	p := &Player{}
	disp := app.NewClientTester(p)
	defer disp.Close()
	u, _ := url.Parse("/?lesson=failover&at=0")
	disp.Nav(u)
	disp.Consume()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		action := "step"
		if p.pos >= 40 {
			action = "reset"
		}
		disp.Dispatch(app.Dispatch{Mode: app.Update, Source: p, Function: func(ctx app.Context) { p.Do(ctx, action) }})
		disp.Consume()
	}
	// go-app's frame clock makes the wall time mostly waiting: the CPU
	// time is the step's cost.
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e3, "cpu-µs/step")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
