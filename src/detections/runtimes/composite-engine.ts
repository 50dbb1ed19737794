import type {
  DetectionEngine,
  DetectionMeta,
  DetectionResult,
  EventRecord,
} from '../../core/index.js'

/**
 * Runs several engines (TypeScript and Python) side by side on every batch and merges what they
 * found. One engine failing fails the batch, as it would alone: the pipeline retries batches.
 */
export function createCompositeEngine(engines: readonly DetectionEngine[]): DetectionEngine {
  return {
    detections(): readonly DetectionMeta[] {
      return engines.flatMap((e) => e.detections())
    },
    async evaluate(
      logType: string,
      events: readonly EventRecord[],
      signal?: AbortSignal,
    ): Promise<DetectionResult> {
      const results = await Promise.all(engines.map((e) => e.evaluate(logType, events, signal)))
      return {
        matches: results.flatMap((r) => r.matches),
        errors: results.flatMap((r) => r.errors),
      }
    },
    async close(): Promise<void> {
      await Promise.all(engines.map((e) => e.close()))
    },
  }
}
