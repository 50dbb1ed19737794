import type { FieldSpec, SchemaSpec, ValueSpec } from './schema-spec.js'
import { timeReader } from './time-formats.js'

/** A problem with a schema that has the right shape but does not make sense. */
export interface SchemaIssue {
  /** Path of keys and indexes in the schema document, e.g. `['fields', 2, 'timeFormat']`. */
  path: (string | number)[]
  message: string
}

/**
 * The rules zod cannot express: types that need `fields`/`element`/`target`/`timeFormat`, keys
 * that only make sense on some types, duplicate names, unknown or circular refs, bad strftime.
 */
export function checkSchema(spec: SchemaSpec): SchemaIssue[] {
  const issues: SchemaIssue[] = []
  const definitions = spec.definitions ?? {}
  for (const [name, def] of Object.entries(definitions)) {
    checkValue(def, ['definitions', name], issues, definitions)
    const cycle = refCycle(name, definitions, [])
    if (cycle !== undefined) {
      issues.push({ path: ['definitions', name], message: `circular ref: ${cycle.join(' → ')}` })
    }
  }
  checkFields(spec.fields, ['fields'], issues, definitions, true)
  return issues
}

function checkFields(
  fields: readonly FieldSpec[],
  path: (string | number)[],
  issues: SchemaIssue[],
  definitions: Record<string, ValueSpec>,
  topLevel: boolean,
): void {
  const seen = new Set<string>()
  fields.forEach((field, i) => {
    const at = [...path, i]
    if (seen.has(field.name)) {
      issues.push({ path: [...at, 'name'], message: `duplicate field name ${field.name}` })
    }
    seen.add(field.name)
    const from = field.rename?.from
    if (from !== undefined) {
      if (seen.has(from) || fields.some((f) => f.name === from)) {
        issues.push({ path: [...at, 'rename', 'from'], message: `${from} is already a field name` })
      }
      seen.add(from)
    }
    if (topLevel && field.name.startsWith('p_')) {
      issues.push({ path: [...at, 'name'], message: 'p_* names are reserved for standard fields' })
    }
    if (field.mask !== undefined && field.type !== 'string') {
      issues.push({
        path: [...at, 'mask'],
        message: `mask applies only to type string, not ${field.type}`,
      })
    }
    if (field.mask?.type === 'redact' && field.mask.salt !== undefined) {
      issues.push({ path: [...at, 'mask', 'salt'], message: 'salt applies only to mask type hash' })
    }
    checkValue(field, at, issues, definitions)
  })
}

function checkValue(
  value: ValueSpec,
  at: (string | number)[],
  issues: SchemaIssue[],
  definitions: Record<string, ValueSpec>,
): void {
  const problem = (key: string, message: string) => issues.push({ path: [...at, key], message })
  const only = (key: keyof ValueSpec, types: readonly string[]) => {
    if (value[key] !== undefined && !types.includes(value.type)) {
      problem(key, `${key} applies only to type ${types.join(' or ')}, not ${value.type}`)
    }
  }
  only('fields', ['object'])
  only('element', ['array'])
  only('target', ['ref'])
  only('timeFormat', ['timestamp'])
  only('timeFormats', ['timestamp'])
  only('isEventTime', ['timestamp'])
  only('validate', ['string'])
  only('indicators', ['string', 'json'])
  switch (value.type) {
    case 'object':
      if (value.fields === undefined || value.fields.length === 0) {
        problem('fields', 'an object needs fields (use type json for free-form objects)')
      } else checkFields(value.fields, [...at, 'fields'], issues, definitions, false)
      break
    case 'array':
      if (value.element === undefined) problem('element', 'an array needs an element type')
      else checkValue(value.element, [...at, 'element'], issues, definitions)
      break
    case 'ref':
      if (value.target === undefined) problem('target', 'a ref needs a target definition')
      else if (definitions[value.target] === undefined) {
        const known = Object.keys(definitions)
        problem(
          'target',
          `no definition named ${value.target} (definitions: ${known.join(', ') || 'none'})`,
        )
      }
      break
    case 'timestamp':
      checkTimeFormats(value, problem)
      break
    default:
      break
  }
}

function checkTimeFormats(value: ValueSpec, problem: (key: string, message: string) => void) {
  if (value.timeFormat === undefined && value.timeFormats === undefined) {
    problem('timeFormat', 'a timestamp needs timeFormat (rfc3339, unix, unix_ms, … or strftime)')
  }
  if (value.timeFormat !== undefined && value.timeFormats !== undefined) {
    problem('timeFormats', 'use timeFormat or timeFormats, not both')
  }
  const formats = value.timeFormats ?? (value.timeFormat === undefined ? [] : [value.timeFormat])
  formats.forEach((format, i) => {
    try {
      timeReader(format)
    } catch (err) {
      const key = value.timeFormats === undefined ? 'timeFormat' : 'timeFormats'
      problem(key, `${(err as Error).message}${value.timeFormats === undefined ? '' : ` (#${i})`}`)
    }
  })
}

/** The chain of refs that leads back to `start`, if any. */
function refCycle(
  start: string,
  definitions: Record<string, ValueSpec>,
  chain: string[],
): string[] | undefined {
  if (chain.includes(start)) return [...chain, start]
  const def = definitions[start]
  if (def === undefined) return undefined
  for (const target of refsOf(def)) {
    const cycle = refCycle(target, definitions, [...chain, start])
    if (cycle !== undefined) return cycle
  }
  return undefined
}

function refsOf(value: ValueSpec): string[] {
  if (value.type === 'ref') return value.target === undefined ? [] : [value.target]
  if (value.type === 'array') return value.element === undefined ? [] : refsOf(value.element)
  if (value.type === 'object') return (value.fields ?? []).flatMap(refsOf)
  return []
}
