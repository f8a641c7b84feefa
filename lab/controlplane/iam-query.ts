/**
 * IAM's wire protocol, the AWS query protocol, for the IAM stand-in: parameters
 * arrive form-encoded (`Action=…&Version=2010-05-08&…`, in a POST body or the query
 * string), answers are XML in IAM's namespace — `<ActionResponse><ActionResult>…` plus
 * ResponseMetadata — and errors are `<ErrorResponse><Error>` with Type, Code, Message.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** IAM's XML namespace and API version. */
export const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';
export const IAM_VERSION = '2010-05-08';

/** The IAM error codes the stand-in answers, with IAM's HTTP status and fault side. */
export const IAM_ERRORS = {
  NoSuchEntity: { status: 404, type: 'Sender' },
  NotSupportedService: { status: 404, type: 'Sender' },
  InvalidInput: { status: 400, type: 'Sender' },
  ValidationError: { status: 400, type: 'Sender' },
  ServiceFailure: { status: 500, type: 'Receiver' },
} as const;
export type IamErrorCode = keyof typeof IAM_ERRORS;

/** The request's parameters: the form-encoded body of a POST, else the query string. */
export function queryParametersOf(request: IncomingMessage, body: Buffer): URLSearchParams {
  if (body.length > 0) return new URLSearchParams(body.toString('utf8'));
  return new URL(request.url ?? '/', 'http://stand-in').searchParams;
}

/** A form-encoded request body for an IAM action. */
export function queryRequestBody(action: string, parameters: Record<string, string> = {}): Buffer {
  return Buffer.from(new URLSearchParams({ Action: action, Version: IAM_VERSION, ...parameters }).toString(), 'utf8');
}

/** Escapes text for an XML element. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** `<name>text</name>`, the text escaped. */
export function xmlElement(name: string, text: string): string {
  return `<${name}>${escapeXml(text)}</${name}>`;
}

/** An ISO 8601 time to the second, as IAM writes dates. */
export function iamDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function send(response: ServerResponse, status: number, xml: string, requestId: string): void {
  response.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
  response.end(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`);
}

/** Answers `<{action}Response><{action}Result>{resultXml}</…><ResponseMetadata>…` with 200. */
export function replyQueryResult(response: ServerResponse, action: string, resultXml: string): void {
  const requestId = randomUUID();
  send(
    response,
    200,
    `<${action}Response xmlns="${IAM_NAMESPACE}"><${action}Result>${resultXml}</${action}Result><ResponseMetadata>${xmlElement('RequestId', requestId)}</ResponseMetadata></${action}Response>`,
    requestId,
  );
}

/** Answers IAM's error document, with the code's status. */
export function replyQueryError(response: ServerResponse, code: IamErrorCode, message: string): void {
  const requestId = randomUUID();
  const { status, type } = IAM_ERRORS[code];
  send(
    response,
    status,
    `<ErrorResponse xmlns="${IAM_NAMESPACE}"><Error>${xmlElement('Type', type)}${xmlElement('Code', code)}${xmlElement('Message', message)}</Error>${xmlElement('RequestId', requestId)}</ErrorResponse>`,
    requestId,
  );
}
