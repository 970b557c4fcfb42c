// RFC 3161 time-stamp requests and replies, with pkijs + asn1js doing the ASN.1 (no hand-rolled DER).
//   timestampQuery(digest)       → the DER TimeStampReq to POST (SHA-256 imprint, a nonce, certReq)
//   readTimestampReply(der, ...) → status, the token's facts, and whether it answers *this* request
//   verifyTimestampToken(...)    → the CMS signature over the token checked, chained to trusted certs
// The stored receipt.tsr is the whole TimeStampResp, as `openssl ts -reply` writes it, so anyone can also
// check it with `openssl ts -verify -in receipt.tsr -data receipt.json -CAfile tsa-ca.pem`.
import { createHash, randomBytes, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../../../shared/errors';

const SHA256_OID = '2.16.840.1.101.3.4.2.1';
const TST_INFO_OID = '1.2.840.113549.1.9.16.1.4';

/** One engine per use, on Node's WebCrypto: pkijs's global engine is never relied on. */
function cryptoEngine(): pkijs.ICryptoEngine {
  return new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: webcrypto as unknown as ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'] });
}

function arrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function hex(view: ArrayBuffer | Uint8Array): string {
  return Buffer.from(view instanceof Uint8Array ? view : new Uint8Array(view)).toString('hex');
}

export interface TimestampQuery {
  der: Buffer;
  /** Hex of the nonce sent; the reply must echo it. */
  nonce: string;
}

/** A TimeStampReq over a SHA-256 digest (32 bytes), asking for the TSA's certificate in the reply. */
export function timestampQuery(digest: Buffer, nonceBytes: Buffer = randomBytes(8)): TimestampQuery {
  if (digest.length !== 32) throw new AppError('INTERNAL', 'A time-stamp request needs a SHA-256 digest (32 bytes).');
  const nonce = Buffer.from(nonceBytes);
  nonce[0] = (nonce[0]! & 0x7f) | 0x01; // a positive INTEGER with no leading zero byte
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256_OID }),
      hashedMessage: new asn1js.OctetString({ valueHex: arrayBuffer(digest) }),
    }),
    nonce: new asn1js.Integer({ valueHex: arrayBuffer(nonce) }),
    certReq: true,
  });
  return { der: Buffer.from(request.toSchema().toBER(false)), nonce: nonce.toString('hex') };
}

export interface TokenFacts {
  /** PKIStatus: 0 granted, 1 granted with modifications; anything else is a refusal. */
  status: number;
  statusText: string | null;
  genTime: string | null;
  serial: string | null;
  /** Hex of the SHA-256 the token vouches for. */
  digest: string | null;
  nonce: string | null;
  policy: string | null;
  /** The TSA's name from the token, or the signer certificate's subject CN. */
  tsa: string | null;
}

