import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';

/**
 * The bytes of an import, read a range at a time: an upload already in memory, or a file
 * on disk that is never held whole (a 1M-customer subscriptions file is 337 MB, and the
 * CSV reader needs only the piece it decodes).
 */
export interface ByteSource {
  readonly length: number;
  /**
   * Bytes [start, end), the range clipped to the source. The view may be reused by the
   * next `read` (a file reads into one buffer), so use it before reading again.
   */
  read(start: number, end: number): Uint8Array;
  /** Releases the file; a source is not read after it is closed. */
  close(): void;
}

/** A source over bytes in memory (an upload, a test's text): reads are views, nothing to close. */
export function bufferSource(data: Uint8Array): ByteSource {
  return {
    length: data.length,
    read: (start, end) => data.subarray(start, end),
    close: () => undefined,
  };
}

/** A file read with `readSync` at the positions asked, through one reused buffer. */
export class FileSource implements ByteSource {
  readonly fd: number;
  readonly length: number;
  private buffer = new Uint8Array(0);
  private closed = false;

  constructor(fd: number, length: number) {
    this.fd = fd;
    this.length = length;
  }

  read(start: number, end: number): Uint8Array {
    const size = Math.max(0, Math.min(end, this.length) - start);
    if (this.buffer.length < size) this.buffer = new Uint8Array(size);
    let done = 0;
    while (done < size) {
      const n = readSync(this.fd, this.buffer, done, size - done, start + done);
      // The length was taken at open: a file cut short since must not pass for a shorter one.
      if (n === 0) throw new Error('the file got shorter while it was being read');
      done += n;
    }
    return this.buffer.subarray(0, size);
  }

  close(): void {
    // Closing twice could close a descriptor the process has since opened for something else.
    if (this.closed) return;
    this.closed = true;
    this.buffer = new Uint8Array(0);
    closeSync(this.fd);
  }
}

/**
 * Opens a file to be read a range at a time. Only a regular file has a size to read by
 * position: anything else (a pipe such as `<(gunzip -c x.gz)`, /dev/stdin) is read whole
 * as before. A directory fails with EISDIR and its path (reading one gave no path, so the
 * CLI could not say which file was wrong).
 */
export function openFileSource(path: string): ByteSource {
  const fd = openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    if (stat.isFile()) return new FileSource(fd, stat.size);
    if (stat.isDirectory())
      throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${path}'`), {
        code: 'EISDIR',
        path,
      });
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  try {
    return bufferSource(readFileSync(fd));
  } finally {
    closeSync(fd);
  }
}
