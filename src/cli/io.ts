// What a CLI command may touch: its streams, its working directory and its environment.
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

/** A CLI subcommand: parses its own arguments, returns the process exit status. */
export type CliCommand = (args: readonly string[], io: CliIo) => Promise<number>;
