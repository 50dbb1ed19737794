import { open, type FileHandle } from 'node:fs/promises'

/** Which file this is, whatever its name: rotation renames files, so the name is not enough. */
export interface FileIdentity {
  dev: number
  ino: number
}

/** Lines read after an offset, and the offset just past them (where the next read starts). */
export interface ReadLines {
  lines: string[]
  end: number
  bytes: number
  /** Sizes of lines over the limit that were skipped. */
  oversize: number[]
}

/**
 * One followed file, read through a handle kept open: after a rename (rotation) the rest of the
 * old file can still be read. Reading never moves `offset`; the caller commits an offset once the
 * lines before it are durable, so a crash re-reads instead of losing.
 */
export class TailedFile {
  /** Byte offset of the first line not yet durable. */
  offset: number
  /** True while skipping the rest of an oversize line. */
  private skipping = false

  private constructor(
    public path: string,
    readonly identity: FileIdentity,
    private readonly handle: FileHandle,
    offset: number,
  ) {
    this.offset = offset
  }

  /** Opens a file; undefined when it vanished or is not a regular file; throws if unreadable. */
  static async open(
    path: string,
    offsetFor: (identity: FileIdentity, size: number) => number,
  ): Promise<TailedFile | undefined> {
    let handle: FileHandle
    try {
      handle = await open(path, 'r')
    } catch (err) {
      // Gone since it was listed: the next scan sees what replaced it. Anything else (no
      // permission) is the caller's to report.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw err
    }
    const info = await handle.stat()
    if (!info.isFile()) {
      await handle.close()
      return undefined
    }
    const identity = { dev: info.dev, ino: info.ino }
    return new TailedFile(path, identity, handle, offsetFor(identity, info.size))
  }

  /** The file's current size, through the open handle (the same file even after a rename). */
  async size(): Promise<number> {
    return (await this.handle.stat()).size
  }

  /**
   * Reads up to `maxLines` complete lines after `offset`. With `final` (the file was rotated
   * away and will not grow) a last line without its newline counts too. `until` reads no further
   * than that offset: the end of an earlier read, read again exactly (its lines were complete).
   */
  async read(
    maxLines: number,
    maxLineBytes: number,
    final: boolean,
    until?: number,
  ): Promise<ReadLines> {
    const buffer = Buffer.alloc(maxLineBytes + 1)
    const length =
      until === undefined
        ? buffer.length
        : Math.max(0, Math.min(buffer.length, until - this.offset))
    const { bytesRead } = await this.handle.read(buffer, 0, length, this.offset)
    // Read again up to where an earlier read ended: what is there was complete then.
    const last = final || (until !== undefined && this.offset + bytesRead === until)
    const chunk = buffer.subarray(0, bytesRead)
    const out: ReadLines = { lines: [], end: this.offset, bytes: 0, oversize: [] }
    let pos = 0
    if (this.skipping) {
      const newline = chunk.indexOf(0x0a)
      if (newline === -1) {
        out.end = this.offset + chunk.length
        return out
      }
      this.skipping = false
      pos = newline + 1
    }
    while (out.lines.length < maxLines && pos < chunk.length) {
      const newline = chunk.indexOf(0x0a, pos)
      if (newline === -1) {
        if (last) this.addLine(out, chunk, pos, chunk.length)
        else if (pos === 0 && chunk.length > maxLineBytes) {
          // No newline in a whole line's worth of bytes: skip to the next newline.
          out.oversize.push(chunk.length)
          this.skipping = true
          pos = chunk.length
        }
        if (last || this.skipping) pos = chunk.length
        break
      }
      this.addLine(out, chunk, pos, newline)
      pos = newline + 1
    }
    out.end = this.offset + pos
    return out
  }

  /** Makes `offset` the start of the next read. */
  commit(offset: number): void {
    this.offset = offset
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined)
  }

  private addLine(out: ReadLines, chunk: Buffer, from: number, to: number): void {
    out.bytes += to - from + 1
    const end = to > from && chunk[to - 1] === 0x0d ? to - 1 : to
    const line = chunk.toString('utf8', from, end)
    if (line.trim() !== '') out.lines.push(line)
  }
}
