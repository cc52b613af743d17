// Demo data: a synthetic community written as a Telegram Desktop export.
export { type CommunityExport, type CommunityOptions, writeCommunityExport } from "./community.js";
