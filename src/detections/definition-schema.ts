import { z } from 'zod'
import { Severity } from '../contract/index.js'
import type { DetectionMeta } from '../core/index.js'
import type { DetectionTest } from './types.js'

const fn = (name: string) =>
  z.custom<(...args: unknown[]) => unknown>((value) => typeof value === 'function', {
    error: `${name} must be a function`,
  })

const text = z.string()
const nonEmpty = z.string().min(1, 'must not be empty')

/**
 * The shape of a detection's default export (the SDK's `RuleDefinition`), checked at load time
 * because the detection file may not have been type-checked. Strict: a misspelt key is an error.
 */
export const ruleDefinitionSchema = z.strictObject({
  id: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/,
      'must be 1-200 letters, digits, ".", "_", ":" or "-"',
    ),
  name: text.optional(),
  logTypes: z.array(nonEmpty).min(1, 'must list at least one log type'),
  severity: Severity,
  description: text.optional(),
  reference: text.optional(),
  runbook: text.optional(),
  tags: z.array(nonEmpty).optional(),
  reports: z.record(nonEmpty, z.array(nonEmpty)).optional(),
  dedupPeriodMinutes: z.int().min(1).max(10_080).optional(),
  threshold: z.int().min(1).optional(),
  outputIds: z.array(nonEmpty).optional(),
  enabled: z.boolean().optional(),
  tests: z
    .array(
      z.strictObject({
        name: nonEmpty,
        expect: z.boolean(),
        event: z.record(z.string(), z.unknown()),
      }),
    )
    .optional(),
  rule: fn('rule'),
  title: fn('title').optional(),
  dedup: fn('dedup').optional(),
  alertContext: fn('alertContext').optional(),
  dynamicSeverity: fn('dynamicSeverity').optional(),
  destinations: fn('destinations').optional(),
})
type RuleDefinitionInput = z.infer<typeof ruleDefinitionSchema>

/** A definition checked into Caracal's metadata and tests, or one message per problem found. */
export type DefinitionOutcome =
  | { ok: true; meta: Omit<DetectionMeta, 'version' | 'file'>; tests: DetectionTest[] }
  | { ok: false; messages: string[] }

/** Validates a default export, naming the key and the problem for every issue. */
export function parseDefinition(value: unknown): DefinitionOutcome {
  if (value === undefined) {
    return { ok: false, messages: ['no default export: use `export default defineRule({ … })`'] }
  }
  const parsed = ruleDefinitionSchema.safeParse(value)
  if (!parsed.success) {
    return { ok: false, messages: parsed.error.issues.map((issue) => formatIssue(issue)) }
  }
  const tests = toPlainJson(parsed.data.tests ?? [])
  if (!tests.ok) return { ok: false, messages: [`key 'tests': ${tests.message}`] }
  return { ok: true, meta: toMeta(parsed.data), tests: tests.value }
}

function toMeta(def: RuleDefinitionInput): Omit<DetectionMeta, 'version' | 'file'> {
  return {
    id: def.id,
    name: def.name ?? def.id,
    logTypes: [...def.logTypes],
    severity: def.severity,
    description: def.description ?? '',
    reference: def.reference ?? '',
    runbook: def.runbook ?? '',
    tags: [...(def.tags ?? [])],
    reports: Object.fromEntries(Object.entries(def.reports ?? {}).map(([k, v]) => [k, [...v]])),
    dedupPeriodMinutes: def.dedupPeriodMinutes ?? 60,
    threshold: def.threshold ?? 1,
    outputIds: [...(def.outputIds ?? [])],
    enabled: def.enabled ?? true,
  }
}

/**
 * Copies test events into this realm as plain JSON: the definition was evaluated in its own V8
 * context, and events must be JSON values to cross into workers the way real events do.
 */
function toPlainJson(
  tests: RuleDefinitionInput['tests'] & object,
): { ok: true; value: DetectionTest[] } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(JSON.stringify(tests)) as DetectionTest[] }
  } catch (err) {
    return { ok: false, message: `test events must be JSON values (${String(err)})` }
  }
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.length === 0 ? '(definition)' : formatPath(issue.path)
  return `key '${key}': ${issue.message}`
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${String(part)}]` : `${i === 0 ? '' : '.'}${String(part)}`,
    )
    .join('')
}
