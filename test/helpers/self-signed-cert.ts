import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** Whether the `openssl` command is available to make test certificates. */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/**
 * Writes a self-signed certificate for 127.0.0.1 and its private key (encrypted with
 * `passphrase` when given) into `dir`. Node cannot create X.509 certificates, so openssl does.
 */
export function selfSignedCert(
  dir: string,
  passphrase?: string,
): { certFile: string; keyFile: string; cert: string } {
  const certFile = join(dir, 'cert.pem')
  const keyFile = join(dir, 'key.pem')
  const keyArgs = passphrase === undefined ? ['-noenc'] : ['-passout', `pass:${passphrase}`]
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      ...keyArgs,
    ],
    { stdio: 'ignore' },
  )
  return { certFile, keyFile, cert: readFileSync(certFile, 'utf8') }
}
