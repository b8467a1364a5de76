import mongoose, { type Connection } from "mongoose";
import type { AttachmentRef } from "../core/appeal/appeal.js";
import { AppError } from "../core/errors.js";
import type { MediaArchive } from "../core/ports/media-archive.js";
import { mediaUnavailable, type MediaFile, type MediaSource } from "../core/ports/media-source.js";

/** A stored file's head: written after its parts, so a head means the whole file is there. */
type FileHead = { _id: string; fileName: string; mimeType?: string; length: number; parts: number; storedAt: Date };
type FilePart = { _id: string; data: mongoose.mongo.Binary };

/** Parts stay well under a document's 16 MB limit, so a video larger than that fits too. */
const partBytes = 255 * 1024;

const partId = (fileId: string, index: number) => `${fileId}/${index}`;

/**
 * Files of one channel in MongoDB, each found by `_id` alone: the head under the
 * attachment's file id (`<channel>_files`), its parts under `<file id>/<n>`
 * (`<channel>_file_parts`). GridFS finds files by name and chunks by file, filters the
 * embedded FerretDB answers only by scanning both collections, for every file opened.
 * Files stored in GridFS by an earlier version (`<channel>_media` bucket) are still found.
 */
export class MongoMediaStore implements MediaSource, MediaArchive {
  private readonly heads: mongoose.mongo.Collection<FileHead>;
  private readonly parts: mongoose.mongo.Collection<FilePart>;
  private readonly legacy: mongoose.mongo.GridFSBucket;
  private readonly db: mongoose.mongo.Db;
  private legacyInUse: Promise<boolean> | undefined;

  constructor(
    connection: Connection,
    private readonly channel: string,
  ) {
    const db = connection.db;
    if (!db) throw new AppError("MONGO_NOT_CONNECTED", "The media store needs an open MongoDB connection.");
    this.heads = db.collection<FileHead>(`${channel}_files`);
    this.parts = db.collection<FilePart>(`${channel}_file_parts`);
    this.legacy = new mongoose.mongo.GridFSBucket(db, { bucketName: `${channel}_media` });
    this.db = db;
  }

  async has(fileId: string): Promise<boolean> {
    if (await this.heads.findOne({ _id: fileId }, { projection: { _id: 1 } })) return true;
    return (await this.legacyHead(fileId)) !== undefined;
  }

  async put(fileId: string, file: MediaFile): Promise<void> {
    const data = Buffer.from(file.data);
    const count = Math.max(1, Math.ceil(data.length / partBytes));
    // Two processes storing the same file write the same parts: the last write wins, whole.
    for (let index = 0; index < count; index++) {
      const part = data.subarray(index * partBytes, (index + 1) * partBytes);
      await this.parts.replaceOne({ _id: partId(fileId, index) }, { data: new mongoose.mongo.Binary(part) }, { upsert: true });
    }
    const head: Omit<FileHead, "_id"> = { fileName: file.fileName, length: data.length, parts: count, storedAt: new Date(), ...(file.mimeType !== undefined ? { mimeType: file.mimeType } : {}) };
    await this.heads.replaceOne({ _id: fileId }, head, { upsert: true });
  }

  async open(attachment: AttachmentRef): Promise<MediaFile> {
    if (attachment.channel !== this.channel) {
      throw new AppError("MEDIA_WRONG_CHANNEL", `This store keeps ${this.channel} files, not ${attachment.channel} ones.`, { channel: attachment.channel });
    }
    const head = await this.heads.findOne({ _id: attachment.fileId });
    if (head) {
      const parts = await Promise.all(Array.from({ length: head.parts }, (_, index) => this.parts.findOne({ _id: partId(attachment.fileId, index) })));
      if (parts.some((part) => !part)) throw new AppError("MEDIA_INCOMPLETE", `A part of the ${this.channel} file is missing.`, { fileId: attachment.fileId });
      return { data: Buffer.concat(parts.map((part) => Buffer.from(part?.data.buffer ?? []))), fileName: head.fileName, mimeType: head.mimeType ?? attachment.mimeType };
    }
    const stored = await this.legacyHead(attachment.fileId);
    if (!stored) throw new AppError(mediaUnavailable, `The ${this.channel} file is not stored (its download failed at receipt, or it was deleted).`, { fileId: attachment.fileId });
    const chunks: Buffer[] = [];
    for await (const chunk of this.legacy.openDownloadStream(stored._id)) chunks.push(chunk as Buffer);
    const metadata = (stored.metadata ?? {}) as Partial<Pick<FileHead, "fileName" | "mimeType">>;
    return { data: Buffer.concat(chunks), fileName: metadata.fileName ?? attachment.fileId, mimeType: metadata.mimeType ?? attachment.mimeType };
  }

  /**
   * Deletes every file whose id starts with `prefix` (a citizen's files are named `<citizen id>/<message id>`)
   * except those in `keep`; returns how many went. A scan, for the rare forget-me request only.
   */
  async deleteUnder(prefix: string, keep: ReadonlySet<string>): Promise<number> {
    const pattern = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
    let deleted = 0;
    for (const head of await this.heads.find({ _id: { $regex: pattern } }, { projection: { _id: 1, parts: 1 } }).toArray()) {
      if (keep.has(head._id)) continue;
      // The head goes first: a file without its head is never opened, while parts without a head are only waste.
      await this.heads.deleteOne({ _id: head._id });
      await this.parts.deleteMany({ _id: { $in: Array.from({ length: head.parts }, (_, index) => partId(head._id, index)) } });
      deleted += 1;
    }
    if (await this.legacyBucketExists()) {
      for (const file of await this.legacy.find({ filename: { $regex: pattern } }).toArray()) {
        if (keep.has(file.filename)) continue;
        await this.legacy.delete(file._id);
        deleted += 1;
      }
    }
    return deleted;
  }

  private legacyBucketExists(): Promise<boolean> {
    this.legacyInUse ??= this.db
      .listCollections({ name: `${this.channel}_media.files` }, { nameOnly: true })
      .toArray()
      .then((found) => found.length > 0);
    return this.legacyInUse;
  }

  /** A file stored in GridFS by an earlier version; looked for only when that bucket holds any. */
  private async legacyHead(fileId: string): Promise<mongoose.mongo.GridFSFile | undefined> {
    if (!(await this.legacyBucketExists())) return undefined;
    // The latest copy wins should two processes have stored the same file.
    const [stored] = await this.legacy.find({ filename: fileId }).sort({ uploadDate: -1 }).limit(1).toArray();
    return stored;
  }
}
