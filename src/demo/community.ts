// Generates a realistic synthetic community as a Telegram Desktop export (result.json of a
// public supergroup, current format), for demos and for the import benchmark. Written
// straight to disk in chunks, one day at a time: memory does not grow with the size.

import { open } from "node:fs/promises";
import { ZoneClock } from "../collectors/tdesktop/time.js";
import { Random } from "./random.js";
import {
  ARABIC_NAMES,
  CAPTIONS,
  CHANNELS,
  CJK_NAMES,
  CYRILLIC_FIRST,
  CYRILLIC_LAST,
  FORWARD_TEXTS,
  LATIN_FIRST,
  LATIN_LAST,
  type Language,
  LINK_INTROS,
  LINKS,
  NAME_EMOJI,
  NICKNAMES,
  PHRASES,
  POLLS,
  QUESTION_TAILS,
  REACTIONS,
  SHORT,
  STICKER_EMOJI,
  TITLES,
} from "./vocabulary.js";

export interface CommunityOptions {
  seed?: number;
  /** Members over the whole period (default 400). */
  members?: number;
  /** Days of history (default 120). */
  days?: number;
  /** Approximate number of messages, service messages included (default 60000). */
  messages?: number;
  /** The export's bare chat id (its Bot API id is -100<chatId>); a -100… id is accepted too. */
  chatId?: number;
  title?: string;
  /** End of the history (default: today 00:00 UTC, so a run is reproducible within a day). */
  endDate?: Date;
}

export interface CommunityExport {
  messages: number;
  members: number;
  bytes: number;
}

/** The chat's time zone: the daily rhythm and the export's local `date` strings follow it. */
const TIME_ZONE = "Europe/Berlin";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const FLUSH_BYTES = 1 << 20;

/** Relative activity per local hour: quiet at night, a lunch bump, the evening peak. */
const HOURLY = [
  0.35, 0.2, 0.1, 0.06, 0.05, 0.08, 0.25, 0.6, 1.0, 1.25, 1.35, 1.45, 1.7, 1.55, 1.35, 1.35, 1.45, 1.7, 2.0, 2.3, 2.45,
  2.2, 1.6, 0.85,
];
/** Sunday … Saturday. */
const WEEKDAY = [0.6, 1.0, 1.05, 1.05, 1.0, 0.9, 0.65];

interface Member {
  id: number;
  name: string;
  /** `"from": …, "from_id": …` already encoded. */
  fromJson: string;
  nameJson: string;
  lang: Language;
  weight: number;
  joinDay: number; // -1: there before the history starts
  leaveDay: number; // Infinity: stays
  removed: boolean;
}

interface Recent {
  id: number;
  sender: Member;
  kind: number;
}

// Message kinds.
const K_TEXT = 0;
const K_PHOTO = 1;
const K_STICKER = 2;
const K_VOICE = 3;
const K_VIDEO = 4;
const K_ANIMATION = 5;
const K_ROUND = 6;
const K_DOCUMENT = 7;
const K_FORWARD = 8;
const K_POLL = 9;
const K_LINK = 10;
const KIND_SHARES: [number, number][] = [
  [K_TEXT, 0.7],
  [K_PHOTO, 0.07],
  [K_STICKER, 0.055],
  [K_VOICE, 0.025],
  [K_VIDEO, 0.015],
  [K_ANIMATION, 0.015],
  [K_ROUND, 0.006],
  [K_DOCUMENT, 0.01],
  [K_FORWARD, 0.018],
  [K_POLL, 0.002],
  [K_LINK, 0.04],
];

export async function writeCommunityExport(path: string, options: CommunityOptions = {}): Promise<CommunityExport> {
  const generator = new CommunityGenerator(options);
  const file = await open(path, "w");
  let bytes = 0;
  try {
    for (const chunk of generator.chunks()) {
      const buffer = Buffer.from(chunk);
      await file.write(buffer);
      bytes += buffer.length;
    }
  } finally {
    await file.close();
  }
  return { messages: generator.written, members: generator.memberCount, bytes };
}

