// Pulse as a real process (`npm start`, or node alone) against the test Bot API server, for
// black-box stop tests: signals to the process group, SIGKILL, a database that goes away.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { RawUpdate, TestBotApiServer } from "./bot-api-server.js";
import { message, person, supergroup, update } from "./updates.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

export interface PulseProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything the process printed (JSON log lines). */
  output(): string;
  /** Signals the whole process group, as systemd or `kill -- -PGID` do. */
  signalGroup(signal: NodeJS.Signals): void;
}

export function startPulseProcess(
  server: TestBotApiServer,
  env: Record<string, string>,
  how: "npm" | "node" = "npm",
): PulseProcess {
  const [command, args] =
    how === "npm" ? ["npm", ["start", "--silent"]] : [process.execPath, ["--import", "tsx", "src/main.ts"]];
  const child = spawn(command, args, {
    cwd: root,
    // Its own process group, like a service: signalGroup reaches npm and node together.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? tmpdir(),
      BOT_TOKEN: server.token,
      TELEGRAM_API_ROOT: server.apiRoot,
      HTTP_HOST: "127.0.0.1",
      HTTP_PORT: "0",
      LOG_LEVEL: "info",
      ...env,
    },
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    exited,
    output: () => output,
    signalGroup: (signal) => process.kill(-(child.pid as number), signal),
  };
}

/** True while any process of the group is alive. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export function tempDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), "pulse-stop-"));
}

/**
 * A TCP proxy in front of PostgreSQL that can be cut, like a database server that stops:
 * open connections are reset and new ones refused until restore().
 */
export class CuttableProxy {
  private readonly sockets = new Set<net.Socket>();
  private cut = false;
  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<CuttableProxy> {
    let proxy: CuttableProxy | undefined;
    const server = net.createServer((client) => {
      if (!proxy || proxy.cut) {
        client.destroy();
        return;
      }
      const upstream = net.connect(target.port, target.host);
      for (const socket of [client, upstream]) {
        proxy.sockets.add(socket);
        socket.on("close", () => proxy?.sockets.delete(socket));
        socket.on("error", () => {});
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    proxy = new CuttableProxy(server, (server.address() as net.AddressInfo).port);
    return proxy;
  }

  /** The database URL through this proxy. */
  urlFor(url: string): string {
    const u = new URL(url);
    u.hostname = "127.0.0.1";
    u.port = String(this.port);
    return u.toString();
  }

  cutOff(): void {
    this.cut = true;
    for (const socket of this.sockets) socket.destroy();
  }

  restore(): void {
    this.cut = false;
  }

  async close(): Promise<void> {
    this.cutOff();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** `count` message updates over a few chats, one sender: each stored row is one update. */
export function burst(count: number, chats = 10): RawUpdate[] {
  const sender = person(301, "Stopper");
  return Array.from({ length: count }, (_, i) => {
    const chat = supergroup(-1004000000000 - (i % chats), `Stop ${i % chats}`);
    const at = new Date(Date.UTC(2026, 2, 10, 9, 0, 0) + i * 1000).toISOString();
    return update.message(message(chat, Math.floor(i / chats) + 1, at, { from: sender, text: `message ${i}` }));
  });
}
