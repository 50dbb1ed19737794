export { buildSources, sourcePlugins, type AnySource } from './registry.js'
export { HttpSource, otlpSource, sourceHeader } from './http/index.js'
export { SyslogSource } from './syslog/index.js'
export { FileSource } from './file/index.js'
export { S3Source } from './s3/index.js'
export {
  splitJsonRecords,
  splitLines,
  decodeBody,
  readRecordBatches,
  readFramedBatches,
  frameRecords,
  type FramingOptions,
} from './framing/index.js'
export { submitStream, emptyTotals, type StreamTotals } from './submit-stream.js'
export { startSources, type RunningSources } from './run-sources.js'
export { renderSourceMetrics } from './source-metrics.js'
export { trackSubmits } from './track-submits.js'
export { decompressByMagic, type Compression } from './source-decompress.js'
export { withSourceMetrics, pushSources, type MetricsText } from './source-metrics-wrap.js'
