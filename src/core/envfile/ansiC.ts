// Decodes the body of a bash $'...' string the way bash does in the C locale.

export interface DecodedAnsiC {
  readonly text: string;
  /** True when bash's result depends on the locale or holds bytes this decoder cannot represent. */
  readonly unknown: boolean;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

export function decodeAnsiC(body: string): DecodedAnsiC {
  let text = '';
  let unknown = false;
  // Bytes >= 0x80 and NUL (which ends a C string) are left to bash: their meaning depends on the locale.
  const pushCode = (code: number): void => {
    if (code === 0 || code > 0x7f) unknown = true;
    else text += String.fromCharCode(code);
  };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\' || i + 1 >= body.length) {
      text += ch;
      continue;
    }
    const next = body[++i];
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      text += simple;
    } else if (next >= '0' && next <= '7') {
      let digits = next;
      while (digits.length < 3 && i + 1 < body.length && body[i + 1] >= '0' && body[i + 1] <= '7') digits += body[++i];
      pushCode(parseInt(digits, 8) & 0xff);
    } else if (next === 'x') {
      let digits = '';
      while (digits.length < 2 && i + 1 < body.length && /[0-9a-fA-F]/.test(body[i + 1])) digits += body[++i];
      if (digits === '') text += '\\x';
      else pushCode(parseInt(digits, 16));
    } else if (next === 'u' || next === 'U' || next === 'c') {
      unknown = true;
      text += '\\' + next;
    } else {
      text += '\\' + next;
    }
  }
  return { text, unknown };
}
