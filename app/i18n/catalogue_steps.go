package i18n

// Strings of issue 10's key moments, bytes in motion and pinch zoom (app/
// playback.go, narration.go, motion.go, backlogview.go), kept in their own
// map so that the main catalogue's edits and these merge apart.
var stepsCatalogue = map[string]Msg{
	"narration.key_moment": {"This is the moment the line is about. Next line again shows its settled end.", "这是这一行的关键时刻。再按“下一行”可以看到它完成之后的状态。"},
	"topo.down_lag":        {"down · lag %s", "down · 延迟 %s"},
	"topo.syncing_lag":     {"syncing · lag %s", "同步中 · 延迟 %s"},
	"motion.held":          {"held %s", "滞留 %s"},
	"motion.flight_title":  {"%d bytes in flight from %s to %s: offsets %d–%d", "%d 字节正从 %s 传往 %s：偏移量 %d–%d"},
	"motion.buffer_title":  {"%d bytes in %s's read buffer, read and not yet applied: offsets %d–%d", "%d 字节在 %s 的读缓冲区中，已读取、尚未应用：偏移量 %d–%d"},
	"motion.stalled_title": {"the link is stalled: %d bytes from %s wait on it, %s reads nothing", "链路停滞：%d 字节（来自 %s）滞留在链路上，%s 读不到任何数据"},
	"motion.back_title":    {"the link is cut: %s has %d bytes that %s has not received; they wait in its backlog", "链路已断开：%s 有 %d 字节 %s 还没有收到；它们留在积压缓冲区中"},
	"motion.msg_title":     {"on the way from %s to %s", "正从 %s 传往 %s"},
}

func init() {
	for k, v := range stepsCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key " + k + " is in both catalogues")
		}
		catalogue[k] = v
	}
}
