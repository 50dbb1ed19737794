import type { Column, ColumnType, EventRecord, LogType, ParseOutcome } from '../../core/index.js'
import { IndicatorSet } from '../indicators.js'
import { standardColumns } from '../standard-columns.js'
import { rfc3339ToEventTime } from '../timestamps.js'

const s: ColumnType = { kind: 'string' }
const json: ColumnType = { kind: 'json' }
const bool: ColumnType = { kind: 'boolean' }
const obj = (fields: readonly Column[]): ColumnType => ({ kind: 'object', fields })
const col = (name: string, type: ColumnType, description?: string): Column =>
  description === undefined ? { name, type } : { name, type, description }

const userIdentity = obj([
  col('type', s),
  col('principalId', s),
  col('arn', s),
  col('accountId', s),
  col('accessKeyId', s),
  col('userName', s),
  col('invokedBy', s),
  col('credentialId', s),
  col('identityProvider', s),
  col('sessionContext', json),
  col('onBehalfOf', json),
])

/** Columns of a CloudTrail record (AWS's record contents reference). */
const cloudTrailColumns: readonly Column[] = [
  col('eventVersion', s),
  col('userIdentity', userIdentity, 'Who made the request.'),
  col('eventTime', { kind: 'timestamp' }, 'When the request was completed.'),
  col('eventSource', s, 'Service the request was made to, e.g. iam.amazonaws.com.'),
  col('eventName', s, 'The requested action.'),
  col('awsRegion', s),
  col('sourceIPAddress', s, 'IP address (or service name) the request came from.'),
  col('userAgent', s),
  col('errorCode', s),
  col('errorMessage', s),
  col('requestParameters', json),
  col('responseElements', json),
  col('additionalEventData', json),
  col('requestID', s),
  col('eventID', s),
  col('readOnly', bool),
  col('resources', {
    kind: 'array',
    element: obj([col('arn', s), col('accountId', s), col('type', s)]),
  }),
  col('eventType', s),
  col('apiVersion', s),
  col('managementEvent', bool),
  col('recipientAccountId', s),
  col('sharedEventID', s),
  col('annotation', s),
  col('vpcEndpointId', s),
  col('vpcEndpointAccountId', s),
  col('serviceEventDetails', json),
  col('addendum', json),
  col('edgeDeviceDetails', json),
  col('insightDetails', json),
  col('eventCategory', s),
  col('sessionCredentialFromConsole', s),
  col(
    'tlsDetails',
    obj([col('tlsVersion', s), col('cipherSuite', s), col('clientProvidedHostHeader', s)]),
  ),
  ...standardColumns,
]

const required = ['eventTime', 'eventName', 'eventSource'] as const

/** AWS CloudTrail records, one per line or inside the `{"Records": [...]}` envelope of S3 files. */
export const awsCloudTrail: LogType = {
  name: 'AWS.CloudTrail',
  description: 'AWS API calls and account activity recorded by CloudTrail.',
  columns: cloudTrailColumns,
  parse(raw: string): ParseOutcome {
    let value: unknown
    try {
      value = JSON.parse(raw)
    } catch (err) {
      return failed(raw, `invalid JSON: ${(err as Error).message}`)
    }
    if (!isObject(value)) return failed(raw, 'expected a JSON object')
    if (Array.isArray(value.Records)) return parseEnvelope(value.Records)
    if ('digestStartTime' in value) {
      return failed(raw, 'this is a CloudTrail digest file, not a CloudTrail record')
    }
    return parseRecord(value, raw)
  },
}

function parseEnvelope(records: unknown[]): ParseOutcome {
  const outcome: ParseOutcome = { events: [], failures: [] }
  for (const record of records) {
    const one = isObject(record)
      ? parseRecord(record, undefined)
      : failed(JSON.stringify(record), 'expected a JSON object in Records')
    outcome.events.push(...one.events)
    outcome.failures.push(...one.failures)
  }
  return outcome
}

function parseRecord(record: Record<string, unknown>, raw: string | undefined): ParseOutcome {
  for (const key of required) {
    if (typeof record[key] !== 'string' || record[key] === '') {
      return failed(raw ?? JSON.stringify(record), `missing required field ${key}`)
    }
  }
  const eventTime = rfc3339ToEventTime(record.eventTime)
  if (eventTime === undefined) {
    return failed(
      raw ?? JSON.stringify(record),
      `eventTime is not an RFC 3339 timestamp: ${JSON.stringify(record.eventTime)}`,
    )
  }
  // The parsed record is ours: extending it in place is several times cheaper than a copy.
  const event: EventRecord = record
  event.p_event_time = eventTime
  collectIndicators(record).writeTo(event)
  return { events: [event], failures: [] }
}

function collectIndicators(record: Record<string, unknown>): IndicatorSet {
  const found = new IndicatorSet()
  found.addHost(record.sourceIPAddress)
  found.add('aws_account_id', record.recipientAccountId)
  found.add('aws_account_id', record.vpcEndpointAccountId)
  const identity = record.userIdentity
  if (isObject(identity)) {
    found.add('aws_account_id', identity.accountId)
    found.add('aws_arn', identity.arn)
    found.add('username', identity.userName)
    const issuer = isObject(identity.sessionContext)
      ? identity.sessionContext.sessionIssuer
      : undefined
    if (isObject(issuer)) {
      found.add('aws_arn', issuer.arn)
      found.add('aws_account_id', issuer.accountId)
      found.add('username', issuer.userName)
    }
  }
  if (Array.isArray(record.resources)) {
    for (const resource of record.resources) {
      if (!isObject(resource)) continue
      found.add('aws_arn', resource.ARN ?? resource.arn)
      found.add('aws_account_id', resource.accountId)
    }
  }
  const params = record.requestParameters
  if (isObject(params) && typeof params.instanceId === 'string') {
    found.add('aws_instance_id', params.instanceId)
  }
  return found
}

function failed(raw: string, reason: string): ParseOutcome {
  return { events: [], failures: [{ raw, reason }] }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
