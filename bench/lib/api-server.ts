// The test Bot API server in a child process (api-server-child.ts), driven over IPC: one
// place for forking it and waiting for its answers, shared by the benchmarks that use it.
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface ApiServerChild {
  readonly child: ChildProcess;
  readonly ready: { apiRoot: string; token: string; botInfo: never };
  /** Resolves with the next IPC message of this type. */
  nextMessage<T>(type: string): Promise<T>;
}

export async function forkApiServer(): Promise<ApiServerChild> {
  const child = fork(fileURLToPath(new URL("./api-server-child.ts", import.meta.url)), {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const nextMessage = <T>(type: string) =>
    new Promise<T>((resolve) => {
      const onMessage = (message: { type: string }) => {
        if (message.type === type) {
          child.off("message", onMessage);
          resolve(message as T);
        }
      };
      child.on("message", onMessage);
    });
  const ready = await nextMessage<ApiServerChild["ready"]>("ready");
  return { child, ready, nextMessage };
}
