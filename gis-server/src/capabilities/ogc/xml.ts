import { DOMParser, type Element } from '@xmldom/xmldom';
import { OwsError } from './ows-error';

/** Text safe inside an XML element or a double-quoted attribute. */
export function esc(value: string): string {
  return value.replace(/[<>&"]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : '&quot;'));
}

/**
 * Parses a request document; malformed XML is the caller's fault: OperationParsingFailed
 * (WFS 2.0's code for a request that cannot be parsed), with the parser's reason.
 */
export function parseXml(text: string, locator: string): Element {
  const problems: string[] = [];
  let root: Element | null = null;
  try {
    const doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') problems.push(message);
      },
    }).parseFromString(text, 'text/xml');
    root = doc.documentElement;
  } catch (error) {
    // xmldom throws on fatal errors (unclosed elements, unbound prefixes).
    problems.push(error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error));
  }
  if (problems.length || !root) {
    throw new OwsError('OperationParsingFailed', locator, 'e.ogc_xml_malformed', { reason: problems[0] ?? 'empty document' });
  }
  return root;
}

/** The element children of an element. */
export const children = (element: Element): Element[] =>
  Array.from(element.childNodes).filter((n): n is Element => n.nodeType === 1);

/** The first element child with this local name. */
export const child = (element: Element, localName: string): Element | undefined =>
  children(element).find((c) => c.localName === localName);

export const text = (element: Element | undefined): string => (element?.textContent ?? '').trim();

/** A property name without its namespace prefix or XPath steps: calepin:modules/calepin:code → code. */
export const localPart = (name: string): string => {
  const last = name.trim().split('/').pop() ?? '';
  return last.replace(/^@/, '').split(':').pop() ?? '';
};
