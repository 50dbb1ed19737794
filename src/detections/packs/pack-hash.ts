import { createHash } from 'node:crypto'
import { readFile, readdir } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { AppError } from '../../core/index.js'

/**
 * SHA-256 over every file below `dir`: relative paths (sorted, `/`-separated) and bytes. Two
 * installs of the same content hash alike wherever they came from.
 */
export async function hashDirectory(dir: string): Promise<string> {
  const hash = createHash('sha256')
  for (const file of await listFiles(dir)) {
    hash.update(relative(dir, file).split('\\').join('/'))
    hash.update('\0')
    hash.update(await readFile(file))
    hash.update('\0')
  }
  return hash.digest('hex')
}

/**
 * Every regular file below `dir`, sorted. Symbolic links are refused: one in a pack could make
 * the loaders read files outside the pack's folder.
 */
export async function listFiles(dir: string): Promise<string[]> {
  const files: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isSymbolicLink()) {
      throw new AppError('PACK_INVALID', `${path} is a symbolic link; packs may hold only files`)
    }
    if (entry.isDirectory()) files.push(...(await listFiles(path)))
    else if (entry.isFile()) files.push(path)
  }
  return files.sort()
}
