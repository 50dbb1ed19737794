import { z } from 'zod'
import type { TextParser } from '../text-parser.js'

/** Options of `native: { name: zeek-tsv }`. */
export const zeekTsvOptions = z.strictObject({
  name: z.literal('zeek-tsv'),
  path: z
    .string()
    .optional()
    .describe(
      'The Zeek log this schema reads (#path, e.g. dns); lines of other logs are rejected.',
    ),
  fields: z
    .array(z.string().min(1))
    .optional()
    .describe('Columns to assume until a #fields header is seen (default: none, header required).'),
})

type ColumnKind = 'list' | 'bool' | 'plain'

interface ZeekHeader {
  separator: string
  setSeparator: string
  emptyField: string
  unsetField: string
  path: string | undefined
  fields: string[] | undefined
  /** Per column, from #types: sets and vectors are read as arrays, bools (T/F) as true/false. */
  kinds: ColumnKind[]
}

/**
 * Zeek's default TSV log writer. The parser is stateful per stream: lines starting with `#` are
 * headers (`#separator`, `#set_separator`, `#empty_field`, `#unset_field`, `#path`, `#fields`,
 * `#types`), remembered until the next header, and reported as `skip`. Data lines use the last
 * header seen, so feed one file at a time. Field names stay as Zeek writes them (`id.orig_h`),
 * like Zeek's JSON writer; unset (`-`) fields are left out; sets and vectors become arrays;
 * bools (T/F) become `true`/`false`.
 */
export function createZeekTsvParser(options: z.infer<typeof zeekTsvOptions>): TextParser {
  const header: ZeekHeader = {
    separator: '\t',
    setSeparator: ',',
    emptyField: '(empty)',
    unsetField: '-',
    path: undefined,
    fields: options.fields,
    kinds: [],
  }
  return (record) => {
    if (record.charCodeAt(0) === 35 /* # */) {
      const problem = readHeaderLine(header, record, options.fields)
      if (problem !== undefined) return { ok: false, reason: problem }
      // Header lines of another Zeek log fail too, so a classifier hands the whole file on.
      return (
        otherLog(header.path, options.path) ?? { ok: false, skip: true, reason: 'Zeek header line' }
      )
    }
    const wrong = otherLog(header.path, options.path)
    if (wrong !== undefined) return wrong
    const fields = header.fields
    if (fields === undefined) return { ok: false, reason: 'no #fields header seen yet' }
    const values = record.split(header.separator)
    if (values.length !== fields.length) {
      return {
        ok: false,
        reason: `expected ${fields.length} values (#fields), found ${values.length}`,
      }
    }
    const out: Record<string, unknown> = {}
    for (let i = 0; i < fields.length; i++) {
      const raw = values[i] as string
      if (raw === header.unsetField) continue
      const name = fields[i] as string
      const kind = header.kinds[i]
      if (kind === 'list') {
        out[name] = raw === header.emptyField ? [] : raw.split(header.setSeparator).map(unescape)
      } else if (kind === 'bool') {
        out[name] = raw === 'T' ? 'true' : raw === 'F' ? 'false' : raw
      } else {
        out[name] = raw === header.emptyField ? '' : unescape(raw)
      }
    }
    return { ok: true, value: out }
  }
}

/** A failure when the stream's `#path` is not the log this schema reads. */
function otherLog(
  seen: string | undefined,
  wanted: string | undefined,
): { ok: false; reason: string } | undefined {
  if (seen === undefined || wanted === undefined || seen === wanted) return undefined
  return { ok: false, reason: `Zeek log is ${seen}, this schema reads ${wanted}` }
}

function readHeaderLine(
  header: ZeekHeader,
  line: string,
  defaultFields: string[] | undefined,
): string | undefined {
  if (line.startsWith('#separator ')) {
    const sep = unescape(line.slice('#separator '.length))
    if (sep === '') return '#separator is empty'
    // #separator opens a new file: forget the previous file's log and columns.
    header.separator = sep
    header.path = undefined
    header.fields = defaultFields
    header.kinds = []
    return undefined
  }
  const parts = line.slice(1).split(header.separator)
  const key = parts[0]
  const value = parts.slice(1)
  switch (key) {
    case 'set_separator':
      header.setSeparator = unescape(value[0] ?? ',')
      break
    case 'empty_field':
      header.emptyField = value[0] ?? '(empty)'
      break
    case 'unset_field':
      header.unsetField = value[0] ?? '-'
      break
    case 'path':
      header.path = value[0]
      break
    case 'fields':
      if (value.length === 0) return '#fields names no field'
      header.fields = value
      header.kinds = []
      break
    case 'types':
      header.kinds = value.map((t) =>
        t.startsWith('set[') || t.startsWith('vector[') ? 'list' : t === 'bool' ? 'bool' : 'plain',
      )
      break
    default:
      // #open, #close and comments carry nothing the parser needs.
      break
  }
  return undefined
}

/** Zeek writes separators and unprintable bytes as `\xHH`. */
function unescape(value: string): string {
  if (!value.includes('\\x')) return value
  return value.replace(/\\x([0-9a-fA-F]{2})/g, (_m, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  )
}
