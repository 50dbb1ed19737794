import { SendMessageCommand, SQSClient, type SendMessageCommandInput } from '@aws-sdk/client-sqs'
import type { AlertNotification, Destination } from '../../../core/index.js'
import {
  awsClientOptions,
  awsError,
  awsJsonMessage,
  fifoDeduplicationId,
  withTimeout,
} from '../aws-delivery.js'
import { plainTextMessage, renderTexts, truncate, truncateBytes } from '../text-format.js'
import type { SqsConfig } from './config.js'

// SQS takes 256 KiB per message, attributes included: leave them room.
const messageMaxBytes = 256 * 1024 - 4096

/** The SendMessage request: body (JSON or text), attributes, FIFO ids or a delay. */
export function sqsSendInput(
  notification: AlertNotification,
  config: SqsConfig,
): SendMessageCommandInput {
  const { alert } = notification
  const body =
    config.format === 'json'
      ? awsJsonMessage(notification, messageMaxBytes)
      : truncateBytes(
          sqsSafeText(plainTextMessage(notification, renderTexts(notification, config).body)),
          messageMaxBytes,
        )
  const fifo = config.queueUrl.endsWith('.fifo')
  return {
    QueueUrl: config.queueUrl,
    MessageBody: body,
    MessageAttributes: {
      severity: { DataType: 'String', StringValue: alert.severity },
      alertId: { DataType: 'String', StringValue: alert.id },
      kind: { DataType: 'String', StringValue: notification.kind ?? 'trigger' },
    },
    ...(fifo
      ? {
          MessageGroupId: truncate(alert.ruleId, 128),
          MessageDeduplicationId: fifoDeduplicationId(notification),
        }
      : config.delaySeconds === undefined
        ? {}
        : { DelaySeconds: config.delaySeconds }),
  }
}

/** SQS accepts only #x9, #xA, #xD and #x20 upwards (no lone surrogates): drop the rest. */
export function sqsSafeText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
  )
}

/** Sends each alert as a message to an AWS SQS queue through the AWS SDK v3. */
export class SqsDestination implements Destination {
  readonly type = 'sqs'
  private readonly client: SQSClient

  constructor(
    readonly id: string,
    private readonly config: SqsConfig,
  ) {
    this.client = new SQSClient(awsClientOptions(config, regionOf(config.queueUrl)))
  }

  async send(notification: AlertNotification, signal: AbortSignal): Promise<void> {
    const bounded = withTimeout(signal, this.config.timeoutMs)
    try {
      await this.client.send(new SendMessageCommand(sqsSendInput(notification, this.config)), {
        abortSignal: bounded,
      })
    } catch (err) {
      throw awsError(`SQS destination ${this.id}`, err, bounded, [
        this.config.secretAccessKey,
        this.config.sessionToken,
      ])
    }
  }
}

// `https://sqs.<region>.amazonaws.com/<account>/<name>`: the region is the second label.
function regionOf(queueUrl: string): string | undefined {
  const match = /^sqs\.([a-z0-9-]+)\.amazonaws\.com/.exec(new URL(queueUrl).hostname)
  return match?.[1]
}
