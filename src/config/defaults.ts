/** CommCare HQ's main server: the default for a destination (regional or self-hosted servers are set explicitly). */
export const DEFAULT_COMMCARE_URL = 'https://www.commcarehq.org';
