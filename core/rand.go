package core

// randUint64 is the world's seeded generator (splitmix64, as newReplid
// uses): SPOP, SRANDMEMBER, RANDOMKEY and friends draw from it, so a run
// is reproducible.
func (w *World) randUint64() uint64 {
	w.rng += 0x9E3779B97F4A7C15
	z := w.rng
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// randN is a number in [0, n).
func (w *World) randN(n int) int {
	if n <= 0 {
		return 0
	}
	return int(w.randUint64() % uint64(n))
}
