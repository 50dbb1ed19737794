import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { isAbsolute, join, resolve } from 'node:path'
import { parseDocument } from 'yaml'
import type { z } from 'zod'
import { AppError } from '../../core/index.js'
import { configSchema, type Config } from './schema.js'

/** Where the config comes from. `env` is passed in so that nothing else reads `process.env`. */
export interface LoadConfigOptions {
  /** YAML file; absent means defaults only. */
  file?: string | undefined
  env: Readonly<Record<string, string | undefined>>
  /** Overrides from command-line flags, applied last. */
  overrides?: { data?: string | undefined }
}

const envPrefix = 'CARACAL_'

/**
 * Loads `caracal.yml`: interpolates `${VAR}` and `${file:PATH}`, applies `CARACAL_A__B=value`
 * overrides, validates, and reports every problem with its file and key at once.
 */
export function loadConfig(options: LoadConfigOptions): Config {
  const label = options.file ?? '(defaults)'
  const raw = options.file === undefined ? {} : readYaml(options.file)
  const interpolated = interpolate(raw, options.env, label, [])
  const merged = applyEnvOverrides(interpolated, options.env)
  if (options.overrides?.data !== undefined) merged.data = options.overrides.data
  const result = configSchema.safeParse(merged)
  if (!result.success) throw configError(label, result.error.issues)
  const config = result.data
  config.data = resolve(config.data)
  config.cacheDir = resolveCacheDir(config.cacheDir, options.env)
  return deepFreeze(config)
}

/**
 * The configured cache folder made absolute, else `$XDG_CACHE_HOME/caracal` (the XDG base
 * directory spec ignores a relative value), else `~/.cache/caracal`; `off` stays `off`.
 */
function resolveCacheDir(configured: string | undefined, env: LoadConfigOptions['env']): string {
  if (configured === 'off') return configured
  if (configured !== undefined) return resolve(configured)
  const xdg = env.XDG_CACHE_HOME
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, 'caracal')
  try {
    return join(homedir(), '.cache', 'caracal')
  } catch {
    // No home directory (some containers): caching is an optimisation, so do without.
    return 'off'
  }
}

function readYaml(file: string): Record<string, unknown> {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new AppError('CONFIG_NOT_FOUND', `${file}: cannot read the configuration file`, {
      cause: err,
    })
  }
  const doc = parseDocument(text, { prettyErrors: true })
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => `${file}: ${e.message}`)
    throw new AppError('CONFIG_INVALID', lines.join('\n'), { details: lines })
  }
  const value: unknown = doc.toJS()
  if (value === null || value === undefined) return {}
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new AppError('CONFIG_INVALID', `${file}: the top level must be a mapping of keys`)
  }
  return value as Record<string, unknown>
}

const placeholder = /\$\{([^}]+)\}/g

/** Replaces `${VAR}` with the environment variable and `${file:PATH}` with the file's trimmed text. */
function interpolate(
  value: unknown,
  env: LoadConfigOptions['env'],
  label: string,
  path: string[],
): Record<string, unknown> {
  const walk = (v: unknown, at: string[]): unknown => {
    if (typeof v === 'string')
      return v.replace(placeholder, (_m, ref: string) => resolveRef(ref, env, label, at))
    if (Array.isArray(v)) return v.map((item, i) => walk(item, [...at, String(i)]))
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, [...at, k])]))
    }
    return v
  }
  return walk(value, path) as Record<string, unknown>
}

function resolveRef(
  ref: string,
  env: LoadConfigOptions['env'],
  label: string,
  at: string[],
): string {
  const key = at.join('.')
  if (ref.startsWith('file:')) {
    const path = ref.slice('file:'.length)
    try {
      return readFileSync(path, 'utf8').trim()
    } catch (err) {
      throw new AppError('CONFIG_INVALID', `${label}: ${key}: cannot read secret file ${path}`, {
        cause: err,
      })
    }
  }
  const found = env[ref]
  if (found === undefined) {
    throw new AppError('CONFIG_INVALID', `${label}: ${key}: environment variable ${ref} is not set`)
  }
  return found
}

/** `CARACAL_SERVER__PORT=9090` sets `server.port`; values are read as YAML scalars (numbers, booleans). */
function applyEnvOverrides(
  config: Record<string, unknown>,
  env: LoadConfigOptions['env'],
): Record<string, unknown> {
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(envPrefix) || value === undefined) continue
    const path = name.slice(envPrefix.length).toLowerCase().split('__').map(camelCase)
    let node = config
    for (const key of path.slice(0, -1)) {
      const next = node[key]
      if (next === null || typeof next !== 'object' || Array.isArray(next)) node[key] = {}
      node = node[key] as Record<string, unknown>
    }
    const leaf = path.at(-1)
    if (leaf !== undefined && leaf !== '') node[leaf] = parseScalar(value)
  }
  return config
}

function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase())
}

function parseScalar(value: string): unknown {
  const doc = parseDocument(value)
  const parsed: unknown = doc.errors.length === 0 ? doc.toJS() : value
  return typeof parsed === 'object' && parsed !== null ? value : parsed
}

function configError(label: string, issues: readonly z.core.$ZodIssue[]): AppError {
  const lines = issues.map((issue) => {
    const key = issue.path.map(String).join('.') || '(top level)'
    return `${label}: ${key}: ${issue.message}`
  })
  return new AppError('CONFIG_INVALID', lines.join('\n'), { details: lines })
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) deepFreeze(item)
    Object.freeze(value)
  }
  return value
}

const secretKey = /token|secret|password|apikey|api_key|authorization|routingkey|webhook/i

/** A copy of the config with every secret-looking value masked, safe to print. */
export function redactConfig(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactConfig)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        secretKey.test(k) && typeof v === 'string' ? '[redacted]' : redactConfig(v),
      ]),
    )
  }
  return value
}
