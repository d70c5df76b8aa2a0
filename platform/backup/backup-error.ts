// The one error type of backup and restore: its message is a single line for the operator (the
// CLI prints it as is), naming the file, folder or database it is about and what to do.
export class BackupError extends Error {
  readonly userFacing = true;
  override name = 'BackupError';
}
