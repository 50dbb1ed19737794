import type { Source } from '../core/index.js'
import { HttpSource } from './http/index.js'
import { renderSourceMetrics } from './source-metrics.js'

/** A Prometheus text renderer, as `/metrics` uses it. */
export interface MetricsText {
  render(): Promise<string>
  contentType: string
}

/** Appends the per-source metrics (`caracal_source_*`) to a renderer's output. */
export function withSourceMetrics(
  metrics: MetricsText,
  sources: ReadonlyMap<string, Source>,
): MetricsText {
  return {
    contentType: metrics.contentType,
    render: async () => `${await metrics.render()}${renderSourceMetrics(sources.values())}`,
  }
}

/** The push sources among the configured ones: those `POST /v1/ingest/:source` accepts. */
export function pushSources(sources: ReadonlyMap<string, Source>): Map<string, HttpSource> {
  const push = new Map<string, HttpSource>()
  for (const [id, source] of sources) if (source instanceof HttpSource) push.set(id, source)
  return push
}
