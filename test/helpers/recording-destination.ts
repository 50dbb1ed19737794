import type { AlertNotification, Destination } from '../../src/core/index.js'

/**
 * What one send does: succeed, throw the given error, or hang until its signal aborts
 * (`hang`) or forever, ignoring the signal (`ignore-abort`).
 */
export type SendBehaviour = 'ok' | 'hang' | 'ignore-abort' | Error

/** A fake destination that records every notification and answers from a script. */
export class RecordingDestination implements Destination {
  readonly type = 'recording'
  /** Every notification passed to `send`, in order, whatever the outcome. */
  readonly attempts: AlertNotification[] = []
  /** Notifications whose send succeeded. */
  readonly delivered: AlertNotification[] = []
  private readonly script: SendBehaviour[] = []
  private readonly waiters: (() => void)[] = []

  constructor(
    readonly id: string,
    private fallback: SendBehaviour = 'ok',
  ) {}

  /** Queues behaviours for the next sends; once used up, `fallback` applies. */
  respond(...behaviours: SendBehaviour[]): this {
    this.script.push(...behaviours)
    return this
  }

  /** Changes what sends do once the script is used up. */
  always(behaviour: SendBehaviour): this {
    this.fallback = behaviour
    return this
  }

  /** Resolves once `count` sends have started. */
  async attempted(count: number): Promise<void> {
    while (this.attempts.length < count) {
      await new Promise<void>((resolve) => this.waiters.push(resolve))
    }
  }

  async send(notification: AlertNotification, signal: AbortSignal): Promise<void> {
    this.attempts.push(notification)
    for (const wake of this.waiters.splice(0)) wake()
    const behaviour = this.script.shift() ?? this.fallback
    if (behaviour instanceof Error) throw behaviour
    if (behaviour === 'ignore-abort') return new Promise<void>(() => undefined)
    if (behaviour === 'hang') {
      await new Promise<void>((_resolve, reject) => {
        const fail = () => {
          reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'))
        }
        if (signal.aborted) fail()
        else signal.addEventListener('abort', fail, { once: true })
      })
    }
    this.delivered.push(notification)
  }
}
