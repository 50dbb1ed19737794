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
  schemaEvolutionIssues,
  type EvolutionIssue,
  type SchemaError,
  type SchemaLogType,
  type SchemaSpec,
  type TextParserFactory,
  renderLogTypeDoc,
  renderLogTypeIndex,
  logTypeDocFile,
} from './schema/index.js'
export { renderEventTypes, eventTypeName } from './schema/index.js'
export { inferSchema, type InferredSchema } from './infer-schema.js'
export {
  findSchemaTestFiles,
  isSchemaTestFile,
  runSchemaTests,
  type LogTypeLookup,
  type SchemaTestReport,
  type SchemaTestResult,
} from './schema-tests.js'
export {
  Classifier,
  classifyBatch,
  type Classification,
  type ClassifiedBatch,
  type ClassifiedGroup,
} from './classifier.js'
export {
  CustomSchemas,
  type CustomSchemasOptions,
  type EvolutionProblem,
  type SchemaChange,
} from './custom-schemas.js'
export {
  StoreSchemaVersions,
  type SchemaVersion,
  type SchemaVersionStore,
} from './schema-versions.js'
