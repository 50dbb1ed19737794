import { createHash } from 'node:crypto'
import { readFile, readdir, stat } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { parseDocument } from 'yaml'
import { describeError, type EventRecord } from '../../core/index.js'
import type {
  InertAnalysis,
  LoadError,
  PantherContent,
  PantherTest,
  PythonDataModel,
  PythonDetection,
  PythonGlobal,
} from '../types.js'
import {
  parseAnalysis,
  type DataModelSpec,
  type GlobalSpec,
  type PolicySpec,
  type RuleSpec,
  type UnitTestSpec,
} from './analysis-schema.js'

/** One analysis file turned into what it declares, or an error. */
type Item =
  | { kind: 'detection'; value: PythonDetection }
  | { kind: 'global'; value: PythonGlobal }
  | { kind: 'datamodel'; value: PythonDataModel }
  | { kind: 'inert'; value: InertAnalysis }
  | { kind: 'error'; value: LoadError }
  | { kind: 'skip' }

/**
 * Loads Panther analysis content (`*.yml`/`*.yaml` plus the `.py` each names in `Filename`) from
 * `dirs`, recursively. YAML is read with YAML 1.2 core rules, as Panther's tool does: `on`, `yes`
 * and dates stay strings. Every file is validated on its own; ids must be unique per kind.
 */
export async function loadPantherContent(dirs: readonly string[]): Promise<PantherContent> {
  const content: PantherContent = {
    detections: [],
    globals: [],
    dataModels: [],
    inert: [],
    errors: [],
  }
  const files: string[] = []
  for (const dir of dirs) {
    try {
      files.push(...(await findYamlFiles(dir)))
    } catch (err) {
      content.errors.push({
        file: dir,
        message: `cannot read the directory: ${describeError(err)}`,
      })
    }
  }
  const items = await Promise.all(files.map((file) => loadFile(file)))
  const seen = new Map<string, string>()
  for (const item of items) {
    if (item.kind === 'skip') continue
    if (item.kind === 'error') {
      content.errors.push(item.value)
      continue
    }
    const [key, id, file] = identity(item)
    const first = seen.get(`${key}:${id}`)
    if (first !== undefined) {
      content.errors.push({ file, message: `duplicate id '${id}', already defined in ${first}` })
      continue
    }
    seen.set(`${key}:${id}`, file)
    if (item.kind === 'detection') content.detections.push(item.value)
    else if (item.kind === 'global') content.globals.push(item.value)
    else if (item.kind === 'datamodel') content.dataModels.push(item.value)
    else content.inert.push(item.value)
  }
  return content
}

function identity(item: Exclude<Item, { kind: 'error' | 'skip' }>): [string, string, string] {
  switch (item.kind) {
    case 'detection':
      return ['detection', item.value.meta.id, item.value.specFile]
    case 'inert':
      return [item.value.analysisType, item.value.id, item.value.file]
    default:
      return [item.kind, item.value.id, item.value.file]
  }
}