class CommunityGenerator {
  written = 0;
  readonly memberCount: number;
  private readonly rng: Random;
  private readonly days: number;
  private readonly target: number;
  private readonly chatId: number;
  private readonly title: string;
  private readonly endMs: number;
  private readonly startMs: number;
  private readonly clock = new ZoneClock(TIME_ZONE);
  private readonly members: Member[] = [];
  private readonly admins: Member[] = [];
  private readonly kindCumulative: number[];
  private readonly hourCumulative: number[];
  private nextId = 1;
  private readonly recent: Recent[] = [];
  private out = "";
  /** The last local minute formatted (consecutive messages mostly share it). */
  private wallMinute = Number.NaN;
  private wallPrefix = "";
  private outSize = 0;
  private first = true;

  constructor(options: CommunityOptions) {
    this.rng = new Random(options.seed ?? 1);
    this.memberCount = Math.max(10, Math.round(options.members ?? 400));
    this.days = Math.max(1, Math.round(options.days ?? 120));
    this.target = Math.max(50, Math.round(options.messages ?? 60000));
    const chatId = options.chatId ?? 1_734_560_921;
    this.chatId = chatId <= -1_000_000_000_000 ? -chatId - 1_000_000_000_000 : Math.abs(chatId);
    this.title = options.title ?? TITLES[1];
    const end = options.endDate ?? new Date(Math.floor(Date.now() / DAY) * DAY);
    this.endMs = Math.floor(end.getTime() / 1000) * 1000;
    this.startMs = this.endMs - this.days * DAY;
    this.kindCumulative = cumulative(KIND_SHARES.map(([, share]) => share));
    this.hourCumulative = cumulative(HOURLY);
    this.createMembers();
  }

  *chunks(): Generator<string> {
    this.emit(
      `{\n "name": ${JSON.stringify(this.title)},\n "type": "public_supergroup",\n "id": ${this.chatId},\n "messages": [`,
    );
    const volumes = this.dayVolumes();
    for (let day = 0; day < this.days; day++) {
      this.writeDay(day, volumes[day] ?? 0);
      if (this.outSize >= FLUSH_BYTES) yield this.take();
    }
    this.emit(this.first ? "]\n}\n" : "\n ]\n}\n");
    yield this.take();
  }

  private take(): string {
    const text = this.out;
    this.out = "";
    this.outSize = 0;
    return text;
  }

  private emit(text: string): void {
    this.out += text;
    this.outSize += text.length;
  }

  private createMembers(): void {
    const rng = this.rng;
    const count = this.memberCount;
    const founders = Math.max(5, Math.round(count * 0.25));
    const usedIds = new Set<number>();
    const scores: { member: Member; score: number }[] = [];
    for (let i = 0; i < count; i++) {
      let id = 0;
      do id = rng.int(100_000_000, 7_999_999_999);
      while (usedIds.has(id));
      usedIds.add(id);
      const { name, lang } = this.personName();
      const founder = i < founders;
      const joinDay = founder ? -1 : Math.min(this.days - 1, Math.floor(this.days * Math.sqrt(rng.next())));
      const nameJson = JSON.stringify(name);
      const member: Member = {
        id,
        name,
        nameJson,
        fromJson: `"from": ${nameJson},\n   "from_id": "user${id}"`,
        lang,
        weight: 0,
        joinDay,
        leaveDay: Number.POSITIVE_INFINITY,
        removed: false,
      };
      this.members.push(member);
      // Founders tend to be the regulars; late joiners mostly lurk.
      const u = rng.next();
      scores.push({ member, score: founder ? u * u * 0.6 : u });
    }
    scores.sort((a, b) => a.score - b.score);
    scores.forEach(({ member }, rank) => {
      member.weight = 1 / (rank + 1) ** 0.95;
    });
    for (const { member } of scores) {
      if (member.joinDay === -1 && this.admins.length < 3) this.admins.push(member);
    }
    for (const member of this.members) {
      if (this.admins.includes(member)) continue;
      const from = Math.max(0, member.joinDay + 1);
      if (from >= this.days) continue;
      if (member.weight < 0.004 && rng.chance(0.05)) {
        member.removed = true; // spam accounts, removed by an admin within days
        member.leaveDay = Math.min(this.days - 1, from + rng.int(0, 3));
      } else if (rng.chance(0.09)) {
        member.leaveDay = rng.int(from, this.days - 1);
      }
    }
  }

