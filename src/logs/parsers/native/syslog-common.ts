/** Reads `<PRI>` at the start of a syslog message: the value and where the header continues. */
export function readPriority(
  text: string,
): { priority: number; end: number } | { error: string } | undefined {
  if (text.charCodeAt(0) !== 60 /* < */) return undefined
  const close = text.indexOf('>', 1)
  if (close < 2 || close > 4) return { error: 'PRI must be 1 to 3 digits between < and >' }
  const digits = text.slice(1, close)
  if (!/^\d+$/.test(digits)) return { error: `PRI ${JSON.stringify(digits)} is not a number` }
  const priority = Number(digits)
  if (priority > 191) return { error: `PRI ${priority} is over 191` }
  return { priority, end: close + 1 }
}

/** Panther's syslog fields for a priority: itself, facility (pri / 8) and severity (pri % 8). */
export function priorityFields(priority: number): Record<string, string> {
  return {
    priority: String(priority),
    facility: String(priority >> 3),
    severity: String(priority & 7),
  }
}
