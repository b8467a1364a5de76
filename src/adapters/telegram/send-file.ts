import { InputFile, type Api } from "grammy";
import type { AttachmentKind } from "../../core/appeal/appeal.js";
import type { MediaFile } from "../../core/ports/media-source.js";

/**
 * Uploads a file to a chat with the method that shows it best: a photo as a photo, a
 * voice note as a voice note, anything else as a document.
 */
export async function sendFile(api: Api, chatId: number, kind: AttachmentKind, file: MediaFile): Promise<void> {
  const input = new InputFile(file.data, file.fileName);
  switch (kind) {
    case "photo":
      await api.sendPhoto(chatId, input);
      return;
    case "voice":
      await api.sendVoice(chatId, input);
      return;
    case "audio":
      await api.sendAudio(chatId, input);
      return;
    case "video":
      await api.sendVideo(chatId, input);
      return;
    case "document":
      await api.sendDocument(chatId, input);
      return;
  }
}
