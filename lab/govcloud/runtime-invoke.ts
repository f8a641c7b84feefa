/**
 * The lab proxy's upstream: commercial Bedrock is the lab's Bedrock runtime
 * stand-in, reached over loopback HTTPS (SNI = a runtime hostname its
 * certificate covers, trusted through the lab CA). The Converse wire format is
 * the stand-in's own; the body is what the proxy was asked to forward.
 */
import { request } from 'node:https';
import type { ProxyInvoke } from './proxy-stand-in.ts';

/** An invoke that posts Converse requests to the runtime stand-in listening on `port`. */
export function runtimeStandInInvoke(port: number, runtimeHostname: string, caPem: string): ProxyInvoke {
  return (modelId, body) =>
    new Promise((resolve, reject) => {
      const payload = JSON.stringify({
        messages: body.messages ?? [{ role: 'user', content: [{ text: String(body.prompt ?? '') }] }],
        inferenceConfig: { maxTokens: body.maxTokens ?? 16 },
      });
      const outgoing = request(
        {
          host: '127.0.0.1',
          port,
          servername: runtimeHostname,
          ca: caPem,
          method: 'POST',
          path: `/model/${encodeURIComponent(modelId)}/converse`,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), host: runtimeHostname },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // a non-JSON answer is passed on as text
            }
            resolve({ status: response.statusCode ?? 502, body: parsed });
          });
        },
      );
      outgoing.once('error', reject);
      outgoing.end(payload);
    });
}
