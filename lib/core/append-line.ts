// One line appended to a JSON-lines log so that a kill -9 costs at most the
// line being written: the line goes in one write and is fsynced before the
// caller goes on, and a last line torn by an earlier kill is closed with a
// newline first, so it never swallows the line appended after it.
import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';

export function appendLineDurably(path: string, line: string): void {
  const fd = openSync(path, 'a+');
  try {
    writeSync(fd, `${endsTorn(fd) ? '\n' : ''}${line}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** True when the file's last byte is not a newline (a kill tore the last line). */
function endsTorn(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}
