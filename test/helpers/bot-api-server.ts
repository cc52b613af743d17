/**
 * TestBotApiServer: a local stand-in for Telegram's Bot API HTTP server.
 *
 * End-to-end tests and benchmarks point the real grammY bot at it
 * (`new Bot(token, { client: { apiRoot: server.apiRoot } })`) and drive it over
 * real HTTP: updates are injected with `pushUpdate()` and served through
 * `getUpdates` long polling with Telegram's offset / limit / timeout /
 * allowed_updates semantics; the methods the bot calls are recorded and
 * answered with Bot API shaped results (or with injected failures).
 *
 * Deliberate simplifications: `parse_mode` is not interpreted (text is stored
 * verbatim), concurrent `getUpdates` callers are all served instead of getting
 * 409 Conflict, and negative offsets are ignored.
 */

import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, posix } from "node:path";
import busboy from "busboy";
import type { ChatFullInfo, ChatMember, Message, UserFromGetMe } from "grammy/types";

export interface UploadedFile {
  filename: string;
  mimeType: string;
  data: Buffer;
}

export interface RecordedCall {
  method: string;
  payload: Record<string, unknown>;
  /** Multipart file parts keyed by field name (grammY uses random names referenced as `attach://<name>`). */
  files: Record<string, UploadedFile>;
  at: number;
}

export interface ApiErrorSpec {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/** Any raw update; `update_id` is assigned when missing. */
export type RawUpdate = Record<string, unknown> & { update_id?: number };

export interface TestBotApiServerOptions {
  port?: number;
  token?: string;
  botInfo?: Partial<UserFromGetMe>;
  /** Record method calls in `calls` (default true). Benchmarks may turn this off to save memory. */
  recordCalls?: boolean;
  /** Also record getUpdates calls in `calls` (default false; they are always counted). */
  recordGetUpdates?: boolean;
}

/** The `File` object returned by getFile. */
export interface FileInfo {
  file_id: string;
  file_unique_id: string;
  file_size: number;
  file_path: string;
}

type Obj = Record<string, unknown>;
type Handler = (payload: Obj, files: Record<string, UploadedFile>) => unknown;
type ResultFn = (payload: Record<string, unknown>, call: RecordedCall) => unknown;

interface StoredFile extends FileInfo {
  data: Buffer;
  filename: string;
  mimeType: string;
}

interface QueuedUpdate {
  id: number;
  type: string;
  update: Obj;
}

interface CallWaiter {
  method: string;
  predicate: (call: RecordedCall) => boolean;
  resolve: (call: RecordedCall) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface ConfirmWaiter {
  updateId: number;
  resolve: () => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export const DEFAULT_TEST_TOKEN = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz0123";

const DEFAULT_BOT_INFO: UserFromGetMe = {
  id: 7000000001,
  is_bot: true,
  first_name: "Pulse",
  username: "pulse_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

/** Telegram's default set (empty or never specified allowed_updates) is everything but these. */
const NOT_DELIVERED_BY_DEFAULT = new Set(["chat_member", "message_reaction", "message_reaction_count"]);

const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

const MIME_BY_EXT: Record<string, string> = {
  ".csv": "text/csv",
  ".txt": "text/plain",
  ".json": "application/json",
  ".pdf": "application/pdf",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".zip": "application/zip",
  ".html": "text/html",
};

/** Error thrown inside handlers; anything shaped like ApiErrorSpec is answered as an API error. */
class ApiFailure extends Error implements ApiErrorSpec {
  constructor(
    readonly error_code: number,
    readonly description: string,
  ) {
    super(description);
  }
}

function badRequest(description: string): never {
  throw new ApiFailure(400, `Bad Request: ${description}`);
}

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isApiError(value: unknown): value is ApiErrorSpec {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Obj).error_code === "number" &&
    typeof (value as Obj).description === "string"
  );
}

/** Form fields are strings on the wire; grammY JSON-stringifies non-string values, so undo that. */
function coerce(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function toText(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

const unixNow = (): number => Math.floor(Date.now() / 1000);

/** Telegram only echoes inline keyboards back in Message.reply_markup. */
function inlineMarkup(markup: unknown): Obj | undefined {
  return isObj(markup) && Array.isArray(markup.inline_keyboard) ? markup : undefined;
}

/** Read width/height from a PNG header so charts uploaded as PNG get realistic sizes. */
function imageSize(data: Buffer): { width: number; height: number } {
  if (data.length >= 24 && data.readUInt32BE(0) === 0x89504e47 && data.toString("latin1", 12, 16) === "IHDR") {
    return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  }
  return { width: 1280, height: 720 };
}

function sendJson(res: ServerResponse, status: number, body: string): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function sendError(res: ServerResponse, error: ApiErrorSpec): void {
  const status = error.error_code >= 400 && error.error_code <= 599 ? error.error_code : 400;
  const body: Obj = { ok: false, error_code: error.error_code, description: error.description };
  if (error.parameters) body.parameters = error.parameters;
  sendJson(res, status, JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseMultipart(req: IncomingMessage, payload: Obj, files: Record<string, UploadedFile>): Promise<void> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      // grammY sends raw UTF-8 filenames, busboy assumes latin1 unless told otherwise.
      parser = busboy({ headers: req.headers, defParamCharset: "utf8", limits: { fieldSize: 64 * 1024 * 1024 } });
    } catch {
      reject(new ApiFailure(400, "Bad Request: can't parse multipart/form-data"));
      return;
    }
    let openFiles = 0;
    let parsed = false;
    const maybeDone = () => {
      if (parsed && openFiles === 0) resolve();
    };
    parser.on("field", (name, value) => {
      payload[name] = coerce(value);
    });
    parser.on("file", (name, stream, info) => {
      openFiles++;
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        files[name] = { filename: info.filename ?? name, mimeType: info.mimeType, data: Buffer.concat(chunks) };
        openFiles--;
        maybeDone();
      });
    });
    parser.on("close", () => {
      parsed = true;
      maybeDone();
    });
    parser.on("error", () => reject(new ApiFailure(400, "Bad Request: can't parse multipart/form-data")));
    // A client that disconnects mid-upload must not leave the promise hanging.
    req.on("error", reject);
    req.pipe(parser);
  });
}

