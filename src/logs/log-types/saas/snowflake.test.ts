import { describe, expect, it } from 'vitest'
import { failureOf, parseOne } from './parse-helpers.js'

// Rows of the SNOWFLAKE.ACCOUNT_USAGE views, with the columns Snowflake documents for each.
describe('Snowflake.LoginHistory', () => {
  const failedLogin = {
    EVENT_ID: '16620004',
    EVENT_TIMESTAMP: '2026-03-04 05:06:07.123 -0800',
    EVENT_TYPE: 'LOGIN',
    USER_NAME: 'JDOE',
    CLIENT_IP: '198.51.100.3',
    REPORTED_CLIENT_TYPE: 'SNOWFLAKE_UI',
    REPORTED_CLIENT_VERSION: '1.0',
    FIRST_AUTHENTICATION_FACTOR: 'PASSWORD',
    SECOND_AUTHENTICATION_FACTOR: null,
    IS_SUCCESS: 'NO',
    ERROR_CODE: 390100,
    ERROR_MESSAGE: 'INCORRECT_USERNAME_PASSWORD',
  }

  it('parses a login attempt with its time and indicators', () => {
    const event = parseOne('Snowflake.LoginHistory', failedLogin)
    expect(event.p_event_time).toBe('2026-03-04 13:06:07.123')
    expect(event.p_any_ip_addresses).toEqual(['198.51.100.3'])
    expect(event.p_any_usernames).toEqual(['JDOE'])
  })

  it('refuses a row without an id', () => {
    expect(failureOf('Snowflake.LoginHistory', { ...failedLogin, EVENT_ID: undefined })).toBe(
      'missing required field EVENT_ID',
    )
  })
})

describe('Snowflake.QueryHistory', () => {
  const query = {
    QUERY_ID: '01b2c3d4-0000-1111-0000-000000000001',
    QUERY_TEXT: 'GRANT ROLE ACCOUNTADMIN TO USER JDOE',
    QUERY_TYPE: 'GRANT',
    USER_NAME: 'ADMIN',
    ROLE_NAME: 'SECURITYADMIN',
    EXECUTION_STATUS: 'SUCCESS',
    START_TIME: '2026-03-04T05:06:07.123Z',
    END_TIME: '2026-03-04T05:06:07.456Z',
    TOTAL_ELAPSED_TIME: 333,
    WAREHOUSE_NAME: null,
  }

  it('parses a query with its time and indicators', () => {
    const event = parseOne('Snowflake.QueryHistory', query)
    expect(event.p_event_time).toBe('2026-03-04 05:06:07.123')
    expect(event.p_any_usernames).toEqual(['ADMIN'])
    expect(event.TOTAL_ELAPSED_TIME).toBe(333)
  })

  it('refuses a row with a bad start time', () => {
    expect(failureOf('Snowflake.QueryHistory', { ...query, START_TIME: 'later' })).toMatch(
      /^field START_TIME: expected timestamp/,
    )
  })
})

describe('Snowflake.GrantsToRoles', () => {
  it('parses a grant', () => {
    const event = parseOne('Snowflake.GrantsToRoles', {
      CREATED_ON: '2026-03-04 05:06:07.000 +0000',
      MODIFIED_ON: '2026-03-04 05:06:07.000 +0000',
      PRIVILEGE: 'OWNERSHIP',
      GRANTED_ON: 'DATABASE',
      NAME: 'PROD',
      GRANTED_TO: 'ROLE',
      GRANTEE_NAME: 'ANALYST',
      GRANT_OPTION: 'true',
      GRANTED_BY: 'SYSADMIN',
      DELETED_ON: null,
    })
    expect(event.p_event_time).toBe('2026-03-04 05:06:07.000')
    expect(event.GRANT_OPTION).toBe(true)
  })

  it('refuses a grant without a privilege', () => {
    expect(failureOf('Snowflake.GrantsToRoles', { CREATED_ON: '2026-03-04T05:06:07Z' })).toBe(
      'missing required field PRIVILEGE',
    )
  })
})

describe('Snowflake.GrantsToUsers', () => {
  it('parses a role grant with the user as indicator', () => {
    const event = parseOne('Snowflake.GrantsToUsers', {
      CREATED_ON: '2026-03-04T05:06:07Z',
      DELETED_ON: null,
      ROLE: 'ACCOUNTADMIN',
      GRANTED_TO: 'USER',
      GRANTEE_NAME: 'JDOE',
      GRANTED_BY: 'SECURITYADMIN',
    })
    expect(event.p_event_time).toBe('2026-03-04 05:06:07.000')
    expect(event.p_any_usernames).toEqual(['JDOE'])
  })

  it('refuses a grant without a role', () => {
    expect(failureOf('Snowflake.GrantsToUsers', { CREATED_ON: '2026-03-04T05:06:07Z' })).toBe(
      'missing required field ROLE',
    )
  })
})

describe('Snowflake.DataTransferHistory', () => {
  it('parses a transfer', () => {
    const event = parseOne('Snowflake.DataTransferHistory', {
      START_TIME: '2026-03-04 05:00:00.000 +0000',
      END_TIME: '2026-03-04 06:00:00.000 +0000',
      SOURCE_CLOUD: 'AWS',
      SOURCE_REGION: 'US-WEST-2',
      TARGET_CLOUD: 'AWS',
      TARGET_REGION: 'EU-CENTRAL-1',
      BYTES_TRANSFERRED: 61209320,
      TRANSFER_TYPE: 'COPY',
    })
    expect(event.p_event_time).toBe('2026-03-04 05:00:00.000')
    expect(event.BYTES_TRANSFERRED).toBe(61209320)
  })

  it('refuses a transfer without a type', () => {
    expect(failureOf('Snowflake.DataTransferHistory', { START_TIME: '2026-03-04T05:00:00Z' })).toBe(
      'missing required field TRANSFER_TYPE',
    )
  })
})
