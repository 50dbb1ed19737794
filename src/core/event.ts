/**
 * A normalized event: the log type's own fields plus Panther's standard `p_*` fields.
 * Values are plain JSON values so an event crosses worker and process boundaries unchanged.
 */
export type EventRecord = Record<string, unknown>

/** The standard fields every parsed event carries (Panther's names). */
export interface StandardFields {
  p_log_type: string
  p_row_id: string
  /** Event time, `YYYY-MM-DD HH:MM:SS.mmm` UTC. */
  p_event_time: string
  /** Time Caracal parsed the event, same format. */
  p_parse_time: string
  p_source_id: string
  p_source_label: string
}

/**
 * Indicator fields (`p_any_*`), keyed by the kind of value they hold. Schemas may also name the
 * input kinds `hostname`, `url` and `net_addr`, which resolve to `ip` or `domain` values.
 */
export const indicatorFields = {
  ip: 'p_any_ip_addresses',
  domain: 'p_any_domain_names',
  md5: 'p_any_md5_hashes',
  sha1: 'p_any_sha1_hashes',
  sha256: 'p_any_sha256_hashes',
  trace_id: 'p_any_trace_ids',
  aws_account_id: 'p_any_aws_account_ids',
  aws_instance_id: 'p_any_aws_instance_ids',
  aws_arn: 'p_any_aws_arns',
  aws_tag: 'p_any_aws_tags',
  email: 'p_any_emails',
  username: 'p_any_usernames',
} as const
/** A kind of indicator value, named as in Panther's `p_any_*` fields. */
export type IndicatorKind = keyof typeof indicatorFields

/** Formats a date the way `p_*` timestamps are stored and shown to detections. */
export function formatEventTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '')
}
