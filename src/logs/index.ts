export { logTypes, findLogType } from './registry.js'
export { parseBatch, type ParsedBatch } from './parse-batch.js'
export { standardColumns } from './standard-columns.js'
