export {
  findLogType,
  loadLogTypes,
  builtinLogTypes,
  builtinLogTypesDir,
  LogTypeRegistry,
  type LoadLogTypesOptions,
} from './registry.js'
export { parseBatch, type ParsedBatch } from './parse-batch.js'
export { standardColumns } from './standard-columns.js'
export {
  readSchema,
  compileSchema,
  formatSchemaError,
  type SchemaError,
  type SchemaLogType,
  type SchemaSpec,
  type TextParserFactory,
  renderLogTypeDoc,
  renderLogTypeIndex,
  logTypeDocFile,
} from './schema/index.js'
