import { AppError } from '../../core/index.js'
import { splitConcatenatedJson } from './cloudwatch-logs.js'
import { frameRecords } from './frame-records.js'

/**
 * Splits a body of JSON into raw records: a JSON array gives its elements, a single (possibly
 * pretty-printed) JSON document stays whole, concatenated documents are split, CloudWatch Logs
 * envelopes give their log events, anything else is newline-delimited. Records are kept
 * as text so a record that fails later can be stored exactly as it arrived. A body that opens a
 * JSON array but does not parse is refused whole: splitting it by lines would invent records.
 */
export function splitJsonRecords(text: string): string[] {
  // Undecodable CloudWatch envelopes stay whole records: they fail at parsing, never dropped.
  const framed = frameRecords(splitJsonDocuments(text), { maxRecordBytes: Infinity })
  return [...framed.records, ...framed.failures.map((f) => f.raw)]
}

/** `splitJsonRecords` without expanding CloudWatch Logs envelopes. */
export function splitJsonDocuments(text: string): string[] {
  const start = firstNonSpace(text)
  if (start === -1) return []
  if (text[start] === '[') {
    let elements: unknown
    try {
      elements = JSON.parse(text)
    } catch (err) {
      throw new AppError(
        'BODY_INVALID',
        `The body starts a JSON array but is not valid JSON: ${(err as Error).message}`,
      )
    }
    if (Array.isArray(elements)) return elements.map((e) => JSON.stringify(e))
  }
  if (text[start] === '{' && !firstLineIsWhole(text, start)) {
    // A pretty-printed document (a CloudTrail S3 object, say) spans many lines.
    if (tryParse(text) !== undefined) return [text]
    const documents = splitConcatenatedJson(text)
    if (documents !== undefined) return documents
  }
  return splitLines(text)
}

/** Non-empty lines, without their `\r\n` or `\n`. */
export function splitLines(text: string): string[] {
  const lines: string[] = []
  let from = 0
  while (from < text.length) {
    let end = text.indexOf('\n', from)
    if (end === -1) end = text.length
    const line = text.slice(from, end > from && text[end - 1] === '\r' ? end - 1 : end)
    if (line.trim() !== '') lines.push(line)
    from = end + 1
  }
  return lines
}

function firstNonSpace(text: string): number {
  const match = /\S/.exec(text)
  return match === null ? -1 : match.index
}

function firstLineIsWhole(text: string, start: number): boolean {
  const end = text.indexOf('\n', start)
  if (end === -1) return true
  return tryParse(text.slice(start, end)) !== undefined
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
