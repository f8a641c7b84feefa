/**
 * AWS error answers in each protocol's own shape, so the SDK parses an injected fault
 * exactly as it would parse the real one (error name, HTTP status, request id):
 *
 * - JSON 1.0/1.1: `x-amzn-errortype` header and `{"__type": code, "message"}`;
 * - REST-JSON: `x-amzn-errortype` header and `{"message"}`;
 * - query (IAM, STS): `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>`;
 * - EC2: `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/>`;
 * - REST-XML: Route 53's `<ErrorResponse>` in its namespace, S3's bare `<Error>`.
 *
 * A throttle defaults to what each service really answers: 400 `ThrottlingException`
 * (JSON), 429 `ThrottlingException` (REST-JSON), 400 `Throttling` (query, Route 53),
 * 503 `RequestLimitExceeded` (EC2) and 503 `SlowDown` (S3).
 */
import { randomUUID } from 'node:crypto';
import type { WireCall } from './wire-call.ts';

/** An error answer ready to write. */
export interface ErrorAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** An AWS error: HTTP status, error code, message. */
export interface AwsError {
  status: number;
  code: string;
  message: string;
}

/** The throttling error each protocol (and service) answers with. */
export function throttleFor(call: WireCall): AwsError {
  switch (call.protocol) {
    case 'json':
      return { status: 400, code: 'ThrottlingException', message: 'Rate exceeded' };
    case 'rest-json':
      return { status: 429, code: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' };
    case 'query':
      return { status: 400, code: 'Throttling', message: 'Rate exceeded' };
    case 'ec2':
      return { status: 503, code: 'RequestLimitExceeded', message: 'Request limit exceeded.' };
    case 'rest-xml':
      return call.service === 's3'
        ? { status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' }
        : { status: 400, code: 'Throttling', message: 'Rate exceeded' };
  }
}

/** The internal-error code each protocol uses for a 5xx. */
export function internalErrorFor(call: WireCall, status = 500): AwsError {
  const code = call.protocol === 'ec2' || call.protocol === 'rest-xml' ? 'InternalError' : call.protocol === 'query' ? 'ServiceFailure' : 'InternalFailure';
  return { status, code, message: 'We encountered an internal error. Please try again.' };
}

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Namespaces of the query and REST-XML services crisp calls (the SDK does not require one, AWS sends it). */
const NAMESPACES: Record<string, string> = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  route53: 'https://route53.amazonaws.com/doc/2013-04-01/',
};

/** Renders an error in the request's protocol. */
export function errorAnswer(call: WireCall, error: AwsError): ErrorAnswer {
  const requestId = randomUUID();
  const { status, code, message } = error;
  switch (call.protocol) {
    case 'json':
      return {
        status,
        headers: { 'content-type': `application/x-amz-json-${call.jsonVersion ?? '1.1'}`, 'x-amzn-errortype': code, 'x-amzn-requestid': requestId },
        body: JSON.stringify({ __type: code, message }),
      };
    case 'rest-json':
      return {
        status,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': code, 'x-amzn-requestid': requestId },
        body: JSON.stringify({ message }),
      };
    case 'ec2':
      return {
        status,
        headers: { 'content-type': 'text/xml;charset=UTF-8' },
        body: `${XML_DECLARATION}<Response><Errors><Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
      };
    case 'query':
    case 'rest-xml': {
      if (call.service === 's3')
        return {
          status,
          headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
          body: `${XML_DECLARATION}<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message><RequestId>${requestId}</RequestId></Error>`,
        };
      const namespace = NAMESPACES[call.service ?? ''];
      const type = status >= 500 ? 'Receiver' : 'Sender';
      return {
        status,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
        body: `${XML_DECLARATION}<ErrorResponse${namespace ? ` xmlns="${namespace}"` : ''}><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
    }
  }
}
