/**
 * CommCare HQ: the HTTP client, its resources, the streaming export-feed parser and the Data Forwarding
 * payload parsers. Depends only on core/. Shapes follow docs/commcare-api.md.
 */
export { type CommCareClient, createCommCareClient } from './client.ts';
export {
  authorizationHeader,
  type CommCareConnection,
  DEFAULT_COMMCARE_URL,
  normalizeBaseUrl,
} from './connection.ts';
export { sameInstant, toNaiveUtc } from './dates.ts';
export {
  type ExportFeed,
  type FeedCell,
  type FeedEvent,
  type FeedRow,
  MISSING_VALUE,
  parseExportFeed,
  readExportFeed,
} from './feed/feed-parser.ts';
export { type CommCareHttp, type CommCareHttpOptions, createCommCareHttp } from './http-client.ts';
export {
  type ForwardedCase,
  type ParsedCasePayload,
  parseCaseJson,
  parseCaseXml,
} from './payloads/case-payload.ts';
export { type ParsedFormPayload, parseFormJson, parseFormXml } from './payloads/form-payload.ts';
export { type ParsedPayload, parseForwardedPayload } from './payloads/forwarded-payload.ts';
export {
  createRateLimiter,
  createRateLimiters,
  DEFAULT_REQUESTS_PER_SECOND,
  type RateLimiter,
} from './rate-limiter.ts';
export {
  CASE_V2_MAX_LIMIT,
  type CaseV2Filters,
  checkpointOf,
  isCaseMiss,
} from './resources/cases-v2.ts';
export type { CaseV05Filters } from './resources/cases-v05.ts';
export type { FormFilters } from './resources/forms.ts';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.ts';
export type * from './types.ts';
