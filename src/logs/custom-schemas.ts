import { readFileSync } from 'node:fs'
import { AppError } from '../core/index.js'
import type { LogTypeRegistry } from './registry.js'
import {
  compileSchema,
  locateSchemaPath,
  readSchema,
  schemaEvolutionIssues,
  type EvolutionIssue,
  type SchemaError,
  type SchemaLogType,
  type SchemaSpec,
  type TextParserFactory,
} from './schema/index.js'
import type { SchemaVersion, SchemaVersionStore } from './schema-versions.js'

/** A folder schema refused by the evolution rule: its log type keeps `keptVersion`. */
export interface EvolutionProblem {
  logType: string
  file: string
  keptVersion: number
  issues: EvolutionIssue[]
}

/** What a PUT of a schema did: a new version, or nothing when the text is the accepted one. */
export interface SchemaChange {
  version: SchemaVersion
  created: boolean
}

/** Dependencies of {@link CustomSchemas}. */
export interface CustomSchemasOptions {
  registry: LogTypeRegistry
  store: SchemaVersionStore
  createTextParser?: TextParserFactory | undefined
  now?: () => Date
}

/**
 * Custom log types under Panther's evolution rule: every accepted schema is stored as a version,
 * and a new one may add fields, never remove or retype them (events already in the lake must stay
 * readable). Folder schemas are checked at start; API schemas on PUT, and go live at once.
 */
export class CustomSchemas {
  private readonly registry: LogTypeRegistry
  private readonly store: SchemaVersionStore
  private readonly createTextParser: TextParserFactory | undefined
  private readonly now: () => Date
  /** PUTs run one at a time, so each compares against the version the previous one stored. */
  private queue: Promise<unknown> = Promise.resolve()

  constructor(options: CustomSchemasOptions) {
    this.registry = options.registry
    this.store = options.store
    this.createTextParser = options.createTextParser
    this.now = options.now ?? (() => new Date())
  }

  /**
   * Checks the folder schemas the registry loaded against their last accepted versions: new ones
   * become version 1, compatible changes the next version; an incompatible one is replaced in the
   * registry by its last accepted version, and its problems are reported in `registry.errors`.
   * Log types only stored (put through the API) are registered too. `record: false` stores
   * nothing (commands that only read, such as `caracal logtypes`).
   */
  async reconcile(options: { record?: boolean } = {}): Promise<EvolutionProblem[]> {
    const record = options.record ?? true
    const stored = new Map((await this.store.latest()).map((v) => [v.name, v]))
    const problems: EvolutionProblem[] = []
    for (const logType of this.registry.list()) {
      const file = logType.file
      if (!logType.name.startsWith('Custom.') || file === undefined) continue
      const accepted = stored.get(logType.name)
      stored.delete(logType.name)
      const text = readFileSync(file, 'utf8')
      if (accepted === undefined) {
        if (record) await this.store.add(logType.name, text, this.now().toISOString())
        continue
      }
      if (accepted.schema === text) continue
      const issues = schemaEvolutionIssues(this.specOf(accepted), logType.spec)
      if (issues.length === 0) {
        if (record) await this.store.add(logType.name, text, this.now().toISOString())
        continue
      }
      this.registry.put(this.compile(accepted, file))
      this.registry.report(issues.map((issue) => evolutionError(file, text, accepted, issue)))
      problems.push({ logType: logType.name, file, keptVersion: accepted.version, issues })
    }
    // A folder schema that no longer loads (or was deleted) keeps its last accepted version.
    for (const accepted of stored.values()) this.registry.put(this.compile(accepted))
    return problems
  }

  /**
   * Validates a schema sent through the API, applies the evolution rule against the last accepted
   * version, stores it and makes it live. Throws SCHEMA_INVALID (every problem with path and
   * line), SCHEMA_INCOMPATIBLE (every removed or retyped field) or CONFLICT (a folder schema).
   */
  put(name: string, text: string): Promise<SchemaChange> {
    const run = this.queue.then(() => this.putNow(name, text))
    this.queue = run.catch(() => undefined)
    return run
  }

