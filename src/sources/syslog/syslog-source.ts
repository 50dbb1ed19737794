import type {
  BatchSink,
  Logger,
  PluginContext,
  RunnableSource,
  SourceHealth,
} from '../../core/index.js'
import { deliverBatch, pause } from '../deliver-batch.js'
import { RecordBatcher } from '../record-batcher.js'
import { SourceStats } from '../source-stats.js'
import type { SyslogSourceConfig } from './config.js'
import { listenStream, listenUdp, type Listener } from './syslog-listeners.js'

/** Listens for syslog over UDP, TCP or TLS and hands messages on in batches of raw lines. */
export class SyslogSource implements RunnableSource {
  readonly type = 'syslog'
  readonly logType: string
  readonly label: string
  private readonly stats: SourceStats
  private readonly logger: Logger
  private bound: Listener['address'] | undefined
  private listeningWaiters: (() => void)[] = []

  constructor(
    readonly id: string,
    private readonly config: SyslogSourceConfig,
    context: PluginContext,
  ) {
    this.logType = config.logType
    this.label = config.label ?? id
    this.logger = context.logger
    this.stats = new SourceStats(id, context.logger, context.metrics)
  }

  health(): SourceHealth {
    return this.stats.snapshot()
  }

  /** The address bound while listening (port 0 picks one), else undefined. */
  address(): { address: string; port: number } | undefined {
    return this.bound
  }

  /** Resolves once the listener is bound. */
  listening(): Promise<{ address: string; port: number }> {
    return new Promise((resolve) => {
      if (this.bound !== undefined) resolve(this.bound)
      else
        this.listeningWaiters.push(() => {
          resolve(this.bound ?? { address: '', port: 0 })
        })
    })
  }

  async start(sink: BatchSink, signal: AbortSignal): Promise<void> {
    const { config, stats } = this
    stats.setRunning(true)
    const target = {
      sink,
      sourceId: this.id,
      logType: this.logType,
      candidates: this.config.candidates,
      stats,
      signal,
    }
    const batcher = new RecordBatcher({
      maxRecords: config.batchSize,
      lingerMs: config.lingerMs,
      maxPendingRecords: config.maxPendingMessages,
      submit: (records) => deliverBatch(target, records),
    })
    const where = { protocol: config.protocol, host: config.host, port: config.port }
    try {
      for (let attempt = 0; !signal.aborted; attempt++) {
        let listener: Listener
        try {
          const ctx = { config, batcher, stats }
          listener = config.protocol === 'udp' ? await listenUdp(ctx) : await listenStream(ctx)
        } catch (err) {
          // Port taken, unreadable certificate…: shown in health, retried, other sources go on.
          stats.error('LISTEN_FAILED', err, where, true)
          await pause(Math.min(30_000, 1000 * 2 ** attempt), signal)
          continue
        }
        stats.recovered()
        this.bound = listener.address
        for (const wake of this.listeningWaiters.splice(0)) wake()
        this.logger.info({ ...where, port: listener.address.port }, 'Syslog source listening')
        await new Promise<void>((resolve) => {
          if (signal.aborted) resolve()
          else
            signal.addEventListener(
              'abort',
              () => {
                resolve()
              },
              { once: true },
            )
        })
        await listener.close()
        this.bound = undefined
      }
      await batcher.flush()
    } finally {
      stats.setRunning(false)
    }
  }
}
