// Who may see what. Group views are for the group's members in the group itself; private
// views and exports are for the chat's administrators (and this instance's owners).
// getChatMember answers are cached briefly: admin lists rarely change within minutes. Only
// answers are cached, never failures, and a chat_member update that changes someone's
// status drops their entry, so a demoted admin loses access at once.
import { type Api, GrammyError } from "grammy";

const ADMIN_STATUSES = new Set(["creator", "administrator"]);

/**
 * Telegram could not say whether someone is an administrator (flood wait, server error,
 * network): neither "yes" nor "no", so the user is asked to try again.
 */
export class AdminCheckUnavailable extends Error {
  override name = "AdminCheckUnavailable";
  /** What the person is told, translated in their language (permissions.ftl in each locale). */
  readonly key = "permissions-admin-check-unavailable";
  constructor(cause: unknown) {
    super("Telegram didn't say whether the user is an administrator", { cause });
  }
}

export interface AdminCheckOptions {
  /** Ask Telegram even when a cached answer exists (before handing out data). */
  fresh?: boolean;
}

export class AdminCache {
  private readonly entries = new Map<string, { admin: boolean; expires: number }>();
  /** Bumped by forget(): an answer asked for before a status change must not be cached after it. */
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly ownerIds: readonly number[],
    private readonly ttlMs = 120_000,
    private readonly now: () => number = Date.now,
  ) {}

  isOwner(userId: number): boolean {
    return this.ownerIds.includes(userId);
  }

  /** Throws AdminCheckUnavailable when Telegram gives no answer. */
  async isAdmin(api: Api, chatId: number, userId: number, options: AdminCheckOptions = {}): Promise<boolean> {
    if (this.isOwner(userId)) return true;
    const key = `${chatId}:${userId}`;
    const cached = this.entries.get(key);
    if (!options.fresh && cached && cached.expires > this.now()) return cached.admin;
    const generation = this.generations.get(key) ?? 0;
    let admin: boolean;
    try {
      const member = await api.getChatMember(chatId, userId);
      admin = ADMIN_STATUSES.has(member.status);
    } catch (error) {
      this.entries.delete(key);
      // 400 (not in the chat, chat gone) and 403 (the bot was removed) are answers: not an
      // admin as far as we can tell. Anything else (429, 5xx, network) is not an answer.
      if (error instanceof GrammyError && (error.error_code === 400 || error.error_code === 403)) return false;
      throw new AdminCheckUnavailable(error);
    }
    if ((this.generations.get(key) ?? 0) !== generation) return admin;
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(key, { admin, expires: this.now() + this.ttlMs });
    return admin;
  }

  /** Drops what is cached about a user in a chat (their status changed). */
  forget(chatId: number, userId: number): void {
    const key = `${chatId}:${userId}`;
    this.entries.delete(key);
    if (this.generations.size > 10_000) this.generations.clear();
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
  }
}
