import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { compileSchema, type SchemaLogType, type TextParserFactory } from './compile-schema.js'
import { readSchema, type SchemaError } from './load-schema.js'

/** How a folder of schemas is loaded. */
export interface LoadOptions {
  /** Users' schemas must be named `Custom.<Name>`; built-in ones use vendor names. */
  requireCustomPrefix?: boolean | undefined
  createTextParser?: TextParserFactory | undefined
}

/** What loading found: the log types that compiled, and every problem of the others. */
export interface LoadedLogTypes {
  logTypes: SchemaLogType[]
  errors: SchemaError[]
}

/**
 * Loads every `.yml`/`.yaml`/`.json` schema under the folders (recursively, in name order).
 * A broken file is reported and skipped; it never stops the others. A name defined twice keeps
 * the first and reports the second.
 */
export function loadSchemaFiles(
  dirs: readonly string[],
  options: LoadOptions = {},
): LoadedLogTypes {
  const result: LoadedLogTypes = { logTypes: [], errors: [] }
  const seen = new Map<string, string>()
  for (const file of dirs.flatMap(schemaFilesIn)) {
    const error = (message: string, line = 1): SchemaError => ({
      file,
      line,
      column: 1,
      path: 'schema',
      message,
    })
    const read = readSchema(readFileSync(file, 'utf8'), file)
    if (!read.ok) {
      result.errors.push(...read.errors)
      continue
    }
    const name = read.spec.schema
    if (options.requireCustomPrefix === true && !name.startsWith('Custom.')) {
      result.errors.push(error(`a custom log type's name must start with Custom. (got ${name})`))
      continue
    }
    const previous = seen.get(name)
    if (previous !== undefined) {
      result.errors.push(error(`log type ${name} is already defined in ${previous}`))
      continue
    }
    try {
      result.logTypes.push(
        compileSchema(read.spec, { file, createTextParser: options.createTextParser }),
      )
      seen.set(name, file)
    } catch (err) {
      result.errors.push(error(`cannot compile: ${(err as Error).message}`))
    }
  }
  return result
}

function schemaFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry)
      if (statSync(path).isDirectory()) return schemaFilesIn(path)
      // `<name>.tests.yml` beside a schema holds its tests (see schema-tests.ts), not a schema.
      return /\.(ya?ml|json)$/.test(entry) && !/\.tests\.ya?ml$/.test(entry) ? [path] : []
    })
}
