// Edits shared by several quick fixes: removing carriage returns, deleting or replacing a span, quoting a value for the shell.

import type { SourceText } from '../envfile/source';
import type { FindingFix } from './finding';

/** Removes every carriage return that ends a line (and one at the very end): the file then has LF line ends. */
export function lineEndingFix(source: SourceText): FindingFix {
  const edits = [];
  const text = source.text;
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) {
    if (text[i + 1] === '\n' || i + 1 === text.length) edits.push({ file: source.path, range: source.rangeOf(i, i + 1), newText: '' });
  }
  return { title: 'Convert the file to LF line ends', edits, isPreferred: true };
}

export function deleteSpanFix(source: SourceText, start: number, end: number, title: string, isPreferred = true): FindingFix {
  return { title, edits: [{ file: source.path, range: source.rangeOf(start, end), newText: '' }], isPreferred };
}

export function replaceSpanFix(source: SourceText, start: number, end: number, newText: string, title: string, isPreferred = true): FindingFix {
  return { title, edits: [{ file: source.path, range: source.rangeOf(start, end), newText }], isPreferred };
}

/** A value written so that bash reads it back unchanged: bare when safe, else in single quotes. */
export function shellQuote(value: string): string {
  if (value !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
