import type { Destination, Plugin } from '../../../core/index.js'
import { emailConfig } from './config.js'
import { EmailDestination } from './email-destination.js'

export { emailConfig, type EmailConfig } from './config.js'

/** The `email` destination plugin: one mail per alert over SMTP. */
export const emailDestination: Plugin<typeof emailConfig, Destination> = {
  type: 'email',
  summary: 'Mails each alert (plain text and HTML) through an SMTP server.',
  configSchema: emailConfig,
  create: (config, context) => new EmailDestination(context.id, config),
}
