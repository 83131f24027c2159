// Starts ReplScope's simulator (web/sim-worker.js) while the page's own
// app.wasm is still loading, so that the two load side by side; the page
// takes it from window.__replscopeSim (app/model, transport_js.go). It
// also fetches the lesson's first load as the generator recorded it
// (web/boot/, model.Booted), so that the first picture needs no
// simulator. The guide has neither.
if (!/\/guide(\.html)?$/.test(location.pathname) && typeof Worker !== "undefined") {
  window.__replscopeSim = new Worker(new URL("sim-worker.js", document.currentScript.src));
  const frag = new URLSearchParams(location.hash.slice(1));
  const query = new URLSearchParams(location.search);
  const param = (n) => frag.get(n) || query.get(n);
  const lesson = param("lesson");
  let boot = null;
  if (!param("s")) {
    boot = lesson ? (/^[a-z0-9-]+$/.test(lesson) ? "lesson-" + lesson + ".json" : null) : "first.json";
  }
  window.__replscopeBoot = boot
    ? fetch(new URL("boot/" + boot, document.currentScript.src)).then((r) => (r.ok ? r.text() : "")).catch(() => "")
    : Promise.resolve("");
}
