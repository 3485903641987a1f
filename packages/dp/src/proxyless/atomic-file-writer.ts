import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';

/**
 * Writes `data` to `path` so that a reader sees either the old content or the new one, never a torn file: the
 * data goes to a temporary file beside `path` (same directory, so the same file system), created with `mode`,
 * then is renamed over `path`. gRPC's `file_watcher` re-reads the files on its own schedule; a rename is what
 * makes that safe. On failure the temporary file is removed and the error propagates.
 */
export async function writeFileAtomically(path: string, data: string, mode: number): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    // `mode` applies on creation only: the temporary file is new, so the key is never readable by others
    await writeFile(temporary, data, { mode, flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
