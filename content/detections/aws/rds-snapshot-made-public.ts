import { defineRule } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  asList,
  cloudTrailContext,
  cloudTrailTestEvent,
  getPath,
  param,
  succeeded,
} from '../helpers/aws.js'

const EVENTS = ['ModifyDBSnapshotAttribute', 'ModifyDBClusterSnapshotAttribute']

/** Panther's AWS.RDS.SnapshotShared / public variant. */
export default defineRule({
  id: 'AWS.RDS.SnapshotMadePublic',
  name: 'AWS RDS Snapshot Made Public',
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  description:
    'An RDS DB or cluster snapshot\'s restore attribute was given the value "all": any AWS ' +
    'account can restore it and read the database.',
  reference: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html',
  runbook:
    'Remove "all" from the restore attribute at once (aws rds modify-db-snapshot-attribute ' +
    '--values-to-remove all). Establish what data the snapshot holds and treat the exposure ' +
    'window as a possible breach; investigate the actor.',
  tags: ['AWS', 'RDS', 'Exfiltration'],
  reports: { 'MITRE ATT&CK': ['TA0010:T1537'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventSource === 'rds.amazonaws.com' &&
      EVENTS.includes(event.eventName) &&
      succeeded(event) &&
      param(event, 'attributeName') === 'restore' &&
      asList(getPath(event.requestParameters, 'valuesToAdd')).includes('all')
    )
  },

  title(event) {
    const snapshot =
      param(event, 'dBSnapshotIdentifier') || param(event, 'dBClusterSnapshotIdentifier')
    return `RDS snapshot ${snapshot} made public by ${actorOf(event)} in account ${accountOf(event)}`
  },

  dedup(event) {
    return `rds-public:${accountOf(event)}:${param(event, 'dBSnapshotIdentifier') || param(event, 'dBClusterSnapshotIdentifier')}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      snapshot: param(event, 'dBSnapshotIdentifier') || param(event, 'dBClusterSnapshotIdentifier'),
    }
  },

  tests: [
    {
      name: 'Snapshot restore opened to all',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'rds.amazonaws.com',
        eventName: 'ModifyDBSnapshotAttribute',
        requestParameters: {
          dBSnapshotIdentifier: 'customers-db-2024-05-01',
          attributeName: 'restore',
          valuesToAdd: ['all'],
        },
        responseElements: {
          dBSnapshotIdentifier: 'customers-db-2024-05-01',
          dBSnapshotAttributes: [{ attributeName: 'restore', attributeValues: ['all'] }],
        },
      }),
    },
    {
      name: 'Snapshot shared with the DR account',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'rds.amazonaws.com',
        eventName: 'ModifyDBSnapshotAttribute',
        requestParameters: {
          dBSnapshotIdentifier: 'customers-db-2024-05-01',
          attributeName: 'restore',
          valuesToAdd: ['210987654321'],
        },
      }),
    },
  ],
})
