import { isUtf8 } from 'node:buffer';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import type { ByteSource } from './byte-source.ts';
import { openFileSource } from './byte-source.ts';
import type { CsvOptions } from './read-csv.ts';
import { detectEncoding, readCsv, sniffDelimiter, sniffNewline } from './read-csv.ts';
import { fieldText } from './records.ts';

interface Record_ {
  row: number;
  cells: string[];
  problems: string[];
}

function readAll(input: string | Uint8Array | ByteSource, options: CsvOptions = {}): Record_[] {
  const data = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const source = readCsv(data, options);
  const out: Record_[] = [];
  while (source.next()) {
    const cells: string[] = [];
    for (let i = 0; i < source.count; i++) cells.push(fieldText(source, i));
    out.push({
      row: source.row,
      cells,
      problems: source.problems.map((p) => `${p.field}: ${p.reason}`),
    });
  }
  return out;
}

const cellsOf = (input: string | Uint8Array | ByteSource, options?: CsvOptions): string[][] =>
  readAll(input, options).map((r) => r.cells);

describe('sniffing', () => {
  it('picks the most frequent of , ; tab on the first line, outside quotes', () => {
    expect(sniffDelimiter('a,b,c\n1;2;3;4;5')).toBe(',');
    expect(sniffDelimiter('a;b;c\n')).toBe(';');
    expect(sniffDelimiter('a\tb\tc')).toBe('\t');
    expect(sniffDelimiter('"a,b,c";d;e\n')).toBe(';');
    expect(sniffDelimiter('"x\n,,,";a;b')).toBe(';');
    expect(sniffDelimiter('single')).toBe(',');
  });

  it('finds the line end', () => {
    expect(sniffNewline('a,b\r\nc')).toBe('\n');
    expect(sniffNewline('a,b\nc')).toBe('\n');
    expect(sniffNewline('a,b\rc,d\r')).toBe('\r');
    expect(sniffNewline('"a\rb",c\n')).toBe('\n');
  });

  it('recognizes BOMs and non-UTF-8 bytes', () => {
    expect(detectEncoding(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({
      encoding: 'utf-8',
      bom: 3,
    });
    expect(detectEncoding(Uint8Array.from([0xff, 0xfe, 0x61, 0]))).toEqual({
      encoding: 'utf-16le',
      bom: 2,
    });
    expect(detectEncoding(Uint8Array.from([0xfe, 0xff, 0, 0x61]))).toEqual({
      encoding: 'utf-16be',
      bom: 2,
    });
    expect(detectEncoding(Uint8Array.from([0x61, 0xe9]))).toEqual({
      encoding: 'windows-1252',
      bom: 0,
    });
    expect(detectEncoding(new TextEncoder().encode('é'))).toEqual({ encoding: 'utf-8', bom: 0 });
  });
});

describe('records', () => {
  it('splits plain fields, with CRLF, LF or CR line ends', () => {
    const expected = [
      ['a', 'b', 'c'],
      ['1', '', '3'],
    ];
    expect(cellsOf('a,b,c\r\n1,,3\r\n')).toEqual(expected);
    expect(cellsOf('a,b,c\n1,,3')).toEqual(expected);
    expect(cellsOf('a,b,c\r1,,3\r')).toEqual(expected);
    expect(cellsOf('a,b,c\r\n1,,3\n')).toEqual(expected); // mixed
  });

  it('strips the BOM and skips an Excel "sep=" line', () => {
    expect(cellsOf('\ufeffa;b\n1;2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    const rows = readAll('sep=|\r\na|b\r\n1|2\r\n');
    expect(rows.map((r) => [r.row, r.cells])).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
    ]);
  });

  it('ignores a "sep=" line naming a character it cannot use', () => {
    expect(readAll('sep="\na,b\n').map((r) => r.cells)).toEqual([['sep="'], ['a', 'b']]);
  });

  it('handles quoted fields with delimiters, quotes and line breaks', () => {
    const rows = readAll('id,text,n\r\n1,"a, ""b""\r\nc",2\r\n2,"",3\r\n3,"x" ,4\r\n');
    expect(rows.map((r) => [r.row, r.cells, r.problems])).toEqual([
      [1, ['id', 'text', 'n'], []],
      [2, ['1', 'a, "b"\r\nc', '2'], []],
      [3, ['2', '', '3'], []],
      [4, ['3', 'x', '4'], []], // spaces after the closing quote are tolerated
    ]);
  });

  it('keeps a quote inside an unquoted field as text', () => {
    expect(cellsOf('a,b\n5" screen,x\n')).toEqual([
      ['a', 'b'],
      ['5" screen', 'x'],
    ]);
  });

  it('skips blank lines (also whitespace-only and delimiter-only) but counts them', () => {
    const rows = readAll('a,b\n\n1,2\n , \n,\n3,4\n\n\n');
    expect(rows.map((r) => [r.row, r.cells])).toEqual([
      [1, ['a', 'b']],
      [3, ['1', '2']],
      [6, ['3', '4']],
    ]);
  });

  it('reports malformed and unterminated quotes on their field', () => {
    const rows = readAll('a,b\n"x"y,2\n3,"open\n4,5\n');
    expect(rows.map((r) => [r.row, r.cells, r.problems])).toEqual([
      [1, ['a', 'b'], []],
      [2, ['xy', '2'], ['0: malformed quoted field: text follows its closing quote']],
      [3, ['3', 'open\n4,5\n'], ['1: unterminated quoted field: its opening " has no closing "']],
    ]);
  });

  it('decodes UTF-16 with BOM and Windows-1252', () => {
    const text = 'name\tcity\r\nZoë\tKöln\r\n';
    const le = Uint8Array.from([
      0xff,
      0xfe,
      ...new Uint8Array(new Uint16Array([...text].map((c) => c.charCodeAt(0))).buffer),
    ]);
    expect(cellsOf(le)).toEqual([
      ['name', 'city'],
      ['Zoë', 'Köln'],
    ]);
    const cp1252 = Uint8Array.from([0x61, 0x0a, 0x93, 0x71, 0x94, 0x20, 0x80, 0x0a]);
    expect(cellsOf(cp1252)).toEqual([['a'], ['\u201cq\u201d \u20ac']]);
  });

  it('rejects delimiters it cannot use', () => {
    expect(() => readCsv(new Uint8Array(0), { delimiter: '"' })).toThrow(RangeError);
    expect(() => readCsv(new Uint8Array(0), { delimiter: '::' })).toThrow(RangeError);
  });

  it('reports progress from 0 to 1', () => {
    const source = readCsv(new TextEncoder().encode('a\n1\n2\n3\n'), { pieceBytes: 16 });
    expect(source.progress()).toBeLessThan(1);
    while (source.next());
    expect(source.progress()).toBe(1);
  });
});

describe('agrees with Papa Parse on well-formed CSV (property)', () => {
  const cell = fc.oneof(
    fc.string({ maxLength: 6 }),
    fc.constantFrom('', ' ', '"', '""', ',', ';', '\t', '\n', '\r\n', 'a"b', ' x ', 'é€😀'),
    fc.string({ unit: fc.constantFrom('a', '"', ',', ';', '\n', '\r', ' '), maxLength: 8 }),
  );
  // A record that is not blank (blank records are skipped by design, not by Papa).
  const record = (width: number) =>
    fc
      .array(cell, { minLength: width, maxLength: width })
      .filter((cells) => cells.some((c) => c.trim() !== ''));

  it('round-trips Papa.unparse output, whatever the piece size', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 5 })
          .chain((width) => fc.array(record(width), { minLength: 1, maxLength: 20 })),
        fc.constantFrom(',', ';', '\t'),
        fc.constantFrom('\n', '\r\n'),
        fc.integer({ min: 16, max: 64 }),
        (rows, delimiter, newline, pieceBytes) => {
          const csv = Papa.unparse(rows, { delimiter, newline, quotes: false });
          const options = { delimiter, pieceBytes };
          const ours = cellsOf(csv, options);
          expect(ours).toEqual(rows);
          const papa = Papa.parse<string[]>(csv, {
            delimiter,
            newline,
            skipEmptyLines: false,
          }).data;
          expect(ours).toEqual(papa);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('small and large pieces give the same records, problems and row numbers', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('a', 'é', '"', ',', '\n', '\r', ' ', '😀'),
          maxLength: 200,
        }),
        (text) => {
          const data = new TextEncoder().encode(text);
          expect(readAll(data, { delimiter: ',', pieceBytes: 16 })).toEqual(
            readAll(data, { delimiter: ',' }),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('read from a file a piece at a time', () => {
  const dir = mkdtempSync(join(tmpdir(), 'northstar-read-csv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let files = 0;

  /** Reads `data` written to a file, through a file source closed afterwards. */
  function withFile<T>(data: Uint8Array | string, read: (source: ByteSource) => T): T {
    const path = join(dir, `${files++}.csv`);
    writeFileSync(path, data);
    const source = openFileSource(path);
    try {
      return read(source);
    } finally {
      source.close();
    }
  }

  const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

  it('gives the records of the same bytes in memory, across piece boundaries', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('a', 'é', '€', '😀', '"', ',', ';', '\n', '\r', ' '),
          maxLength: 300,
        }),
        fc.integer({ min: 16, max: 64 }),
        (text, pieceBytes) => {
          const data = encode(text);
          const options = { pieceBytes };
          const fromFile = withFile(data, (source) => readAll(source, options));
          expect(fromFile).toEqual(readAll(data, options));
          expect(fromFile).toEqual(readAll(data));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads multi-byte characters cut by a piece boundary whole', () => {
    // Every offset of a 2-, 3- and 4-byte character against 16-byte pieces.
    for (let pad = 0; pad < 20; pad++) {
      const text = `${'a'.repeat(pad)}é€😀,x\n${'b'.repeat(pad)}😀€é,y\n`;
      const records = withFile(text, (source) => {
        const csv = readCsv(source, { pieceBytes: 16 });
        expect(csv.encoding).toBe('utf-8');
        return cellsOf(source, { pieceBytes: 16 });
      });
      expect(records).toEqual([
        [`${'a'.repeat(pad)}é€😀`, 'x'],
        [`${'b'.repeat(pad)}😀€é`, 'y'],
      ]);
    }
  });

  it('strips a BOM', () => {
    const text = `\ufeffname;city\nZoë;${'K'.repeat(40)}öln\n`;
    withFile(text, (source) => {
      expect(detectEncoding(source, 16)).toEqual({ encoding: 'utf-8', bom: 3 });
      expect(cellsOf(source, { pieceBytes: 16 })).toEqual([
        ['name', 'city'],
        ['Zoë', `${'K'.repeat(40)}öln`],
      ]);
    });
  });

  it('reads a file as Windows-1252 when its first non-UTF-8 byte is past the first piece', () => {
    const data = Uint8Array.from([
      ...encode(`name,city\nZo\u00eb,${'K'.repeat(40)}\n`), // valid UTF-8 (ë) up to here
      ...encode('Caf'),
      0xe9, // é in Windows-1252
      0x2c,
      0x80, // €
      0x0a,
    ]);
    withFile(data, (source) => {
      expect(detectEncoding(source, 16).encoding).toBe('windows-1252');
      expect(cellsOf(source, { pieceBytes: 16 })).toEqual([
        ['name', 'city'],
        ['ZoÃ«', 'K'.repeat(40)], // the UTF-8 bytes of ë, read as Windows-1252 like the rest
        ['Café', '€'],
      ]);
    });
  });

  it('reads an empty file as no records', () => {
    withFile(new Uint8Array(0), (source) => {
      const csv = readCsv(source, { pieceBytes: 16 });
      expect(csv.encoding).toBe('utf-8');
      expect(csv.next()).toBe(false);
      expect(csv.progress()).toBe(1);
    });
  });

  it('decides the encoding piece by piece as isUtf8 does over the whole bytes', () => {
    const fragment = fc.oneof(
      fc.constantFrom(...['a', 'é', '€', '😀', ','].map(encode)),
      // Bytes a piece may cut or that are invalid alone: lead and continuation bytes.
      fc.constantFrom(0xc3, 0xe2, 0xf0, 0x80, 0x82, 0xa9, 0xbf, 0xff).map((b) => Uint8Array.of(b)),
    );
    fc.assert(
      fc.property(
        fc.array(fragment, { maxLength: 60 }),
        fc.integer({ min: 4, max: 40 }),
        (fragments, pieceBytes) => {
          const data = Uint8Array.from(fragments.flatMap((f) => [...f]));
          // A BOM names the encoding: the rule under test is for files without one.
          fc.pre(!(data[0] === 0xef || data[0] === 0xff || data[0] === 0xfe));
          const expected = isUtf8(data) ? 'utf-8' : 'windows-1252';
          expect(detectEncoding(data, pieceBytes).encoding).toBe(expected);
          expect(withFile(data, (source) => detectEncoding(source, pieceBytes).encoding)).toBe(
            expected,
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
