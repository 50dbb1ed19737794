export { buildSources, sourcePlugins, type AnySource } from './registry.js'
export { HttpSource } from './http/index.js'
export { splitJsonRecords, splitLines, decodeBody, readRecordBatches } from './framing/index.js'
export { submitStream, emptyTotals, type StreamTotals } from './submit-stream.js'