  private personName(): { name: string; lang: Language } {
    const rng = this.rng;
    const script = rng.next();
    let name: string;
    let lang: Language;
    if (script < 0.52) {
      name = rng.chance(0.7) ? `${rng.pick(LATIN_FIRST)} ${rng.pick(LATIN_LAST)}` : rng.pick(LATIN_FIRST);
      const l = rng.next();
      lang = l < 0.55 ? "en" : l < 0.8 ? "de" : "es";
    } else if (script < 0.82) {
      name = rng.chance(0.6) ? `${rng.pick(CYRILLIC_FIRST)} ${rng.pick(CYRILLIC_LAST)}` : rng.pick(CYRILLIC_FIRST);
      lang = rng.chance(0.75) ? "ru" : "en";
    } else if (script < 0.88) {
      name = rng.pick(CJK_NAMES);
      lang = "en";
    } else if (script < 0.93) {
      name = rng.pick(ARABIC_NAMES);
      lang = "en";
    } else {
      name = rng.pick(NICKNAMES);
      lang = rng.chance(0.5) ? "en" : "ru";
    }
    if (rng.chance(0.12)) name = `${name} ${rng.pick(NAME_EMOJI)}`;
    return { name, lang };
  }

  private present(member: Member, day: number): boolean {
    return member.joinDay < day && member.leaveDay > day;
  }

  /** Messages per day: the active members' weight, the weekday, growth, and noise. */
  private dayVolumes(): number[] {
    const rng = this.rng;
    const raw: number[] = [];
    let total = 0;
    for (let day = 0; day < this.days; day++) {
      let weight = 0;
      for (const member of this.members) if (this.present(member, day)) weight += member.weight;
      const weekday = new Date(this.startMs + day * DAY).getUTCDay();
      const hot = rng.chance(0.04) ? 2.2 : 1;
      const noise = Math.exp(0.25 * rng.normal());
      const volume = weight * (WEEKDAY[weekday] ?? 1) * hot * noise;
      raw.push(volume);
      total += volume;
    }
    const service = this.serviceCount();
    const messages = Math.max(0, this.target - service);
    return raw.map((volume) => (total > 0 ? Math.round((volume / total) * messages) : 0));
  }

  private serviceCount(): number {
    let count = Math.floor(this.days / 14) + (this.days >= 2 ? 1 : 0); // pins, the title change
    for (const member of this.members) {
      if (member.joinDay >= 0) count++;
      if (member.leaveDay < this.days) count++;
    }
    return count;
  }

  private writeDay(day: number, volume: number): void {
    const rng = this.rng;
    // Local midnight: startMs is a UTC midnight, read here as the chat's wall clock.
    const dayStart = this.clock.toInstant(this.startMs + day * DAY);
    // Who can speak today, by activity.
    const speakers: Member[] = [];
    const weights: number[] = [];
    let sum = 0;
    for (const member of this.members) {
      if (!this.present(member, day)) continue;
      sum += member.weight;
      speakers.push(member);
      weights.push(sum);
    }
    // Service events of the day.
    const events: { at: number; write: (at: number) => void }[] = [];
    for (const member of this.members) {
      if (member.joinDay === day) events.push({ at: this.timeOfDay(dayStart), write: (at) => this.join(member, at) });
      if (member.leaveDay === day) events.push({ at: this.timeOfDay(dayStart), write: (at) => this.leave(member, at) });
    }
    if (day > 0 && day % 14 === 0) events.push({ at: this.timeOfDay(dayStart), write: (at) => this.pin(at) });
    if (day === Math.floor(this.days / 2) && this.days >= 2) {
      events.push({ at: this.timeOfDay(dayStart), write: (at) => this.rename(at) });
    }
    // Message times: conversations come in bursts.
    const times: number[] = [];
    let last = 0;
    for (let i = 0; i < volume; i++) {
      if (i > 0 && rng.chance(0.62)) last = Math.min(dayStart + DAY - 1000, last + rng.int(5, 240) * 1000);
      else last = this.timeOfDay(dayStart);
      times.push(last);
    }
    times.sort((a, b) => a - b);
    events.sort((a, b) => a.at - b.at);
    let e = 0;
    let previous: Member | undefined;
    for (const at of times) {
      while (e < events.length && (events[e]?.at ?? 0) <= at) {
        const event = events[e++];
        event?.write(event.at);
      }
      if (at >= this.endMs || speakers.length === 0) continue;
      let sender: Member;
      const recent = this.recent;
      if (previous && recent.length > 2 && rng.chance(0.35)) {
        sender = (recent[recent.length - 1 - rng.int(0, Math.min(3, recent.length - 1))] as Recent).sender;
        if (!this.present(sender, day)) sender = speakers[rng.weighted(weights)] as Member;
      } else {
        sender = speakers[rng.weighted(weights)] as Member;
      }
      this.message(sender, at, speakers, weights);
      previous = sender;
    }
    while (e < events.length) {
      const event = events[e++];
      event?.write(event.at);
    }
  }

