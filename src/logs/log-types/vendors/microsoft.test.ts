import { describe, expect, it } from 'vitest'
import { corpusMissing } from '../fixtures/corpus.js'
import {
  failureOf,
  parseAll,
  parseCorpus,
  parseOne,
  partialRuleTests,
  without,
} from './vendor-cases.js'

/** Microsoft 365, Entra ID, Azure Monitor, Graph security, Defender XDR and Intune log types. */

describe.skipIf(corpusMissing)('Microsoft log types against the shared corpus', () => {
  // A Sentinel OfficeActivity / Log Analytics export (TimeGenerated, PascalCase table columns)
  // is not the Management Activity API or diagnostic-settings format these schemas read.
  const sentinelExport = /^missing required field (CreationTime|time)$/

  it('Microsoft365.Audit.AzureActiveDirectory parses the STS logons and the rule tests', () => {
    const events = parseCorpus({
      logType: 'Microsoft365.Audit.AzureActiveDirectory',
      folder: 'Microsoft365.Audit',
      files: /elastic-beats|otrf|AzureActiveDirectory\.jsonl$/,
      explained: { 'panther-analysis-tests': partialRuleTests, otrf: sentinelExport },
    })
    expect(events).toBe(14)
  })

  it('Microsoft365.Audit.SharePoint parses the rule tests', () => {
    const events = parseCorpus({
      logType: 'Microsoft365.Audit.SharePoint',
      folder: 'Microsoft365.Audit',
      files: /SharePoint\.jsonl$/,
    })
    expect(events).toBe(5)
  })

  it('Microsoft365.Audit.Exchange: reads the lower-cased keys of the rule tests, as Panther does', () => {
    // Panther's Exchange rule tests write every key in lower case (creationtime, workload …);
    // the API sends PascalCase, and keys are matched case-insensitively, as Panther's reader does.
    const events = parseCorpus({
      logType: 'Microsoft365.Audit.Exchange',
      folder: 'Microsoft365.Audit',
      files: /Exchange\.jsonl$|otrf/,
      explained: { otrf: sentinelExport },
    })
    expect(events).toBe(10)
  })

  it('Azure.Audit parses the Event Hub sign-in records and the rule tests', () => {
    const events = parseCorpus({
      logType: 'Azure.Audit',
      folder: 'AzureAD.SignInAudit',
      files: /./,
      explained: {
        // Ten rule tests write the top-level keys in lower case (operationname, calleripaddress):
        // read case-insensitively, as Panther does.
        'panther-analysis-tests': partialRuleTests,
        otrf: sentinelExport,
      },
    })
    expect(events).toBe(50)
  })

  it('the three Microsoft 365 workloads refuse each other’s records', () => {
    const aad = parseAll(
      'Microsoft365.Audit.Exchange',
      JSON.stringify({ ...exchangeAdmin, Workload: 'AzureActiveDirectory' }),
    )
    expect(aad.reasons).toEqual(['field Workload: "AzureActiveDirectory" is not an allowed value'])
  })
})

const exchangeAdmin = {
  CreationTime: '2024-05-14T09:12:44',
  Id: '8f3d2a1c-5b6e-4f7a-9c0d-1e2f3a4b5c6d',
  Operation: 'Set-Mailbox',
  OrganizationId: 'b86ab9d4-fcf1-4b11-8a06-7a8f91b47fbd',
  RecordType: 1,
  ResultStatus: 'True',
  UserKey: 'NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)',
  UserType: 2,
  Version: 1,
  Workload: 'Exchange',
  ClientIP: '203.0.113.24',
  ObjectId: 'contoso.onmicrosoft.com/Users/alex',
  UserId: 'Admin@Contoso.onmicrosoft.com',
  ExternalAccess: false,
  OrganizationName: 'contoso.onmicrosoft.com',
  OriginatingServer: 'BN8PR04MB1234 (15.20.7544.000)',
  Parameters: [
    { Name: 'Identity', Value: 'alex@contoso.onmicrosoft.com' },
    { Name: 'ForwardingSmtpAddress', Value: 'smtp:alex@example.net' },
  ],
}

