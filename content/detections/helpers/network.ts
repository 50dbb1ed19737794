import type {
  ApacheAccessCombinedEvent,
  JsonValue,
  NginxAccessEvent,
  SyslogRFC3164Event,
  SyslogRFC5424Event,
} from 'caracal/sdk'

/** An HTTP access log line from Nginx or Apache (combined format). */
export type WebAccessEvent = NginxAccessEvent | ApacheAccessCombinedEvent

/** The fields every web-access rule needs, whatever server wrote the line. */
export interface WebRequest {
  clientIp: string
  method: string
  uri: string
  status: number | null
  userAgent: string
  referer: string
  forwardedFor: string
}

/** Normalizes an Nginx or Apache access event; Nginx keeps the request line whole. */
export function webRequest(event: WebAccessEvent): WebRequest {
  if (event.p_log_type === 'Apache.AccessCombined') {
    return {
      clientIp: event.remote_host_ip_address ?? '',
      method: event.request_method ?? '',
      uri: event.request_uri ?? '',
      status: event.response_status,
      userAgent: event.user_agent ?? '',
      referer: event.referer ?? '',
      forwardedFor: '',
    }
  }
  // "GET /path?q=1 HTTP/1.1"; a malformed line may hold only garbage.
  const line = event.request ?? ''
  const match = /^(\S+)\s+(\S+)(?:\s+HTTP\/[\d.]+)?$/.exec(line)
  return {
    clientIp: event.remoteAddr ?? '',
    method: match?.[1] ?? '',
    uri: match?.[2] ?? line,
    status: event.status ?? null,
    userAgent: event.httpUserAgent ?? '',
    referer: event.httpReferer ?? '',
    forwardedFor: event.httpXForwardedFor ?? '',
  }
}

/** URL-decodes repeatedly (double encoding is a common evasion), never throwing. */
export function decodeUri(value: string): string {
  let current = value.replace(/\+/g, ' ')
  for (let i = 0; i < 3; i++) {
    let next: string
    try {
      next = decodeURIComponent(current)
    } catch {
      next = current.replace(/%([0-9a-f]{2})/gi, (_m, hex: string) =>
        String.fromCharCode(parseInt(hex, 16)),
      )
    }
    if (next === current) break
    current = next
  }
  return current
}

/** Context shared by the web-access rules. */
export function webContext(event: WebAccessEvent): Record<string, unknown> {
  const req = webRequest(event)
  return {
    logType: event.p_log_type,
    clientIp: req.clientIp || null,
    method: req.method || null,
    uri: req.uri || null,
    status: req.status,
    userAgent: req.userAgent || null,
    referer: req.referer || null,
    forwardedFor: req.forwardedFor || null,
  }
}

/** A syslog message in either RFC format. */
export type SyslogEvent = SyslogRFC3164Event | SyslogRFC5424Event

/** Context shared by the syslog rules. */
export function syslogContext(event: SyslogEvent): Record<string, unknown> {
  return {
    logType: event.p_log_type,
    hostname: event.hostname ?? null,
    appname: event.appname ?? null,
    procid: event.procid ?? null,
    message: event.message ?? null,
  }
}

/** True for the sshd program, whether the TAG is `sshd` or `sshd-session` (OpenSSH ≥ 9.8). */
export function isSshd(event: SyslogEvent): boolean {
  return /^sshd(?:-session)?$/.test(event.appname ?? '')
}

/** A string column of an osquery result row (`columns` in differential logs). */
export function osqueryColumn(columns: JsonValue | undefined, key: string): string {
  if (columns === null || columns === undefined || typeof columns !== 'object') return ''
  if (Array.isArray(columns)) return ''
  const value = columns[key]
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return ''
}

/** True for loopback addresses (IPv4 127/8, IPv6 ::1 and IPv4-mapped loopback). */
export function isLoopback(address: string): boolean {
  return /^127\./.test(address) || address === '::1' || /^::ffff:127\./i.test(address)
}

/** True for RFC 1918, loopback, link-local and unique-local IPv6 addresses. */
export function isPrivateIp(address: string): boolean {
  return (
    /^10\./.test(address) ||
    /^192\.168\./.test(address) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(address) ||
    /^169\.254\./.test(address) ||
    isLoopback(address) ||
    /^f[cd][0-9a-f]{2}:/i.test(address) ||
    /^fe80:/i.test(address)
  )
}
