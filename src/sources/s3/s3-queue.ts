import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import type { Logger } from '../../core/index.js'
import { pause } from '../deliver-batch.js'
import type { SourceStats } from '../source-stats.js'
import type { S3SourceConfig } from './config.js'
import { announcedObjects } from './s3-notifications.js'

/** What the queue consumer needs from its S3 source. */
export interface QueueConsumer {
  config: S3SourceConfig
  sqs: NonNullable<S3SourceConfig['sqs']>
  credentials: S3ClientCredentials | undefined
  stats: SourceStats
  logger: Logger
  signal: AbortSignal
  /**
   * Reads one object; false when the source stopped part-way. Throws on transient failures.
   * `redelivered`: the message came before, so the object may already be durable.
   */
  readObject(key: string, size: number | undefined, redelivered: boolean): Promise<boolean>
}

type S3ClientCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

/**
 * Receives S3 event notifications from SQS and reads the objects they announce. A message is
 * deleted only once all its objects are durable; on failure it becomes visible again and is
 * retried by SQS (at least once; stable batch ids let replays dedupe).
 */
export async function consumeQueue(consumer: QueueConsumer): Promise<void> {
  const { config, sqs, stats, signal } = consumer
  const client = new SQSClient({
    region: config.region,
    ...(sqs.endpoint === undefined ? {} : { endpoint: sqs.endpoint }),
    ...(consumer.credentials === undefined ? {} : { credentials: { ...consumer.credentials } }),
  })
  try {
    for (let failures = 0; !signal.aborted;) {
      try {
        const received = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: sqs.queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: sqs.waitTimeSeconds,
            VisibilityTimeout: sqs.visibilityTimeoutSeconds,
            MessageSystemAttributeNames: ['ApproximateReceiveCount'],
          }),
          { abortSignal: signal },
        )
        stats.recovered()
        failures = 0
        for (const message of received.Messages ?? []) {
          const receives = Number(message.Attributes?.ApproximateReceiveCount ?? '1')
          if (!(await handleMessage(consumer, message.Body ?? '', receives > 1))) return
          await client.send(
            new DeleteMessageCommand({
              QueueUrl: sqs.queueUrl,
              ReceiptHandle: message.ReceiptHandle,
            }),
          )
        }
      } catch (err) {
        if (stopped(signal)) return
        stats.error('QUEUE_FAILED', err, { queueUrl: sqs.queueUrl }, true)
        await pause(Math.min(60_000, 1000 * 2 ** failures++), signal)
      }
    }
  } finally {
    client.destroy()
  }
}

/** Reads the objects of one message; true when the message is done with (delete it). */
async function handleMessage(
  consumer: QueueConsumer,
  body: string,
  redelivered: boolean,
): Promise<boolean> {
  let objects
  try {
    objects = announcedObjects(body)
  } catch (err) {
    // A message that is not a notification would come back forever: count it and delete it.
    consumer.stats.error('NOTIFICATION_INVALID', err, { body: body.slice(0, 200) })
    return true
  }
  for (const object of objects) {
    if (object.bucket !== consumer.config.bucket) {
      consumer.logger.debug({ bucket: object.bucket, key: object.key }, 'Other bucket; ignored')
      continue
    }
    if (!(await consumer.readObject(object.key, object.size, redelivered))) return false
  }
  return true
}

function stopped(signal: AbortSignal): boolean {
  return signal.aborted
}
