import { z } from 'zod'

/** A saved query: a named, tagged SQL statement over the lake. */
export const SavedQuery = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  sql: z.string(),
  tags: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type SavedQuery = z.infer<typeof SavedQuery>

/** Body of `POST /v1/saved-queries` and `PUT /v1/saved-queries/:id`. */
export const SavedQueryInput = z.object({
  name: z.string().min(1).max(200).describe('Unique name.'),
  description: z.string().max(10_000).default('').describe('What the query looks for.'),
  sql: z.string().min(1).max(100_000).describe('The SQL; Panther macros allowed.'),
  tags: z.array(z.string().min(1).max(100)).max(50).default([]).describe('Labels to find it by.'),
})
export type SavedQueryInput = z.infer<typeof SavedQueryInput>

/** Query string of `GET /v1/saved-queries`. */
export const ListSavedQueries = z.object({
  tag: z.string().optional().describe('Only queries with this tag.'),
})
