// UUID version 5 (RFC 9562: SHA-1 of a namespace and a name), synchronous and without
// node:crypto so that the field app computes the same ids offline in the browser.
// Used where two devices must make the same id for the same thing without talking to
// each other: a mission's answers to one checklist template (docs/sync.md §2).

/** Calepin's namespace for derived ids (a random v4 UUID, fixed forever). */
export const CALEPIN_NAMESPACE = '3f0e6b3c-9b1e-4f55-8d0a-6a8f2c1d7e41';

export function uuidV5(name: string, namespace: string = CALEPIN_NAMESPACE): string {
  const ns = namespace.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(ns)) throw new Error(`not a UUID: ${namespace}`);
  const nsBytes = ns.match(/../g)!.map((h) => parseInt(h, 16));
  const hash = sha1([...nsBytes, ...new TextEncoder().encode(name)]);
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.slice(0, 16).map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of a mission's response to a checklist template: the same on every device. */
export const checklistResponseId = (missionId: string, templateId: string) =>
  uuidV5(`checklist_response:${missionId.toLowerCase()}:${templateId.toLowerCase()}`);

function sha1(bytes: number[]): number[] {
  const length = bytes.length;
  const padded = [...bytes, 0x80];
  while (padded.length % 64 !== 56) padded.push(0);
  const bits = length * 8;
  for (let i = 7; i >= 0; i--) padded.push(i >= 4 ? Math.floor(bits / 2 ** (8 * i)) & 0xff : (bits >>> (8 * i)) & 0xff);
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  const w = new Array<number>(80);
  const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let i = 0; i < 16; i++) {
      const j = offset + i * 4;
      w[i] = ((padded[j] as number) << 24) | ((padded[j + 1] as number) << 16) | ((padded[j + 2] as number) << 8) | (padded[j + 3] as number);
    }
    for (let i = 16; i < 80; i++) w[i] = rotl((w[i - 3] as number) ^ (w[i - 8] as number) ^ (w[i - 14] as number) ^ (w[i - 16] as number), 1);
    let [a, b, c, d, e] = h as [number, number, number, number, number];
    for (let i = 0; i < 80; i++) {
      const [f, k] =
        i < 20 ? [(b & c) | (~b & d), 0x5a827999]
        : i < 40 ? [b ^ c ^ d, 0x6ed9eba1]
        : i < 60 ? [(b & c) | (b & d) | (c & d), 0x8f1bbcdc]
        : [b ^ c ^ d, 0xca62c1d6];
      const t = (rotl(a, 5) + f + e + k + (w[i] as number)) | 0;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = t;
    }
    h[0] = ((h[0] as number) + a) | 0;
    h[1] = ((h[1] as number) + b) | 0;
    h[2] = ((h[2] as number) + c) | 0;
    h[3] = ((h[3] as number) + d) | 0;
    h[4] = ((h[4] as number) + e) | 0;
  }
  return h.flatMap((x) => [(x >>> 24) & 0xff, (x >>> 16) & 0xff, (x >>> 8) & 0xff, x & 0xff]);
}
