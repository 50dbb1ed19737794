import { fileURLToPath } from 'node:url'
import { AppError, type LogType } from '../core/index.js'
import {
  loadSchemaFiles,
  type SchemaError,
  type SchemaLogType,
  type TextParserFactory,
} from './schema/index.js'

/** The folder of built-in schemas: `content/log-types`, two levels up from src/logs or dist/logs. */
export const builtinLogTypesDir = fileURLToPath(
  new URL('../../content/log-types/', import.meta.url),
)

/**
 * A set of log types by name, with the problems of the schemas that did not load. Custom log
 * types may be replaced while running (a new accepted version through the API); `revision`
 * counts those changes so holders of derived state (classifiers) know to rebuild it.
 */
export class LogTypeRegistry {
  private readonly byName: Map<string, SchemaLogType>
  private readonly problems: SchemaError[]
  private changes = 0

  constructor(
    logTypes: readonly SchemaLogType[],
    /** Schemas that failed to load, each with file, line and path. */
    errors: readonly SchemaError[] = [],
  ) {
    this.byName = new Map(logTypes.map((t) => [t.name, t]))
    this.problems = [...errors]
  }

  /** Schemas that failed to load or to evolve, each with file, line and path. */
  get errors(): readonly SchemaError[] {
    return this.problems
  }

  /** How many times a log type was put since the registry was built. */
  get revision(): number {
    return this.changes
  }

  /** Adds or replaces a log type: the next batch of that type is parsed with it. */
  put(logType: SchemaLogType): void {
    this.byName.set(logType.name, logType)
    this.changes++
  }

  /** Records problems found after loading (a schema update refused by the evolution rule). */
  report(errors: readonly SchemaError[]): void {
    this.problems.push(...errors)
  }

  /** Every log type, in load order. */
  list(): SchemaLogType[] {
    return [...this.byName.values()]
  }

  /** The log type of that exact name, or undefined. */
  get(name: string): SchemaLogType | undefined {
    return this.byName.get(name)
  }

  /** Finds a log type by its exact name, or throws `LOG_TYPE_UNKNOWN` listing the known names. */
  find(name: string): SchemaLogType {
    const found = this.byName.get(name)
    if (found === undefined) {
      throw new AppError('LOG_TYPE_UNKNOWN', `Unknown log type ${JSON.stringify(name)}`, {
        details: { known: [...this.byName.keys()] },
      })
    }
    return found
  }
}

/** Options of `loadLogTypes`. */
export interface LoadLogTypesOptions {
  /** Include the built-in log types of content/log-types (default true). */
  builtin?: boolean
  createTextParser?: TextParserFactory | undefined
}

/**
 * Loads the built-in log types and users' custom schemas (`Custom.<Name>`) from folders, through
 * the same loader. Broken schemas are reported in `errors` and skipped; a custom schema may not
 * replace a built-in one.
 */
export function loadLogTypes(
  dirs: readonly string[],
  options: LoadLogTypesOptions = {},
): LogTypeRegistry {
  const builtin =
    options.builtin === false
      ? { logTypes: [], errors: [] }
      : loadSchemaFiles([builtinLogTypesDir], { createTextParser: options.createTextParser })
  const custom = loadSchemaFiles(dirs, {
    requireCustomPrefix: true,
    createTextParser: options.createTextParser,
  })
  const builtinNames = new Set(builtin.logTypes.map((t) => t.name))
  const clashes = custom.logTypes.filter((t) => builtinNames.has(t.name))
  const clashErrors: SchemaError[] = clashes.map((t) => ({
    file: t.file ?? '',
    line: 1,
    column: 1,
    path: 'schema',
    message: `log type ${t.name} is built in and cannot be redefined`,
  }))
  return new LogTypeRegistry(
    [...builtin.logTypes, ...custom.logTypes.filter((t) => !builtinNames.has(t.name))],
    [...builtin.errors, ...custom.errors, ...clashErrors],
  )
}

let builtinRegistry: LogTypeRegistry | undefined

/** The built-in log types, loaded once on first use. */
export function builtinLogTypes(): LogTypeRegistry {
  builtinRegistry ??= loadLogTypes([])
  return builtinRegistry
}

/** Finds a built-in log type by its exact name, or explains which names exist. */
export function findLogType(name: string): LogType {
  return builtinLogTypes().find(name)
}
