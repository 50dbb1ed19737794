import { z } from 'zod'

/** A log type the server parses, built in or custom. */
export const LogTypeView = z.object({
  name: z.string(),
  description: z.string(),
  custom: z.boolean().describe('A `Custom.<Name>` schema from a folder or the API'),
  fields: z.number().int().describe('Top-level fields of the schema'),
  version: z.number().int().nullable().describe('The live accepted version; null when built in'),
  file: z.string().nullable().describe('The schema file, for folder schemas'),
})
export type LogTypeView = z.infer<typeof LogTypeView>

/** One problem of a schema: where (file, line, column, path in the document or field path) and what. */
export const SchemaProblem = z.object({
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  path: z.string(),
  message: z.string(),
})
export type SchemaProblem = z.infer<typeof SchemaProblem>

/** `GET /v1/log-types`: the live log types, and the schemas that failed to load or to evolve. */
export const LogTypeList = z.object({
  logTypes: z.array(LogTypeView),
  errors: z.array(SchemaProblem),
})
export type LogTypeList = z.infer<typeof LogTypeList>

/** One accepted version of a custom schema. */
export const LogTypeSchemaVersion = z.object({
  name: z.string(),
  version: z.number().int(),
  schema: z.string().describe('The schema text as accepted (YAML or JSON)'),
  createdAt: z.string(),
})
export type LogTypeSchemaVersion = z.infer<typeof LogTypeSchemaVersion>

/** `PUT /v1/log-types/:name` as JSON; the schema may also be sent as the text/yaml body itself. */
export const PutLogTypeInput = z.object({ schema: z.string().min(1) })
export type PutLogTypeInput = z.infer<typeof PutLogTypeInput>

/** What a PUT did: `created` false when the text is the accepted version already. */
export const PutLogTypeResult = z.object({
  name: z.string(),
  version: z.number().int(),
  created: z.boolean(),
})
export type PutLogTypeResult = z.infer<typeof PutLogTypeResult>
