// The id of a mission's answers to one checklist template: a UUID v5 of the mission and the
// template, so that two tablets answering the same checklist offline make the same row and
// their answers merge key by key (docs/sync.md §2). The same name and namespace as the
// server's checklistResponseId (core/src/sync/uuid-v5.ts, issue 16).
const NAMESPACE = '3f0e6b3c-9b1e-4f55-8d0a-6a8f2c1d7e41';

export async function uuidV5(name: string, namespace = NAMESPACE): Promise<string> {
  const ns = namespace.replace(/-/g, '').match(/../g)?.map((h) => parseInt(h, 16)) ?? [];
  const bytes = new Uint8Array([...ns, ...new TextEncoder().encode(name)]);
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-1', bytes));
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = Array.from(hash.slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const checklistResponseId = (missionId: string, templateId: string) =>
  uuidV5(`checklist_response:${missionId.toLowerCase()}:${templateId.toLowerCase()}`);
