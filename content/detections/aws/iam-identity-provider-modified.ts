import { defineRule } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  cloudTrailContext,
  cloudTrailTestEvent,
  getString,
  param,
  succeeded,
} from '../helpers/aws.js'

const EVENTS = [
  'CreateSAMLProvider',
  'UpdateSAMLProvider',
  'CreateOpenIDConnectProvider',
  'AddClientIDToOpenIDConnectProvider',
  'UpdateOpenIDConnectProviderThumbprint',
]

/** Panther's AWS.IAM.SAMLProviderModified style rule. */
export default defineRule({
  id: 'AWS.IAM.IdentityProviderModified',
  name: 'AWS IAM Identity Provider Created Or Modified',
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  description:
    'A SAML or OpenID Connect identity provider was created or changed in IAM. Whoever controls ' +
    'the provider can mint sessions for any role that trusts it (a "golden SAML" style backdoor).',
  reference: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers.html',
  runbook:
    "Compare the provider's metadata or URL with your identity team's configuration. If the " +
    'provider or its certificate/thumbprint is unknown, delete or restore it, list roles that ' +
    'trust it, and review AssumeRoleWithSAML / AssumeRoleWithWebIdentity calls since.',
  tags: ['AWS', 'Identity & Access Management', 'Persistence'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1484.002'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventSource === 'iam.amazonaws.com' &&
      EVENTS.includes(event.eventName) &&
      succeeded(event)
    )
  },

  title(event) {
    const provider =
      param(event, 'name') ||
      param(event, 'url') ||
      param(event, 'sAMLProviderArn') ||
      param(event, 'openIDConnectProviderArn')
    return `IAM identity provider ${provider}: ${event.eventName} by ${actorOf(event)} in account ${accountOf(event)}`
  },

  dedup(event) {
    return `idp-modified:${accountOf(event)}:${event.eventName}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      provider:
        param(event, 'name') ||
        param(event, 'url') ||
        param(event, 'sAMLProviderArn') ||
        param(event, 'openIDConnectProviderArn'),
      providerArn:
        getString(event.responseElements, 'sAMLProviderArn') ||
        getString(event.responseElements, 'openIDConnectProviderArn') ||
        null,
    }
  },

  tests: [
    {
      name: 'SAML provider created',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateSAMLProvider',
        requestParameters: {
          sAMLMetadataDocument:
            '<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata">…</EntityDescriptor>',
          name: 'corp-idp',
        },
        responseElements: { sAMLProviderArn: 'arn:aws:iam::123456789012:saml-provider/corp-idp' },
      }),
    },
    {
      name: 'SAML providers listed',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'ListSAMLProviders',
        readOnly: true,
        requestParameters: null,
      }),
    },
  ],
})
