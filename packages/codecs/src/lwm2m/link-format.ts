import { LWM2M_ERRORS, Lwm2mCodecError } from './errors.ts';

export interface Link {
  path: string;
  attributes: Record<string, string | true>;
}

// RFC 6690 link-format as LwM2M registration uses it: </>;rt="oma.lwm2m";ct=110,</1/0>,</5>;ver=1.1
// Quoted values may contain commas and semicolons, so this is a small scanner rather than a split.
export function parseLinkFormat(text: string): Link[] {
  const links: Link[] = [];
  let i = 0;
  const s = text.trim();
  const fail = (why: string): never => {
    throw new Lwm2mCodecError(LWM2M_ERRORS.BAD_LINK_FORMAT, `link-format: ${why} at character ${i}`);
  };
  while (i < s.length) {
    while (s[i] === ' ' || s[i] === '\n' || s[i] === '\r') i++;
    if (s[i] !== '<') fail('expected "<"');
    const end = s.indexOf('>', i);
    if (end < 0) fail('unterminated "<"');
    const path = s.slice(i + 1, end);
    if (!path.startsWith('/')) fail(`link target ${JSON.stringify(path)} is not a path`);
    i = end + 1;
    const attributes: Record<string, string | true> = {};
    while (s[i] === ';') {
      i++;
      const nameMatch = /^[A-Za-z0-9!#$&+\-.^_`|~]+/.exec(s.slice(i));
      if (!nameMatch) fail('expected an attribute name');
      const name = nameMatch![0];
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
        const value = /^[^;,]*/.exec(s.slice(i))![0];
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