describe('Microsoft365.Audit.Exchange', () => {
  it('parses an admin cmdlet record', () => {
    const event = parseOne('Microsoft365.Audit.Exchange', exchangeAdmin)
    expect(event).toMatchObject({
      Operation: 'Set-Mailbox',
      ExternalAccess: false,
      p_event_time: '2024-05-14 09:12:44.000',
      p_any_ip_addresses: ['203.0.113.24'],
      p_any_emails: ['admin@contoso.onmicrosoft.com'],
      p_any_usernames: ['Admin@Contoso.onmicrosoft.com'],
      p_any_domain_names: ['contoso.onmicrosoft.com'],
    })
    expect(event.Parameters).toEqual(exchangeAdmin.Parameters)
  })

  it('parses a mailbox access record with optional fields absent', () => {
    const event = parseOne('Microsoft365.Audit.Exchange', {
      CreationTime: '2024-05-14T10:00:00',
      Id: 'a1',
      Operation: 'MailItemsAccessed',
      OrganizationId: 'org',
      RecordType: 50,
      UserType: 0,
      Workload: 'Exchange',
      ClientIPAddress: '2001:db8::7',
      MailboxOwnerUPN: 'Pat@contoso.com',
      LogonType: 0,
      Folders: [{ Path: '\\Inbox', FolderItems: [{ InternetMessageId: '<x@y>' }] }],
    })
    expect(event).toMatchObject({ LogonType: 0, p_any_ip_addresses: ['2001:db8::7'] })
    expect(event.p_any_emails).toEqual(['pat@contoso.com'])
    expect(event.ClientIP).toBeUndefined()
  })

  it('refuses a record without its time or with a bad user type', () => {
    const noTime = without(exchangeAdmin, 'CreationTime')
    expect(failureOf('Microsoft365.Audit.Exchange', noTime)).toBe(
      'missing required field CreationTime',
    )
    expect(
      failureOf('Microsoft365.Audit.Exchange', { ...exchangeAdmin, UserType: 'admin' }),
    ).toMatch(/^field UserType: expected .*, got "admin"$/)
  })
})

describe('Microsoft365.Audit.AzureActiveDirectory and SharePoint', () => {
  it('reads actors, targets and extended properties of a sign-in', () => {
    const event = parseOne('Microsoft365.Audit.AzureActiveDirectory', {
      CreationTime: '2024-02-10T15:13:13',
      Id: 'ca0efc24',
      Operation: 'UserLoginFailed',
      OrganizationId: 'org',
      RecordType: 15,
      UserType: 0,
      Workload: 'AzureActiveDirectory',
      ClientIP: '198.51.100.9',
      ActorIpAddress: '198.51.100.9',
      UserId: 'kim@contoso.com',
      Actor: [
        { ID: '755e500a-6c03-46b0-b53b-282f23374e3b', Type: 0 },
        { ID: 'kim@contoso.com', Type: 5 },
      ],
      ExtendedProperties: [{ Name: 'RequestType', Value: 'Login:login' }],
      LogonError: 'InvalidUserNameOrPassword',
    })
    expect(event).toMatchObject({
      LogonError: 'InvalidUserNameOrPassword',
      p_event_time: '2024-02-10 15:13:13.000',
      p_any_ip_addresses: ['198.51.100.9'],
      p_any_emails: ['kim@contoso.com'],
    })
  })

  it('reads a OneDrive sharing record as SharePoint', () => {
    const event = parseOne('Microsoft365.Audit.SharePoint', {
      CreationTime: '2024-03-01 19:31:41',
      Id: 'x',
      Operation: 'SharingInvitationCreated',
      OrganizationId: 'org',
      RecordType: 14,
      UserType: 0,
      Workload: 'OneDrive',
      SiteUrl: 'https://contoso-my.sharepoint.com/personal/kim_contoso_com',
      TargetUserOrGroupName: 'Guest@Example.org',
      TargetUserOrGroupType: 'Guest',
    })
    expect(event.p_any_domain_names).toEqual(['contoso-my.sharepoint.com'])
    expect(event.p_any_emails).toEqual(['guest@example.org'])
    expect(failureOf('Microsoft365.Audit.SharePoint', { ...event, Workload: 'Exchange' })).toBe(
      'field Workload: "Exchange" is not an allowed value',
    )
  })
})

