/**
 * Panther's analysis YAML specification, one strict zod schema per `AnalysisType`. Written from
 * Panther's documented keys; a misspelt key is an error, as in Panther's own tooling.
 */
import { z } from 'zod'
import { severities } from '../../contract/index.js'

const text = z.string()
const nonEmpty = z.string().min(1, 'must not be empty')
const names = z.array(nonEmpty)
const id = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/,
    'must be 1-200 letters, digits, ".", "_", ":" or "-"',
  )

/** `Info`, `LOW`, `medium`…: Panther accepts any case; Caracal stores upper case. */
const severity = z
  .string()
  .transform((value) => value.toUpperCase())
  .pipe(z.enum(severities, { error: `must be one of ${severities.join(', ')} (any case)` }))

const mock = z.strictObject({ objectName: nonEmpty, returnValue: z.unknown() })
const unitTest = z.strictObject({
  Name: nonEmpty,
  ExpectedResult: z.boolean({ error: 'must be true or false' }),
  Log: z.unknown().optional(),
  Resource: z.unknown().optional(),
  Mocks: z.array(mock).optional(),
})
/** One entry of `Tests`. */
export type UnitTestSpec = z.infer<typeof unitTest>

const common = {
  Enabled: z.boolean({ error: 'must be true or false' }),
  Filename: nonEmpty,
  DisplayName: text.optional(),
  Description: text.optional(),
  Reference: text.optional(),
  Runbook: text.optional(),
  Tags: names.optional(),
  Reports: z.record(nonEmpty, names).optional(),
  OutputIds: names.optional(),
  Tests: z.array(unitTest).optional(),
  Severity: severity,
}

const ruleKeys = {
  ...common,
  RuleID: id,
  DedupPeriodMinutes: z.int().min(1).max(10_080).optional(),
  Threshold: z.int().min(1).optional(),
  SummaryAttributes: names.optional(),
  Suppressions: names.optional(),
  InlineFilters: z.unknown().optional(),
  DynamicSeverities: z.unknown().optional(),
  AlertTitle: text.optional(),
  AlertContext: z.unknown().optional(),
  GroupBy: z.unknown().optional(),
  CreateAlert: z.boolean().optional(),
  Status: text.optional(),
}

const rule = z.strictObject({
  AnalysisType: z.literal('rule'),
  ...ruleKeys,
  LogTypes: z.array(nonEmpty).min(1, 'must list at least one log type'),
})
const scheduledRule = z.strictObject({
  AnalysisType: z.literal('scheduled_rule'),
  ...ruleKeys,
  LogTypes: names.optional(),
  ScheduledQueries: z.array(nonEmpty).min(1, 'must name at least one scheduled query'),
})
const policy = z.strictObject({
  AnalysisType: z.literal('policy'),
  ...common,
  PolicyID: id,
  ResourceTypes: z.array(nonEmpty).min(1, 'must list at least one resource type'),
  Suppressions: names.optional(),
  AutoRemediationID: text.optional(),
  AutoRemediationParameters: z.record(z.string(), z.unknown()).optional(),
})
const global = z.strictObject({
  AnalysisType: z.literal('global'),
  GlobalID: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a Python module name'),
  Filename: nonEmpty,
  Description: text.optional(),
  Tags: names.optional(),
})
const mapping = z
  .strictObject({ Name: nonEmpty, Path: nonEmpty.optional(), Method: nonEmpty.optional() })
  .refine((m) => (m.Path === undefined) !== (m.Method === undefined), {
    error: 'needs exactly one of Path or Method',
  })