/** Merge query string and body (JSON, urlencoded or multipart) into one payload, as Telegram does. */
async function parseRequest(
  req: IncomingMessage,
  url: URL,
): Promise<{ payload: Obj; files: Record<string, UploadedFile> }> {
  const payload: Obj = {};
  const files: Record<string, UploadedFile> = {};
  for (const [key, value] of url.searchParams) payload[key] = coerce(value);
  const type = (req.headers["content-type"] ?? "").toLowerCase();
  if (type.startsWith("multipart/form-data")) {
    await parseMultipart(req, payload, files);
    return { payload, files };
  }
  const body = await readBody(req);
  if (body.length === 0) return { payload, files };
  if (type.startsWith("application/x-www-form-urlencoded")) {
    for (const [key, value] of new URLSearchParams(body.toString("utf8"))) payload[key] = coerce(value);
    return { payload, files };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    // Only complain when the client claimed JSON; other bodies are ignored like unknown content.
    if (type.includes("json")) badRequest("can't parse JSON object");
  }
  if (isObj(parsed)) Object.assign(payload, parsed);
  return { payload, files };
}

/** Resolve a multipart upload referenced by `call.payload[field]` (or an `attach://name` string). */
export function attachedFile(call: RecordedCall, fieldOrRef: string): UploadedFile | undefined {
  const ref = fieldOrRef.startsWith("attach://") ? fieldOrRef : call.payload[fieldOrRef];
  if (typeof ref === "string" && ref.startsWith("attach://")) return call.files[ref.slice("attach://".length)];
  return call.files[fieldOrRef];
}

export class TestBotApiServer {
  readonly token: string;
  readonly botInfo: UserFromGetMe;
  /** Every method call (except getUpdates unless `recordGetUpdates`), in arrival order. */
  readonly calls: RecordedCall[] = [];
  /** Number of getUpdates requests received, and the offset each one sent. */
  getUpdatesCalls = 0;
  readonly getUpdatesOffsets: Array<number | undefined> = [];
  /** Highest offset the bot has confirmed (all updates with id < confirmedOffset are forgotten). */
  confirmedOffset = 0;
  /** How many times each update_id was handed out by getUpdates. */
  readonly deliveries = new Map<number, number>();
  /** Updates dropped because their type was not in allowed_updates when they came up for delivery. */
  droppedCount = 0;

  private readonly server: Server;
  private readonly recordCalls: boolean;
  private readonly recordGetUpdates: boolean;
  private port = 0;
  private closed = false;
  private closing: Promise<void> | undefined;

  // Update queue: entries before `head` are confirmed; dropped entries become null.
  // An index instead of shift() keeps pushes and batches O(1)/O(limit) for benchmarks.
  private queue: Array<QueuedUpdate | null> = [];
  private head = 0;
  private pending = 0;
  private lastUpdateId = 0;
  /** null = Telegram's default set; remembered across calls like the real server. */
  private allowedUpdates: Set<string> | null = null;
  private webhookUrl = "";

  private readonly pollWaiters = new Set<() => void>();
  private readonly callWaiters = new Set<CallWaiter>();
  private readonly confirmWaiters = new Set<ConfirmWaiter>();
  private readonly failures = new Map<string, Array<{ error: ApiErrorSpec; remaining: number }>>();
  private readonly overrides = new Map<string, ResultFn>();

  private readonly chats = new Map<number, Obj>();
  private readonly members = new Map<string, ChatMember>();
  private readonly administrators = new Map<number, ChatMember[]>();
  private readonly memberCounts = new Map<number, number>();
  private readonly commandSets = new Map<string, unknown[]>();
  private readonly descriptions = { description: "", short_description: "" };
  private readonly files = new Map<string, StoredFile>();
  private readonly filesByPath = new Map<string, StoredFile>();
  private fileCounter = 0;
  private uniqueCounter = 0;
  /** Bot-sent messages per chat, so edits can find and update them. */
  private readonly messages = new Map<number, Map<number, Obj>>();
  private readonly lastMessageId = new Map<number, number>();

