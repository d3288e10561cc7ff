// Reading the Authorization header and the credential scope.
//   Authorization: AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam/aws4_request,
//                  SignedHeaders=host;x-amz-date, Signature=5d672d79…
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html#add-signature-to-request).
// The parts are separated by commas and/or spaces. AWS rejects a part without `=` before anything else,
// quoting it: `'AKID/20150830/…' not a valid key=value pair (missing equal-sign) in Authorization
// header: '…'.` — which is what a key id with a stray space produces (aws/aws-sdk-go#289).

export interface AuthorizationParts {
  /** The first word: `AWS4-HMAC-SHA256`, `AWS` (SigV2), `Bearer`, … */
  readonly algorithm: string;
  readonly credential?: string;
  readonly signedHeaders?: string;
  readonly signature?: string;
  /** The first part that has no `=`, when there is one. */
  readonly badPair?: string;
}

const SEPARATORS = /[\s,]+/;

export function parseAuthorization(value: string): AuthorizationParts {
  const text = value.trim();
  const space = text.search(/\s/);
  const algorithm = space < 0 ? text : text.slice(0, space);
  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  if (space >= 0) {
    for (const part of text.slice(space + 1).split(SEPARATORS)) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      if (eq < 0) return { algorithm, badPair: part };
      const name = part.slice(0, eq);
      const v = part.slice(eq + 1);
      if (name === 'Credential') credential ??= v;
      else if (name === 'SignedHeaders') signedHeaders ??= v;
      else if (name === 'Signature') signature ??= v;
    }
  }
  return { algorithm, credential, signedHeaders, signature };
}

export interface CredentialScope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
}

/** keyid/date/region/service/aws4_request → parts; trailing slashes are ignored (dynalite's notes). */
export function parseCredential(credential: string): CredentialScope | undefined {
  let end = credential.length;
  while (end > 0 && credential.charCodeAt(end - 1) === 0x2f) end--;
  const parts = credential.slice(0, end).split('/');
  if (parts.length !== 5) return undefined;
  const [accessKeyId, date, region, service, terminator] = parts;
  return { accessKeyId, date, region, service, terminator };
}

/** The signing name a Credential claims, read leniently (before it is validated). */
export function credentialService(credential: string | undefined): string | undefined {
  return credential?.split('/')[3];
}