const dataModel = z.strictObject({
  AnalysisType: z.literal('datamodel'),
  DataModelID: id,
  DisplayName: text.optional(),
  Description: text.optional(),
  Enabled: z.boolean({ error: 'must be true or false' }),
  Filename: nonEmpty.optional(),
  LogTypes: z.array(nonEmpty).length(1, 'must list exactly one log type'),
  Mappings: z.array(mapping).min(1, 'must have at least one mapping'),
})
const scheduledQuery = z
  .strictObject({
    AnalysisType: z.enum(['scheduled_query', 'saved_query']),
    QueryName: nonEmpty,
    Enabled: z.boolean().optional(),
    Description: text.optional(),
    Tags: names.optional(),
    Query: text.optional(),
    AthenaQuery: text.optional(),
    SnowflakeQuery: text.optional(),
    Lookback: z.boolean({ error: 'must be true or false' }).optional(),
    LookbackWindowSeconds: z.int({ error: 'must be a whole number of seconds' }).optional(),
    Schedule: z
      .strictObject({
        CronExpression: text.optional(),
        RateMinutes: z.int().min(1).optional(),
        TimeoutMinutes: z.int().min(1).max(10).optional(),
      })
      .optional(),
  })
  .superRefine((spec, ctx) => {
    // The window only means something with `Lookback: true`, and `Lookback: true` needs one.
    const seconds = spec.LookbackWindowSeconds
    const path = ['LookbackWindowSeconds']
    if (seconds !== undefined && spec.Lookback !== true) {
      ctx.addIssue({ code: 'custom', path, message: 'is set but Lookback is not true' })
    } else if (seconds === undefined && spec.Lookback === true) {
      ctx.addIssue({ code: 'custom', path, message: 'is needed when Lookback is true' })
    } else if (seconds !== undefined && seconds <= 0) {
      ctx.addIssue({ code: 'custom', path, message: 'must be more than 0 seconds' })
    }
  })
const pack = z.strictObject({
  AnalysisType: z.literal('pack'),
  PackID: id,
  DisplayName: text.optional(),
  Description: text.optional(),
  PackDefinition: z.strictObject({ IDs: z.array(nonEmpty).min(1, 'must list at least one id') }),
  PackDefinitionFilter: z.unknown().optional(),
})

/**
 * Kinds Caracal recognises but neither runs nor fully validates yet: only their id is checked, so
 * a Panther repository holding them loads without errors.
 */
const lookupTable = z.looseObject({
  AnalysisType: z.literal('lookup_table'),
  LookupName: nonEmpty,
})
const correlationRule = z.looseObject({
  AnalysisType: z.literal('correlation_rule'),
  RuleID: id,
})

/** Every analysis item, discriminated by `AnalysisType`. */
export const analysisSchemas = {
  rule,
  scheduled_rule: scheduledRule,
  policy,
  global,
  datamodel: dataModel,
  scheduled_query: scheduledQuery,
  saved_query: scheduledQuery,
  pack,
  lookup_table: lookupTable,
  correlation_rule: correlationRule,
} as const
/** A known `AnalysisType` value. */
export type AnalysisType = keyof typeof analysisSchemas

/** A validated rule or scheduled rule. */
export type RuleSpec = z.infer<typeof rule> | z.infer<typeof scheduledRule>
/** A validated policy. */
export type PolicySpec = z.infer<typeof policy>
/** A validated global helper. */
export type GlobalSpec = z.infer<typeof global>
/** A validated data model. */
export type DataModelSpec = z.infer<typeof dataModel>

/** Validates one parsed YAML document: the spec, or one `key 'X': problem` message per issue. */
export function parseAnalysis(
  value: unknown,
):
  | { ok: true; type: AnalysisType; spec: Record<string, unknown> }
  | { ok: false; messages: string[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, messages: ['the document must be a mapping of keys'] }
  }
  const type = (value as Record<string, unknown>).AnalysisType
  if (typeof type !== 'string' || !(type in analysisSchemas)) {
    const known = Object.keys(analysisSchemas).join(', ')
    return {
      ok: false,
      messages: [`key 'AnalysisType': ${JSON.stringify(type ?? null)} is not one of ${known}`],
    }
  }
  const schema = analysisSchemas[type as AnalysisType]
  const parsed = schema.safeParse(value)
  if (!parsed.success) return { ok: false, messages: parsed.error.issues.map(formatIssue) }
  return { ok: true, type: type as AnalysisType, spec: parsed.data }
}

function formatIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length === 0 ? '' : ` in '${formatPath(issue.path)}'`
    return `unknown key${issue.keys.length > 1 ? 's' : ''}${where}: ${issue.keys.join(', ')}`
  }
  const key = issue.path.length === 0 ? '(document)' : formatPath(issue.path)
  return `key '${key}': ${issue.message}`
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${String(part)}]` : `${i === 0 ? '' : '.'}${String(part)}`,
    )
    .join('')
}