  private readonly handlers: Map<string, { name: string; fn: Handler }>;

  private constructor(options: TestBotApiServerOptions) {
    this.token = options.token ?? DEFAULT_TEST_TOKEN;
    this.botInfo = { ...DEFAULT_BOT_INFO, ...options.botInfo };
    this.recordCalls = options.recordCalls ?? true;
    this.recordGetUpdates = options.recordGetUpdates ?? false;
    // Telegram method names are case-insensitive, so look them up lower-cased.
    this.handlers = new Map(
      Object.entries(this.buildHandlers()).map(([name, fn]) => [name.toLowerCase(), { name, fn }]),
    );
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    // grammY keeps sockets alive indefinitely; a server-side idle timeout would race with
    // socket reuse and surface as sporadic ECONNRESETs. close() destroys sockets anyway.
    this.server.keepAliveTimeout = 0;
  }

  static async start(options: TestBotApiServerOptions = {}): Promise<TestBotApiServer> {
    const instance = new TestBotApiServer(options);
    await new Promise<void>((resolve, reject) => {
      instance.server.once("error", reject);
      instance.server.listen(options.port ?? 0, "127.0.0.1", () => {
        instance.server.off("error", reject);
        resolve();
      });
    });
    instance.port = (instance.server.address() as AddressInfo).port;
    return instance;
  }

  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  // ---------------------------------------------------------------- updates

  /** Queue an update for getUpdates; returns its update_id. */
  pushUpdate(update: RawUpdate): number {
    const id = this.enqueue(update);
    this.wakePollers();
    return id;
  }

  pushUpdates(updates: readonly RawUpdate[]): number[] {
    const ids = updates.map((u) => this.enqueue(u));
    this.wakePollers();
    return ids;
  }

  /** Updates pushed and not yet confirmed or dropped (delivered-but-unconfirmed ones count). */
  pendingCount(): number {
    return this.pending;
  }

  deliveryCount(updateId: number): number {
    return this.deliveries.get(updateId) ?? 0;
  }

