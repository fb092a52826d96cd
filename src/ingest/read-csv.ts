import { Buffer, isUtf8 } from 'node:buffer';
import type { ByteSource } from './byte-source.ts';
import { bufferSource } from './byte-source.ts';
import type { ReaderProblem, RecordSource } from './records.ts';
import { isWhitespace } from './whitespace.ts';

/**
 * CSV bytes → records. Real exports: UTF-8 with or without BOM (UTF-16 with BOM and
 * Windows-1252 are recognized too), `,` `;` or tab (detected from the header line),
 * RFC 4180 quoting with embedded delimiters, quotes and newlines, CRLF, LF or CR line ends,
 * blank lines skipped while row numbers stay true to the file.
 *
 * The text is decoded in pieces of a few MB (so files larger than the longest string V8
 * allows still work) and tokenized in place: a field is a [start, end) slice of the piece,
 * and only fields that contain escaped quotes become strings of their own. The bytes come
 * from a buffer or a ByteSource, so a file is read from disk a piece at a time too.
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface CsvOptions {
  /** Force a delimiter instead of detecting it. */
  readonly delimiter?: string;
  /** Bytes decoded at a time (tests use small pieces to exercise piece boundaries). */
  readonly pieceBytes?: number;
}

const DEFAULT_PIECE_BYTES = 16 << 20;
const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

const NEED_MORE = 0;
const RECORD = 1;
const END = 2;

/** Windows-1252 characters of bytes 0x80-0x9F (Node decodes them as Latin-1 controls). */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

const sourceOf = (input: Uint8Array | ByteSource): ByteSource =>
  ArrayBuffer.isView(input) ? bufferSource(input) : input;

/**
 * The encoding named by a BOM, else UTF-8 when all the bytes are valid UTF-8, else
 * Windows-1252 (for the whole file, even when its first non-UTF-8 byte comes late).
 */
export function detectEncoding(
  input: Uint8Array | ByteSource,
  pieceBytes = DEFAULT_PIECE_BYTES,
): { encoding: TextEncodingName; bom: number } {
  const bytes = sourceOf(input);
  const head = bytes.read(0, 3);
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  return { encoding: isUtf8Throughout(bytes, pieceBytes) ? 'utf-8' : 'windows-1252', bom: 0 };
}

/** `isUtf8` of all the bytes, checked a piece at a time so that a file is never held whole. */
function isUtf8Throughout(bytes: ByteSource, pieceBytes: number): boolean {
  const size = Math.max(4, pieceBytes);
  for (let start = 0; start < bytes.length;) {
    const piece = bytes.read(start, start + size + 1);
    // A piece ends before a character's first byte (the byte past it tells), so a character
    // cut at its end is checked whole with the next piece. Valid UTF-8 has at most three
    // continuation bytes in a row: if the cut is still on one, the next piece is invalid.
    let end = Math.min(size, piece.length);
    for (let back = 0; back < 3 && end < piece.length && isContinuation(piece[end]); back++) end--;
    if (!isUtf8(piece.subarray(0, end))) return false;
    start += end;
  }
  return true;
}

const isContinuation = (byte: number | undefined): boolean =>
  byte !== undefined && (byte & 0xc0) === 0x80;

/** Bytes looked at to tell text from binary content: a file's first 64 KB. */
const SNIFF_BYTES = 64 << 10;
/** Share of control characters above which bytes are not text in any encoding we read. */
const MAX_CONTROL_SHARE = 0.01;

/**
 * Why the bytes are not a text file (a NUL byte, or more than 1% control characters in the
 * first 64 KB), or null when they may be one. Spreadsheets, archives, images and random
 * data are refused at once instead of being parsed as CSV for a minute.
 */
export function notTextReason(input: Uint8Array | ByteSource): string | null {
  // 64 KB after a BOM of up to 3 bytes.
  const data = sourceOf(input).read(0, SNIFF_BYTES + 3);
  const { encoding, bom } = detectEncoding(data.subarray(0, SNIFF_BYTES));
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return null; // NULs are normal there
  const end = Math.min(data.length, bom + SNIFF_BYTES);
  let control = 0;
  for (let i = bom; i < end; i++) {
    const b = data[i] as number;
    if (b === 0) return 'it holds NUL bytes';
    if ((b < 32 && b !== TAB && b !== LF && b !== CR && b !== 12) || b === 127) control++;
  }
  return control > (end - bom) * MAX_CONTROL_SHARE ? 'it holds binary control characters' : null;
}

function decode(data: Uint8Array, encoding: TextEncodingName): string {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.length);
  switch (encoding) {
    case 'utf-8':
      return bytes.toString('utf8');
    case 'windows-1252':
      return bytes
        .toString('latin1')
        .replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
    case 'utf-16le':
    case 'utf-16be':
      return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
  }
}

