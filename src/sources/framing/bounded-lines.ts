/** One line of a stream, or the start of a line that was over the limit. */
export type BoundedLine = { text: string } | { oversize: number; head: string }

/**
 * Splits a byte stream into lines (without `\n` or `\r\n`) holding at most `limit()` bytes of
 * any line in memory: a longer line is skipped to its end and reported with its first bytes and
 * size, so one huge line cannot exhaust memory. `limit` is asked with the line's first bytes, so a
 * reader may lift it for a whole document (a one-line JSON array, or once a document started).
 */
export async function* boundedLines(
  input: AsyncIterable<Buffer | string>,
  limit: (start: Buffer) => number,
): AsyncGenerator<BoundedLine> {
  let parts: Buffer[] = []
  let size = 0
  let skipped = -1 // bytes of an oversize line so far; -1 when not skipping
  let head = ''
  const take = (): BoundedLine => {
    const line = Buffer.concat(parts, size)
    const end = line.length > 0 && line[line.length - 1] === 0x0d ? line.length - 1 : line.length
    parts = []
    size = 0
    return { text: line.toString('utf8', 0, end) }
  }
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    let from = 0
    while (from < bytes.length) {
      const newline = bytes.indexOf(0x0a, from)
      const end = newline === -1 ? bytes.length : newline
      const piece = bytes.subarray(from, end)
      if (skipped >= 0) skipped += piece.length
      else if (size + piece.length > limit(parts[0] ?? piece)) {
        const start = Buffer.concat([...parts, piece]).subarray(0, 4096)
        head = start.toString('utf8')
        skipped = size + piece.length
        parts = []
        size = 0
      } else {
        parts.push(piece)
        size += piece.length
      }
      if (newline === -1) break
      if (skipped >= 0) {
        yield { oversize: skipped, head }
        skipped = -1
      } else yield take()
      from = newline + 1
    }
  }
  if (skipped >= 0) yield { oversize: skipped, head }
  else if (size > 0) yield take()
}
