// A small, strict flag parser shared by the CLI's subcommands.
export class UsageError extends Error {}

export interface FlagSpec {
  readonly booleans?: readonly string[];
  readonly strings?: readonly string[];
}

export interface ParsedFlags {
  readonly booleans: ReadonlySet<string>;
  readonly strings: ReadonlyMap<string, string>;
  readonly positionals: readonly string[];
}

/** Accepts `--flag`, `--name value` and `--name=value`; anything unknown is a usage error, never ignored. */
export function parseFlags(args: readonly string[], spec: FlagSpec): ParsedFlags {
  const booleans = new Set<string>();
  const strings = new Map<string, string>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (spec.booleans?.includes(name) && inline === undefined) {
      booleans.add(name);
    } else if (spec.strings?.includes(name)) {
      const value = inline ?? args[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      strings.set(name, value);
    } else {
      throw new UsageError(`unknown option ${arg}`);
    }
  }
  return { booleans, strings, positionals };
}
