import { readdir, stat } from 'node:fs/promises'
import { isAbsolute, join, resolve, sep } from 'node:path'

/** True when a path segment holds glob syntax. */
function isGlob(segment: string): boolean {
  return /[*?[{]/.test(segment)
}

/**
 * The regular files a glob matches, sorted. `*` and `?` stay within a path segment, `**` spans
 * any depth, `[abc]` and `{a,b}` as in shells. Hidden entries match only a pattern starting
 * with a dot. Unreadable directories are skipped: a glob is re-evaluated on every scan.
 */
export async function expandGlob(pattern: string): Promise<string[]> {
  const absolute = isAbsolute(pattern) ? pattern : resolve(pattern)
  const segments = absolute.split(sep)
  const first = segments.findIndex(isGlob)
  if (first === -1) return (await isFile(absolute)) ? [absolute] : []
  const base = segments.slice(0, first).join(sep) || sep
  const found: string[] = []
  await walk(base, segments.slice(first), found)
  return [...new Set(found)].sort()
}

/** The directory a glob starts from: the part before its first wildcard (watched for changes). */
export function globBase(pattern: string): string {
  const absolute = isAbsolute(pattern) ? pattern : resolve(pattern)
  const segments = absolute.split(sep)
  const first = segments.findIndex(isGlob)
  if (first === -1) return segments.slice(0, -1).join(sep) || sep
  return segments.slice(0, first).join(sep) || sep
}

async function walk(dir: string, rest: readonly string[], found: string[]): Promise<void> {
  const [segment, ...tail] = rest
  if (segment === undefined) return
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch {
    return
  }
  if (segment === '**') {
    await walk(dir, tail, found)
    for (const entry of entries) {
      if (entry.isDirectory() && !entry.name.startsWith('.')) {
        await walk(join(dir, entry.name), rest, found)
      }
    }
    return
  }
  const matcher = segmentRegex(segment)
  for (const entry of entries) {
    if (!matcher.test(entry.name)) continue
    if (entry.name.startsWith('.') && !segment.startsWith('.')) continue
    const path = join(dir, entry.name)
    if (tail.length === 0) {
      if (await isFile(path)) found.push(path)
    } else if (entry.isDirectory() || entry.isSymbolicLink()) {
      await walk(path, tail, found)
    }
  }
}

/** One path segment of a glob as an anchored regular expression. */
export function segmentRegex(segment: string): RegExp {
  let out = ''
  for (let i = 0; i < segment.length; i++) {
    const ch = segment.charAt(i)
    if (ch === '*') out += '[^/]*'
    else if (ch === '?') out += '[^/]'
    else if (ch === '[') {
      const close = segment.indexOf(']', i + 1)
      if (close === -1) out += '\\['
      else {
        const body = segment
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replaceAll('\\', '\\\\')
        out += `[${body}]`
        i = close
      }
    } else if (ch === '{') {
      const close = segment.indexOf('}', i + 1)
      if (close === -1) out += '\\{'
      else {
        const options = segment
          .slice(i + 1, close)
          .split(',')
          .map(escapeRegex)
        out += `(?:${options.join('|')})`
        i = close
      }
    } else out += escapeRegex(ch)
  }
  return new RegExp(`^${out}$`)
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** True for a file, and for a path that is there but cannot be examined: the caller reports it. */
async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ENOENT'
  }
}
