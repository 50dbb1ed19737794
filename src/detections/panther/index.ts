/** Panther-format analysis content (YAML + Python): loading and validation. */
export { loadPantherContent } from './panther-loader.js'
export { analysisSchemas, parseAnalysis, type AnalysisType } from './analysis-schema.js'
