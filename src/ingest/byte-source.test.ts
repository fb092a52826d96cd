import {
  closeSync,
  fstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileSource, bufferSource, openFileSource } from './byte-source.ts';

const dir = mkdtempSync(join(tmpdir(), 'northstar-byte-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bytes = Uint8Array.from({ length: 100 }, (_, i) => i);

function fileWith(name: string, data: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
}

/** The descriptor the next open gets: POSIX hands out the lowest free one. */
function nextDescriptor(): number {
  const fd = openSync(join(dir, 'probe'), 'w');
  closeSync(fd);
  return fd;
}

describe('byte sources', () => {
  it('a buffer source reads views of the buffer, clipped to its length', () => {
    const source = bufferSource(bytes);
    expect(source.length).toBe(100);
    expect([...source.read(10, 13)]).toEqual([10, 11, 12]);
    expect([...source.read(98, 200)]).toEqual([98, 99]);
    expect(source.read(150, 200)).toHaveLength(0);
    source.close();
  });

  it('a file source reads the same ranges from disk', () => {
    const source = openFileSource(fileWith('bytes.bin', bytes));
    try {
      expect(source).toBeInstanceOf(FileSource);
      expect(source.length).toBe(100);
      expect([...source.read(10, 13)]).toEqual([10, 11, 12]);
      expect([...source.read(0, 100)]).toEqual([...bytes]);
      expect([...source.read(98, 200)]).toEqual([98, 99]);
      expect(source.read(150, 200)).toHaveLength(0);
      expect([...source.read(1, 2)]).toEqual([1]); // after a larger read, from the same buffer
    } finally {
      source.close();
    }
  });

  it('an empty file has length 0', () => {
    const source = openFileSource(fileWith('empty.csv', new Uint8Array(0)));
    expect(source.length).toBe(0);
    expect(source.read(0, 3)).toHaveLength(0);
    source.close();
  });

  it('closing releases the descriptor, and closing again does nothing', () => {
    const source = openFileSource(fileWith('closed.bin', bytes)) as FileSource;
    source.close();
    expect(() => fstatSync(source.fd)).toThrow(expect.objectContaining({ code: 'EBADF' }));
    expect(() => source.close()).not.toThrow();
  });

  it('a file cut short while read is an error, not a shorter file', () => {
    const path = fileWith('shrinks.bin', bytes);
    const source = openFileSource(path);
    try {
      writeFileSync(path, bytes.subarray(0, 50));
      expect(() => source.read(40, 60)).toThrow('the file got shorter while it was being read');
    } finally {
      source.close();
    }
  });

  it('a directory fails with its path, and its descriptor is closed', () => {
    const path = join(dir, 'a-directory');
    mkdirSync(path);
    const free = nextDescriptor();
    expect(() => openFileSource(path)).toThrow(expect.objectContaining({ code: 'EISDIR', path }));
    expect(nextDescriptor()).toBe(free);
  });

  it('a missing file fails with the path, as reading it did', () => {
    const path = join(dir, 'nope.csv');
    expect(() => openFileSource(path)).toThrow(
      expect.objectContaining({ code: 'ENOENT', path, message: expect.stringContaining(path) }),
    );
  });
});