describe('Azure.Audit', () => {
  const signIn = {
    time: '2024-10-18T09:45:48.0729893Z',
    resourceId: '/tenants/8a4de8b5/providers/Microsoft.aadiam',
    operationName: 'Sign-in activity',
    category: 'SignInLogs',
    tenantId: '8a4de8b5',
    resultType: '50126',
    callerIpAddress: '192.0.2.44',
    Level: 4,
    properties: {
      userPrincipalName: 'Sam@Contoso.com',
      ipAddress: '192.0.2.44',
      status: { errorCode: 50126 },
    },
  }

  it('accepts a bare record and the {"records": [...]} envelope', () => {
    const event = parseOne('Azure.Audit', signIn)
    expect(event).toMatchObject({
      p_event_time: '2024-10-18 09:45:48.072',
      p_any_ip_addresses: ['192.0.2.44'],
      p_any_emails: ['sam@contoso.com'],
      Level: 4,
    })
    const wrapped = parseAll('Azure.Audit', JSON.stringify({ records: [signIn, signIn] }))
    expect(wrapped.events).toHaveLength(2)
  })

  it('refuses a record without operationName', () => {
    const rest = without(signIn, 'operationName')
    expect(failureOf('Azure.Audit', rest)).toBe('missing required field operationName')
  })
})

describe('Azure.MonitorActivity', () => {
  // Shaped after the Administrative category example of the activity log schema.
  const roleAssignment = {
    time: '2024-08-20T21:43:11.4012345Z',
    resourceId:
      '/SUBSCRIPTIONS/0000-1111/RESOURCEGROUPS/RG1/PROVIDERS/MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/abcd',
    operationName: 'MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE',
    category: 'Administrative',
    resultType: 'Success',
    resultSignature: 'Succeeded.Created',
    durationMs: '1092',
    callerIpAddress: '203.0.113.80',
    correlationId: 'b3f5e0f8',
    identity: {
      authorization: {
        action: 'Microsoft.Authorization/roleAssignments/write',
        scope: '/subscriptions/0000-1111',
      },
      claims: {
        'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': 'ops@contoso.com',
        ipaddr: '203.0.113.80',
      },
    },
    level: 'Information',
    location: 'global',
    properties: { statusCode: 'Created', entity: '/subscriptions/0000-1111' },
  }

  it('parses an administrative event', () => {
    const event = parseOne('Azure.MonitorActivity', roleAssignment)
    expect(event).toMatchObject({
      durationMs: 1092,
      p_event_time: '2024-08-20 21:43:11.401',
      p_any_ip_addresses: ['203.0.113.80'],
      p_any_emails: ['ops@contoso.com'],
    })
  })

  it('refuses an unreadable time', () => {
    expect(failureOf('Azure.MonitorActivity', { ...roleAssignment, time: 'now' })).toBe(
      'field time: expected timestamp (rfc3339), got "now"',
    )
  })
})

