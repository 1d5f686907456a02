// A stored PDF as the response: mission orders, report drafts and report versions.
import type { Readable } from 'node:stream';
import type Koa from 'koa';

/** Streams `file` as application/pdf, shown in the browser (inline) or downloaded (attachment) as `filename`. */
export function sendPdf(
  ctx: Koa.Context, file: { stream: Readable; size: number }, filename: string, disposition: 'inline' | 'attachment' = 'inline',
): void {
  ctx.type = 'application/pdf';
  ctx.length = file.size;
  if (disposition === 'attachment') ctx.attachment(filename);
  else ctx.set('content-disposition', `inline; filename="${filename}"`);
  ctx.body = file.stream;
}
