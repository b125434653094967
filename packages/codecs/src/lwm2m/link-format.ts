import { LWM2M_ERRORS, Lwm2mCodecError } from './errors.ts';

export interface Link {
  path: string;
  attributes: Record<string, string | true>;
}

// RFC 6690 link-format as LwM2M registration uses it: </>;rt="oma.lwm2m";ct=110,</1/0>,</5>;ver=1.1
// Quoted values may contain commas and semicolons, so this is a small scanner rather than a split. Sticky
// expressions match at the cursor only, so the whole scan is linear in the text.
const NAME = /[A-Za-z0-9!#$&+\-.^_`|~]+/y;
const BARE_VALUE = /[^;,]*/y;

/** A registration lists one link per object instance; LwM2M devices have tens, not thousands. */
export const LINK_FORMAT_LIMITS = { maxLinks: 512, maxAttributesPerLink: 16 } as const;

function matchAt(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}

export function parseLinkFormat(text: string): Link[] {
  const links: Link[] = [];
  let i = 0;
  const s = text.trim();
  const fail = (why: string): never => {
    throw new Lwm2mCodecError(LWM2M_ERRORS.BAD_LINK_FORMAT, `link-format: ${why} at character ${i}`);
  };
  while (i < s.length) {
    while (s[i] === ' ' || s[i] === '\n' || s[i] === '\r') i++;
    if (links.length >= LINK_FORMAT_LIMITS.maxLinks) fail(`more than ${LINK_FORMAT_LIMITS.maxLinks} links`);
    if (s[i] !== '<') fail('expected "<"');
    const end = s.indexOf('>', i);
    if (end < 0) fail('unterminated "<"');
    const path = s.slice(i + 1, end);
    if (!path.startsWith('/')) fail(`link target ${JSON.stringify(path)} is not a path`);
    i = end + 1;
    // No prototype: an attribute named __proto__ is just a name.
    const attributes: Record<string, string | true> = Object.create(null);
    let count = 0;
    while (s[i] === ';') {
      i++;
      count += 1;
      if (count > LINK_FORMAT_LIMITS.maxAttributesPerLink)
        fail(`more than ${LINK_FORMAT_LIMITS.maxAttributesPerLink} attributes on one link`);
      const name = matchAt(NAME, s, i) ?? fail('expected an attribute name');
      i += name.length;
      if (s[i] !== '=') {
        attributes[name] = true;
        continue;
      }
      i++;
      if (s[i] === '"') {
        const close = s.indexOf('"', i + 1);
        if (close < 0) fail('unterminated quoted value');
        attributes[name] = s.slice(i + 1, close);
        i = close + 1;
      } else {
        const value = matchAt(BARE_VALUE, s, i) ?? '';
        attributes[name] = value.trim();
        i += value.length;
      }
    }
    links.push({ path, attributes });
    while (s[i] === ' ') i++;
    if (i < s.length) {
      if (s[i] !== ',') fail('expected ","');
      i++;
    }
  }
  return links;
}
