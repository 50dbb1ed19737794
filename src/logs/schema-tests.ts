import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { parseAllDocuments } from 'yaml'
import type { EventRecord, LogType } from '../core/index.js'
import { compileSchema, readSchema, formatSchemaError } from './schema/index.js'

/**
 * Schema tests, Panther's custom-schema test format: a `<name>.tests.yml` file beside the schema
 * `<name>.yml`, holding one YAML document per case (separated by `---`):
 *
 *     name: a login          # optional
 *     logType: Custom.Login  # optional: defaults to the schema beside the file
 *     input: '{"user":"alice","time":"2026-01-01T00:00:00Z"}'
 *     result: {user: alice, p_any_usernames: [alice]}   # or `results: [...]`, or a JSON string
 *     error: invalid JSON    # instead of result: the input must fail with this in its reason
 *
 * The result is a subset: only the keys it lists are compared (objects recursively), and p_*
 * fields other than the p_any_* indicators are ignored (they depend on when the test runs).
 */

/** The outcome of one case. */
export interface SchemaTestResult {
  file: string
  name: string
  passed: boolean
  /** Why it failed; empty when passed. */
  reason: string
}

/** Every case of every file, and the totals. */
export interface SchemaTestReport {
  results: SchemaTestResult[]
  passed: number
  failed: number
}

/** Finds a log type by name for tests that name one the schema beside them does not define. */
export type LogTypeLookup = (name: string) => LogType | undefined

const testFile = /\.tests\.ya?ml$/

/** Whether a file name is a schema test file, so the schema loader can leave it alone. */
export function isSchemaTestFile(path: string): boolean {
  return testFile.test(path)
}

/** The test files under the paths (files, or folders walked recursively, in name order). */
export function findSchemaTestFiles(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    if (!statSync(path).isDirectory()) return [path]
    return readdirSync(path)
      .sort()
      .flatMap((entry) => {
        const child = join(path, entry)
        if (statSync(child).isDirectory()) return findSchemaTestFiles([child])
        return isSchemaTestFile(entry) ? [child] : []
      })
  })
}

/** Runs the cases of test files; a file that cannot be read counts as one failed case. */
export function runSchemaTests(files: readonly string[], lookup: LogTypeLookup): SchemaTestReport {
  const results = files.flatMap((file) => runFile(file, lookup))
  const passed = results.filter((r) => r.passed).length
  return { results, passed, failed: results.length - passed }
}

function runFile(file: string, lookup: LogTypeLookup): SchemaTestResult[] {
  const broken = (reason: string): SchemaTestResult[] => [
    { file, name: '(file)', passed: false, reason },
  ]
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    return broken(`cannot read: ${(err as Error).message}`)
  }
  const sibling = siblingSchema(file)
  if (sibling !== undefined && 'error' in sibling) return broken(sibling.error)
  const results: SchemaTestResult[] = []
  parseAllDocuments(text).forEach((doc, i) => {
    const name = `#${i + 1}`
    if (!('errors' in doc) || doc.errors.length > 0) {
      const message = 'errors' in doc ? (doc.errors[0]?.message ?? '') : 'bad document'
      results.push({ file, name, passed: false, reason: `invalid YAML: ${message}` })
      return
    }
    const test: unknown = doc.toJS()
    if (test === null || test === undefined) return
    results.push(runCase(file, name, test, sibling?.logType, lookup))
  })
  return results
}

/** The schema `<name>.yml`/`.yaml` beside `<name>.tests.yml`, compiled; undefined when absent. */
function siblingSchema(file: string): { logType: LogType } | { error: string } | undefined {
  const base = join(dirname(file), basename(file).replace(testFile, ''))
  const path = [`${base}.yml`, `${base}.yaml`, `${base}.json`].find((p) => existsSync(p))
  if (path === undefined) return undefined
  const read = readSchema(readFileSync(path, 'utf8'), path)
  if (!read.ok) return { error: read.errors.map(formatSchemaError).join('\n') }
  try {
    return { logType: compileSchema(read.spec, { file: path }) }
  } catch (err) {
    return { error: `${path}: cannot compile: ${(err as Error).message}` }
  }
}

function runCase(
  file: string,
  fallbackName: string,
  test: unknown,
  sibling: LogType | undefined,
  lookup: LogTypeLookup,
): SchemaTestResult {
  const result = (passed: boolean, reason: string, name = fallbackName) => ({
    file,
    name,
    passed,
    reason,
  })
  if (!isObject(test)) return result(false, 'a test case must be a mapping')
  const name = typeof test.name === 'string' ? test.name : fallbackName
  if (typeof test.input !== 'string') return result(false, 'input must be a string', name)
  const wanted = typeof test.logType === 'string' ? test.logType : sibling?.name
  if (wanted === undefined) {
    return result(false, 'no logType, and no schema beside the test file', name)
  }
  const logType = sibling?.name === wanted ? sibling : lookup(wanted)
  if (logType === undefined) return result(false, `unknown log type ${wanted}`, name)
  const outcome = logType.parse(test.input)
  if (typeof test.error === 'string') {
    const reasons = outcome.failures.map((f) => f.reason)
    if (reasons.some((r) => r.includes(test.error as string))) return result(true, '', name)
    return result(false, `expected a failure with "${test.error}", got ${show(reasons)}`, name)
  }
  if (outcome.failures.length > 0) {
    return result(
      false,
      `failed to parse: ${outcome.failures.map((f) => f.reason).join('; ')}`,
      name,
    )
  }
  const expected = expectedEvents(test)
  if (typeof expected === 'string') return result(false, expected, name)
  if (expected.length !== outcome.events.length) {
    return result(false, `expected ${expected.length} events, got ${outcome.events.length}`, name)
  }
  const problems = expected.flatMap((want, i) =>
    compareEvent(want, outcome.events[i] ?? {}).map((p) =>
      expected.length > 1 ? `#${i + 1} ${p}` : p,
    ),
  )
  return result(problems.length === 0, problems.join('; '), name)
}

/** `result` (one event, or JSON text with one event per line) or `results` (a list). */
function expectedEvents(test: Record<string, unknown>): EventRecord[] | string {
  const value = test.results ?? test.result
  if (value === undefined) return 'needs result, results or error'
  const list = typeof value === 'string' ? parseJsonLines(value) : value
  if (typeof list === 'string') return list
  const events = Array.isArray(list) ? (list as unknown[]) : [list]
  if (!events.every(isObject)) return 'each expected result must be a mapping'
  return events
}

function parseJsonLines(text: string): unknown[] | string {
  try {
    return text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as unknown)
  } catch (err) {
    return `result is not JSON: ${(err as Error).message}`
  }
}

/** Differences between an expected subset and an event, one `path: expected …, got …` each. */
function compareEvent(want: EventRecord, got: EventRecord, path = ''): string[] {
  return Object.entries(want).flatMap(([key, value]) => {
    if (path === '' && key.startsWith('p_') && !key.startsWith('p_any_')) return []
    const at = path === '' ? key : `${path}.${key}`
    const actual = got[key]
    if (isObject(value) && isObject(actual)) return compareEvent(value, actual, at)
    // Indicator lists are sets: their order depends on field order, not meaning.
    const same = key.startsWith('p_any_')
      ? isDeepStrictEqual(sorted(value), sorted(actual))
      : isDeepStrictEqual(value, actual)
    return same ? [] : [`${at}: expected ${show(value)}, got ${show(actual)}`]
  })
}

function sorted(value: unknown): unknown {
  return Array.isArray(value) ? [...(value as unknown[])].map(String).sort() : value
}

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
