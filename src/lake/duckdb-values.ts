import {
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTypeId,
  JsonDuckDBValueConverter,
  doubleFromDecimalValue,
  type DuckDBValueConverter,
  type Json,
} from '@duckdb/node-api'
import { formatEventTime } from '../core/index.js'

const maxSafe = BigInt(Number.MAX_SAFE_INTEGER)

/**
 * Converts DuckDB values to plain JSON-able values for the API and the CLI: integers as numbers
 * when exact (else strings), timestamps as `YYYY-MM-DD HH:MM:SS.mmm` like `p_*` fields, JSON
 * columns parsed, decimals as numbers; everything else as the node API's JSON converter does.
 */
export const plainValueConverter: DuckDBValueConverter<Json> = (value, type, converter) => {
  if (value === null) return null
  switch (type.typeId) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      if (typeof value === 'bigint') return integerValue(value)
      break
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
      if (value instanceof DuckDBTimestampValue || value instanceof DuckDBTimestampTZValue) {
        return timestampValue(value.micros, value.toString())
      }
      break
    case DuckDBTypeId.DECIMAL:
      return doubleFromDecimalValue(value)
    case DuckDBTypeId.VARCHAR:
      if (type.alias === 'JSON' && typeof value === 'string') return parseJson(value)
      break
  }
  // The JSON converter recurses into lists and structs through `converter`: this one.
  return JsonDuckDBValueConverter(value, type, converter)
}

function integerValue(value: bigint): number | string {
  return value >= -maxSafe && value <= maxSafe ? Number(value) : value.toString()
}

function timestampValue(micros: bigint, fallback: string): string {
  const millis = Number(micros / 1000n) - (micros % 1000n < 0n ? 1 : 0)
  const date = new Date(millis)
  const year = date.getUTCFullYear()
  // Infinity and dates beyond what ISO strings show keep DuckDB's own text.
  return Number.isNaN(millis) || year < 1 || year > 9999 ? fallback : formatEventTime(date)
}

function parseJson(text: string): Json {
  try {
    return JSON.parse(text) as Json
  } catch {
    return text
  }
}
