import { indicatorFields, type Column } from '../core/index.js'

const stringList = { kind: 'array', element: { kind: 'string' } } as const

/** What each `p_any_*` column holds, for the generated docs and the lake catalog. */
const indicatorDescriptions: Record<keyof typeof indicatorFields, string> = {
  ip: 'IP addresses in the event.',
  domain: 'Domain names in the event.',
  md5: 'MD5 hashes in the event.',
  sha1: 'SHA-1 hashes in the event.',
  sha256: 'SHA-256 hashes in the event.',
  trace_id: 'Trace and request ids in the event.',
  aws_account_id: 'AWS account ids in the event.',
  aws_instance_id: 'EC2 instance ids in the event.',
  aws_arn: 'AWS ARNs in the event.',
  aws_tag: 'AWS tags in the event.',
  email: 'Email addresses in the event.',
  username: 'User names in the event.',
}

/** The `p_*` columns every log type's table has (Panther's standard fields). */
export const standardColumns: readonly Column[] = [
  { name: 'p_log_type', type: { kind: 'string' }, description: 'Log type of the event.' },
  { name: 'p_row_id', type: { kind: 'string' }, description: 'Unique id of the row.' },
  { name: 'p_event_time', type: { kind: 'timestamp' }, description: 'When the event happened.' },
  { name: 'p_parse_time', type: { kind: 'timestamp' }, description: 'When Caracal parsed it.' },
  { name: 'p_source_id', type: { kind: 'string' }, description: 'Id of the source it came from.' },
  { name: 'p_source_label', type: { kind: 'string' }, description: 'Label of that source.' },
  {
    name: 'p_extra_fields',
    type: { kind: 'json' },
    description:
      'Fields the schema does not declare, by path (`a.b`, `list[0].c`); null when there are none.',
  },
  ...Object.entries(indicatorFields).map(([kind, name]) => ({
    name,
    type: stringList,
    description: indicatorDescriptions[kind as keyof typeof indicatorFields],
  })),
]
