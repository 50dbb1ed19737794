/** A signal that aborts when a parent aborts or a time limit passes. */
export interface Deadline {
  signal: AbortSignal
  /** True once the time limit (not the parent) caused the abort. */
  readonly timedOut: boolean
  /** Clears the timer and the parent listener; call when the work is done. */
  dispose(): void
}

/**
 * Like `AbortSignal.any([parent, AbortSignal.timeout(ms)])`, but held by a real timer: on Node 20 a
 * signal from `AbortSignal.timeout` that only `AbortSignal.any` refers to can be garbage-collected
 * before it fires, and the time limit then never comes.
 */
export function deadline(parent: AbortSignal | undefined, ms: number): Deadline {
  const controller = new AbortController()
  let timedOut = false
  const onParent = () => {
    controller.abort(parent?.reason)
  }
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort(new DOMException(`The operation timed out after ${ms} ms`, 'TimeoutError'))
  }, ms)
  // The timer must not keep a finished CLI command alive; it still fires while the process runs.
  timer.unref()
  if (parent?.aborted === true) onParent()
  else parent?.addEventListener('abort', onParent, { once: true })
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut
    },
    dispose() {
      clearTimeout(timer)
      parent?.removeEventListener('abort', onParent)
    },
  }
}