  private timeOfDay(dayStart: number): number {
    const hour = this.rng.weighted(this.hourCumulative);
    return Math.min(dayStart + hour * HOUR + this.rng.int(0, 3599) * 1000, this.endMs - 1000);
  }

  /** `"date"` (local wall time of the exporting machine) and `"date_unixtime"`. */
  private dates(key: string, at: number): string {
    return `"${key}": "${this.wall(at)}",\n   "${key}_unixtime": "${Math.floor(at / 1000)}"`;
  }

  private wall(at: number): string {
    const local = at + this.clock.offsetAt(at);
    const minute = Math.floor(local / 60_000);
    if (minute !== this.wallMinute) {
      this.wallMinute = minute;
      this.wallPrefix = new Date(minute * 60_000).toISOString().slice(0, 17);
    }
    const second = Math.floor(local / 1000) - minute * 60;
    return `${this.wallPrefix}${second < 10 ? "0" : ""}${second}`;
  }

  private open(id: number, type: string, at: number): void {
    this.emit(this.first ? "\n  {\n" : ",\n  {\n");
    this.first = false;
    this.emit(`   "id": ${id},\n   "type": "${type}",\n   ${this.dates("date", at)},\n`);
    this.written++;
  }

  private service(actor: Member, action: string, at: number, extra: string): void {
    this.open(this.nextId++, "service", at);
    this.emit(
      `   "actor": ${actor.nameJson},\n   "actor_id": "user${actor.id}",\n   "action": "${action}",\n${extra}   "text": "",\n   "text_entities": []\n  }`,
    );
  }

  private join(member: Member, at: number): void {
    const rng = this.rng;
    const admin = rng.pick(this.admins);
    const how = rng.next();
    if (how < 0.45) this.service(member, "join_group_by_link", at, `   "inviter": ${admin.nameJson},\n`);
    else if (how < 0.8) this.service(member, "invite_members", at, `   "members": [\n    ${member.nameJson}\n   ],\n`);
    else if (how < 0.95) this.service(admin, "invite_members", at, `   "members": [\n    ${member.nameJson}\n   ],\n`);
    else this.service(member, "join_group_by_request", at, "");
  }

  private leave(member: Member, at: number): void {
    const actor = member.removed ? this.rng.pick(this.admins) : member;
    this.service(actor, "remove_members", at, `   "members": [\n    ${member.nameJson}\n   ],\n`);
  }

  private pin(at: number): void {
    const target = this.recent.find((r) => r.kind === K_TEXT || r.kind === K_LINK) ?? this.recent[0];
    if (!target) return;
    this.service(this.rng.pick(this.admins), "pin_message", at, `   "message_id": ${target.id},\n`);
  }

  private rename(at: number): void {
    const admin = this.admins[0] ?? this.rng.pick(this.members);
    this.service(admin, "edit_group_title", at, `   "title": ${JSON.stringify(this.title)},\n`);
  }

