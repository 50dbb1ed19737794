import type { Alert } from '../contract/index.js'

export type { Alert }

/** One message to a destination about an alert. */
export interface AlertNotification {
  alert: Alert
  /** Link to the alert in Caracal (configurable base URL). */
  link: string
  /**
   * Why this message is sent: `trigger` (the default when absent) announces an alert, `resolve`
   * says it was resolved or closed, so incident tools (PagerDuty, Opsgenie) can close theirs.
   */
  kind?: AlertNotificationKind
}

/** `trigger` announces an alert; `resolve` says it was resolved or closed. */
export type AlertNotificationKind = 'trigger' | 'resolve'

/** Where alerts are delivered: one implementation per vendor. */
export interface Destination {
  id: string
  type: string
  /**
   * Delivers one notification. Throws `AppError` `DESTINATION_UNAVAILABLE` for failures worth
   * retrying (optionally with `details.retryAfterMs`) and `DESTINATION_REJECTED` for permanent ones.
   */
  send(notification: AlertNotification, signal: AbortSignal): Promise<void>
}
