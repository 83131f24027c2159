// ReplScope's simulator in a Web Worker: sim.wasm (wasm/sim) runs the
// core off the page's thread. The page posts [id, request JSON] and gets
// [id, response JSON]; [-1, text] says the simulator stopped, so that the
// page can say so instead of waiting forever.
importScripts("../wasm_exec.js");

const queue = [];
let serve = null;
let memory = null; // sim.wasm's linear memory, once instantiated
self.onmessage = (e) => {
  if (e.data === "memory" && e.ports.length) {
    // The page benchmarks' reading of the simulator's memory, which never
    // shrinks: so its peak.
    e.ports[0].postMessage(memory ? memory.buffer.byteLength : -1);
    return;
  }
  if (serve) serve(e.data);
  else queue.push(e.data);
};
// Called by sim.wasm's main once it listens: the queued requests follow,
// after this call has returned to Go.
self.__replscopeServe = (f) => {
  serve = f;
  setTimeout(() => {
    for (const m of queue.splice(0)) serve(m);
  }, 0);
};

async function start() {
  const go = new Go();
  const resp = fetch("sim.wasm");
  let inst;
  try {
    inst = (await WebAssembly.instantiateStreaming(resp, go.importObject)).instance;
  } catch (err) {
    // A static host that does not say application/wasm.
    const bytes = await (await fetch("sim.wasm")).arrayBuffer();
    inst = (await WebAssembly.instantiate(bytes, go.importObject)).instance;
  }
  memory = inst.exports.mem;
  await go.run(inst);
  self.postMessage([-1, "its program ended"]);
}

start().catch((err) => self.postMessage([-1, "it did not start: " + err]));
