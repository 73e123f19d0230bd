import { readdir, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';

/** Free bytes of the filesystem holding `path`, as an unprivileged process may use them. */
export async function freeBytes(path: string): Promise<number> {
  const s = await statfs(path);
  return s.bavail * s.bsize;
}

/** Total size of the files under `dir` (bytes); 0 when it does not exist. */
export async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (!info) continue;
    total += info.isDirectory() ? await folderBytes(path) : info.size;
  }
  return total;
}