/** Counts `,` `;` and tab outside quotes on the first line; the most frequent wins (`,` on ties). */
export function sniffDelimiter(text: string, from = 0): string {
  let comma = 0;
  let semicolon = 0;
  let tab = 0;
  let quoted = false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (quoted) continue;
    else if (c === LF || c === CR) break;
    else if (c === 44) comma++;
    else if (c === 59) semicolon++;
    else if (c === TAB) tab++;
  }
  if (semicolon > comma && semicolon >= tab) return ';';
  if (tab > comma && tab > semicolon) return '\t';
  return ',';
}

/**
 * Index of the first line end outside quotes at or after `from` (the CR of a CRLF), or -1
 * when the text holds no complete first line yet (a trailing CR may still be a CRLF).
 */
export function firstLineEnd(text: string, from = 0): number {
  let quoted = false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (quoted) continue;
    else if (c === LF) return i;
    else if (c === CR) return i + 1 < text.length ? i : -1;
  }
  return -1;
}

/** `\r` when the first line ends with a lone CR (old Mac exports), otherwise `\n` (CRLF included). */
export function sniffNewline(text: string, from = 0): '\n' | '\r' {
  const end = firstLineEnd(text, from);
  return end >= 0 && text.charCodeAt(end) === CR && text.charCodeAt(end + 1) !== LF ? '\r' : '\n';
}

export class CsvRecords implements RecordSource {
  readonly delimiter: string;
  readonly encoding: TextEncodingName;
  src = '';
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  overrides: (string | undefined)[] = [];
  count = 0;
  row = 0;
  problems: ReaderProblem[] = [];

  private readonly bytes: ByteSource;
  private readonly pieceBytes: number;
  private readonly delim: number;
  private readonly newline: number;
  private readonly newlineText: string;
  /** Bytes [0, nextByte) have been decoded into pieces. */
  private nextByte: number;
  private final = false;
  private pos = 0;
  private nextDelim = -1;
  private nextNewline = -1;
  private hasOverrides = false;
  /** Bytes before the current piece and the piece's own size, for progress(). */
  private pieceStartByte = 0;
  private pieceByteLength = 0;

