// Request dates. SigV4 takes X-Amz-Date in ISO 8601 basic format (`20150830T123600Z`) or, failing
// that, the HTTP Date header; the string to sign always uses the basic format
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html).

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** `20150830T123600Z` → Date; undefined unless well-formed and a real instant. */
export function parseAmzDate(text: string): Date | undefined {
  // Every request of the same second carries the same date: remember the last one parsed.
  if (text === lastParsed.text) return new Date(lastParsed.ms);
  const m = AMZ_DATE.exec(text);
  if (m === null) return undefined;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  if (isoBasic(date) !== text) return undefined; // rejects 20150231, 25:00 and the like
  lastParsed = { text, ms: date.getTime() };
  return date;
}

let lastParsed = { text: '', ms: 0 };
let lastFormatted = { seconds: NaN, text: '' };

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
  const seconds = Math.floor(date.getTime() / 1000);
  if (seconds === lastFormatted.seconds) return lastFormatted.text;
  const s = date.toISOString();
  const text = `${s.slice(0, 4)}${s.slice(5, 7)}${s.slice(8, 10)}T${s.slice(11, 13)}${s.slice(14, 16)}${s.slice(17, 19)}Z`;
  lastFormatted = { seconds, text };
  return text;
}

/** Date → `2015-08-30T12:36:00Z`, the form of S3's `<ServerTime>` and `<Expires>`. */
export function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