  /** The live (latest accepted) version of every custom log type, by name. */
  async liveVersions(): Promise<Map<string, number>> {
    return new Map((await this.store.latest()).map((v) => [v.name, v.version]))
  }

  /** Every accepted version of a log type, oldest first. */
  async versions(name: string): Promise<SchemaVersion[]> {
    const versions = await this.store.versions(name)
    if (versions.length === 0) this.registry.find(name) // LOG_TYPE_UNKNOWN for unknown names
    return versions
  }

  private async putNow(name: string, text: string): Promise<SchemaChange> {
    const spec = validate(name, text)
    const current = this.registry.get(name)
    if (current?.file !== undefined) {
      throw new AppError('CONFLICT', `${name} is defined in ${current.file}: change it there`, {
        details: { file: current.file },
      })
    }
    const accepted = (await this.store.versions(name)).at(-1)
    if (accepted?.schema === text) return { version: accepted, created: false }
    if (accepted !== undefined) {
      const issues = schemaEvolutionIssues(this.specOf(accepted), spec)
      if (issues.length > 0) {
        throw new AppError(
          'SCHEMA_INCOMPATIBLE',
          `${name}: a new version may add fields, never remove or retype them ` +
            `(${issues.map((i) => i.path).join(', ')}); version ${accepted.version} stays live`,
          {
            details: {
              logType: name,
              acceptedVersion: accepted.version,
              fields: issues.map(({ path, kind, message, at }) => ({
                path,
                kind,
                message,
                ...locateSchemaPath(text, at),
              })),
            },
          },
        )
      }
    }
    let logType: SchemaLogType
    try {
      logType = this.compileSpec(spec, undefined)
    } catch (err) {
      throw new AppError('SCHEMA_INVALID', `${name}: cannot compile: ${(err as Error).message}`, {
        cause: err,
      })
    }
    const version = await this.store.add(name, text, this.now().toISOString())
    this.registry.put(logType)
    return { version, created: true }
  }

  private specOf(version: SchemaVersion): SchemaSpec {
    const read = readSchema(version.schema, `${version.name} v${version.version}`)
    // Only texts that passed readSchema are stored; failing now means the store was edited.
    if (!read.ok) {
      throw new AppError(
        'INTERNAL',
        `Stored schema ${version.name} v${version.version} is invalid`,
        {
          details: read.errors,
        },
      )
    }
    return read.spec
  }

  private compile(version: SchemaVersion, file?: string): SchemaLogType {
    return this.compileSpec(this.specOf(version), file)
  }

  private compileSpec(spec: SchemaSpec, file: string | undefined): SchemaLogType {
    return compileSchema(spec, { file, createTextParser: this.createTextParser })
  }
}

/** Reads and checks an API schema: any problem is SCHEMA_INVALID with every error's path and line. */
function validate(name: string, text: string): SchemaSpec {
  const invalid = (errors: SchemaError[]) =>
    new AppError(
      'SCHEMA_INVALID',
      `${name}: ${errors.map((e) => `line ${e.line}: ${e.path === '' ? '' : `${e.path}: `}${e.message}`).join('; ')}`,
      {
        details: errors.map(({ line, column, path, message }) => ({ line, column, path, message })),
      },
    )
  if (!name.startsWith('Custom.')) {
    throw invalid([
      {
        file: name,
        line: 1,
        column: 1,
        path: 'schema',
        message: 'only Custom.<Name> log types can be put',
      },
    ])
  }
  const read = readSchema(text, name)
  if (!read.ok) throw invalid(read.errors)
  if (read.spec.schema !== name) {
    throw invalid([
      {
        file: name,
        line: 1,
        column: 1,
        path: 'schema',
        message: `expected ${name} (the name in the URL), got ${read.spec.schema}`,
      },
    ])
  }
  return read.spec
}

function evolutionError(
  file: string,
  text: string,
  accepted: SchemaVersion,
  issue: EvolutionIssue,
): SchemaError {
  return {
    file,
    ...locateSchemaPath(text, issue.at),
    path: issue.path,
    message:
      `${issue.message}: a new version may add fields, never remove or retype them; ` +
      `${accepted.name} keeps version ${accepted.version}`,
  }
}
