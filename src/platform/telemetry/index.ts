export { createLogger, silentLogger, redactedPaths, type LoggerOptions } from './logger.js'
export { PrometheusMetrics } from './metrics.js'
