export {
  readSchema,
  formatSchemaError,
  locateSchemaPath,
  type SchemaError,
  type SchemaReadResult,
} from './load-schema.js'
export {
  compileSchema,
  columnsOf,
  type SchemaLogType,
  type CompileOptions,
  type TextParserFactory,
} from './compile-schema.js'
export { loadSchemaFiles, type LoadOptions, type LoadedLogTypes } from './load-log-types.js'
export type { SchemaSpec, FieldSpec, ValueSpec, ParserSpec } from './schema-spec.js'
export { timeReader, type TimeReader } from './time-formats.js'
export { renderLogTypeDoc, renderLogTypeIndex, logTypeDocFile } from './log-type-docs.js'
export { renderEventTypes, eventTypeName } from './event-types.js'
export { schemaEvolutionIssues, type EvolutionIssue } from './schema-evolution.js'
