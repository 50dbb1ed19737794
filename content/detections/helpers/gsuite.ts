import type { GSuiteReportsEvent } from 'caracal/sdk'

/** One activity of a Google Workspace report record (a record may hold several). */
export type GSuiteActivity = NonNullable<NonNullable<GSuiteReportsEvent['events']>[number]>

/** The string value of an activity's parameter, `''` when absent. */
export function param(activity: GSuiteActivity | undefined, name: string): string {
  return activity?.parameters?.find((p) => p?.name === name)?.value ?? ''
}

/** The user an account warning is about (`affected_email_address`), else the actor. */
export function affectedUser(event: GSuiteReportsEvent): string {
  for (const e of event.events ?? []) {
    const value = e?.parameters?.find((p) => p?.name === 'affected_email_address')?.value
    if (value) return value
  }
  return event.actor?.email ?? 'unknown'
}
