// Explains a line that bash would run as a command (spaces around `=`, a BOM, a lone carriage return...) and how to fix it.

import type { Finding, FindingFix } from '../lint/finding';
import { deleteSpanFix, lineEndingFix } from '../lint/fixes';
import { asAssignment, isNameStart, plainWordText } from './parse';
import type { SourceText } from './source';
import type { SimpleCommand } from './syntax';
import { HARMLESS_BUILTINS } from './shellNames';

export function commandFinding(source: SourceText, command: SimpleCommand, prefixCount: number, commandName: string): Finding {
  const words = command.words;
  const first = words[prefixCount];
  const range = source.rangeOf(command.start, command.end);
  const shown = source.text.slice(command.start, command.end).replace(/\r/g, '\\r');
  const lost = words.slice(0, prefixCount).map((word) => asAssignment(word)?.name).filter((name): name is string => name !== undefined);
  const lostNote = lost.length > 0 ? ` ${lost.join(', ')} ${lost.length === 1 ? 'is' : 'are'} then set only for that command, not kept.` : '';

  if (command.start === 0 && source.text.startsWith('\uFEFF')) {
    return {
      code: 'byte-order-mark',
      severity: 'error',
      file: source.path,
      range: source.rangeOf(0, first.end),
      message: `The file starts with a byte order mark: bash reads it as part of the first word, so \`${shown.slice(1)}\` runs as a command and is not an assignment. Save the file as UTF-8 without BOM.`,
      fixes: [deleteSpanFix(source, 0, 1, 'Remove the byte order mark')],
    };
  }
  if (commandName === '\r') {
    return {
      code: 'carriage-return',
      severity: 'error',
      file: source.path,
      range,
      message: `This line ends with a carriage return (Windows line ends): bash runs $'\\r' as a command.${lostNote} Convert the file to LF line ends.`,
      fixes: [lineEndingFix(source)],
    };
  }
  const second = words[prefixCount + 1];
  const secondText = second ? source.text.slice(second.start, second.end) : undefined;
  const firstText = plainWordText(first);
  if (prefixCount === 0 && firstText !== undefined && isNameStart(firstText[0]) && /^[A-Za-z0-9_]+$/.test(firstText) && secondText?.startsWith('=')) {
    const fixes: FindingFix[] = [];
    const third = words[2];
    const end = secondText === '=' && third ? third.start : second.start;
    const joined = `${firstText}=${secondText === '=' && third ? source.text.slice(third.start, third.end) : secondText.slice(1)}`;
    fixes.push({
      title: `Write ${joined.replace(/\r/g, '')}`,
      edits: [
        { file: source.path, range: source.rangeOf(first.end, second.start), newText: '' },
        ...(end !== second.start ? [{ file: source.path, range: source.rangeOf(second.start + 1, end), newText: '' }] : []),
      ],
      isPreferred: true,
    });
    return {
      code: 'runs-command',
      severity: 'error',
      file: source.path,
      range,
      message: `bash runs \`${firstText}\` as a command here because of the space around \`=\`, so ${firstText} is not set. Write ${firstText}=value with no spaces.`,
      fixes,
    };
  }
  if (prefixCount > 0) {
    const lastPrefix = words[prefixCount - 1];
    const assignment = asAssignment(lastPrefix);
    if (assignment && assignment.valueParts.length === 0 && source.text.slice(lastPrefix.end, first.start).trim() === '') {
      return {
        code: 'runs-command',
        severity: 'error',
        file: source.path,
        range,
        message: `The space after \`${assignment.name}=\` makes bash run \`${commandName}\` as a command with ${assignment.name} empty only for it, so ${assignment.name} is not set. Remove the space (and quote a value that holds spaces).`,
        fixes: [deleteSpanFix(source, lastPrefix.end, first.start, `Remove the space after ${assignment.name}=`)],
      };
    }
  }
  const harmless = HARMLESS_BUILTINS.has(commandName);
  return {
    code: 'runs-command',
    severity: harmless ? 'warning' : 'error',
    file: source.path,
    range,
    message: `bash runs \`${shown}\` as a command when the deploy script sources this file.${lostNote} An env file should hold only NAME=value lines; remove it or make it an assignment.`,
  };
}
