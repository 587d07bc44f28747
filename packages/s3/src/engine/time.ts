/** HTTP dates as S3 writes them: "Wed, 25 Nov 2026 12:00:00 GMT". */
export function httpDateOf(ms: number): string {
  return new Date(ms).toUTCString();
}
