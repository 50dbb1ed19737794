import { z } from 'zod'
import { schemaIndicators } from '../indicators.js'
import { textParserSpecSchema } from '../parsers/index.js'

/**
 * The custom log schema language (Panther's format, version 0), as zod schemas. Objects are
 * strict so a misspelt key (`isEventtime`) is an error with its line, never silently ignored.
 * Caracal's additions are `timeFormats` (Panther's later docs), `validate`, and the schema-level
 * `envelope` and `reject` keys that express what CloudTrail's S3 files need.
 */

/** The value types of a field. */
export const valueTypes = [
  'string',
  'int',
  'smallint',
  'bigint',
  'float',
  'boolean',
  'timestamp',
  'object',
  'array',
  'json',
  'ref',
] as const

/** One value type. */
export type ValueType = (typeof valueTypes)[number]

/** Checks a string value must pass; a value that fails makes the record fail (Panther's rule). */
export interface ValidateSpec {
  allow?: string[] | undefined
  deny?: string[] | undefined
  ip?: 'ipv4' | 'ipv6' | undefined
  cidr?: 'ipv4' | 'ipv6' | undefined
}

/** The type of a value: a field's own type, an array's `element`, or a definition. */
export interface ValueSpec {
  type: ValueType
  fields?: FieldSpec[] | undefined
  element?: ValueSpec | undefined
  target?: string | undefined
  indicators?: (typeof schemaIndicators)[number][] | undefined
  timeFormat?: string | undefined
  timeFormats?: string[] | undefined
  isEventTime?: boolean | undefined
  validate?: ValidateSpec | undefined
}

/** A named field of an object (or of the record itself). */
export interface FieldSpec extends ValueSpec {
  name: string
  description?: string | undefined
  required?: boolean | undefined
  /** Panther's `rename`: the value arrives under `from` when the field itself is absent. */
  rename?: { from: string } | undefined
  /** Panther's other transformations; see transformations.ts. */
  copy?: { from: string } | undefined
  concat?: { paths: string[]; separator?: string | undefined } | undefined
  split?: { from: string; separator: string; index: number } | undefined
  mask?: { type: 'redact' | 'hash'; to?: string | undefined; salt?: string | undefined } | undefined
}

const validateSpec = z.strictObject({
  allow: z.array(z.string()).min(1).optional(),
  deny: z.array(z.string()).min(1).optional(),
  ip: z.enum(['ipv4', 'ipv6']).optional(),
  cidr: z.enum(['ipv4', 'ipv6']).optional(),
})

const valueShape = {
  type: z.enum(valueTypes),
  fields: z.array(z.lazy((): z.ZodType<FieldSpec> => fieldSpec)).optional(),
  element: z.lazy((): z.ZodType<ValueSpec> => valueSpec).optional(),
  target: z.string().min(1).optional(),
  indicators: z.array(z.enum(schemaIndicators)).optional(),
  timeFormat: z.string().min(1).optional(),
  timeFormats: z.array(z.string().min(1)).min(1).optional(),
  isEventTime: z.boolean().optional(),
  validate: validateSpec.optional(),
}

const valueSpec: z.ZodType<ValueSpec> = z.strictObject(valueShape)

const fieldSpec: z.ZodType<FieldSpec> = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9_@$.:-]+$/, 'expected a field name of letters, digits and _@$.:-'),
  description: z.string().optional(),
  required: z.boolean().optional(),
  rename: z.strictObject({ from: z.string().min(1) }).optional(),
  copy: z.strictObject({ from: z.string().min(1) }).optional(),
  concat: z
    .strictObject({ paths: z.array(z.string().min(1)).min(1), separator: z.string().optional() })
    .optional(),
  split: z
    .strictObject({
      from: z.string().min(1),
      separator: z.string().min(1),
      index: z.number().int(),
    })
    .optional(),
  mask: z
    .strictObject({
      type: z.enum(['redact', 'hash']),
      to: z.string().optional(),
      salt: z.string().optional(),
    })
    .optional(),
  ...valueShape,
})

/** Where records arrive wrapped: `{"<field>": [record, ...]}` is parsed as its elements. */
const envelopeSpec = z.strictObject({ field: z.string().min(1) })

/** Records with this top-level key are refused with the reason (CloudTrail digest files). */
const rejectSpec = z.strictObject({ field: z.string().min(1), reason: z.string().min(1) })

/** A whole schema file. */
export const schemaFile = z.strictObject({
  schema: z
    .string()
    .regex(
      /^[A-Z][A-Za-z0-9]+(\.[A-Z][A-Za-z0-9]+)*$/,
      'expected a name such as Custom.MyLogs (dot-separated words, each starting with a capital letter)',
    ),
  description: z.string().optional(),
  referenceURL: z.string().optional(),
  version: z.literal(0).optional(),
  parser: textParserSpecSchema.optional(),
  envelope: envelopeSpec.optional(),
  reject: z.array(rejectSpec).optional(),
  definitions: z.record(z.string(), valueSpec).optional(),
  fields: z.array(fieldSpec).min(1, 'a schema needs at least one field'),
})

/** A schema as written in its YAML file, once it has the right shape. */
export type SchemaSpec = z.infer<typeof schemaFile>

/** The `parser:` section of a schema, handed to the text parser factory. */
export type ParserSpec = NonNullable<SchemaSpec['parser']>
