import type { Column } from '../core/index.js'

const stringList = { kind: 'array', element: { kind: 'string' } } as const

/** The `p_*` columns every log type's table has (Panther's standard fields). */
export const standardColumns: readonly Column[] = [
  { name: 'p_log_type', type: { kind: 'string' }, description: 'Log type of the event.' },
  { name: 'p_row_id', type: { kind: 'string' }, description: 'Unique id of the row.' },
  { name: 'p_event_time', type: { kind: 'timestamp' }, description: 'When the event happened.' },
  { name: 'p_parse_time', type: { kind: 'timestamp' }, description: 'When Caracal parsed it.' },
  { name: 'p_source_id', type: { kind: 'string' }, description: 'Id of the source it came from.' },
  { name: 'p_source_label', type: { kind: 'string' }, description: 'Label of that source.' },
  { name: 'p_any_ip_addresses', type: stringList, description: 'IP addresses in the event.' },
  { name: 'p_any_domain_names', type: stringList, description: 'Domain names in the event.' },
  { name: 'p_any_aws_account_ids', type: stringList, description: 'AWS account ids in the event.' },
  { name: 'p_any_aws_arns', type: stringList, description: 'AWS ARNs in the event.' },
  {
    name: 'p_any_aws_instance_ids',
    type: stringList,
    description: 'EC2 instance ids in the event.',
  },
  { name: 'p_any_usernames', type: stringList, description: 'User names in the event.' },
]
