// Who may see what. Group views are for the group's members in the group itself; private
// views and exports are for the chat's administrators (and this instance's owners).
// getChatMember answers are cached briefly: admin lists rarely change within minutes.
import type { Api } from "grammy";

const ADMIN_STATUSES = new Set(["creator", "administrator"]);

export class AdminCache {
  private readonly entries = new Map<string, { admin: boolean; expires: number }>();

  constructor(
    private readonly ownerIds: readonly number[],
    private readonly ttlMs = 120_000,
    private readonly now: () => number = Date.now,
  ) {}

  isOwner(userId: number): boolean {
    return this.ownerIds.includes(userId);
  }

  async isAdmin(api: Api, chatId: number, userId: number): Promise<boolean> {
    if (this.isOwner(userId)) return true;
    const key = `${chatId}:${userId}`;
    const cached = this.entries.get(key);
    if (cached && cached.expires > this.now()) return cached.admin;
    let admin = false;
    try {
      const member = await api.getChatMember(chatId, userId);
      admin = ADMIN_STATUSES.has(member.status);
    } catch {
      // Not in the chat, chat gone, or the bot was removed: not an admin as far as we can tell.
      admin = false;
    }
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(key, { admin, expires: this.now() + this.ttlMs });
    return admin;
  }
}
