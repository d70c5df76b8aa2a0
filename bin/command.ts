// The shape of one CLI command (bin/commands/<name>.ts exports `command`).
export interface Command {
  name: string;
  summary: string;
  help?: string;
  /** Returns the process exit code. */
  run(args: string[]): Promise<number>;
}

/** An error whose message is meant for the person at the terminal: printed as one line. */
export class UserFacingError extends Error {
  readonly userFacing = true;
  override name = 'UserFacingError';
}
