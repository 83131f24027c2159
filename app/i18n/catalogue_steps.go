package i18n

// Strings of issue 10's key moments, bytes in motion and pinch zoom (app/
// playback.go, narration.go, motion.go, backlogview.go), kept in their own
// map so that the main catalogue's edits and these merge apart.
var stepsCatalogue = map[string]Msg{
	"narration.key_moment": {"This is the moment the line is about. Next line again shows its settled end.", "这是这一行的关键时刻。再按“下一行”可以看到它完成之后的状态。"},
}

func init() {
	for k, v := range stepsCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key " + k + " is in both catalogues")
		}
		catalogue[k] = v
	}
}
