export * from "./chats.js";
export * from "./member-events.js";
export * from "./messages.js";
export * from "./reactions.js";
export * from "./rollups.js";
export * from "./users.js";
