/** The logger every component receives (pino satisfies it). Fields first, then a short sentence. */
export interface Logger {
  trace(obj: object, msg?: string): void
  debug(obj: object, msg?: string): void
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
  child(bindings: Record<string, unknown>): Logger
}

/** Pipeline stages, as metric labels. */
export type Stage = 'source' | 'parse' | 'detect' | 'lake' | 'alert' | 'deliver'

/** The metrics every component reports; exposed at `/metrics` in Prometheus format. */
export interface Metrics {
  eventsIn(stage: Stage, component: string, count: number): void
  eventsOut(stage: Stage, component: string, count: number): void
  errors(stage: Stage, component: string, code: string, count?: number): void
  queueDepth(queue: string, depth: number): void
  latency(stage: Stage, seconds: number): void
}