describe('Microsoft.EntraID.SignIn', () => {
  // Field for field after the example response of "List signIns" in the Graph reference.
  const graphSignIn = {
    id: '66ea54eb-6301-4ee5-be62-ff5a759b0100',
    createdDateTime: '2024-03-13T19:15:41.6195833Z',
    userDisplayName: 'Test contoso',
    userPrincipalName: 'testaccount1@contoso.com',
    userId: '26be570a-ae82-4189-b4e2-a37c6808512d',
    appId: 'de8bc8b5-d9f9-48b1-a8ad-b748da725064',
    appDisplayName: 'Graph explorer',
    ipAddress: '131.107.159.37',
    clientAppUsed: 'Browser',
    correlationId: 'd79f5bee-5860-4832-928f-3133e22ae912',
    conditionalAccessStatus: 'notApplied',
    isInteractive: true,
    riskDetail: 'none',
    riskLevelAggregated: 'none',
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    riskEventTypes_v2: [],
    resourceDisplayName: 'Microsoft Graph',
    resourceId: '00000003-0000-0000-c000-000000000000',
    status: { errorCode: 0, failureReason: null, additionalDetails: null },
    deviceDetail: {
      deviceId: '',
      displayName: null,
      operatingSystem: 'Windows 10',
      browser: 'Edge 80.0.361',
      isCompliant: null,
      isManaged: null,
      trustType: null,
    },
    location: {
      city: 'Redmond',
      state: 'Washington',
      countryOrRegion: 'US',
      geoCoordinates: {
        altitude: null,
        latitude: 47.68050003051758,
        longitude: -122.12094116210938,
      },
    },
    appliedConditionalAccessPolicies: [],
  }

  it('parses the documented sign-in, bare and in a Graph page', () => {
    const event = parseOne('Microsoft.EntraID.SignIn', graphSignIn)
    expect(event).toMatchObject({
      p_event_time: '2024-03-13 19:15:41.619',
      p_any_ip_addresses: ['131.107.159.37'],
      p_any_emails: ['testaccount1@contoso.com'],
      p_any_usernames: ['testaccount1@contoso.com'],
      status: { errorCode: 0 },
      location: { city: 'Redmond', countryOrRegion: 'US' },
    })
    const page = {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns',
      value: [graphSignIn],
    }
    expect(parseAll('Microsoft.EntraID.SignIn', JSON.stringify(page)).events).toHaveLength(1)
  })

  it('refuses a sign-in without createdDateTime', () => {
    const rest = without(graphSignIn, 'createdDateTime')
    expect(failureOf('Microsoft.EntraID.SignIn', rest)).toBe(
      'missing required field createdDateTime',
    )
  })
})

describe('MicrosoftGraph.SecurityAlertV2', () => {
  // After the example alert of the Graph security alert resource.
  const alert = {
    '@odata.type': '#microsoft.graph.security.alert',
    id: 'da637578995287051192_756343937',
    providerAlertId: 'da637578995287051192_756343937',
    incidentId: '28282',
    status: 'new',
    severity: 'low',
    classification: 'unknown',
    determination: 'unknown',
    serviceSource: 'microsoftDefenderForEndpoint',
    detectionSource: 'antivirus',
    detectorId: 'e0da400f-affd-43ef-b1d5-afc2eb6f2756',
    tenantId: 'b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c',
    title: 'Suspicious execution of hidden file',
    description: 'A hidden file has been launched.',
    category: 'DefenseEvasion',
    assignedTo: null,
    alertWebUrl: 'https://security.microsoft.com/alerts/da637578995287051192_756343937',
    mitreTechniques: ['T1564.001'],
    createdDateTime: '2021-04-27T12:19:27.7211305Z',
    lastUpdateDateTime: '2021-05-02T14:19:01.3266667Z',
    firstActivityDateTime: '2021-04-26T07:45:50.116Z',
    evidence: [
      {
        '@odata.type': '#microsoft.graph.security.fileEvidence',
        verdict: 'unknown',
        fileDetails: {
          fileName: 'MsSense.exe',
          sha1: '5f1e8acedc065031aad553b710838eb366cfee9a',
          sha256: '8963a19fb992ad9a76576c5638fd68292cffb9aaac29eb8285f9abf6196a7dec',
        },
      },
      { '@odata.type': '#microsoft.graph.security.ipEvidence', ipAddress: '198.51.100.10' },
    ],
  }

  it('parses the documented alert with its evidence indicators', () => {
    const event = parseOne('MicrosoftGraph.SecurityAlertV2', alert)
    expect(event).toMatchObject({
      severity: 'low',
      mitreTechniques: ['T1564.001'],
      p_event_time: '2021-04-27 12:19:27.721',
      p_any_ip_addresses: ['198.51.100.10'],
      p_any_sha256_hashes: ['8963a19fb992ad9a76576c5638fd68292cffb9aaac29eb8285f9abf6196a7dec'],
      p_any_sha1_hashes: ['5f1e8acedc065031aad553b710838eb366cfee9a'],
    })
  })

  it('refuses an alert without a title', () => {
    const rest = without(alert, 'title')
    expect(failureOf('MicrosoftGraph.SecurityAlertV2', rest)).toBe('missing required field title')
  })
})