  /** Resolves once the bot has confirmed `updateId` (confirmedOffset > updateId). */
  waitUntilConfirmed(updateId: number, timeoutMs = 5000): Promise<void> {
    if (this.confirmedOffset > updateId) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: ConfirmWaiter = {
        updateId,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.confirmWaiters.delete(waiter);
          reject(
            new Error(
              `waitUntilConfirmed(${updateId}) timed out after ${timeoutMs}ms: confirmedOffset=${this.confirmedOffset}, pending=${this.pending}, getUpdatesCalls=${this.getUpdatesCalls}`,
            ),
          );
        }, timeoutMs),
      };
      this.confirmWaiters.add(waiter);
    });
  }

  private enqueue(raw: RawUpdate): number {
    const { update_id: given, ...rest } = raw;
    const id = typeof given === "number" ? given : this.lastUpdateId + 1;
    if (id > this.lastUpdateId) this.lastUpdateId = id;
    let type = "";
    for (const key in rest) {
      type = key;
      break;
    }
    const entry: QueuedUpdate = { id, type, update: { update_id: id, ...rest } };
    // Keep the bot's own message ids above any the test already used in that chat.
    const body = rest[type];
    if (isObj(body) && typeof body.message_id === "number" && isObj(body.chat) && typeof body.chat.id === "number") {
      if ((this.lastMessageId.get(body.chat.id) ?? 0) < body.message_id) {
        this.lastMessageId.set(body.chat.id, body.message_id);
      }
    }
    const last = this.queue[this.queue.length - 1];
    if (!last || last.id <= id) {
      this.queue.push(entry);
    } else {
      // Rare: an explicit id lower than queued ones. Insert in order so offsets keep working.
      let at = this.queue.length;
      while (at > this.head && (this.queue[at - 1]?.id ?? Number.NEGATIVE_INFINITY) > id) at--;
      this.queue.splice(at, 0, entry);
    }
    this.pending++;
    return id;
  }

  private isAllowed(type: string): boolean {
    return this.allowedUpdates ? this.allowedUpdates.has(type) : !NOT_DELIVERED_BY_DEFAULT.has(type);
  }

  private confirm(offset: number): void {
    while (this.head < this.queue.length) {
      const entry = this.queue[this.head];
      if (entry) {
        if (entry.id >= offset) break;
        this.pending--;
      }
      this.head++;
    }
    this.compact();
    if (offset > this.confirmedOffset) {
      this.confirmedOffset = offset;
      for (const waiter of this.confirmWaiters) {
        if (offset > waiter.updateId) {
          clearTimeout(waiter.timer);
          this.confirmWaiters.delete(waiter);
          waiter.resolve();
        }
      }
    }
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  /** Next batch of deliverable updates; disallowed ones met on the way are dropped for good. */
  private takeBatch(limit: number): Obj[] {
    while (this.head < this.queue.length && this.queue[this.head] === null) this.head++;
    const batch: Obj[] = [];
    for (let i = this.head; i < this.queue.length && batch.length < limit; i++) {
      const entry = this.queue[i];
      if (!entry) continue;
      if (!this.isAllowed(entry.type)) {
        this.queue[i] = null;
        this.pending--;
        this.droppedCount++;
        continue;
      }
      batch.push(entry.update);
      this.deliveries.set(entry.id, (this.deliveries.get(entry.id) ?? 0) + 1);
    }
    return batch;
  }

  private wakePollers(): void {
    if (this.pollWaiters.size === 0) return;
    for (const wake of [...this.pollWaiters]) wake();
  }

  /** Wait until an update is pushed, the time is up, the client goes away or the server closes. */
  private waitForPush(ms: number, res: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.pollWaiters.delete(done);
        res.off("close", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.pollWaiters.add(done);
      res.once("close", done);
    });
  }

  private async serveGetUpdates(payload: Obj, files: Record<string, UploadedFile>, res: ServerResponse): Promise<void> {
    this.getUpdatesCalls++;
    const offset = toNumber(payload.offset);
    this.getUpdatesOffsets.push(offset);
    if (this.recordGetUpdates) this.record("getUpdates", payload, files);
    this.throwInjectedFailure("getUpdates");
    if (this.webhookUrl) {
      throw new ApiFailure(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    if (offset !== undefined && offset > 0) this.confirm(offset);
    const allowed = payload.allowed_updates;
    if (Array.isArray(allowed)) {
      this.allowedUpdates = allowed.length === 0 ? null : new Set(allowed.map(String));
    }
    // Telegram treats a missing or non-positive limit as the default 100.
    const requestedLimit = Math.trunc(toNumber(payload.limit) ?? 0);
    const limit = requestedLimit > 0 ? Math.min(100, requestedLimit) : 100;
    const deadline = Date.now() + Math.max(0, toNumber(payload.timeout) ?? 0) * 1000;

    let aborted = false;
    const onClose = () => {
      aborted = true;
    };
    res.once("close", onClose);
    let batch = this.takeBatch(limit);
    while (batch.length === 0 && !this.closed) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      await this.waitForPush(remaining, res);
      // Don't hand out (and count) updates to a client that already hung up.
      if (aborted) return;
      batch = this.takeBatch(limit);
    }
    res.off("close", onClose);
    if (aborted) return;
    sendJson(res, 200, JSON.stringify({ ok: true, result: batch }));
  }

  // ---------------------------------------------------------------- calls

  callsTo(method: string): RecordedCall[] {
    const lower = method.toLowerCase();
    return this.calls.filter((call) => call.method.toLowerCase() === lower);
  }

  /** Resolves with the first matching call already recorded, else the next one to arrive. */
  waitForCall(
    method: string,
    predicate: (call: RecordedCall) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<RecordedCall> {
    const lower = method.toLowerCase();
    const existing = this.calls.find((call) => call.method.toLowerCase() === lower && safeMatch(predicate, call));
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const waiter: CallWaiter = {
        method: lower,
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.callWaiters.delete(waiter);
          const seen = this.calls.slice(-20).map((call) => call.method);
          reject(
            new Error(
              `waitForCall("${method}") timed out after ${timeoutMs}ms; ${this.callsTo(method).length} ${method} call(s) did not match; last calls: [${seen.join(", ")}]`,
            ),
          );
        }, timeoutMs),
      };
      this.callWaiters.add(waiter);
    });
  }

  /** Make the next `times` calls of `method` answer with `error` (works for getUpdates too). */
  failNext(method: string, error: ApiErrorSpec, times = 1): void {
    const key = method.toLowerCase();
    const list = this.failures.get(key) ?? [];
    list.push({ error, remaining: times });
    this.failures.set(key, list);
  }

  /**
   * Override a method's result (also enables methods this server does not know).
   * Throwing an object with `error_code` and `description` answers an API error.
   * Overrides survive reset(); remove them with clearResult().
   */
  setResult(method: string, fn: ResultFn): void {
    this.overrides.set(method.toLowerCase(), fn);
  }

  clearResult(method?: string): void {
    if (method === undefined) this.overrides.clear();
    else this.overrides.delete(method.toLowerCase());
  }

  /** Clear recorded calls, poll counters and failure injections; queued updates, registries and overrides stay. */
  reset(): void {
    this.calls.length = 0;
    this.getUpdatesCalls = 0;
    this.getUpdatesOffsets.length = 0;
    this.failures.clear();
  }

  private record(method: string, payload: Obj, files: Record<string, UploadedFile>): RecordedCall {
    const call: RecordedCall = { method, payload, files, at: Date.now() };
    if (!this.recordCalls) return call;
    this.calls.push(call);
    for (const waiter of this.callWaiters) {
      if (waiter.method === method.toLowerCase() && safeMatch(waiter.predicate, call)) {
        clearTimeout(waiter.timer);
        this.callWaiters.delete(waiter);
        waiter.resolve(call);
      }
    }
    return call;
  }

  private throwInjectedFailure(method: string): void {
    const key = method.toLowerCase();
    const list = this.failures.get(key);
    const next = list?.[0];
    if (!list || !next) return;
    next.remaining--;
    if (next.remaining <= 0) list.shift();
    if (list.length === 0) this.failures.delete(key);
    throw next.error;
  }

  // ---------------------------------------------------------------- registries

  setChat(chat: Partial<ChatFullInfo> & { id: number }): void {
    this.chats.set(chat.id, { ...this.defaultChat(chat.id, chat.type), ...chat });
  }

  setChatMember(chatId: number, member: ChatMember): void {
    this.members.set(`${chatId}:${member.user.id}`, member);
  }

  /** Also registers each administrator for getChatMember. */
  setChatAdministrators(chatId: number, members: ChatMember[]): void {
    this.administrators.set(chatId, members);
    for (const member of members) this.setChatMember(chatId, member);
  }

  setChatMemberCount(chatId: number, count: number): void {
    this.memberCounts.set(chatId, count);
  }

  /** Register a downloadable file for getFile and /file/bot<token>/<file_path>. */
  addFile(fileId: string, bytes: Buffer | Uint8Array | string, filePath?: string): FileInfo {
    const data = typeof bytes === "string" ? Buffer.from(bytes) : Buffer.from(bytes);
    const path = filePath ?? `documents/file_${++this.fileCounter}`;
    const stored = this.storeFile(fileId, data, path, posix.basename(path), "application/octet-stream");
    return this.fileInfo(stored);
  }

  /** Bytes of a registered or uploaded file. */
  fileData(fileId: string): Buffer | undefined {
    return this.files.get(fileId)?.data;
  }

  /** Messages the bot sent to a chat (current state after edits/deletes), oldest first. */
  sentMessages(chatId: number): Message[] {
    return [...(this.messages.get(chatId)?.values() ?? [])].map((m) => structuredClone(m) as unknown as Message);
  }

  sentMessage(chatId: number, messageId: number): Message | undefined {
    const msg = this.messages.get(chatId)?.get(messageId);
    return msg ? (structuredClone(msg) as unknown as Message) : undefined;
  }

  /** Commands stored by setMyCommands for a scope + language (what getMyCommands would return). */
  commands(scope?: Record<string, unknown>, languageCode = ""): unknown[] {
    return this.commandSets.get(commandKey(scope, languageCode)) ?? [];
  }

  // ---------------------------------------------------------------- lifecycle

  /** Release waiting long polls, stop listening and drop open (keep-alive) sockets. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      this.wakePollers();
      for (const waiter of this.callWaiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error(`waitForCall("${waiter.method}"): server closed`));
      }
      this.callWaiters.clear();
      for (const waiter of this.confirmWaiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error(`waitUntilConfirmed(${waiter.updateId}): server closed`));
      }
      this.confirmWaiters.clear();
      // Let the released polls write their (empty) answers before sockets are destroyed.
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise<void>((resolve) => {
        this.server.close(() => resolve());
        this.server.closeAllConnections();
      });
    })();
    return this.closing;
  }

  // ---------------------------------------------------------------- HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (url.pathname.startsWith("/file/bot")) {
        req.resume();
        this.serveFile(url.pathname, res);
        return;
      }
      const match = /^\/bot([^/]*)\/(?:test\/)?([^/]*)$/.exec(url.pathname);
      if (!match) {
        req.resume();
        sendError(res, { error_code: 404, description: "Not Found" });
        return;
      }
      if (match[1] !== this.token) {
        req.resume();
        sendError(res, { error_code: 401, description: "Unauthorized" });
        return;
      }
      const requested = match[2] ?? "";
      const { payload, files } = await parseRequest(req, url);
      if (requested.toLowerCase() === "getupdates") {
        await this.serveGetUpdates(payload, files, res);
        return;
      }
      const known = this.handlers.get(requested.toLowerCase());
      const call = this.record(known?.name ?? requested, payload, files);
      this.throwInjectedFailure(requested);
      const override = this.overrides.get(requested.toLowerCase());
      let result: unknown;
      if (override) result = await override(payload, call);
      else if (known) result = known.fn(payload, files);
      else throw new ApiFailure(404, "Not Found: method not found");
      sendJson(res, 200, JSON.stringify({ ok: true, result: result ?? true }));
    } catch (error) {
      if (isApiError(error)) sendError(res, error);
      else {
        const message = error instanceof Error ? error.message : String(error);
        sendError(res, { error_code: 500, description: `Internal Server Error: ${message}` });
      }
    }
  }

  private serveFile(pathname: string, res: ServerResponse): void {
    const rest = pathname.slice("/file/bot".length);
    const slash = rest.indexOf("/");
    if (slash < 0 || rest.slice(0, slash) !== this.token) {
      sendError(res, { error_code: 401, description: "Unauthorized" });
      return;
    }
    const file = this.filesByPath.get(decodeURIComponent(rest.slice(slash + 1)));
    if (!file) {
      sendError(res, { error_code: 404, description: "Not Found" });
      return;
    }
    if (res.destroyed) return;
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": file.data.length });
    res.end(file.data);
  }

  // ---------------------------------------------------------------- methods

  private buildHandlers(): Record<string, Handler> {
    const alwaysTrue: Handler = () => true;
    return {
      getMe: () => this.botInfo,
      logOut: alwaysTrue,
      close: alwaysTrue,
      setWebhook: (p) => {
        this.webhookUrl = toText(p.url) ?? "";
        if (p.drop_pending_updates === true) this.dropPending();
        return true;
      },
      deleteWebhook: (p) => {
        this.webhookUrl = "";
        if (p.drop_pending_updates === true) this.dropPending();
        return true;
      },
      getWebhookInfo: () => ({
        url: this.webhookUrl,
        has_custom_certificate: false,
        pending_update_count: this.pending,
      }),
      sendMessage: (p) => {
        const chatId = this.chatIdOf(p);
        const text = checkText(p.text);
        return this.newMessage(chatId, p, withOptional({ text }, "entities", p.entities));
      },
      sendPhoto: (p, files) => this.sendMedia("photo", p, files),
      sendDocument: (p, files) => this.sendMedia("document", p, files),
      sendChatAction: (p) => {
        this.chatIdOf(p);
        return true;
      },
      editMessageText: (p) => {
        if (p.inline_message_id !== undefined) return true;
        const msg = this.messageToEdit(p);
        if (msg.text === undefined) badRequest("there is no text in the message to edit");
        const text = checkText(p.text);
        return this.applyEdit(
          msg,
          withOptional({ text }, "entities", p.entities),
          ["text", "entities"],
          p.reply_markup,
        );
      },
      editMessageCaption: (p) => {
        if (p.inline_message_id !== undefined) return true;
        const msg = this.messageToEdit(p);
        if (msg.text !== undefined) badRequest("there is no caption in the message to edit");
        const content = withOptional(
          withOptional({}, "caption", checkCaption(p.caption)),
          "caption_entities",
          p.caption_entities,
        );
        return this.applyEdit(msg, content, ["caption", "caption_entities"], p.reply_markup);
      },
      editMessageMedia: (p, files) => {
        if (p.inline_message_id !== undefined) return true;
        const msg = this.messageToEdit(p);
        const media = p.media;
        if (!isObj(media) || typeof media.type !== "string") badRequest("there is no media in the request");
        const kind = media.type;
        if (msg.text !== undefined) badRequest("there is no media in the message to edit");
        const file = this.resolveInputFile(media.media, files, kind);
        const content = withOptional(
          withOptional(this.mediaContent(kind, file), "caption", checkCaption(media.caption)),
          "caption_entities",
          media.caption_entities,
        );
        const replaced = ["photo", "document", "video", "animation", "audio", "caption", "caption_entities"];
        return this.applyEdit(msg, content, replaced, p.reply_markup);
      },
      editMessageReplyMarkup: (p) => {
        if (p.inline_message_id !== undefined) return true;
        return this.applyEdit(this.messageToEdit(p), {}, [], p.reply_markup);
      },
      deleteMessage: (p) => {
        const chatId = this.chatIdOf(p);
        const messageId = toNumber(p.message_id);
        if (messageId !== undefined) this.messages.get(chatId)?.delete(messageId);
        return true;
      },
      deleteMessages: (p) => {
        const chatId = this.chatIdOf(p);
        if (Array.isArray(p.message_ids)) {
          for (const id of p.message_ids) this.messages.get(chatId)?.delete(Number(id));
        }
        return true;
      },
      answerCallbackQuery: alwaysTrue,
      getChat: (p) => {
        const chatId = this.chatIdOf(p);
        return this.chats.get(chatId) ?? this.defaultChat(chatId);
      },
      getChatMember: (p) => {
        const chatId = this.chatIdOf(p);
        const userId = toNumber(p.user_id);
        if (userId === undefined) badRequest("user not found");
        return (
          this.members.get(`${chatId}:${userId}`) ?? {
            status: "member",
            user: { id: userId, is_bot: false, first_name: `User ${userId}` },
          }
        );
      },
      getChatAdministrators: (p) => this.administrators.get(this.chatIdOf(p)) ?? [],
      getChatMemberCount: (p) => this.memberCounts.get(this.chatIdOf(p)) ?? 0,
      setMyCommands: (p) => {
        if (!Array.isArray(p.commands)) badRequest('parameter "commands" is required');
        for (const command of p.commands) validateCommand(command);
        const key = commandKey(p.scope, toText(p.language_code) ?? "");
        if (p.commands.length === 0) this.commandSets.delete(key);
        else this.commandSets.set(key, p.commands);
        return true;
      },
      deleteMyCommands: (p) => {
        this.commandSets.delete(commandKey(p.scope, toText(p.language_code) ?? ""));
        return true;
      },
      getMyCommands: (p) => this.commandSets.get(commandKey(p.scope, toText(p.language_code) ?? "")) ?? [],
      setMyDescription: (p) => {
        this.descriptions.description = toText(p.description) ?? "";
        return true;
      },
      getMyDescription: () => ({ description: this.descriptions.description }),
      setMyShortDescription: (p) => {
        this.descriptions.short_description = toText(p.short_description) ?? "";
        return true;
      },
      getMyShortDescription: () => ({ short_description: this.descriptions.short_description }),
      getFile: (p) => {
        const file = this.files.get(toText(p.file_id) ?? "");
        if (!file) badRequest("invalid file_id");
        return this.fileInfo(file);
      },
      // Harmless moderation / chat calls a bot may make; answered like Telegram does on success.
      pinChatMessage: alwaysTrue,
      unpinChatMessage: alwaysTrue,
      leaveChat: alwaysTrue,
      setMessageReaction: alwaysTrue,
      setChatMenuButton: alwaysTrue,
    };
  }

  private dropPending(): void {
    this.queue = [];
    this.head = 0;
    this.pending = 0;
  }

  private chatIdOf(p: Obj): number {
    const value = p.chat_id;
    if (typeof value === "number") return value;
    if (typeof value === "string" && value !== "") {
      if (/^-?\d+$/.test(value)) return Number(value);
      const username = value.replace(/^@/, "").toLowerCase();
      for (const chat of this.chats.values()) {
        if (typeof chat.username === "string" && chat.username.toLowerCase() === username) return chat.id as number;
      }
      badRequest("chat not found");
    }
    return badRequest("chat_id is empty");
  }

  private defaultChat(chatId: number, type?: string): Obj {
    const base: Obj = {
      id: chatId,
      accent_color_id: 0,
      max_reaction_count: 11,
      accepted_gift_types: {
        unlimited_gifts: false,
        limited_gifts: false,
        unique_gifts: false,
        premium_subscription: false,
        gifts_from_channels: false,
      },
    };
    const resolved = type ?? (chatId > 0 ? "private" : "supergroup");
    if (resolved === "private") return { ...base, type: resolved, first_name: `User ${chatId}` };
    return { ...base, type: resolved, title: `Chat ${chatId}` };
  }

  /** The small `Chat` object embedded in messages (not the ChatFullInfo). */
  private messageChat(chatId: number): Obj {
    const full = this.chats.get(chatId) ?? this.defaultChat(chatId);
    const chat: Obj = {};
    for (const key of ["id", "type", "title", "username", "first_name", "last_name", "is_forum"]) {
      if (full[key] !== undefined) chat[key] = full[key];
    }
    return chat;
  }

  private botUser(): Obj {
    const { id, is_bot, first_name, last_name, username } = this.botInfo;
    return last_name === undefined
      ? { id, is_bot, first_name, username }
      : { id, is_bot, first_name, last_name, username };
  }

  private newMessage(chatId: number, p: Obj, content: Obj): Obj {
    const messageId = (this.lastMessageId.get(chatId) ?? 0) + 1;
    this.lastMessageId.set(chatId, messageId);
    const chat = this.messageChat(chatId);
    const msg: Obj = { message_id: messageId };
    // Channel posts carry the channel as sender instead of the bot user.
    if (chat.type === "channel") msg.sender_chat = chat;
    else msg.from = this.botUser();
    msg.chat = chat;
    msg.date = unixNow();
    const threadId = toNumber(p.message_thread_id);
    if (threadId !== undefined) {
      msg.message_thread_id = threadId;
      if (chat.is_forum === true) msg.is_topic_message = true;
    }
    const replyParams = p.reply_parameters;
    const replyToId = toNumber(isObj(replyParams) ? replyParams.message_id : p.reply_to_message_id);
    // Only bot messages are known here; replies to user messages simply omit reply_to_message.
    const repliedTo = replyToId === undefined ? undefined : this.messages.get(chatId)?.get(replyToId);
    if (repliedTo) {
      const { reply_to_message: _nested, ...flat } = repliedTo;
      msg.reply_to_message = flat;
    }
    Object.assign(msg, content);
    const markup = inlineMarkup(p.reply_markup);
    if (markup) msg.reply_markup = markup;
    let store = this.messages.get(chatId);
    if (!store) {
      store = new Map();
      this.messages.set(chatId, store);
    }
    store.set(messageId, msg);
    return msg;
  }

  private messageToEdit(p: Obj): Obj {
    const chatId = this.chatIdOf(p);
    const messageId = toNumber(p.message_id);
    const msg = messageId === undefined ? undefined : this.messages.get(chatId)?.get(messageId);
    if (!msg) badRequest("message to edit not found");
    return msg;
  }

  /** Replace `replacedKeys` with `content`; like Telegram, an edit without reply_markup removes the keyboard. */
  private applyEdit(msg: Obj, content: Obj, replacedKeys: string[], replyMarkup: unknown): Obj {
    const next: Obj = { ...msg };
    for (const key of replacedKeys) delete next[key];
    Object.assign(next, content);
    const markup = inlineMarkup(replyMarkup);
    if (markup) next.reply_markup = markup;
    else delete next.reply_markup;
    const comparable = (m: Obj) => JSON.stringify([...replacedKeys, "reply_markup"].map((k) => m[k] ?? null));
    if (comparable(next) === comparable(msg)) badRequest(NOT_MODIFIED);
    for (const key of Object.keys(msg)) delete msg[key];
    Object.assign(msg, next, { edit_date: unixNow() });
    return msg;
  }

  private sendMedia(kind: "photo" | "document", p: Obj, files: Record<string, UploadedFile>): Obj {
    const chatId = this.chatIdOf(p);
    const file = this.resolveInputFile(p[kind], files, kind);
    const content = withOptional(
      withOptional(this.mediaContent(kind, file), "caption", checkCaption(p.caption)),
      "caption_entities",
      p.caption_entities,
    );
    return this.newMessage(chatId, p, content);
  }

  /** Turn an InputFile reference (attach://, known file_id or URL) into a stored file. */
  private resolveInputFile(ref: unknown, files: Record<string, UploadedFile>, kind: string): StoredFile {
    // curl-style uploads put the file directly under the parameter name.
    const upload =
      typeof ref === "string" && ref.startsWith("attach://")
        ? files[ref.slice("attach://".length)]
        : ref === undefined
          ? files[kind]
          : undefined;
    if (upload) {
      if (upload.data.length === 0) badRequest("file must be non-empty");
      return this.storeUpload(kind, upload.data, upload.filename, upload.mimeType);
    }
    if (ref === undefined || ref === null || ref === "") badRequest(`there is no ${kind} in the request`);
    if (typeof ref === "string") {
      const known = this.files.get(ref);
      if (known) return known;
      if (/^https?:\/\//i.test(ref)) {
        const name = posix.basename(new URL(ref).pathname) || `${kind}.dat`;
        return this.storeUpload(kind, Buffer.alloc(0), name, "application/octet-stream");
      }
    }
    return badRequest("wrong file identifier/HTTP URL specified");
  }

  private storeUpload(kind: string, data: Buffer, filename: string, mimeType: string): StoredFile {
    const n = ++this.fileCounter;
    // Telegram re-encodes photos as JPEG and guesses document MIME types from the name.
    const ext = kind === "photo" ? ".jpg" : extname(filename).toLowerCase() || ".dat";
    const mime =
      kind === "photo"
        ? "image/jpeg"
        : mimeType && mimeType !== "application/octet-stream"
          ? mimeType
          : (MIME_BY_EXT[ext] ?? "application/octet-stream");
    const prefix = kind === "photo" ? "AgACAgIAAxkBAAI" : "BQACAgIAAxkBAAI";
    const fileId = `${prefix}${String(n).padStart(6, "0")}`;
    return this.storeFile(fileId, data, `${kind}s/file_${n}${ext}`, filename, mime);
  }

  private storeFile(fileId: string, data: Buffer, filePath: string, filename: string, mimeType: string): StoredFile {
    const previous = this.files.get(fileId);
    if (previous) this.filesByPath.delete(previous.file_path);
    const stored: StoredFile = {
      file_id: fileId,
      file_unique_id: previous?.file_unique_id ?? `AQAD${String(++this.uniqueCounter).padStart(6, "0")}`,
      file_size: data.length,
      file_path: filePath,
      data,
      filename,
      mimeType,
    };
    this.files.set(fileId, stored);
    this.filesByPath.set(filePath, stored);
    return stored;
  }

  private fileInfo(file: StoredFile): FileInfo {
    return {
      file_id: file.file_id,
      file_unique_id: file.file_unique_id,
      file_size: file.file_size,
      file_path: file.file_path,
    };
  }

  private mediaContent(kind: string, file: StoredFile): Obj {
    const ids = { file_id: file.file_id, file_unique_id: file.file_unique_id };
    if (kind === "photo") return { photo: [{ ...ids, ...imageSize(file.data), file_size: file.file_size }] };
    if (kind === "document") {
      return { document: { ...ids, file_name: file.filename, mime_type: file.mimeType, file_size: file.file_size } };
    }
    return { [kind]: { ...ids, file_size: file.file_size } };
  }
}