  private message(sender: Member, at: number, speakers: Member[], weights: number[]): void {
    const rng = this.rng;
    const id = this.nextId++;
    const kind = KIND_SHARES[rng.weighted(this.kindCumulative)]?.[0] ?? K_TEXT;
    this.open(id, "message", at);
    let body = `   ${sender.fromJson},\n`;
    if (kind === K_FORWARD) {
      if (rng.chance(0.85)) {
        const channel = rng.pick(CHANNELS);
        body += `   "forwarded_from": ${JSON.stringify(channel.name)},\n   "forwarded_from_id": "channel${channel.id}",\n`;
      } else {
        body += `   "forwarded_from": ${rng.pick(this.members).nameJson},\n`; // a user who hides their account
      }
    }
    // Replies: about one message in five answers a recent one, usually the last few.
    const recent = this.recent;
    if (kind !== K_FORWARD && recent.length > 0 && rng.chance(0.22)) {
      const back = Math.min(recent.length - 1, Math.floor(rng.next() ** 2 * 15));
      const target = recent[recent.length - 1 - back] as Recent;
      if (target.sender !== sender) body += `   "reply_to_message_id": ${target.id},\n`;
    }
    let text = "";
    let link: string | undefined;
    let linkIntro = "";
    const stamp = this.fileStamp(at);
    switch (kind) {
      case K_PHOTO:
        body += `   "photo": "photos/photo_${id}@${stamp}.jpg",\n   "photo_file_size": ${rng.int(60_000, 400_000)},\n   "width": 1280,\n   "height": ${rng.chance(0.5) ? 960 : 720},\n`;
        if (rng.chance(0.35)) text = rng.pick(CAPTIONS);
        break;
      case K_STICKER:
        body += `   "file": "stickers/sticker_${rng.int(1, 40)}.webp",\n   "file_size": ${rng.int(8000, 60000)},\n   "thumbnail": "stickers/sticker_${id}.webp_thumb.jpg",\n   "media_type": "sticker",\n   "sticker_emoji": "${rng.pick(STICKER_EMOJI)}",\n   "mime_type": "image/webp",\n   "width": 512,\n   "height": 512,\n`;
        break;
      case K_VOICE:
        body += `   "file": "voice_messages/audio_${id}@${stamp}.ogg",\n   "file_size": ${rng.int(8000, 300_000)},\n   "media_type": "voice_message",\n   "mime_type": "audio/ogg",\n   "duration_seconds": ${rng.int(2, 90)},\n`;
        break;
      case K_VIDEO:
        body += `   "file": "(File not included. Change data exporting settings to download.)",\n   "file_size": ${rng.int(1_000_000, 40_000_000)},\n   "thumbnail": "video_files/video_${id}@${stamp}.mp4_thumb.jpg",\n   "media_type": "video_file",\n   "mime_type": "video/mp4",\n   "duration_seconds": ${rng.int(3, 300)},\n   "width": 1920,\n   "height": 1080,\n`;
        if (rng.chance(0.3)) text = rng.pick(CAPTIONS);
        break;
      case K_ANIMATION:
        body += `   "file": "video_files/${id}.gif.mp4",\n   "file_size": ${rng.int(50_000, 900_000)},\n   "media_type": "animation",\n   "mime_type": "video/mp4",\n   "width": 320,\n   "height": 240,\n`;
        break;
      case K_ROUND:
        body += `   "file": "round_video_messages/file_${id}@${stamp}.mp4",\n   "file_size": ${rng.int(200_000, 3_000_000)},\n   "media_type": "video_message",\n   "mime_type": "video/mp4",\n   "duration_seconds": ${rng.int(3, 60)},\n   "width": 384,\n   "height": 384,\n`;
        break;
      case K_DOCUMENT:
        body += `   "file": "files/${rng.pick(["slides.pdf", "agenda.docx", "budget.xlsx", "notes.md", "photos.zip"])}",\n   "file_size": ${rng.int(10_000, 5_000_000)},\n   "mime_type": "application/octet-stream",\n`;
        if (rng.chance(0.4)) text = rng.pick(["slides from yesterday", "the agenda", "вот файл", "here you go"]);
        break;
      case K_POLL: {
        const poll = rng.pick(POLLS);
        const answers = poll.answers
          .map(
            (a) =>
              `     {\n      "text": ${JSON.stringify(a)},\n      "voters": ${rng.int(0, 25)},\n      "chosen": false\n     }`,
          )
          .join(",\n");
        body += `   "poll": {\n    "question": ${JSON.stringify(poll.question)},\n    "closed": false,\n    "total_voters": ${rng.int(3, 60)},\n    "answers": [\n${answers}\n    ]\n   },\n`;
        break;
      }
      case K_FORWARD:
        text = rng.pick(FORWARD_TEXTS);
        break;
      case K_LINK:
        link = rng.pick(LINKS);
        linkIntro = rng.pick(LINK_INTROS);
        break;
      default:
        text = this.phrase(sender);
    }
    if (kind !== K_POLL && kind !== K_STICKER && rng.chance(kind === K_TEXT ? 0.06 : 0.01)) {
      const edited = Math.min(this.endMs - 1000, at + rng.int(20, 900) * 1000);
      body += `   ${this.dates("edited", edited)},\n`;
    }
    this.emit(body);
    this.emit(link === undefined ? textFields(text) : linkFields(linkIntro, link));
    if (rng.chance(kind === K_PHOTO || kind === K_LINK || kind === K_FORWARD ? 0.35 : 0.15)) {
      this.emit(this.reactions(sender, at, speakers, weights));
    }
    this.emit("\n  }");
    recent.push({ id, sender, kind });
    if (recent.length > 30) recent.shift();
  }

