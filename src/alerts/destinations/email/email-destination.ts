import { createTransport, type Transporter } from 'nodemailer'
import {
  AppError,
  describeError,
  type AlertNotification,
  type Destination,
} from '../../../core/index.js'
import { redact } from '../http-delivery.js'
import type { EmailConfig } from './config.js'
import { emailContent } from './email-message.js'

/** Mails each alert (text and HTML) through an SMTP server with nodemailer. */
export class EmailDestination implements Destination {
  readonly type = 'email'
  private readonly transport: Transporter

  constructor(
    readonly id: string,
    private readonly config: EmailConfig,
  ) {
    this.transport = createTransport({
      host: config.host,
      port: config.port,
      secure: config.security === 'tls',
      requireTLS: config.security === 'starttls',
      ignoreTLS: config.security === 'none',
      ...(config.username === undefined || config.password === undefined
        ? {}
        : { auth: { user: config.username, pass: config.password } }),
      connectionTimeout: config.timeoutMs,
      greetingTimeout: config.timeoutMs,
      socketTimeout: config.timeoutMs,
    })
  }

  async send(notification: AlertNotification, signal: AbortSignal): Promise<void> {
    const label = `Email destination ${this.id}`
    const content = emailContent(notification, this.config)
    const sending = this.transport.sendMail({
      from: this.config.from,
      to: this.config.to,
      ...(this.config.cc === undefined ? {} : { cc: this.config.cc }),
      ...content,
      headers: { 'X-Caracal-Alert-Id': notification.alert.id },
    })
    // nodemailer takes no signal: stop waiting on abort; its socket timeout ends the session.
    sending.catch(() => undefined)
    try {
      await abortable(sending, signal)
    } catch (err) {
      if (signal.aborted) {
        throw new AppError('DESTINATION_UNAVAILABLE', `${label}: no response (aborted)`, {
          cause: err,
        })
      }
      throw smtpError(label, err, [this.config.password])
    }
  }
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('aborted'))
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      reject(new Error('aborted'))
    }
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(err instanceof Error ? err : new Error(String(err)))
      },
    )
  })
}

/**
 * SMTP 4xx replies and connection problems are transient; 5xx replies (unknown mailbox, message
 * refused), failed logins and bad TLS setups will not fix themselves.
 */
export function smtpError(
  label: string,
  err: unknown,
  secrets: readonly (string | undefined)[],
): AppError {
  const smtp = err as { code?: unknown; responseCode?: unknown }
  const code = typeof smtp.code === 'string' ? smtp.code : undefined
  const responseCode = typeof smtp.responseCode === 'number' ? smtp.responseCode : undefined
  const text = redact(describeError(err), secrets).replace(/\s+/g, ' ').slice(0, 300)
  const message = `${label}: ${code ?? 'error'}${responseCode === undefined ? '' : ` (SMTP ${String(responseCode)})`}: ${text}`
  const permanent =
    (responseCode !== undefined && responseCode >= 500) ||
    (responseCode === undefined && (code === 'EAUTH' || code === 'ECONFIG' || code === 'ETLS'))
  const details = {
    ...(code === undefined ? {} : { code }),
    ...(responseCode === undefined ? {} : { responseCode }),
  }
  return new AppError(permanent ? 'DESTINATION_REJECTED' : 'DESTINATION_UNAVAILABLE', message, {
    cause: err,
    details,
  })
}
