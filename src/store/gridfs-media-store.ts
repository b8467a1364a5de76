import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import mongoose, { type Connection } from "mongoose";
import type { AttachmentRef } from "../core/appeal/appeal.js";
import { AppError } from "../core/errors.js";
import type { MediaArchive } from "../core/ports/media-archive.js";
import { mediaUnavailable, type MediaFile, type MediaSource } from "../core/ports/media-source.js";

/** What GridFS keeps beside a file's bytes. */
type FileMetadata = { fileName: string; mimeType?: string };

/**
 * Files of one channel in MongoDB GridFS, named by the attachment's file id. GridFS
 * cuts a file into chunks, so a video larger than a document's 16 MB limit fits too.
 * On the embedded FerretDB only `_id` filters use an index: opening a file scans the
 * chunks collection, which a large deployment on a real MongoDB does not.
 */
export class GridFsMediaStore implements MediaSource, MediaArchive {
  private readonly bucket: mongoose.mongo.GridFSBucket;

  constructor(
    connection: Connection,
    private readonly channel: string,
  ) {
    if (!connection.db) throw new AppError("MONGO_NOT_CONNECTED", "The media store needs an open MongoDB connection.");
    this.bucket = new mongoose.mongo.GridFSBucket(connection.db, { bucketName: `${channel}_media` });
  }

  async has(fileId: string): Promise<boolean> {
    return (await this.bucket.find({ filename: fileId }).limit(1).toArray()).length > 0;
  }

  async put(fileId: string, file: MediaFile): Promise<void> {
    const metadata: FileMetadata = { fileName: file.fileName, ...(file.mimeType !== undefined ? { mimeType: file.mimeType } : {}) };
    await pipeline(Readable.from([Buffer.from(file.data)]), this.bucket.openUploadStream(fileId, { metadata }));
  }

  async open(attachment: AttachmentRef): Promise<MediaFile> {
    if (attachment.channel !== this.channel) {
      throw new AppError("MEDIA_WRONG_CHANNEL", `This store keeps ${this.channel} files, not ${attachment.channel} ones.`, { channel: attachment.channel });
    }
    // The latest copy wins should two processes have stored the same file.
    const [stored] = await this.bucket.find({ filename: attachment.fileId }).sort({ uploadDate: -1 }).limit(1).toArray();
    if (!stored) throw new AppError(mediaUnavailable, `The ${this.channel} file is not stored (its download failed at receipt, or it was deleted).`, { fileId: attachment.fileId });
    const chunks: Buffer[] = [];
    for await (const chunk of this.bucket.openDownloadStream(stored._id)) chunks.push(chunk as Buffer);
    const metadata = (stored.metadata ?? {}) as Partial<FileMetadata>;
    return { data: Buffer.concat(chunks), fileName: metadata.fileName ?? attachment.fileId, mimeType: metadata.mimeType ?? attachment.mimeType };
  }
}
