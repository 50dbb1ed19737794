import { defineRule } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  cloudTrailContext,
  cloudTrailTestEvent,
  param,
  succeeded,
} from '../helpers/aws.js'

const EVENTS = [
  'DeleteBackupVault',
  'DeleteRecoveryPoint',
  'DeleteBackupPlan',
  'DeleteBackupVaultLockConfiguration',
  'DeleteBackupVaultAccessPolicy',
]

/** AWS Backup destruction: ransomware inhibits recovery before encrypting or deleting data. */
export default defineRule({
  id: 'AWS.Backup.BackupsDeleted',
  name: 'AWS Backup Vault, Plan Or Recovery Point Deleted',
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  description:
    'An AWS Backup vault, recovery point, backup plan or vault lock was deleted. Destroying ' +
    'backups is a standard ransomware step that prevents recovery.',
  reference: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/deleting-backups.html',
  runbook:
    'Confirm the deletion with the team that owns the backups (retention clean-up happens via ' +
    'lifecycle, not manual deletes). If unexpected, protect the remaining vaults with Vault ' +
    "Lock, revoke the actor's access, and look for concurrent deletion of snapshots and data.",
  tags: ['AWS', 'Impact'],
  reports: { 'MITRE ATT&CK': ['TA0040:T1490'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventSource === 'backup.amazonaws.com' &&
      EVENTS.includes(event.eventName) &&
      succeeded(event)
    )
  },

  title(event) {
    const target = param(event, 'backupVaultName') || param(event, 'backupPlanId')
    return `AWS Backup ${event.eventName} (${target}) by ${actorOf(event)} in account ${accountOf(event)}`
  },

  dedup(event) {
    return `backup-deleted:${accountOf(event)}:${actorOf(event)}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      backupVaultName: param(event, 'backupVaultName') || null,
      recoveryPointArn: param(event, 'recoveryPointArn') || null,
      backupPlanId: param(event, 'backupPlanId') || null,
    }
  },

  tests: [
    {
      name: 'Recovery point deleted',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'backup.amazonaws.com',
        eventName: 'DeleteRecoveryPoint',
        requestParameters: {
          backupVaultName: 'prod-daily',
          recoveryPointArn: 'arn:aws:ec2:us-east-1::snapshot/snap-0b1c2d3e4f5a6b7c8',
        },
        responseElements: null,
      }),
    },
    {
      name: 'Backup job started',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'backup.amazonaws.com',
        eventName: 'StartBackupJob',
        requestParameters: {
          backupVaultName: 'prod-daily',
          resourceArn: 'arn:aws:ec2:us-east-1:123456789012:volume/vol-0123456789abcdef0',
          iamRoleArn: 'arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole',
        },
      }),
    },
  ],
})
