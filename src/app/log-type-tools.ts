import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { gunzipSync } from 'node:zlib'
import { ulid } from 'ulid'
import type { LogTypeTools, ParsedRecord } from '../cli/index.js'
import { AppError } from '../core/index.js'
import {
  builtinLogTypesDir,
  CustomSchemas,
  StoreSchemaVersions,
  findSchemaTestFiles,
  formatSchemaError,
  inferSchema,
  loadLogTypes,
  parseBatch,
  runSchemaTests,
} from '../logs/index.js'
import type { Config } from '../platform/config/index.js'
import { openStore } from '../platform/store/index.js'
import { dataPaths } from './runtime.js'
import { splitJsonRecords } from '../sources/index.js'

/**
 * The log type commands (`logtypes`, `parse`, `schemas test`, `schemas infer`): built-in and
 * configured custom schemas, loaded the way the server loads them, with no store or lake opened.
 */
export function createLogTypeTools(config: Config, stdin: () => Promise<Buffer>): LogTypeTools {
  const registry = () => loadLogTypes(config.logTypes.dirs)
  // As the server would run them: accepted versions from the store (when one exists already)
  // replace refused folder updates and add API schemas. Nothing is stored.
  const liveRegistry = async () => {
    const loaded = registry()
    const path = dataPaths(config).store
    if (!existsSync(path)) return loaded
    const store = await openStore({ kind: 'sqlite', path })
    try {
      const custom = new CustomSchemas({
        registry: loaded,
        store: new StoreSchemaVersions(store.db),
      })
      await custom.reconcile({ record: false })
    } finally {
      await store.close()
    }
    return loaded
  }
  const readInput = async (file: string): Promise<string> => {
    let bytes: Buffer
    try {
      bytes = file === '-' ? await stdin() : await readFile(file)
    } catch (err) {
      throw new AppError('INPUT_UNREADABLE', `${file}: ${(err as Error).message}`, { cause: err })
    }
    // Sample files are often gzip, as the logs were delivered.
    return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8')
  }
  return {
    async list() {
      const loaded = await liveRegistry()
      return {
        logTypes: loaded.list().map((t) => ({
          name: t.name,
          description: t.description,
          kind: t.spec.parser === undefined ? 'json' : 'text',
          fields: t.spec.fields.length,
          custom: t.name.startsWith('Custom.'),
        })),
        errors: loaded.errors.map(formatSchemaError),
      }
    },
    async *parse(name, files) {
      const logType = (await liveRegistry()).find(name)
      const runId = ulid()
      let index = 0
      for (const file of files) {
        for (const { line, raw } of numberedRecords(await readInput(file))) {
          const context = {
            batchId: `${runId}-${(index++).toString(36)}`,
            sourceId: 'cli',
            sourceLabel: 'cli',
            now: new Date(),
          }
          const parsed = parseBatch(logType, [raw], context)
          const failures = parsed.failures.map((f) => ({ reason: f.reason }))
          const record: ParsedRecord = { file, line, events: parsed.events, failures }
          yield record
        }
      }
    },
    testSchemas(paths) {
      const folders = paths.length > 0 ? paths : [builtinLogTypesDir, ...config.logTypes.dirs]
      let files: string[]
      try {
        files = findSchemaTestFiles(folders)
      } catch (err) {
        throw new AppError('INPUT_UNREADABLE', (err as Error).message, { cause: err })
      }
      const loaded = registry()
      return runSchemaTests(files, (name) => loaded.get(name))
    },
    async inferSchema(file, name) {
      const text = await readInput(file)
      return inferSchema(splitJsonRecords(text), name)
    },
  }
}

/**
 * The records of an input with their line numbers. A JSON array or a multi-line document is split
 * by the same framing as ingestion (CloudWatch Logs envelopes included); its records are numbered
 * by position instead.
 */
function numberedRecords(text: string): { line: number; raw: string }[] {
  const start = /\S/.exec(text)?.index ?? 0
  const firstLineEnd = text.indexOf('\n', start)
  const firstLine = text.slice(start, firstLineEnd === -1 ? text.length : firstLineEnd)
  if (text[start] === '[' || (text[start] === '{' && !parses(firstLine))) {
    return splitJsonRecords(text).map((raw, i) => ({ line: i + 1, raw }))
  }
  return text.split('\n').flatMap((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (line.trim() === '') return []
    // A CloudWatch Logs envelope gives its log events, each reported at the envelope's line.
    const envelope = line.includes('"logEvents"') || line.includes('"awslogs"')
    return (envelope ? splitJsonRecords(line) : [line]).map((r) => ({ line: i + 1, raw: r }))
  })
}

function parses(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}
