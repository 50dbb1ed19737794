import type { FieldSpec, SchemaSpec, ValueSpec, ValueType } from './schema-spec.js'

/** Why a new version of a schema cannot replace the accepted one. */
export interface EvolutionIssue {
  /** The field in the accepted version, e.g. `badge.holder` or `tags[]` for array elements. */
  path: string
  kind: 'removed' | 'retyped'
  message: string
  /**
   * Where to look in the new version's document: a retyped field's `type` key, or the `fields`
   * key a removed field was dropped from (to find its line with `locateSchemaPath`).
   */
  at: (string | number)[]
}

/**
 * Panther's evolution rule: a new version of a custom schema may add fields, never remove or
 * retype them, because events already stored under the accepted version must stay readable with
 * the same columns. Returns every violation (empty when the new version is compatible).
 *
 * What counts as a type is the stored column type after resolving `ref`s: `string`, `int`, …,
 * an object's fields, an array's element type; widening an integer (smallint → int → bigint)
 * is allowed, since all are stored as bigint and only more values parse. A timestamp's `timeFormat(s)`, `required`,
 * `indicators`, `validate`, descriptions and transformations change only how values are read,
 * not the stored type, so they may change. Making a field `required` can make later records
 * fail to parse; that is the author's choice, not a loss of stored data.
 */
export function schemaEvolutionIssues(accepted: SchemaSpec, next: SchemaSpec): EvolutionIssue[] {
  const issues: EvolutionIssue[] = []
  compareFields(accepted.fields, next.fields, '', ['fields'], issues, {
    accepted: accepted.definitions ?? {},
    next: next.definitions ?? {},
  })
  return issues
}

/** The definitions of both versions, to resolve `ref` fields on either side. */
interface Definitions {
  accepted: Record<string, ValueSpec>
  next: Record<string, ValueSpec>
}

function compareFields(
  before: readonly FieldSpec[],
  after: readonly FieldSpec[],
  prefix: string,
  at: (string | number)[],
  issues: EvolutionIssue[],
  defs: Definitions,
): void {
  const byName = new Map(after.map((f, i) => [f.name, { field: f, index: i }]))
  for (const field of before) {
    const path = prefix === '' ? field.name : `${prefix}.${field.name}`
    const kept = byName.get(field.name)
    if (kept === undefined) {
      issues.push({ path, kind: 'removed', message: `field ${path} was removed`, at })
      continue
    }
    compareValues(field, kept.field, path, [...at, kept.index], issues, defs)
  }
}

function compareValues(
  before: ValueSpec,
  after: ValueSpec,
  path: string,
  at: (string | number)[],
  issues: EvolutionIssue[],
  defs: Definitions,
): void {
  const a = resolve(before, [], defs.accepted)
  const b = resolve(after, at, defs.next)
  if (a === undefined || b === undefined) return // checkSchema reports unknown refs
  if (a.value.type !== b.value.type && !widens(a.value.type, b.value.type)) {
    issues.push({
      path,
      kind: 'retyped',
      message: `field ${path} changed type from ${describe(before)} to ${describe(after)}`,
      at: [...at, 'type'],
    })
    return
  }
  const [x, y] = [a.value, b.value]
  if (x.type === 'object') {
    compareFields(x.fields ?? [], y.fields ?? [], path, [...b.at, 'fields'], issues, defs)
  } else if (x.type === 'array' && x.element !== undefined && y.element !== undefined) {
    compareValues(x.element, y.element, `${path}[]`, [...b.at, 'element'], issues, defs)
  }
}

/** Integers are stored as bigint columns: smallint → int → bigint only lets more values parse. */
function widens(from: ValueType, to: ValueType): boolean {
  const order: readonly ValueType[] = ['smallint', 'int', 'bigint']
  const a = order.indexOf(from)
  return a !== -1 && order.indexOf(to) > a
}

/**
 * Follows `ref` targets to the value they stand for, with its path in the document; undefined
 * for a missing or circular one
 * (checkSchema refuses both before a schema gets here, so recursion always ends).
 */
function resolve(
  value: ValueSpec,
  at: (string | number)[],
  definitions: Record<string, ValueSpec>,
): { value: ValueSpec; at: (string | number)[] } | undefined {
  let current: ValueSpec | undefined = value
  let where = at
  const visited = new Set<string>()
  while (current?.type === 'ref') {
    const target: string = current.target ?? ''
    if (visited.has(target)) return undefined
    visited.add(target)
    current = definitions[target]
    where = ['definitions', target]
  }
  return current === undefined ? undefined : { value: current, at: where }
}

function describe(value: ValueSpec): string {
  if (value.type === 'ref') return `ref ${value.target ?? ''}`
  if (value.type === 'array' && value.element !== undefined) {
    return `array of ${describe(value.element)}`
  }
  return value.type
}