  /** Reads `input` without closing it: a ByteSource stays its opener's to close. */
  constructor(input: Uint8Array | ByteSource, options: CsvOptions = {}) {
    this.bytes = sourceOf(input);
    this.pieceBytes = Math.max(16, options.pieceBytes ?? DEFAULT_PIECE_BYTES);
    const { encoding, bom } = detectEncoding(this.bytes, this.pieceBytes);
    this.encoding = encoding;
    this.nextByte = bom;
    this.loadPiece('');
    // Sniffing needs the whole first line (and the character after a CR).
    while (!this.final && firstLineEnd(this.src) < 0) this.loadPiece(this.src);
    // Excel's "sep=;" first line names the delimiter and is not a row of the sheet.
    let from = 0;
    const sep = /^sep=([^"\r\n])\r?\n/i.exec(this.src.slice(0, 8));
    if (sep !== null) from = sep[0].length;
    this.delimiter =
      options.delimiter ?? (sep?.[1] as string | undefined) ?? sniffDelimiter(this.src, from);
    if (
      this.delimiter.length !== 1 ||
      this.delimiter === '"' ||
      this.delimiter === '\n' ||
      this.delimiter === '\r'
    ) {
      throw new RangeError(`unsupported CSV delimiter ${JSON.stringify(this.delimiter)}`);
    }
    this.delim = this.delimiter.charCodeAt(0);
    while (!this.final && firstLineEnd(this.src, from) < 0) this.loadPiece(this.src);
    const newline = sniffNewline(this.src, from);
    this.newline = newline.charCodeAt(0);
    this.newlineText = newline;
    this.pos = from;
  }

  /** Appends the next piece of decoded text to `rest` (the unfinished end of the current one). */
  private loadPiece(rest: string): void {
    const start = this.nextByte;
    const length = this.bytes.length;
    // UTF-16 (rare) is decoded in one piece: the cuts below look for UTF-8 bytes.
    const split =
      (this.encoding === 'utf-8' || this.encoding === 'windows-1252') &&
      length - start > this.pieceBytes;
    // A piece is read with the byte past it, which tells whether it ends inside a character.
    const data = this.bytes.read(start, split ? start + this.pieceBytes + 1 : length);
    let size = data.length;
    if (split) {
      size = this.pieceBytes;
      // Cut after a line feed when there is one in the piece, else before a UTF-8 lead byte.
      const half = this.pieceBytes >> 1;
      const lineEnd = data.subarray(half, size).lastIndexOf(LF);
      if (lineEnd >= 0) size = half + lineEnd + 1;
      else while (size > 1 && isContinuation(data[size])) size--;
    }
    const end = start + size;
    this.pieceStartByte = start - Buffer.byteLength(rest); // approximate for progress
    this.pieceByteLength = end - this.pieceStartByte;
    this.src = rest + decode(data.subarray(0, size), this.encoding);
    this.nextByte = end;
    this.final = end >= length;
    this.pos = 0;
    this.nextDelim = -1;
    this.nextNewline = -1;
  }

  progress(): number {
    const length = this.bytes.length;
    if (length === 0) return 1;
    const inPiece = this.src.length === 0 ? 1 : this.pos / this.src.length;
    return Math.min(1, (this.pieceStartByte + inPiece * this.pieceByteLength) / length);
  }

  next(): boolean {
    for (;;) {
      const start = this.pos;
      const result = this.parseRecord();
      if (result === NEED_MORE) {
        this.loadPiece(this.src.slice(start));
        continue;
      }
      if (result === END) {
        this.count = 0;
        return false;
      }
      this.row++;
      if (!this.isBlank()) return true;
    }
  }

  private isBlank(): boolean {
    if (this.problems.length > 0) return false;
    const src = this.src;
    for (let f = 0; f < this.count; f++) {
      const override = this.overrides[f];
      if (override !== undefined) {
        if (override.trim() !== '') return false;
        continue;
      }
      const end = this.ends[f] as number;
      for (let i = this.starts[f] as number; i < end; i++) {
        if (!isWhitespace(src.charCodeAt(i))) return false;
      }
    }
    return true;
  }

  private grow(): void {
    const starts = new Int32Array(this.starts.length * 2);
    starts.set(this.starts);
    this.starts = starts;
    const ends = new Int32Array(this.ends.length * 2);
    ends.set(this.ends);
    this.ends = ends;
  }

  /** Position of the next delimiter or line end at or after p (src.length if none). */
  private terminatorFrom(p: number): number {
    const src = this.src;
    if (this.nextDelim < p) {
      const d = src.indexOf(this.delimiter, p);
      this.nextDelim = d < 0 ? src.length : d;
    }
    if (this.nextNewline < p) {
      const n = src.indexOf(this.newlineText, p);
      this.nextNewline = n < 0 ? src.length : n;
    }
    return this.nextDelim < this.nextNewline ? this.nextDelim : this.nextNewline;
  }

  private parseRecord(): number {
    const src = this.src;
    const len = src.length;
    const final = this.final;
    let p = this.pos;
    if (p >= len) return final ? END : NEED_MORE;
    if (this.hasOverrides) {
      this.overrides.length = 0;
      this.hasOverrides = false;
    }
    if (this.problems.length > 0) this.problems = [];
    const stripCr = this.newline === LF;
    let f = 0;
    for (;;) {
      if (f === this.starts.length) this.grow();
      if (src.charCodeAt(p) === QUOTE) {
        let q = src.indexOf('"', p + 1);
        let escaped = false;
        while (q >= 0 && src.charCodeAt(q + 1) === QUOTE) {
          escaped = true;
          q = src.indexOf('"', q + 2);
        }
        if ((q < 0 || q + 1 >= len) && !final) return NEED_MORE;
        if (q < 0) {
          const value = src.slice(p + 1);
          this.setOverride(f, escaped ? value.replaceAll('""', '"') : value);
          this.problems.push({
            field: f,
            reason: 'unterminated quoted field: its opening " has no closing "',
          });
          this.starts[f] = p + 1;
          this.ends[f] = len;
          f++;
          p = len;
          break;
        }
        this.starts[f] = p + 1;
        this.ends[f] = q;
        if (escaped) this.setOverride(f, src.slice(p + 1, q).replaceAll('""', '"'));
        p = q + 1;
        const term = this.terminatorFrom(p);
        if (term >= len && !final) return NEED_MORE;
        if (term > p) {
          // Text between the closing quote and the delimiter: spaces or a CR are fine.
          let junk = false;
          for (let i = p; i < term; i++) {
            const c = src.charCodeAt(i);
            if (c !== SPACE && c !== TAB && c !== CR) junk = true;
          }
          if (junk) {
            const quoted = this.overrides[f] ?? src.slice(this.starts[f], q);
            this.setOverride(f, quoted + src.slice(p, term));
            this.problems.push({
              field: f,
              reason: 'malformed quoted field: text follows its closing quote',
            });
          }
          p = term;
        }
      } else {
        const term = this.terminatorFrom(p);
        if (term >= len && !final) return NEED_MORE;
        this.starts[f] = p;
        this.ends[f] = stripCr && term > p && src.charCodeAt(term - 1) === CR ? term - 1 : term;
        p = term;
      }
      f++;
      if (p >= len) break;
      if (src.charCodeAt(p) === this.delim) {
        p++;
        continue;
      }
      p++; // the line end
      break;
    }
    this.pos = p;
    this.count = f;
    return RECORD;
  }

  private setOverride(field: number, value: string): void {
    while (this.overrides.length < field) this.overrides.push(undefined);
    this.overrides[field] = value;
    this.hasOverrides = true;
  }
}

/** Decodes and tokenizes a CSV file's bytes (a buffer, or a source it reads without closing). */
export function readCsv(input: Uint8Array | ByteSource, options: CsvOptions = {}): CsvRecords {
  return new CsvRecords(input, options);
}
