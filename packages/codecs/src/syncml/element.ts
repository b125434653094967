/** A minimal element tree, shared by the WBXML decoder/encoder and the SyncML response builder. */
export interface Element {
  name: string;
  /** Namespace to declare on this element (xmlns), e.g. syncml:metinf on Meta children. */
  xmlns?: string;
  text?: string;
  children?: Element[];
}

export const el = (name: string, content?: string | Element[], xmlns?: string): Element => ({
  name,
  ...(xmlns ? { xmlns } : {}),
  ...(typeof content === 'string' ? { text: content } : content ? { children: content } : {}),
});

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function toXml(element: Element, indent = ''): string {
  const attrs = element.xmlns ? ` xmlns="${escapeXml(element.xmlns)}"` : '';
  if (element.children && element.children.length > 0) {
    const inner = element.children.map((child) => toXml(child, `${indent}  `)).join('');
    return `${indent}<${element.name}${attrs}>\n${inner}${indent}</${element.name}>\n`;
  }
  if (element.text !== undefined && element.text !== '') {
    return `${indent}<${element.name}${attrs}>${escapeXml(element.text)}</${element.name}>\n`;
  }
  return `${indent}<${element.name}${attrs}/>\n`;
}
