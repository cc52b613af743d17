// The chat's photo for the recap card's header: getChat → photo → getFile → download. A chat
// without a photo, or any failure on the way, gives undefined; the card draws without it.
import type { Api } from "grammy";

const MAX_PHOTO_BYTES = 2 * 1024 * 1024;

export async function fetchChatPhoto(
  api: Pick<Api, "getChat" | "getFile">,
  files: { apiRoot?: string; botToken: string },
  chatId: number,
  signal?: AbortSignal,
): Promise<Buffer | undefined> {
  try {
    const chat = await api.getChat(chatId);
    const fileId = chat.photo?.small_file_id;
    if (!fileId) return undefined;
    const file = await api.getFile(fileId);
    if (!file.file_path) return undefined;
    const root = files.apiRoot ?? "https://api.telegram.org";
    const response = await fetch(`${root}/file/bot${files.botToken}/${file.file_path}`, { signal });
    if (!response.ok) return undefined;
    const bytes = Buffer.from(await response.arrayBuffer());
    return bytes.length > 0 && bytes.length <= MAX_PHOTO_BYTES ? bytes : undefined;
  } catch {
    return undefined;
  }
}
