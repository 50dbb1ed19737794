import { isIP } from 'node:net'
import {
  indicatorMethods,
  indicatorOutputKinds,
  indicatorOutputs,
  type SchemaIndicator,
} from '../indicators.js'
import type { IndicatorKind } from '../../core/index.js'
import type { FieldSpec, ValidateSpec, ValueSpec } from './schema-spec.js'
import { firstOfReaders, timeReader } from './time-formats.js'
import { deriverOf, maskerOf } from './transformations.js'

/**
 * Generates the JavaScript of a schema's normalizer. Each object type becomes one function with
 * its field names as literals, so V8 gets inline caches and the hot loop never looks at the
 * schema. Only three things reach the generated text: `JSON.stringify`-quoted names and paths,
 * numbers, and fixed snippets; everything else (time readers, allow-lists) is passed in `h[i]`.
 *
 * Conventions of the generated code: `c` is the per-record context, an IndicatorSet (`c.addIp`)
 * plus `c.t` (event time), `c.e` (first error) and `c.x` (undeclared fields by path). A bad value
 * of a required field, or a failed `validate`, sets `c.e`; a bad value of an optional field
 * becomes undefined and the event is still parsed.
 *
 * Fields a schema does not declare are kept: each function builds its declared fields as one
 * literal (a fixed shape), counts the present ones, and only when the input has more keys than
 * that does `h.rest` copy the others onto the result and into `c.x`. Array loops store their
 * index in `ix[depth]` so that path (`resources[2].extra`) can be built then, never before.
 */
export class CodeGenerator {
  /** Helpers the generated code calls as `h[index]`. */
  readonly helpers: unknown[] = []
  private readonly functions: string[] = []
  private readonly kinds = new Set<IndicatorKind>()
  private count = 0

  constructor(private readonly definitions: Record<string, ValueSpec>) {}

  /**
   * Generates the function of an object type and returns its name. The root object also gets
   * every standard `p_*` key, so all events of a log type share one shape: parseBatch's stores
   * then hit existing properties instead of growing a different hidden class per event.
   */
  objectFunction(fields: readonly FieldSpec[], place: Place = rootPlace, root = false): string {
    const name = `o${this.count++}`
    const locals = fields.map((_, i) => `x${i}`)
    // Reading (and counting the declared keys present) comes first, so a record whose keys differ
    // from the schema's only in case can be folded and read again before anything is converted.
    const reads: string[] = []
    const converts: string[] = []
    const keys: string[] = []
    fields.forEach((field, i) => {
      const local = `x${i}`
      reads.push(`${local} = ${readField(field.name)}`)
      reads.push(`if (${local} !== undefined) n++`)
      if (field.rename !== undefined) {
        // The old key counts as declared: it is this field's value, not an undeclared field.
        const from = readField(field.rename.from)
        reads.push(
          `if (${from} !== undefined) { n++; if (${local} === undefined || ${local} === null) ${local} = ${from} }`,
        )
      }
      const derive = deriverOf(field)
      if (derive !== undefined) {
        converts.push(
          `if (${local} === undefined || ${local} === null) ${local} = ${this.helper(derive)}(v)`,
        )
      }
      const mask = maskerOf(field)
      if (mask !== undefined) {
        converts.push(
          `if (${local} !== undefined && ${local} !== null) ${local} = ${this.helper(mask)}(${local})`,
        )
      }
      converts.push(this.fieldCode(field, local, child(place, field.name)))
      // A quoted "__proto__" key in a literal would set the prototype: compute that one.
      const key = field.name === '__proto__' ? `[${q(field.name)}]` : q(field.name)
      keys.push(`${key}: ${local}`)
    })
    if (root) keys.push(...rootKeys, ...this.indicatorKeys())
    const names = fields.flatMap((field) => [
      field.name,
      ...(field.rename ? [field.rename.from] : []),
    ])
    const declared = this.helper(new Set(names))
    const folds = this.helper(foldMap(names))
    const rest = `h.rest(v, r, ${declared}, c, ${place.at}, ${String(root)})`
    this.functions.push(
      `function ${name}(v, c) {
let n = 0${locals.length > 0 ? `, ${locals.join(', ')}` : ''}
${reads.join('\n')}
let k = 0
for (const _ in v) k++
if (k > n) { const f = h.fold(v, ${declared}, ${folds}); if (f !== undefined) { v = f; n = 0
${reads.join('\n')} } }
${converts.join('\n')}
const r = { ${keys.join(', ')} }
if (k > n) { ${rest}${root ? '; r.p_extra_fields = c.x' : ''} }
return r
}`,
    )
    return name
  }

