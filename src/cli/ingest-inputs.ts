import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { glob } from 'tinyglobby'

/** One thing `caracal ingest` reads: a file (with its size, for the ETA) or standard input. */
export type IngestInput =
  | { kind: 'file'; path: string; size: number }
  | { kind: 'stdin'; path: '-' }
  /** A named path that cannot be read: reported and counted, the others still run. */
  | { kind: 'unreadable'; path: string; reason: string }

/** Which files of a folder are read. */
export interface InputFilters {
  /** Globs relative to each folder named; default every file (`**\/*`). */
  include: readonly string[]
  /** Globs relative to each folder named, left out even when included. */
  exclude: readonly string[]
}

/**
 * Expands what was named on the command line: `-` is standard input, a folder is walked
 * recursively through the include/exclude globs (sorted, so runs are repeatable), and a file named
 * on its own is always read — the filters are for folders, not for what was named explicitly.
 * A file reached twice (named and inside a named folder) is read once.
 */
export async function resolveInputs(
  paths: readonly string[],
  filters: InputFilters,
): Promise<IngestInput[]> {
  const inputs: IngestInput[] = []
  const seen = new Set<string>()
  const addFile = (path: string, size: number) => {
    if (seen.has(path)) return
    seen.add(path)
    inputs.push({ kind: 'file', path, size })
  }
  for (const named of paths) {
    if (named === '-') {
      inputs.push({ kind: 'stdin', path: '-' })
      continue
    }
    let info
    try {
      info = await stat(named)
    } catch (err) {
      inputs.push({ kind: 'unreadable', path: named, reason: (err as Error).message })
      continue
    }
    if (info.isFile()) {
      addFile(resolve(named), info.size)
      continue
    }
    if (!info.isDirectory()) {
      inputs.push({ kind: 'unreadable', path: named, reason: 'not a file or folder' })
      continue
    }
    const found = await glob(filters.include.length > 0 ? [...filters.include] : ['**/*'], {
      cwd: named,
      ignore: [...filters.exclude],
      onlyFiles: true,
      absolute: true,
      dot: true,
      followSymbolicLinks: false,
    })
    for (const path of found.sort()) {
      try {
        const found = await stat(path)
        if (found.isFile()) addFile(path, found.size)
      } catch (err) {
        inputs.push({ kind: 'unreadable', path, reason: (err as Error).message })
      }
    }
  }
  return inputs
}
