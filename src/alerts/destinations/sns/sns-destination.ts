import { PublishCommand, SNSClient, type PublishCommandInput } from '@aws-sdk/client-sns'
import type { AlertNotification, Destination } from '../../../core/index.js'
import {
  awsClientOptions,
  awsError,
  awsJsonMessage,
  fifoDeduplicationId,
  withTimeout,
} from '../aws-delivery.js'
import { plainTextMessage, renderTexts, truncate, truncateBytes } from '../text-format.js'
import type { SnsConfig } from './config.js'

// SNS takes 256 KiB per publish, attributes included: leave them room.
const messageMaxBytes = 256 * 1024 - 4096
const subjectMax = 100

/** The Publish request: message (JSON or text), subject, attributes, FIFO ids. */
export function snsPublishInput(
  notification: AlertNotification,
  config: SnsConfig,
): PublishCommandInput {
  const { alert } = notification
  const texts = renderTexts(notification, config)
  const message =
    config.format === 'json'
      ? awsJsonMessage(notification, messageMaxBytes)
      : truncateBytes(plainTextMessage(notification, texts.body), messageMaxBytes)
  const fifo = config.topicArn.endsWith('.fifo')
  return {
    TopicArn: config.topicArn,
    Message: message,
    Subject: snsSubject(texts.title),
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
      : {}),
  }
}

/**
 * SNS subjects (used by email subscriptions) must be printable ASCII without line breaks, at most
 * 100 characters, starting with a letter, number or punctuation.
 */
export function snsSubject(title: string): string {
  const ascii = title.replace(/[^\x20-\x7e]/g, '?').trim()
  const subject = truncate(ascii, subjectMax).replace('…', '.')
  return subject === '' ? 'Caracal alert' : subject
}

/** Publishes each alert to an AWS SNS topic through the AWS SDK v3. */
export class SnsDestination implements Destination {
  readonly type = 'sns'
  private readonly client: SNSClient

  constructor(
    readonly id: string,
    private readonly config: SnsConfig,
  ) {
    this.client = new SNSClient(awsClientOptions(config, config.topicArn.split(':')[3]))
  }

  async send(notification: AlertNotification, signal: AbortSignal): Promise<void> {
    const bounded = withTimeout(signal, this.config.timeoutMs)
    try {
      await this.client.send(new PublishCommand(snsPublishInput(notification, this.config)), {
        abortSignal: bounded,
      })
    } catch (err) {
      throw awsError(`SNS destination ${this.id}`, err, bounded, [
        this.config.secretAccessKey,
        this.config.sessionToken,
      ])
    }
  }
}
