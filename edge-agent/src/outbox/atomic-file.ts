import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes `path` so that after a crash it holds either the old content or
 * the new one, never a torn mix: write a temp file beside it, fsync it,
 * rename it over the target, fsync the folder so the rename itself is
 * durable. A leftover `*.tmp` after a crash is garbage the outbox removes.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  const file = await open(temp, 'w');
  try {
    await file.writeFile(data);
    await file.sync();
  } catch (err) {
    await file.close();
    await unlink(temp).catch(() => undefined); // a half-written temp after ENOSPC must not take space
    throw err;
  }
  await file.close();
  await rename(temp, path);
  await syncDir(dirname(path));
}

export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a directory (EINVAL); the rename still happened.
  } finally {
    await handle.close();
  }
}
