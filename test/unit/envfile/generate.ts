// Seeded, bounded random env files for the bash differential test: same seed, same files, on every run.

import type { OracleCase } from './bashOracle';

/** mulberry32: a small deterministic PRNG, enough to vary inputs reproducibly. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['A', 'B', 'C', 'MONGO_SERVICE_URI', 'REPLICASET_NAME', 'STACK_NAME', 'x_1', 'PRE', 'EMPTY'];
const PLAIN = 'abcXYZ019_-./:@,%+=';
const SINGLE_QUOTABLE = 'ab $"\\#`;|&(){}*?~\t';
const DOUBLE_QUOTABLE = "ab #';|&(){}*?~\t";
const OPERATORS = [':-', '-', ':=', '=', ':+', '+'];

class FileGenerator {
  constructor(private readonly random: () => number) {}

  private chance(probability: number): boolean {
    return this.random() < probability;
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private chars(alphabet: string, max: number): string {
    let text = '';
    const length = Math.floor(this.random() * (max + 1));
    for (let i = 0; i < length; i++) text += alphabet[Math.floor(this.random() * alphabet.length)];
    return text;
  }

  private parameter(depth: number, inDoubleQuotes: boolean): string {
    const name = this.pick(NAMES);
    const roll = this.random();
    if (roll < 0.25) return `$${name}`;
    if (roll < 0.4 || depth >= 2) return `\${${name}}`;
    const operand = inDoubleQuotes ? this.doubleQuotedBody(depth + 1) : this.value(depth + 1, true);
    return `\${${name}${this.pick(OPERATORS)}${operand}}`;
  }

  private doubleQuotedBody(depth: number): string {
    let body = '';
    const pieces = Math.floor(this.random() * 4);
    for (let i = 0; i < pieces; i++) {
      const roll = this.random();
      if (roll < 0.4) body += this.chars(DOUBLE_QUOTABLE, 4);
      else if (roll < 0.55) body += this.pick(['\\$', '\\"', '\\\\', '\\x', '\\`', '$']);
      else if (roll < 0.6) body += '\\\n';
      else body += this.parameter(depth, true);
    }
    return body;
  }

  /** A value or operand; operands may hold blanks and metacharacters that a bare value may not. */
  private value(depth: number, operand: boolean): string {
    let value = '';
    const pieces = Math.floor(this.random() * 4);
    for (let i = 0; i < pieces; i++) {
      const roll = this.random();
      if (roll < 0.3) value += this.chars(PLAIN, 5);
      else if (roll < 0.42) value += `'${this.chars(SINGLE_QUOTABLE, 5)}'`;
      else if (roll < 0.57) value += `"${this.doubleQuotedBody(depth)}"`;
      else if (roll < 0.65) value += `\\${this.pick([' ', '#', '$', '"', "'", 'a', '\\', ';', '~'])}`;
      else if (roll < 0.7) value += this.pick(['~', '~/h', ':~', '~:']);
      else if (roll < 0.73) value += `$'${this.pick(['a\\tb', 'q\\x41', "it\\'s", '\\\\'])}'`;
      else if (roll < 0.76) value += '\\\n';
      else if (operand && roll < 0.82) value += this.pick([' ', ' # ', ';', '{', '}x', '\\}', '"}"']);
      else if (depth < 3) value += this.parameter(depth, false);
    }
    return value;
  }

  private assignment(): string {
    const name = this.pick(NAMES);
    const operator = this.chance(0.1) ? '+=' : '=';
    return `${name}${operator}${this.value(0, false)}`;
  }

  private line(): string {
    const roll = this.random();
    if (roll < 0.08) return `# ${this.chars(SINGLE_QUOTABLE, 8)}`;
    if (roll < 0.12) return '';
    if (roll < 0.15) return `${this.pick(NAMES)} = ${this.chars(PLAIN, 4)}`;
    if (roll < 0.17) return `: \${${this.pick(NAMES)}:=${this.chars(PLAIN, 4)}}`;
    if (roll < 0.18) return `${this.pick(NAMES)}=$(echo ${this.chars('abc', 3)})`;
    if (roll < 0.185) return `${this.pick(NAMES)}=\${${this.pick(NAMES)}:?missing}`;
    let line = this.chance(0.2) ? 'export ' : '';
    const count = 1 + Math.floor(this.random() * 3);
    const separator = this.chance(0.5) ? ' ' : '; ';
    const words: string[] = [];
    for (let i = 0; i < count; i++) words.push(this.assignment());
    line += words.join(separator);
    if (this.chance(0.15)) line += ` # ${this.chars(SINGLE_QUOTABLE, 6)}`;
    return line;
  }

  file(): string {
    const lines: string[] = [];
    const count = 1 + Math.floor(this.random() * 8);
    for (let i = 0; i < count; i++) lines.push(this.line());
    const ending = this.chance(0.1) ? '\r\n' : '\n';
    const bom = this.chance(0.03) ? '\uFEFF' : '';
    return bom + lines.join(ending) + (this.chance(0.9) ? ending : '');
  }
}

export function generateCases(seed: number, count: number): OracleCase[] {
  const generator = new FileGenerator(createRandom(seed));
  const cases: OracleCase[] = [];
  for (let i = 0; i < count; i++) {
    cases.push({ name: `generated #${i} (seed ${seed})`, files: [generator.file(), generator.file()], env: { HOME: '/home/tester', PRE: 'pre value', EMPTY: '' } });
  }
  return cases;
}
