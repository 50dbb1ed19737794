import type { BatchSink, Logger, Source, SourceCheckpoints } from '../core/index.js'

/** Sources started by `startSources`; `stop()` aborts them and waits until they flushed. */
export interface RunningSources {
  stop(): Promise<void>
}

/**
 * Starts every source that runs itself (syslog, file, s3). Each runs on its own: one that fails
 * records its error in its health and retries, and never stops the others.
 */
export function startSources(
  sources: Iterable<Source>,
  sink: BatchSink,
  checkpoints: SourceCheckpoints,
  logger: Logger,
): RunningSources {
  const controller = new AbortController()
  const running: Promise<void>[] = []
  for (const source of sources) {
    if (source.start === undefined) continue
    running.push(
      source.start(sink, controller.signal, checkpoints).catch((err: unknown) => {
        // start() should never reject; if it does, say so rather than crash the server.
        logger.error({ sourceId: source.id, err }, 'Source stopped on an unexpected error')
      }),
    )
  }
  return {
    async stop() {
      controller.abort()
      await Promise.all(running)
    },
  }
}