  /** The whole module: every function, returning the root one. */
  source(root: string): string {
    return `'use strict'\nconst ix = []\n${this.functions.join('\n')}\nreturn ${root}`
  }

  /** Only the `p_any_*` keys this schema can fill: fewer slots to allocate per event. */
  private indicatorKeys(): string[] {
    return indicatorOutputs
      .filter(([kind]) => this.kinds.has(kind))
      .map(([kind, field]) => `${field}: c.${kind}`)
  }

  private helper(value: unknown): string {
    this.helpers.push(value)
    return `h[${this.helpers.length - 1}]`
  }

  private fieldCode(field: FieldSpec, x: string, place: Place): string {
    const { path } = place
    const missing = field.required === true ? `c.e ??= ${q(`missing required field ${path}`)}` : ''
    const empty = field.required === true && field.type === 'string' ? ` || ${x} === ''` : ''
    const bad = (expected: string) =>
      field.required === true
        ? `{ c.e ??= ${q(`field ${path}: expected ${expected}, got `)} + h.show(${x}); ${x} = undefined }`
        : `{ ${x} = undefined }`
    return `if (${x} === undefined || ${x} === null${empty}) { ${x} = undefined; ${missing} }
else { ${this.convert(this.resolve(field), x, place, bad)} }`
  }

  /** Code that converts the non-null value in `x` in place, calling `bad` when it cannot. */
  private convert(
    value: ValueSpec,
    x: string,
    place: Place,
    bad: (expected: string) => string,
  ): string {
    const { path } = place
    switch (value.type) {
      case 'string':
        return `if (typeof ${x} !== 'string') ${x} = h.str(${x})
${this.validateCode(value.validate, x, path)}${this.indicatorCode(value.indicators, x, 'add')}`
      case 'int':
      case 'smallint':
      case 'bigint':
        return `if (typeof ${x} !== 'number' || !Number.isInteger(${x})) { const n = h.int(${x}); if (n === undefined) ${bad('an integer')} else ${x} = n }`
      case 'float':
        return `if (typeof ${x} !== 'number') { const n = h.float(${x}); if (n === undefined) ${bad('a number')} else ${x} = n }`
      case 'boolean':
        return `if (typeof ${x} !== 'boolean') { const b = h.bool(${x}); if (b === undefined) ${bad('a boolean')} else ${x} = b }`
      case 'timestamp':
        return this.timestampCode(value, x, bad)
      case 'json':
        return this.indicatorCode(value.indicators, x, 'scan')
      case 'object': {
        const fn = this.objectFunction(value.fields ?? [], place)
        return `if (typeof ${x} === 'object' && !Array.isArray(${x})) ${x} = ${fn}(${x}, c); else ${bad('an object')}`
      }
      case 'array': {
        const element = this.resolve(value.element ?? { type: 'json' })
        const e = `${x}e`
        const elementBad = () => `{ ${e} = null }`
        const inner = elementPlace(place)
        // Only elements that hold objects can have undeclared fields, and so need the index.
        const index = this.holdsObjects(element) ? `ix[${String(place.depth)}] = i; ` : ''
        return `if (!Array.isArray(${x})) ${bad('an array')}
else for (let i = 0; i < ${x}.length; i++) { ${index}let ${e} = ${x}[i]; if (${e} === undefined) ${e} = null; else if (${e} !== null) { ${this.convert(element, e, inner, elementBad)} } ${x}[i] = ${e} }`
      }
      case 'ref':
        throw new Error(`unresolved ref at ${path}`)
    }
  }

  /** Whether values of this type can contain objects (directly or in nested arrays). */
  private holdsObjects(value: ValueSpec): boolean {
    if (value.type === 'object') return true
    return (
      value.type === 'array' && this.holdsObjects(this.resolve(value.element ?? { type: 'json' }))
    )
  }

