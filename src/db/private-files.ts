// The embedded database holds every stored message: its directory is the owner's alone
// (directories 700, files 600), whatever the umask. PGlite's file layer (Emscripten's NODEFS)
// creates files 0777 and then chmods them to 0666, so the umask alone would leave them
// readable and writable by every local user; the modes are narrowed where that layer sets
// them, and anything an earlier version left looser is tightened when the database opens.
import { chmodSync, lstatSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { NodeFS } from "@electric-sql/pglite/nodefs";

const TYPE_BITS = 0o170000;
const DIRECTORY = 0o040000;

/** `mode` with group and other bits cleared; files also lose execute bits. */
export function privateMode(mode: number): number {
  const type = mode & TYPE_BITS;
  return type | (mode & (type === DIRECTORY ? 0o700 : 0o600));
}

/** Creates `dir` (and missing parents) as 700, and makes an existing one 700. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    chmodSync(dir, 0o700);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") throw error;
    throw new Error(
      `${dir} must be private to the user Pulse runs as (mode 700), but that user does not own it; give it that owner (chown) or choose another DATA_DIR`,
      { cause: error },
    );
  }
}

/** Directories 700 and files 600 under `dir`; symbolic links are left alone, never followed. */
export function tightenTree(dir: string): void {
  const stat = lstatSync(dir);
  if (stat.isSymbolicLink()) return;
  const wanted = privateMode(stat.mode) & 0o7777;
  if ((stat.mode & 0o7777) !== wanted) chmodSync(dir, wanted);
  if (!stat.isDirectory()) return;
  for (const entry of readdirSync(dir)) tightenTree(join(dir, entry));
}

/** The parts of Emscripten's NODEFS this relies on (PGlite 0.5's build). */
interface EmscriptenNodeFs {
  node_ops?: { mknod?: (parent: unknown, name: string, mode: number, dev: unknown) => unknown };
  doSetAttr?: (target: unknown, node: unknown, attr: { mode?: number }, ...rest: unknown[]) => unknown;
}

/**
 * PGlite's Node file system with private modes: every mkdir, create and chmod it makes goes
 * through `privateMode`. Should a PGlite release rename these internals, files would keep
 * PGlite's modes until the next open tightens them (the tests check the live modes).
 */
export class PrivateNodeFS extends NodeFS {
  override async init(pg: PGlite, opts: Parameters<NodeFS["init"]>[1]) {
    const { emscriptenOpts } = await super.init(pg, opts);
    const restrict = (module: { NODEFS?: EmscriptenNodeFs }) => {
      const nodefs = module.NODEFS;
      const ops = nodefs?.node_ops;
      if (!nodefs || !ops?.mknod || !nodefs.doSetAttr) return;
      const mknod = ops.mknod;
      ops.mknod = (parent, name, mode, dev) => mknod.call(ops, parent, name, privateMode(mode), dev);
      const doSetAttr = nodefs.doSetAttr;
      nodefs.doSetAttr = (target, node, attr, ...rest) =>
        doSetAttr.call(
          nodefs,
          target,
          node,
          attr.mode === undefined ? attr : { ...attr, mode: privateMode(attr.mode) },
          ...rest,
        );
    };
    // Before NodeFS's own step, which mounts the directory: nothing is created before it.
    return { emscriptenOpts: { ...emscriptenOpts, preRun: [restrict, ...(emscriptenOpts.preRun ?? [])] } };
  }
}