function safeMatch(predicate: (call: RecordedCall) => boolean, call: RecordedCall): boolean {
  try {
    return predicate(call);
  } catch {
    return false;
  }
}

function withOptional(target: Obj, key: string, value: unknown): Obj {
  if (value !== undefined && value !== null) target[key] = value;
  return target;
}

function checkText(value: unknown): string {
  const text = toText(value) ?? "";
  if (text.trim() === "") badRequest("message text is empty");
  if (text.length > 4096) badRequest("message is too long");
  return text;
}

function checkCaption(value: unknown): string | undefined {
  const caption = toText(value);
  if (caption !== undefined && caption.length > 1024) badRequest("message caption is too long");
  return caption === "" ? undefined : caption;
}

function validateCommand(command: unknown): void {
  if (!isObj(command) || typeof command.command !== "string" || !/^[a-z0-9_]{1,32}$/.test(command.command)) {
    badRequest("BOT_COMMAND_INVALID");
  }
  const description = command.description;
  if (typeof description !== "string" || description.length < 1 || description.length > 256) {
    badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
  }
}

/** Scopes arrive as objects with arbitrary key order; normalise to type/chat_id/user_id. */
function commandKey(scope: unknown, languageCode: string): string {
  const s = isObj(scope) ? scope : { type: "default" };
  return `${String(s.type ?? "default")}|${String(s.chat_id ?? "")}|${String(s.user_id ?? "")}|${languageCode}`;
}