  /** A ref becomes its definition (checked to exist and not to loop before compiling). */
  private resolve(value: ValueSpec): ValueSpec {
    let resolved: ValueSpec = value
    while (resolved.type === 'ref') {
      const target = this.definitions[resolved.target ?? '']
      if (target === undefined) throw new Error(`unknown ref target ${String(resolved.target)}`)
      resolved = target
    }
    return resolved
  }

  private timestampCode(value: ValueSpec, x: string, bad: (expected: string) => string): string {
    const formats = value.timeFormats ?? [value.timeFormat ?? 'rfc3339']
    const read = this.helper(firstOfReaders(formats.map(timeReader)))
    const expected = `timestamp (${formats.join(' or ')})`
    const eventTime = value.isEventTime === true ? `; if (c.t === undefined) c.t = t` : ''
    return `{ const t = ${read}(${x}); if (t === undefined) ${bad(expected)} else { ${x} = t${eventTime} } }`
  }

  private indicatorCode(
    indicators: readonly SchemaIndicator[] | undefined,
    x: string,
    how: 'add' | 'scan',
  ): string {
    if (indicators === undefined || indicators.length === 0) return ''
    for (const indicator of indicators) {
      for (const kind of indicatorOutputKinds[indicator]) this.kinds.add(kind)
    }
    return how === 'add'
      ? indicators.map((kind) => `\nc.${indicatorMethods[kind]}(${x})`).join('')
      : `\nc.scan(${this.helper(indicators)}, ${x}, 0)`
  }

  private validateCode(validate: ValidateSpec | undefined, x: string, path: string): string {
    if (validate === undefined) return ''
    const checks: string[] = []
    const fail = (why: string) => `c.e ??= ${q(`field ${path}: `)} + h.show(${x}) + ${q(` ${why}`)}`
    if (validate.allow !== undefined) {
      const allowed = this.helper(new Set(validate.allow))
      checks.push(`if (!${allowed}.has(${x})) ${fail('is not an allowed value')}`)
    }
    if (validate.deny !== undefined) {
      const denied = this.helper(new Set(validate.deny))
      checks.push(`if (${denied}.has(${x})) ${fail('is a denied value')}`)
    }
    if (validate.ip !== undefined) {
      const version = validate.ip === 'ipv4' ? 4 : 6
      checks.push(`if (h.isIP(${x}) !== ${version}) ${fail(`is not an ${validate.ip} address`)}`)
    }
    if (validate.cidr !== undefined) {
      const version = validate.cidr === 'ipv4' ? 4 : 6
      checks.push(`if (!h.isCidr(${x}, ${version})) ${fail(`is not an ${validate.cidr} CIDR`)}`)
    }
    return `${checks.join('\n')}\n`
  }
}

/** The standard keys of the root object: set by parseBatch, or from the record context. */
const rootKeys = [
  ...['p_log_type', 'p_row_id', 'p_parse_time', 'p_source_id', 'p_source_label'].map(
    (key) => `${key}: undefined`,
  ),
  'p_event_time: c.t',
  'p_extra_fields: c.x',
]

/**
 * Where a value sits in a record: its schema path for messages (`resources[].ARN`), the code of
 * its path at run time (`"resources[" + ix[0] + "]"`; `""` at the root), and how many arrays
 * enclose it (the `ix` slot of the next array's index).
 */
export interface Place {
  path: string
  at: string
  depth: number
}

const rootPlace: Place = { path: '', at: '""', depth: 0 }

function child(place: Place, name: string): Place {
  return place.path === ''
    ? { path: name, at: q(name), depth: place.depth }
    : { path: `${place.path}.${name}`, at: `${place.at} + ${q(`.${name}`)}`, depth: place.depth }
}

function elementPlace(place: Place): Place {
  return {
    path: `${place.path}[]`,
    at: `${place.at} + "[" + ix[${String(place.depth)}] + "]"`,
    depth: place.depth + 1,
  }
}

/** Reads an own field: names such as `constructor` would otherwise find Object.prototype's. */
function readField(name: string): string {
  return name in Object.prototype
    ? `(Object.hasOwn(v, ${q(name)}) ? v[${q(name)}] : undefined)`
    : `v[${q(name)}]`
}

/** A quoted JavaScript string literal: the only way names reach generated code. */
function q(text: string): string {
  return JSON.stringify(text)
}

