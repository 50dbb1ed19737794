import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { Metrics, Stage } from '../../core/index.js'

/** Prometheus metrics of the pipeline, in their own registry so tests can build many. */
export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry()
  private readonly eventsInCounter = new Counter({
    name: 'caracal_events_in_total',
    help: 'Events (or records) received by a stage.',
    labelNames: ['stage', 'component'],
    registers: [this.registry],
  })
  private readonly eventsOutCounter = new Counter({
    name: 'caracal_events_out_total',
    help: 'Events (or records) emitted by a stage.',
    labelNames: ['stage', 'component'],
    registers: [this.registry],
  })
  private readonly errorsCounter = new Counter({
    name: 'caracal_errors_total',
    help: 'Errors by stage, component and error code.',
    labelNames: ['stage', 'component', 'code'],
    registers: [this.registry],
  })
  private readonly queueGauge = new Gauge({
    name: 'caracal_queue_depth',
    help: 'Items waiting in a queue (lake buffer, delivery outbox).',
    labelNames: ['queue'],
    registers: [this.registry],
  })
  private readonly latencyHistogram = new Histogram({
    name: 'caracal_stage_duration_seconds',
    help: 'Time a stage takes for one batch.',
    labelNames: ['stage'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  })

  eventsIn(stage: Stage, component: string, count: number): void {
    if (count > 0) this.eventsInCounter.inc({ stage, component }, count)
  }

  eventsOut(stage: Stage, component: string, count: number): void {
    if (count > 0) this.eventsOutCounter.inc({ stage, component }, count)
  }

  errors(stage: Stage, component: string, code: string, count = 1): void {
    if (count > 0) this.errorsCounter.inc({ stage, component, code }, count)
  }

  queueDepth(queue: string, depth: number): void {
    this.queueGauge.set({ queue }, depth)
  }

  latency(stage: Stage, seconds: number): void {
    this.latencyHistogram.observe({ stage }, seconds)
  }

  /** The Prometheus text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics()
  }

  get contentType(): string {
    return this.registry.contentType
  }
}