describe('MicrosoftDefenderXDR.AdvancedHunting', () => {
  const processEvent = {
    time: '2024-06-03T10:22:33.1234567Z',
    tenantId: 'b3c1b5fc',
    operationName: 'Publish',
    category: 'AdvancedHunting-DeviceProcessEvents',
    properties: {
      Timestamp: '2024-06-03T10:22:31.0000000Z',
      DeviceName: 'ws-042.contoso.com',
      ActionType: 'ProcessCreated',
      FileName: 'powershell.exe',
      SHA256: 'de96a6e69944335375dc1ac238336066889d9ffc7d73628ef4fe1b1b160ab32c',
      AccountUpn: 'lee@contoso.com',
      RemoteIP: '10.1.2.3',
    },
  }

  it('parses a streamed DeviceProcessEvents row inside the records envelope', () => {
    const { events, reasons } = parseAll(
      'MicrosoftDefenderXDR.AdvancedHunting',
      JSON.stringify({ records: [processEvent] }),
    )
    expect(reasons).toEqual([])
    expect(events[0]).toMatchObject({
      category: 'AdvancedHunting-DeviceProcessEvents',
      p_event_time: '2024-06-03 10:22:33.123',
      p_any_ip_addresses: ['10.1.2.3'],
      p_any_emails: ['lee@contoso.com'],
      p_any_sha256_hashes: ['de96a6e69944335375dc1ac238336066889d9ffc7d73628ef4fe1b1b160ab32c'],
    })
  })

  it('refuses an event without its table', () => {
    const rest = without(processEvent, 'category')
    expect(failureOf('MicrosoftDefenderXDR.AdvancedHunting', rest)).toBe(
      'missing required field category',
    )
  })
})

describe('MicrosoftIntune.AuditLogs and OperationalLogs', () => {
  const audit = {
    time: '2024-07-01T08:00:01.0000000Z',
    operationName: 'Wipe ManagedDevice',
    category: 'AuditLogs',
    tenantId: 't1',
    resultType: 'Success',
    identity: 'Admin@Contoso.com',
    properties: {
      ActivityDate: '7/1/2024 8:00:01 AM',
      ActivityResultStatus: 1,
      Actor: { UPN: 'admin@contoso.com', IsDelegatedAdmin: false },
      Targets: [{ Name: 'LAPTOP-17', ModifiedProperties: [] }],
    },
  }

  it('parses an audit record', () => {
    const event = parseOne('MicrosoftIntune.AuditLogs', audit)
    expect(event).toMatchObject({
      operationName: 'Wipe ManagedDevice',
      p_event_time: '2024-07-01 08:00:01.000',
      p_any_emails: ['admin@contoso.com'],
    })
  })

  it('parses an operational record and keeps the two categories apart', () => {
    const operational = {
      time: '2024-07-01T09:10:11Z',
      operationName: 'Enrollment',
      category: 'OperationalLogs',
      resultType: 'Fail',
      properties: { Os: 'iOS', FailureCategory: 'DeviceNotSupported', IntuneUserId: 'u1' },
    }
    expect(parseOne('MicrosoftIntune.OperationalLogs', operational).p_event_time).toBe(
      '2024-07-01 09:10:11.000',
    )
    expect(failureOf('MicrosoftIntune.AuditLogs', operational)).toBe(
      'field category: "OperationalLogs" is not an allowed value',
    )
  })
})
