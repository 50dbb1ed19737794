import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { unzipSync } from 'fflate'
import { AppError, describeError } from '../../core/index.js'

/** Bounds on a pack archive: what a hostile zip (bomb, path traversal) cannot get past. */
export interface ZipLimits {
  /** Largest archive file accepted. */
  maxArchiveBytes: number
  /** Largest total size of the extracted files. */
  maxExtractedBytes: number
  maxFiles: number
}

/** Generous for detection content (Panther's whole repository is ~30 MB unpacked). */
export const defaultZipLimits: ZipLimits = {
  maxArchiveBytes: 50 * 1024 * 1024,
  maxExtractedBytes: 200 * 1024 * 1024,
  maxFiles: 20_000,
}

/**
 * Extracts `file` into `dest` (which must exist). Refuses, before writing anything, archives over
 * the limits and entries whose path would land outside `dest` (zip-slip: `..`, absolute paths).
 */
export async function extractZip(
  file: string,
  dest: string,
  limits: ZipLimits = defaultZipLimits,
): Promise<void> {
  const size = (await stat(file)).size
  if (size > limits.maxArchiveBytes) {
    throw new AppError(
      'PACK_INVALID',
      `${file} is ${mb(size)}, over the ${mb(limits.maxArchiveBytes)} limit for pack archives`,
    )
  }
  let declared = 0
  let count = 0
  const problems: string[] = []
  let entries: Record<string, Uint8Array>
  try {
    entries = unzipSync(await readFile(file), {
      // Runs on every entry's header before anything is inflated.
      filter(entry) {
        const problem = unsafePath(entry.name)
        if (problem !== undefined) problems.push(`${JSON.stringify(entry.name)} ${problem}`)
        declared += entry.originalSize
        count += 1
        return (
          problems.length === 0 && declared <= limits.maxExtractedBytes && count <= limits.maxFiles
        )
      },
    })
  } catch (err) {
    throw new AppError('PACK_INVALID', `${file} is not a readable zip: ${describeError(err)}`, {
      cause: err,
    })
  }
  if (problems.length > 0) {
    throw new AppError('PACK_INVALID', `${file} has unsafe paths: ${problems.join('; ')}`, {
      details: problems,
    })
  }
  const actual = Object.values(entries).reduce((sum, data) => sum + data.length, 0)
  if (declared > limits.maxExtractedBytes || actual > limits.maxExtractedBytes) {
    throw new AppError(
      'PACK_INVALID',
      `${file} unpacks to more than the ${mb(limits.maxExtractedBytes)} limit for packs`,
    )
  }
  if (count > limits.maxFiles) {
    throw new AppError(
      'PACK_INVALID',
      `${file} holds ${String(count)} entries, over ${String(limits.maxFiles)}`,
    )
  }
  for (const [name, data] of Object.entries(entries)) {
    const path = join(dest, name)
    if (name.endsWith('/')) {
      await mkdir(path, { recursive: true })
      continue
    }
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, data)
  }
}

/** Why an entry name is unsafe to extract, or undefined when it stays below the destination. */
function unsafePath(name: string): string | undefined {
  if (name.includes('\\')) return 'uses backslashes'
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'is an absolute path'
  if (name.split('/').some((part) => part === '..')) return 'climbs out of the archive (..)'
  if (name.includes('\0')) return 'contains a NUL byte'
  return undefined
}

function mb(bytes: number): string {
  return bytes < 1024 * 1024 ? `${String(bytes)} bytes` : `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
