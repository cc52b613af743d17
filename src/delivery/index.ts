// Everything Pulse sends goes through here: Telegram's limits, 429 waits and remembered 403s.
export { deliveryContact } from "./contact.js";
export { isSendMethod, type SendLimits, sendThrottler, TELEGRAM_SEND_LIMITS } from "./limits.js";
export { type DmStatus, getDmStatuses, getTargetMark, type StoredMark, type TargetMark } from "./marks.js";
export {
  createDelivery,
  type Delivered,
  Delivery,
  type DeliveryFailureReason,
  type DeliveryOptions,
  type DeliveryOutcome,
  type NotDelivered,
  type SendDocumentOptions,
  type SendMessageOptions,
  type SendPhotoOptions,
} from "./sender.js";
