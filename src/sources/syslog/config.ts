import { z } from 'zod'

/** Config of a syslog listener (UDP, TCP or TLS; RFC 3164 and RFC 5424 messages). */
export const syslogSourceConfig = z.strictObject({
  type: z.literal('syslog'),
  logType: z.string().describe('Log type of every message, e.g. Syslog.RFC5424 or Syslog.RFC3164.'),
  candidates: z
    .array(z.string())
    .optional()
    .describe(
      'More log types a message may be (e.g. Syslog.RFC3164 beside Syslog.RFC5424): each is ' +
        'parsed by the first that accepts it, Panther-style; messages none accepts are kept as ' +
        'failures of logType.',
    ),
  label: z.string().optional().describe('Human name stored in p_source_label (default: the id).'),
  protocol: z
    .enum(['udp', 'tcp', 'tls'])
    .default('udp')
    .describe(
      'udp: one message per datagram; tcp and tls: newline or octet-counted framing (RFC 6587), ' +
        'detected per connection.',
    ),
  host: z.string().default('0.0.0.0').describe('Address to listen on.'),
  port: z
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(5514)
    .describe('Port to listen on (0 picks a free one). 514/6514 need privileges.'),
  tls: z
    .strictObject({
      certFile: z.string().describe('PEM certificate (chain) file of the listener.'),
      keyFile: z.string().describe('PEM private key file.'),
      passphrase: z
        .string()
        .optional()
        .describe('Passphrase of the private key (a secret: use ${ENV_VAR} or ${file:…}).'),
      caFile: z.string().optional().describe('PEM CA bundle to verify client certificates.'),
      requireClientCert: z
        .boolean()
        .default(false)
        .describe('Refuse clients without a certificate signed by caFile (mutual TLS).'),
    })
    .optional()
    .describe('TLS settings; required when protocol is tls.'),
  maxMessageBytes: z
    .number()
    .int()
    .min(256)
    .default(64 * 1024)
    .describe('Longest message accepted; longer ones are dropped and counted as errors.'),
  batchSize: z
    .number()
    .int()
    .min(1)
    .default(1000)
    .describe('Messages per batch handed to the pipeline.'),
  lingerMs: z
    .number()
    .int()
    .min(1)
    .default(200)
    .describe('Longest time a message waits for its batch to fill.'),
  maxPendingMessages: z
    .number()
    .int()
    .min(1)
    .default(20_000)
    .describe(
      'Messages held in memory at most: beyond it TCP/TLS connections are paused and UDP ' +
        'datagrams are dropped (and counted) until the pipeline catches up.',
    ),
})
/** The validated config of a syslog source. */
export type SyslogSourceConfig = z.infer<typeof syslogSourceConfig>
