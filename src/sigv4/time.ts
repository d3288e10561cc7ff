// Request dates. SigV4 takes X-Amz-Date in ISO 8601 basic format (`20150830T123600Z`) or, failing
// that, the HTTP Date header; the string to sign always uses the basic format
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html).

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** `20150830T123600Z` → Date; undefined unless well-formed and a real instant. */
export function parseAmzDate(text: string): Date | undefined {
  const m = AMZ_DATE.exec(text);
  if (m === null) return undefined;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return isoBasic(date) === text ? date : undefined; // rejects 20150231, 25:00 and the like
}

// IMF-fixdate, RFC 850 and asctime (RFC 9110 §5.6.7); Date.parse reads all three.
const HTTP_DATE = /^(?:[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT|[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT|[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4})$/;

/** An HTTP Date header → Date; undefined unless it is one of the three HTTP date forms. */
export function parseHttpDate(text: string): Date | undefined {
  if (!HTTP_DATE.test(text)) return undefined;
  const ms = Date.parse(text.endsWith('GMT') ? text : `${text} GMT`);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** Date → `20150830T123600Z` (whole seconds). */
export function isoBasic(date: Date): string {
  const s = date.toISOString();
  return `${s.slice(0, 4)}${s.slice(5, 7)}${s.slice(8, 10)}T${s.slice(11, 13)}${s.slice(14, 16)}${s.slice(17, 19)}Z`;
}

/** Date → `2015-08-30T12:36:00Z`, the form of S3's `<ServerTime>` and `<Expires>`. */
export function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
