export * from './enums.js'
export * from './errors.js'
export * from './alerts.js'
export * from './ingest.js'
