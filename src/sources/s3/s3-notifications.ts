/** An object an S3 event notification announced. */
export interface AnnouncedObject {
  bucket: string
  key: string
  size: number | undefined
}

interface S3EventRecord {
  eventName?: string
  s3?: { bucket?: { name?: string }; object?: { key?: string; size?: number } }
}

/**
 * The created objects an SQS message announces: an S3 event notification, directly or wrapped
 * in an SNS notification. S3's test event announces nothing. Throws on a body that is neither.
 */
export function announcedObjects(body: string): AnnouncedObject[] {
  let message = JSON.parse(body) as { Type?: string; Message?: string; Event?: string }
  if (message.Type === 'Notification' && typeof message.Message === 'string') {
    message = JSON.parse(message.Message) as typeof message
  }
  if (message.Event === 's3:TestEvent') return []
  const records = (message as { Records?: unknown }).Records
  if (!Array.isArray(records)) throw new Error('the message is not an S3 event notification')
  const out: AnnouncedObject[] = []
  for (const record of records as S3EventRecord[]) {
    if (record.eventName?.startsWith('ObjectCreated:') !== true) continue
    const bucket = record.s3?.bucket?.name
    const key = record.s3?.object?.key
    if (bucket === undefined || key === undefined) continue
    // Keys in notifications are URL-encoded, with `+` for spaces.
    out.push({
      bucket,
      key: decodeURIComponent(key.replaceAll('+', ' ')),
      size: record.s3?.object?.size,
    })
  }
  return out
}