/** The fixed helpers every generated normalizer uses (`h.str`, `h.int`, …). */
export const baseHelpers = {
  /** Non-string values of string fields: numbers and booleans as text, others as JSON. */
  str(value: unknown): string {
    if (typeof value === 'number' || typeof value === 'boolean') return String(value)
    return JSON.stringify(value)
  },
  int(value: unknown): number | undefined {
    if (typeof value === 'string' && integer.test(value.trim())) return Number(value)
    return undefined
  },
  float(value: unknown): number | undefined {
    if (typeof value !== 'string' || !decimal.test(value.trim())) return undefined
    return Number(value)
  },
  /** Boolean strings, as Go's strconv.ParseBool (Panther's reader) accepts them. */
  bool(value: unknown): boolean | undefined {
    return typeof value === 'string' ? booleans.get(value) : undefined
  },
  /**
   * Copies the keys of `value` that its object type does not declare onto the normalized `out`,
   * and into the record's `c.x` under their path (`userIdentity.newField`, `resources[2].extra`),
   * which becomes `p_extra_fields`. At the root, `p_*` keys stay out of the event (they would
   * shadow the standard fields) but are kept in `p_extra_fields`.
   */
  rest(
    value: Record<string, unknown>,
    out: Record<string, unknown>,
    declared: ReadonlySet<string>,
    c: { x: Record<string, unknown> | undefined },
    at: string,
    root: boolean,
  ): void {
    for (const key in value) {
      if (declared.has(key) || !Object.hasOwn(value, key)) continue
      const field = value[key]
      if (field === undefined) continue
      if (!root || !key.startsWith('p_')) setOwn(out, key, field)
      setOwn((c.x ??= {}), at === '' ? key : `${at}.${key}`, field)
    }
  },
  /**
   * Panther matches JSON keys case-insensitively: a copy of `value` with each undeclared key that
   * equals an absent declared name but for case renamed to it, or undefined when there is none.
   */
  fold(
    value: Record<string, unknown>,
    declared: ReadonlySet<string>,
    folds: ReadonlyMap<string, string>,
  ): Record<string, unknown> | undefined {
    let renames: Map<string, string> | undefined
    for (const key in value) {
      if (declared.has(key) || !Object.hasOwn(value, key)) continue
      const target = folds.get(key.toLowerCase())
      if (target === undefined || Object.hasOwn(value, target) || renames?.has(target) === true) {
        continue
      }
      ;(renames ??= new Map()).set(target, key)
    }
    if (renames === undefined) return undefined
    const from = new Map([...renames].map(([target, key]) => [key, target]))
    const out: Record<string, unknown> = {}
    for (const key in value) {
      if (Object.hasOwn(value, key)) setOwn(out, from.get(key) ?? key, value[key])
    }
    return out
  },
  /** A value shown in a failure reason: JSON, cut short. */
  show(value: unknown): string {
    const text = JSON.stringify(value)
    return text.length > 80 ? `${text.slice(0, 77)}...` : text
  },
  isIP,
  isCidr(value: string, version: 4 | 6): boolean {
    const slash = value.indexOf('/')
    if (slash < 0) return false
    const bits = value.slice(slash + 1)
    return (
      isIP(value.slice(0, slash)) === version &&
      /^\d{1,3}$/.test(bits) &&
      Number(bits) <= (version === 4 ? 32 : 128)
    )
  },
}

/** Lower-cased name → declared name, leaving out names that differ only in case (ambiguous). */
function foldMap(names: readonly string[]): Map<string, string> {
  const map = new Map<string, string>()
  const ambiguous = new Set<string>()
  for (const name of names) {
    const lower = name.toLowerCase()
    if (map.has(lower) && map.get(lower) !== name) ambiguous.add(lower)
    map.set(lower, name)
  }
  for (const lower of ambiguous) map.delete(lower)
  return map
}

/** Sets an own property, even `__proto__`, whose assignment would replace the prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    })
  } else target[key] = value
}

const booleans = new Map<string, boolean>([
  ...['1', 't', 'T', 'true', 'True', 'TRUE'].map((text) => [text, true] as const),
  ...['0', 'f', 'F', 'false', 'False', 'FALSE'].map((text) => [text, false] as const),
])
const integer = /^[+-]?\d+$/
const decimal = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
