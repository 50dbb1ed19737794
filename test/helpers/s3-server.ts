import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { tempDir } from './temp-dir.js'

/** The part of s3rver (untyped CommonJS) the tests use. */
interface S3rverInstance {
  run(): Promise<AddressInfo>
  close(): Promise<void>
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance

/** The credentials s3rver accepts (it checks signatures). */
export const s3rverCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }

/** A real S3-compatible server (s3rver) on 127.0.0.1, a free port and a temp directory. */
export async function startS3Server(): Promise<{
  endpoint: string
  client: S3Client
  createBucket(name: string): Promise<void>
  put(bucket: string, key: string, body: string | Buffer): Promise<void>
  close(): Promise<void>
}> {
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass
  const dir = tempDir('s3rver')
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir.path })
  const address = await server.run()
  const endpoint = `http://127.0.0.1:${address.port}`
  const client = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { ...s3rverCredentials },
  })
  return {
    endpoint,
    client,
    async createBucket(name) {
      await client.send(new CreateBucketCommand({ Bucket: name }))
    },
    async put(bucket, key, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }))
    },
    async close() {
      client.destroy()
      await server.close()
      dir.remove()
    },
  }
}