async function loadFile(file: string): Promise<Item> {
  const fail = (message: string): Item => ({ kind: 'error', value: { file, message } })
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    return fail(`cannot read the file: ${describeError(err)}`)
  }
  const doc = parseDocument(text, { version: '1.2', schema: 'core', uniqueKeys: true })
  if (doc.errors.length > 0) {
    return fail(`invalid YAML: ${doc.errors.map((e) => e.message.split('\n')[0]).join('; ')}`)
  }
  const value: unknown = doc.toJS()
  // Log type schemas share folders with analysis content (`content/`); they are not analysis items.
  if (isLogTypeSchema(value)) return { kind: 'skip' }
  const parsed = parseAnalysis(value)
  if (!parsed.ok) return fail(parsed.messages.join('; '))
  const spec = parsed.spec
  const readPython = async (name: string): Promise<{ file: string; code: string } | string> => {
    const path = resolve(dirname(file), name)
    try {
      return { file: path, code: await readFile(path, 'utf8') }
    } catch (err) {
      return `key 'Filename': cannot read ${path}: ${describeError(err)}`
    }
  }
  switch (parsed.type) {
    case 'rule':
    case 'scheduled_rule':
    case 'policy': {
      const rule = spec as RuleSpec | PolicySpec
      const py = await readPython(rule.Filename)
      if (typeof py === 'string') return fail(py)
      return { kind: 'detection', value: toDetection(rule, text, py, file) }
    }
    case 'global': {
      const global = spec as GlobalSpec
      const py = await readPython(global.Filename)
      if (typeof py === 'string') return fail(py)
      return { kind: 'global', value: { id: global.GlobalID, ...py } }
    }
    case 'datamodel': {
      const model = spec as DataModelSpec
      let code: string | undefined
      if (model.Filename !== undefined) {
        const py = await readPython(model.Filename)
        if (typeof py === 'string') return fail(py)
        code = py.code
      } else if (model.Mappings.some((m) => m.Method !== undefined)) {
        return fail(`key 'Filename': Method mappings need a Filename holding the methods`)
      }
      return {
        kind: 'datamodel',
        value: {
          id: model.DataModelID,
          file,
          enabled: model.Enabled,
          logTypes: [...model.LogTypes],
          mappings: model.Mappings.map((m) => ({
            name: m.Name,
            ...(m.Path === undefined ? {} : { path: m.Path }),
            ...(m.Method === undefined ? {} : { method: m.Method }),
          })),
          code,
        },
      }
    }
    default: {
      const named = spec.QueryName ?? spec.PackID ?? spec.LookupName ?? spec.RuleID
      const id = typeof named === 'string' ? named : ''
      const enabled = spec.Enabled !== false
      return { kind: 'inert', value: { analysisType: parsed.type, id, file, enabled } }
    }
  }
}

function toDetection(
  spec: RuleSpec | PolicySpec,
  yamlText: string,
  py: { file: string; code: string },
  specFile: string,
): PythonDetection {
  const isPolicy = spec.AnalysisType === 'policy'
  const id = isPolicy ? spec.PolicyID : spec.RuleID
  const logTypes = isPolicy ? spec.ResourceTypes : (spec.LogTypes ?? [])
  const version = createHash('sha256')
    .update(yamlText)
    .update('\0')
    .update(py.code)
    .digest('hex')
    .slice(0, 12)
  const ruleOnly = isPolicy ? undefined : spec
  return {
    runtime: 'python',
    analysisType: spec.AnalysisType,
    specFile,
    code: py.code,
    meta: {
      id,
      name: spec.DisplayName ?? id,
      version,
      logTypes: [...logTypes],
      severity: spec.Severity,
      description: spec.Description ?? '',
      reference: spec.Reference ?? '',
      runbook: spec.Runbook ?? '',
      tags: [...(spec.Tags ?? [])],
      reports: Object.fromEntries(Object.entries(spec.Reports ?? {}).map(([k, v]) => [k, [...v]])),
      dedupPeriodMinutes: ruleOnly?.DedupPeriodMinutes ?? 60,
      threshold: ruleOnly?.Threshold ?? 1,
      outputIds: [...(spec.OutputIds ?? [])],
      enabled: spec.Enabled,
      file: py.file,
      runtime: 'python',
      summaryAttributes: [...(ruleOnly?.SummaryAttributes ?? [])],
    },
    tests: (spec.Tests ?? []).map((t) => toTest(t, isPolicy)),
  }
}

function toTest(test: UnitTestSpec, isPolicy: boolean): PantherTest {
  const input = (isPolicy ? test.Resource : test.Log) ?? test.Log ?? test.Resource ?? {}
  return {
    name: test.Name,
    expectedResult: test.ExpectedResult,
    input: input as EventRecord,
    mocks: (test.Mocks ?? []).map((m) => ({
      objectName: m.objectName,
      returnValue: m.returnValue,
    })),
  }
}

/** YAML files below `dir`, sorted so duplicate-id blame is stable. */
async function findYamlFiles(dir: string): Promise<string[]> {
  // A single analysis file may be named too (`caracal test rules/x.yml`).
  if ((await stat(dir)).isFile()) return isYamlFile(dir) ? [dir] : []
  const files: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) {
      files.push(...(await findYamlFiles(path)))
    } else if (entry.isFile() && isYamlFile(entry.name)) {
      files.push(path)
    }
  }
  return files.sort()
}

/** A custom log type schema: `schema:` and `fields:`, no `AnalysisType`. */
function isLogTypeSchema(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  return 'schema' in value && 'fields' in value && !('AnalysisType' in value)
}

function isYamlFile(name: string): boolean {
  return /\.ya?ml$/.test(name)
}
