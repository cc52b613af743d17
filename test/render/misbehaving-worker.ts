// Test fixture: the real render worker, plus two ways to misbehave on demand, so the tests
// can watch the renderer replace a worker that dies or stops answering.
import { parentPort } from "node:worker_threads";

type Request = { spec?: { title?: string } };

function misbehave(request: Request): void {
  if (request.spec?.title === "__crash__") process.exit(3);
  if (request.spec?.title === "__hang__") Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

// Wrap the real worker's message listener rather than adding one beside it: a listener added
// before the worker module loads would take requests that arrive meanwhile, and one added
// after would run only once the drawing is done.
const port = parentPort;
if (port) {
  const on = port.on.bind(port);
  const wrapped = (event: string, listener: (request: Request) => void) =>
    on(
      event,
      event === "message"
        ? (request: Request) => {
            misbehave(request);
            listener(request);
          }
        : listener,
    );
  port.on = wrapped as unknown as typeof port.on;
}

await import("../../src/render/worker.js");
