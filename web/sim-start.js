// Starts ReplScope's simulator (web/sim-worker.js) while the page's own
// app.wasm is still loading, so that the two load side by side; the page
// takes it from window.__replscopeSim (app/model, transport_js.go). The
// guide has no simulator.
if (!/\/guide(\.html)?$/.test(location.pathname) && typeof Worker !== "undefined") {
  window.__replscopeSim = new Worker(new URL("sim-worker.js", document.currentScript.src));
}
