/**
 * `npm run dossier -- search … | head`: once the reader closes the pipe, writing to stdout fails with EPIPE.
 * That is not an error of ours (the reader has what it wanted), so the command ends quietly with the
 * status it had so far instead of printing a stack trace. Any other stream error is still thrown.
 */
export function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}
