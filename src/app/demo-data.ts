import { createReadStream } from 'node:fs'
import { join } from 'node:path'
import { submitStream } from '../sources/index.js'
import { contentPaths } from './paths.js'
import type { Runtime } from './runtime.js'

/**
 * What `caracal serve --demo` ingests, in this order, as source `demo`. The events are shaped
 * like each vendor's own records; two CloudTrail lines are malformed on purpose and are kept as
 * classification failures, as a real source's bad lines would be.
 */
const samples: readonly { file: string; logType: string }[] = [
  { file: 'aws-cloudtrail.jsonl', logType: 'AWS.CloudTrail' },
  { file: 'aws-cloudtrail-detections.jsonl', logType: 'AWS.CloudTrail' },
  { file: 'okta-systemlog.jsonl', logType: 'Okta.SystemLog' },
  { file: 'github-audit.jsonl', logType: 'GitHub.Audit' },
  { file: 'gsuite-reports.jsonl', logType: 'GSuite.Reports' },
  { file: 'kubernetes-audit.jsonl', logType: 'Kubernetes.Audit' },
  { file: 'gcp-auditlog.jsonl', logType: 'GCP.AuditLog' },
  { file: 'slack-auditlogs.jsonl', logType: 'Slack.AuditLogs' },
  { file: 'box-event.jsonl', logType: 'Box.Event' },
  { file: 'zoom-operation.jsonl', logType: 'Zoom.Operation' },
  { file: 'onelogin-events.jsonl', logType: 'OneLogin.Events' },
]

/** The bundled sample files and their log types, in the order `--demo` ingests them. */
export function demoSamples(): { path: string; logType: string }[] {
  return samples.map((s) => ({ path: join(contentPaths.demoSamples, s.file), logType: s.logType }))
}

/** Runs the bundled samples through the pipeline as source `demo`; returns what it opened. */
export async function ingestDemo(runtime: Runtime) {
  let totals
  for (const sample of demoSamples())
    totals = await submitStream(
      runtime.sink,
      createReadStream(sample.path),
      { sourceId: 'demo', logType: sample.logType, batchSize: 500 },
      totals,
    )
  const opened = totals?.alertsOpened ?? 0
  const page = await runtime.alerts.list({ limit: Math.max(1, opened) })
  const alerts = page.alerts.slice(0, opened).map((a) => ({
    id: a.id,
    ruleId: a.ruleId,
    severity: a.severity,
    title: a.title,
    eventCount: a.eventCount,
  }))
  return {
    events: totals?.parsed ?? 0,
    failed: totals?.failed ?? 0,
    logTypes: new Set(samples.map((s) => s.logType)).size,
    alertsOpened: opened,
    alerts,
  }
}
