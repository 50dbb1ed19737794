import { describe, expect, it } from 'vitest'
import { builtinLogTypes } from '../registry.js'
import { corpusFiles, corpusMissing } from './fixtures/corpus.js'

/**
 * Every corpus file of a supported log type parses with zero failures, except failures explained
 * here per file. Panther's rule-test events (panther-analysis-tests) are hand-written and often
 * partial (only the fields a rule reads, sometimes with lower-cased keys or "redacted" times), so
 * there a missing required field is expected; a type error never is.
 */
const partialRuleTests =
  /^(missing required field |field \S+: expected timestamp .*got "(redacted|\.\.\.)")/

interface Case {
  logType: string
  folder: string
  /** Panther's test files name the log type of each case; defaults to `logType`. */
  testsLogType?: string
  /** Only the files whose path matches (a folder may hold several log types). */
  files?: RegExp
  /** Files whose path matches are another format of the folder (Zeek TSV beside JSON). */
  skipFiles?: RegExp
  /** File path fragment → the only failure reasons allowed in that file. */
  explained?: Record<string, RegExp>
}

const cases: Case[] = [
  {
    logType: 'AWS.CloudTrail',
    folder: 'AWS.CloudTrail',
    explained: {
      'panther-analysis-tests': partialRuleTests,
      // Logstash export: it moved eventTime to @timestamp, so these are no longer CloudTrail records.
      'otrf-security-datasets': /^missing required field eventTime$/,
      // The one Insight event of the file belongs to AWS.CloudTrailInsight (no eventSource).
      'otel-collector-contrib': /^missing required field eventSource$/,
    },
  },
  {
    logType: 'Okta.SystemLog',
    folder: 'Okta.SystemLog',
    explained: { 'panther-analysis-tests': partialRuleTests },
  },
  { logType: 'GitHub.Audit', folder: 'GitHub.Audit' },
  {
    logType: 'GCP.AuditLog',
    folder: 'GCP.AuditLog',
    explained: { 'panther-analysis-tests': partialRuleTests },
  },
  {
    logType: 'GSuite.Reports',
    folder: 'GSuite.Reports',
    // These are Panther's GSuite.ActivityEvent test events, tested below.
    explained: { 'panther-analysis-tests': /^missing required field id$/ },
  },
  {
    logType: 'GSuite.ActivityEvent',
    folder: 'GSuite.Reports',
    testsLogType: 'GSuite.Reports',
    explained: { 'panther-analysis-tests': /^missing required field id$/ },
  },
  {
    logType: 'Slack.AuditLogs',
    folder: 'Slack.Audit',
    explained: { 'panther-analysis-tests': partialRuleTests },
  },
  { logType: 'AWS.GuardDuty', folder: 'AWS.GuardDuty' },
  {
    logType: 'Kubernetes.Audit',
    folder: 'Kubernetes.Audit',
    explained: {
      'panther-analysis-tests': partialRuleTests,
      // Falco's deliberately malformed event {"kind": 0}.
      'fal_01_003.json': /^missing required field auditID$/,
    },
  },
  {
    logType: 'Cloudflare.HttpRequest',
    folder: 'Cloudflare.HttpRequests',
    explained: { 'panther-analysis-tests': partialRuleTests },
  },
  { logType: 'Cloudflare.Firewall', folder: 'Cloudflare.FirewallEvents' },
  { logType: 'Osquery.Differential', folder: 'Osquery.Differential' },
  { logType: 'Osquery.Snapshot', folder: 'Osquery.Snapshot' },
  { logType: 'Osquery.Batch', folder: 'Osquery.Batch' },
  // Zeek's JSON writer; the apt29 files use the "_" scope separator (id_orig_h), read by rename.
  { logType: 'Zeek.Conn', folder: 'Zeek.Conn', files: /\.log$/, skipFiles: /-tsv\// },
  { logType: 'Zeek.DNS', folder: 'Zeek.DNS', files: /\.log$/, skipFiles: /-tsv\// },
  { logType: 'Zeek.HTTP', folder: 'Zeek.HTTP', files: /\.log$/, skipFiles: /-tsv\// },
  { logType: 'Zeek.SSL', folder: 'Zeek.SSL', files: /\.log$/, skipFiles: /-tsv\// },
]

describe.skipIf(corpusMissing)('log types against the shared corpus (../shared/corpus)', () => {
  const registry = builtinLogTypes()

  it.each(cases)(
    '$logType parses $folder',
    ({ logType, folder, testsLogType, files, skipFiles, explained }) => {
      const type = registry.find(logType)
      let events = 0
      for (const { file, records } of corpusFiles(folder, testsLogType ?? logType)) {
        if (files !== undefined && !files.test(file)) continue
        if (skipFiles?.test(file) === true) continue
        const allowed = Object.entries(explained ?? {}).find(([part]) => file.includes(part))?.[1]
        for (const record of records) {
          const outcome = type.parse(record)
          events += outcome.events.length
          for (const failure of outcome.failures) {
            expect({ file, reason: failure.reason }).toEqual({
              file,
              reason: expect.stringMatching(allowed ?? /^$never/) as unknown,
            })
          }
        }
      }
      expect(events).toBeGreaterThan(0)
    },
  )

  it('parses every Suricata EVE record with the log type of its event_type, and only that one', () => {
    const suricata = registry.list().filter((t) => t.name.startsWith('Suricata.'))
    const byEventType = new Map(suricata.map((t) => [t.name.slice(9).toLowerCase(), t.name]))
    let parsed = 0
    for (const { records } of corpusFiles('Suricata.EVE', '')) {
      for (const record of records) {
        const eventType = (JSON.parse(record) as { event_type: string }).event_type
        const name = byEventType.get(eventType)
        if (name === undefined) continue // stats: engine counters, not a security event type
        for (const type of suricata) {
          const outcome = type.parse(record)
          if (type.name === name) {
            expect(outcome.failures).toEqual([])
            parsed += outcome.events.length
          } else expect(outcome.failures[0]?.reason).toMatch(/is not an allowed value$/)
        }
      }
    }
    expect(parsed).toBe(56)
  })
})

describe.skipIf(!corpusMissing)('log types against the shared corpus', () => {
  it.skip('needs ../shared/corpus beside the repository (real vendor samples; not shipped)', () => {})
})
