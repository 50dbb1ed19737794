import { AppError, type DetectionMeta } from '../../core/index.js'
import type { AnyDetection } from '../types.js'

/** A parsed `--filter`: key (as typed), alternatives (lower case). */
interface Filter {
  key: string
  values: string[]
}

/**
 * The Panther keys `--filter` understands, read from a detection. TypeScript detections answer
 * the same keys from their camel-cased metadata, so one filter selects across both runtimes.
 */
const keys: Record<string, (d: AnyDetection, meta: DetectionMeta) => readonly string[]> = {
  ruleid: (d, m) => (analysisType(d) === 'policy' ? [] : [m.id]),
  policyid: (d, m) => (analysisType(d) === 'policy' ? [m.id] : []),
  id: (_d, m) => [m.id],
  analysistype: (d) => [analysisType(d)],
  displayname: (_d, m) => [m.name],
  logtypes: (d, m) => (analysisType(d) === 'policy' ? [] : m.logTypes),
  resourcetypes: (d, m) => (analysisType(d) === 'policy' ? m.logTypes : []),
  severity: (_d, m) => [m.severity],
  enabled: (_d, m) => [String(m.enabled)],
  tags: (_d, m) => m.tags,
  outputids: (_d, m) => m.outputIds,
  runtime: (d) => [d.runtime ?? 'typescript'],
}

/** Parses `Key=value[,value…]` filters; an unknown key or a missing `=` is a user error. */
export function parseFilters(filters: readonly string[]): Filter[] {
  return filters.map((text) => {
    const at = text.indexOf('=')
    const key = at > 0 ? text.slice(0, at).trim() : ''
    if (key === '' || !(key.toLowerCase() in keys)) {
      throw new AppError(
        'VALIDATION_FAILED',
        `Invalid filter '${text}': expected Key=value with Key one of RuleID, PolicyID, ` +
          'AnalysisType, DisplayName, LogTypes, ResourceTypes, Severity, Enabled, Tags, OutputIds, Runtime',
      )
    }
    const values = text
      .slice(at + 1)
      .split(',')
      .map((v) => v.trim().toLowerCase())
      .filter((v) => v !== '')
    return { key, values }
  })
}

/** True when the detection satisfies every filter (case-insensitive, any listed value). */
export function matchesFilters(detection: AnyDetection, filters: readonly Filter[]): boolean {
  return filters.every((filter) => {
    const read = keys[filter.key.toLowerCase()]
    const have = read === undefined ? [] : read(detection, detection.meta)
    return have.some((value) => filter.values.includes(value.toLowerCase()))
  })
}

function analysisType(d: AnyDetection): string {
  return d.runtime === 'python' ? d.analysisType : 'rule'
}