function parseResponse(der: Uint8Array): pkijs.TimeStampResp {
  const asn = asn1js.fromBER(arrayBuffer(der));
  if (asn.offset === -1) throw new AppError('CORRUPT_DATA', 'The time-stamp reply is not DER (ASN.1) data.');
  try {
    return new pkijs.TimeStampResp({ schema: asn.result });
  } catch (error) {
    throw new AppError('CORRUPT_DATA', `The time-stamp reply is not an RFC 3161 TimeStampResp: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function signedDataOf(response: pkijs.TimeStampResp): pkijs.SignedData | null {
  const token = response.timeStampToken;
  if (!token || token.contentType !== '1.2.840.113549.1.7.2') return null;
  return new pkijs.SignedData({ schema: token.content });
}

function commonName(cert: pkijs.Certificate): string | null {
  const cn = cert.subject.typesAndValues.find((t) => t.type === '2.5.4.3');
  return cn ? String(cn.value.valueBlock.value) : null;
}

/** Reads a TimeStampResp (receipt.tsr). Throws CORRUPT_DATA when it is not one. */
export function readTimestampReply(der: Uint8Array): TokenFacts {
  const response = parseResponse(der);
  const status = response.status.status;
  const statusText = response.status.statusStrings?.map((s) => s.valueBlock.value).join('; ') ?? null;
  const signed = signedDataOf(response);
  const empty: TokenFacts = { status, statusText, genTime: null, serial: null, digest: null, nonce: null, policy: null, tsa: null };
  if (!signed) return empty;
  if (signed.encapContentInfo.eContentType !== TST_INFO_OID || !signed.encapContentInfo.eContent) {
    throw new AppError('CORRUPT_DATA', 'The time-stamp token does not carry a TSTInfo.');
  }
  const info = pkijs.TSTInfo.fromBER(signed.encapContentInfo.eContent.valueBlock.valueHexView);
  const signer = signed.certificates?.find((c): c is pkijs.Certificate => c instanceof pkijs.Certificate) ?? null;
  const tsaName = info.tsa?.type === 4 ? (info.tsa.value as pkijs.RelativeDistinguishedNames).typesAndValues.map((t) => String(t.value.valueBlock.value)).join(', ') : null;
  return {
    status,
    statusText,
    genTime: info.genTime.toISOString(),
    serial: hex(info.serialNumber.valueBlock.valueHexView),
    digest: info.messageImprint.hashAlgorithm.algorithmId === SHA256_OID ? hex(info.messageImprint.hashedMessage.valueBlock.valueHexView) : null,
    nonce: info.nonce ? hex(info.nonce.valueBlock.valueHexView) : null,
    policy: info.policy,
    tsa: tsaName ?? (signer ? commonName(signer) : null),
  };
}

/**
 * Checks that a reply answers the query it was given: granted, over this digest, with this nonce. Returns
 * the facts; throws an AppError saying what is wrong (a refusal is INVALID_REQUEST, a wrong token CORRUPT_DATA).
 */
export function acceptTimestampReply(der: Uint8Array, digest: Buffer, query: TimestampQuery): TokenFacts {
  const facts = readTimestampReply(der);
  if (facts.status !== 0 && facts.status !== 1) {
    throw new AppError('INVALID_REQUEST', `The time-stamp authority refused the request (PKIStatus ${facts.status}${facts.statusText ? `: ${facts.statusText}` : ''}).`);
  }
  if (facts.digest !== digest.toString('hex')) throw new AppError('CORRUPT_DATA', 'The time-stamp token is for another SHA-256 than the receipt sent.');
  if (facts.nonce !== null && facts.nonce.replace(/^0+/, '') !== query.nonce.replace(/^0+/, '')) {
    throw new AppError('CORRUPT_DATA', 'The time-stamp reply does not echo the nonce of the request (a replayed or mixed-up reply).');
  }
  return facts;
}

/** RFC 3161 §2.3: the TSA's certificate carries extendedKeyUsage timeStamping (and only it, critical). */
function hasTimeStampingUsage(cert: pkijs.Certificate): boolean {
  const eku = cert.extensions?.find((e) => e.extnID === '2.5.29.37');
  const purposes = (eku?.parsedValue as pkijs.ExtKeyUsage | undefined)?.keyPurposes ?? [];
  return purposes.includes('1.3.6.1.5.5.7.3.8');
}

/** Certificates from PEM text (one or more BEGIN CERTIFICATE blocks). */
export function certificatesFromPem(pem: string): pkijs.Certificate[] {
  const blocks = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
  if (blocks.length === 0) throw new AppError('INVALID_REQUEST', 'No PEM certificate (-----BEGIN CERTIFICATE-----) found in the TSA certificate file.');
  return blocks.map((m) => pkijs.Certificate.fromBER(arrayBuffer(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'))));
}

export interface TokenVerification {
  ok: boolean;
  /** What is wrong, when not ok. */
  problem: string | null;
  facts: TokenFacts;
}

/**
 * Verifies a stored TimeStampResp against the data it should time-stamp (the receipt's bytes) and the
 * trusted certificates (the TSA's certificate or the CA that issued it): the imprint must be the data's
 * SHA-256 and the CMS signature must verify with a signer certificate that chains to a trusted one.
 */
export async function verifyTimestampToken(der: Uint8Array, data: Uint8Array, trusted: pkijs.Certificate[]): Promise<TokenVerification> {
  let facts: TokenFacts;
  try {
    facts = readTimestampReply(der);
  } catch (error) {
    const empty: TokenFacts = { status: -1, statusText: null, genTime: null, serial: null, digest: null, nonce: null, policy: null, tsa: null };
    return { ok: false, problem: error instanceof Error ? error.message : String(error), facts: empty };
  }
  if (facts.status !== 0 && facts.status !== 1) return { ok: false, problem: `the reply is a refusal (PKIStatus ${facts.status}), not a token`, facts };
  const expected = createHash('sha256').update(data).digest('hex');
  if (facts.digest !== expected) return { ok: false, problem: `the token time-stamps SHA-256 ${facts.digest ?? '(not SHA-256)'}, but the receipt's is ${expected}`, facts };
  const signed = signedDataOf(parseResponse(der))!;
  // Given the TSA's own certificate rather than its CA: trust that exact certificate as the signer.
  const signer = signed.certificates?.find((c): c is pkijs.Certificate => c instanceof pkijs.Certificate) ?? null;
  const signerDer = signer ? hex(signer.toSchema().toBER(false)) : null;
  const signerTrusted = signerDer !== null && trusted.some((t) => hex(t.toSchema().toBER(false)) === signerDer);
  if (signer && !hasTimeStampingUsage(signer)) return { ok: false, problem: 'the token was signed by a certificate that is not for time-stamping (no extendedKeyUsage timeStamping)', facts };
  try {
    const result = await signed.verify({ signer: 0, data: arrayBuffer(data), trustedCerts: trusted, checkChain: !signerTrusted, extendedMode: true }, cryptoEngine());
    if (!result.signatureVerified) return { ok: false, problem: 'the token signature does not verify', facts };
    if (result.signerCertificateVerified === false) return { ok: false, problem: 'the token was signed by a certificate that does not chain to the TSA certificate given', facts };
    return { ok: true, problem: null, facts };
  } catch (error) {
    const message = error instanceof pkijs.SignedDataVerifyError || error instanceof Error ? error.message : String(error);
    return { ok: false, problem: `the token signature does not verify against the TSA certificate given (${message})`, facts };
  }
}
