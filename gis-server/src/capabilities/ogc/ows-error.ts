import type { MessageKey, MessageParams } from '@calepin/core';

/** OWS exception codes a WFS answers with (OGC 06-121r3 and WFS 2.0 table 3). */
export type OwsCode =
  | 'MissingParameterValue'
  | 'InvalidParameterValue'
  | 'OperationNotSupported'
  | 'VersionNegotiationFailed'
  | 'OperationParsingFailed'
  | 'OperationProcessingFailed'
  | 'NoApplicableCode';

/** A refusal of a WFS request: an ExceptionReport with a code, a locator and a translated text. */
export class OwsError extends Error {
  constructor(
    readonly code: OwsCode,
    readonly locator: string | null,
    readonly key: MessageKey,
    readonly params: MessageParams = {},
    readonly status = 400,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${code} ${locator ?? ''}: ${key}`);
    this.name = 'OwsError';
  }
}
