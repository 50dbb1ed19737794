export { createParquetLake, ParquetLake, type ParquetLakeOptions } from './parquet-lake.js'
export {
  openLakeReader,
  type LakeReader,
  type LakeReaderOptions,
  type QueryResult,
  type ResultColumn,
} from './lake-reader.js'
export { schemaNames } from './lake-layout.js'
export { createQueryService, type QueryService, type QueryServiceOptions } from './query-service.js'
export {
  classifyIndicator,
  searchIndicators,
  type Indicator,
  type IndicatorSearchOptions,
  type IndicatorSearchResult,
} from './indicator-search.js'
export { createSavedQueries, type SavedQueries } from './saved-queries.js'
export { enforceRetention, type RetentionPolicy, type RetentionReport } from './retention.js'
export {
  openCompactor,
  type CompactionOptions,
  type CompactionReport,
  type CompactionStep,
  type Compactor,
} from './compaction.js'
