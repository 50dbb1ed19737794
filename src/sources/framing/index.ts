export { splitJsonRecords, splitLines } from './json-records.js'
export { decodeBody } from './decode-body.js'
export { readRecordBatches } from './record-stream.js'
