import { DOMParser, type Element } from '@xmldom/xmldom';
import { OwsError } from './ows-error';

/** Text safe inside an XML element or a double-quoted attribute. */
export function esc(value: string): string {
  return value.replace(/[<>&"]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : '&quot;'));
}

/**
 * The deepest nesting a request may have. Real documents stay far below (a GML
 * multipolygon in a transaction is 10 levels deep; QGIS nests one And or Or per operator
 * of an expression), and every later step (the DOM, the filter parser, PostgreSQL's
 * parser) walks the tree recursively: 20,000 nested fes:Not overflowed the stack.
 */
export const MAX_XML_DEPTH = 256;

/**
 * The nesting depth of a document, up to `max + 1`, read without building it. Markup in
 * comments counts too, which can only make a legitimate document look deeper.
 */
export function xmlDepth(text: string, max = MAX_XML_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  for (let i = text.indexOf('<'); i !== -1 && i < text.length; i = text.indexOf('<', i + 1)) {
    const next = text.charCodeAt(i + 1);
    if (next === 47 /* / */) {
      depth--;
      continue;
    }
    if (next === 33 /* ! */ || next === 63 /* ? */) continue;
    // The end of the tag, past quoted attribute values (which may hold '>').
    let j = i + 1;
    let quote = 0;
    for (; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 34 || c === 39) quote = c;
      else if (c === 62 /* > */) break;
    }
    if (text.charCodeAt(j - 1) !== 47 /* / */) {
      depth++;
      if (depth > deepest && (deepest = depth) > max) return deepest;
    }
    i = j;
  }
  return deepest;
}

/**
 * Parses a request document; malformed XML is the caller's fault: OperationParsingFailed
 * (WFS 2.0's code for a request that cannot be parsed), with the parser's reason.
 */
export function parseXml(text: string, locator: string): Element {
  if (xmlDepth(text) > MAX_XML_DEPTH) {
    throw new OwsError('OperationParsingFailed', locator, 'e.ogc_xml_too_deep', { max: MAX_XML_DEPTH });
  }
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
