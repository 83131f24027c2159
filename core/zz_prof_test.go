package core
import ("runtime/pprof";"os";"testing";"time";"runtime";"replscope/core/scenario")
func TestZZPlay(t *testing.T){
 f := os.Getenv("ZZF"); if f=="" {t.Skip()}
 t0:=time.Now()
 b,_ := os.ReadFile(f)
 s, err := scenario.Parse("s", string(b)); if err!=nil {t.Fatal(err)}
 t1:=time.Now()
 tl, err := Play(s, Options{Seed:1}); if err!=nil {t.Fatal(err)}
 t2:=time.Now()
 var ms runtime.MemStats; runtime.ReadMemStats(&ms)
 t.Logf("events %d parse %v play %v sys %d MiB heap %d MiB", tl.Len(), t1.Sub(t0), t2.Sub(t1), ms.Sys>>20, ms.HeapAlloc>>20)
 if hp:=os.Getenv("ZZHEAP"); hp!="" { runtime.GC(); f,_:=os.Create(hp); pprof.WriteHeapProfile(f); f.Close() }
 t3:=time.Now(); tl.At(tl.Len()/2); t.Logf("seek %v", time.Since(t3))
}