  private phrase(sender: Member): string {
    const rng = this.rng;
    const roll = rng.next();
    if (roll < 0.22) return rng.pick(SHORT);
    const lang = rng.chance(0.85) ? sender.lang : "en";
    let text = rng.pick(PHRASES[lang]);
    if (roll > 0.8) text = `${text}, ${rng.pick(PHRASES[lang])}`;
    if (roll > 0.93) text += rng.pick(QUESTION_TAILS);
    if (rng.chance(0.08)) text += ` ${rng.pick(SHORT)}`;
    return text;
  }

  private fileStamp(at: number): string {
    const wall = this.wall(at);
    return `${wall.slice(8, 10)}-${wall.slice(5, 7)}-${wall.slice(0, 4)}_${wall.slice(11, 13)}-${wall.slice(14, 16)}-${wall.slice(17, 19)}`;
  }

  private reactions(author: Member, at: number, speakers: Member[], weights: number[]): string {
    const rng = this.rng;
    const kinds = rng.chance(0.7) ? 1 : rng.chance(0.7) ? 2 : 3;
    const used = new Set<string>();
    const parts: string[] = [];
    for (let k = 0; k < kinds; k++) {
      const emoji = k === 0 && rng.chance(0.5) ? "👍" : rng.pick(REACTIONS);
      if (used.has(emoji)) continue;
      used.add(emoji);
      const count = 1 + Math.floor(rng.next() ** 2.5 * 9);
      const reactors = new Set<Member>();
      for (let tries = 0; reactors.size < Math.min(count, 3) && tries < 10; tries++) {
        const who = speakers[rng.weighted(weights)] as Member;
        if (who !== author) reactors.add(who);
      }
      const recent = [...reactors]
        .map((who) => {
          const when = Math.min(this.endMs - 1000, at + rng.int(10, 4 * 3600) * 1000);
          return `     {\n      "from": ${who.nameJson},\n      "from_id": "user${who.id}",\n      "date": "${this.wall(when)}"\n     }`;
        })
        .join(",\n");
      parts.push(
        `    {\n     "type": "emoji",\n     "count": ${Math.max(count, reactors.size)},\n     "emoji": "${emoji}"${recent ? `,\n     "recent": [\n${recent}\n     ]` : ""}\n    }`,
      );
    }
    return `,\n   "reactions": [\n${parts.join(",\n")}\n   ]`;
  }
}

function textFields(text: string): string {
  if (text === "") return `   "text": "",\n   "text_entities": []`;
  const json = JSON.stringify(text);
  return `   "text": ${json},\n   "text_entities": [\n    {\n     "type": "plain",\n     "text": ${json}\n    }\n   ]`;
}

function linkFields(intro: string, link: string): string {
  const linkPart = `{\n     "type": "link",\n     "text": "${link}"\n    }`;
  const introJson = JSON.stringify(intro);
  const text = intro === "" ? `[\n    ${linkPart}\n   ]` : `[\n    ${introJson},\n    ${linkPart}\n   ]`;
  const entities =
    intro === ""
      ? `[\n    ${linkPart}\n   ]`
      : `[\n    {\n     "type": "plain",\n     "text": ${introJson}\n    },\n    ${linkPart}\n   ]`;
  return `   "text": ${text},\n   "text_entities": ${entities}`;
}

function cumulative(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => {
    sum += w;
    return sum;
  });
}
