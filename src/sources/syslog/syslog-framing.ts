/** What a framer found in a chunk: whole messages, and messages dropped for their size. */
export interface FramedChunk {
  messages: string[]
  /** Sizes of messages that were over the limit and dropped. */
  oversize: number[]
}

/**
 * Splits a TCP syslog stream into messages (RFC 6587). The first byte of a connection decides the
 * framing: a digit means octet counting (`<length> <message>`), anything else (normally `<`)
 * means newline-terminated messages (LF, CRLF or NUL). Oversize messages are skipped, not fatal.
 */
export class SyslogFramer {
  private mode: 'unknown' | 'octet' | 'newline' = 'unknown'
  private buffer: Buffer = Buffer.alloc(0)
  /** Bytes of an oversize message still to skip (octet) or skip until the next newline (-1). */
  private skipping = 0

  constructor(private readonly maxBytes: number) {}

  /** The framing this connection uses, once its first byte arrived. */
  get framing(): 'unknown' | 'octet' | 'newline' {
    return this.mode
  }

  /** Feeds a chunk; returns the messages it completed. */
  push(chunk: Buffer): FramedChunk {
    const out: FramedChunk = { messages: [], oversize: [] }
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk])
    if (this.mode === 'unknown') {
      const first = this.buffer.findIndex((b) => b !== 0x0a && b !== 0x0d && b !== 0x20)
      if (first === -1) return out
      this.mode = isDigit(this.buffer[first] ?? 0) ? 'octet' : 'newline'
    }
    if (this.mode === 'octet') this.octets(out)
    else this.lines(out)
    return out
  }

  /** The connection ended: a newline-framed message without its terminator still counts. */
  end(): FramedChunk {
    const out: FramedChunk = { messages: [], oversize: [] }
    if (this.mode === 'newline' && this.skipping === 0) addMessage(out, this.buffer)
    this.buffer = Buffer.alloc(0)
    return out
  }

  private octets(out: FramedChunk): void {
    let pos = 0
    const buf = this.buffer
    for (;;) {
      if (this.skipping > 0) {
        const skip = Math.min(this.skipping, buf.length - pos)
        this.skipping -= skip
        pos += skip
        if (this.skipping > 0) break
      }
      while (pos < buf.length && (buf[pos] === 0x0a || buf[pos] === 0x0d)) pos++
      const space = buf.indexOf(0x20, pos)
      if (space === -1) {
        if (buf.length - pos > 12) throw new Error('octet-counted frame without a valid length')
        break
      }
      const header = buf.toString('latin1', pos, space)
      if (!/^[1-9][0-9]{0,9}$/.test(header)) {
        throw new Error(`octet-counted frame with a bad length ${JSON.stringify(header)}`)
      }
      const length = Number(header)
      if (length > this.maxBytes) {
        out.oversize.push(length)
        this.skipping = length
        pos = space + 1
        continue
      }
      if (buf.length < space + 1 + length) break
      addMessage(out, buf.subarray(space + 1, space + 1 + length))
      pos = space + 1 + length
    }
    this.buffer = buf.subarray(pos)
  }

  private lines(out: FramedChunk): void {
    let pos = 0
    const buf = this.buffer
    for (;;) {
      const end = nextTerminator(buf, pos)
      if (end === -1) break
      if (this.skipping === 0) addMessage(out, buf.subarray(pos, end))
      this.skipping = 0
      pos = end + 1
    }
    this.buffer = buf.subarray(pos)
    if (this.buffer.length > this.maxBytes) {
      // Drop the rest of this message up to its newline; record its size so far.
      if (this.skipping === 0) out.oversize.push(this.buffer.length)
      this.skipping = -1
      this.buffer = Buffer.alloc(0)
    }
  }
}

/** One UDP datagram is one message, without trailing newlines or NULs. */
export function datagramMessage(datagram: Buffer): string | undefined {
  const out: FramedChunk = { messages: [], oversize: [] }
  addMessage(out, datagram)
  return out.messages[0]
}

function addMessage(out: FramedChunk, bytes: Buffer): void {
  let end = bytes.length
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d || bytes[end - 1] === 0)) {
    end--
  }
  if (end === 0) return
  out.messages.push(bytes.toString('utf8', 0, end))
}

function nextTerminator(buf: Buffer, from: number): number {
  for (let i = from; i < buf.length; i++) if (buf[i] === 0x0a || buf[i] === 0) return i
  return -1
}

function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39
}
