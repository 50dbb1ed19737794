export { loadConfig, redactConfig, type LoadConfigOptions } from './load-config.js'
export { configSchema, type Config } from './schema.js'
