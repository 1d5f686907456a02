import { type Locale, type MessageKey, t } from '@calepin/core';
import type { Deps } from '../../http/context';
import type { MailRow } from '../../mail/queue';
import type { OutgoingMail } from '../../mail/mailer';
import { icalendar } from './planning/ical';
import { printedPlant } from './plant';
import { readMission } from './read';
import { PRINT_USER, fieldUrl, orderStore } from './order/render';

async function streamToBuffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/**
 * A team member's mail about a mission: in their language, the mission order PDF of the
 * version named by the row attached, and an iCalendar invitation (or its cancellation)
 * for each of their slots.
 */
export async function composeMissionMail(deps: Deps, row: MailRow): Promise<OutgoingMail> {
  const mission = await readMission(deps.db, PRINT_USER, row.topicId);
  const plant = await printedPlant(deps.db, mission.plantId);
  const { rows: users } = await deps.db.query<{ locale: Locale; fullName: string }>(
    'select locale, full_name as "fullName" from users where id = $1', [row.userId]);
  const locale = users[0]?.locale ?? 'fr';
  const name = users[0]?.fullName ?? row.email;
  const tag = locale === 'fr' ? 'fr-FR' : 'en-GB';
  const when = mission.plannedStart
    ? new Intl.DateTimeFormat(tag, { timeZone: plant.timezone, dateStyle: 'full', timeStyle: 'short' }).format(new Date(mission.plannedStart))
    : t(locale, 'mail.when_unknown');
  const kind = row.kind as 'planned' | 'changed' | 'cancelled';
  const params = { reference: mission.reference, title: mission.title, plant: plant.name, when, name };
  const url = fieldUrl(deps.config.publicUrl, mission.id);
  const text = [
    t(locale, 'mail.greeting', params), '', t(locale, `mail.body.${kind}` as MessageKey, params), '',
    t(locale, 'mail.open', { url }), '', deps.config.company.name,
  ].join('\n');

  const attachments: OutgoingMail['attachments'] = [];
  const version = row.detail.version as number | null | undefined;
  if (version && kind !== 'cancelled') {
    const { rows } = await deps.db.query<{ sha256: string }>(
      'select sha256 from mission_documents where mission_id = $1 and version = $2 and locale = $3', [mission.id, version, locale]);
    const file = rows[0] ? await orderStore(deps.config.filesDir).open(rows[0].sha256) : null;
    if (file) {
      attachments.push({ filename: `${mission.reference}-v${version}-${locale}.pdf`, content: await streamToBuffer(file.stream), contentType: 'application/pdf' });
    }
  }
  const { rows: slots } = await deps.db.query<{ id: string; start: Date; end: Date }>(
    `select id, lower(period) as start, upper(period) as end from interventions
      where mission_id = $1 and technician_id = $2 and (deleted_at is null or $3) order by lower(period)`,
    [mission.id, row.userId, kind === 'cancelled'],
  );
  const events = (slots.length ? slots : mission.plannedStart && mission.plannedEnd
    ? [{ id: `mission-${mission.id}`, start: new Date(mission.plannedStart), end: new Date(mission.plannedEnd) }] : []
  ).map((s) => ({
    uid: `${s.id}@calepin`,
    sequence: mission.revision,
    start: s.start,
    end: s.end,
    summary: `${mission.reference} — ${mission.title}`,
    description: text,
    location: [plant.name, plant.address, plant.city].filter(Boolean).join(', '),
    geo: plant.location ? { lon: plant.location.coordinates[0] as number, lat: plant.location.coordinates[1] as number } : undefined,
    url,
    status: kind === 'cancelled' ? ('CANCELLED' as const) : ('CONFIRMED' as const),
    organizer: { name: deps.config.company.name, email: deps.config.mailFrom.replace(/^.*<([^>]+)>.*$/, '$1') },
    attendees: [{ name, email: row.email }],
  }));
  const method = kind === 'cancelled' ? 'CANCEL' : 'REQUEST';
  return {
    to: row.email,
    subject: t(locale, `mail.subject.${kind}` as MessageKey, params),
    text,
    attachments,
    ...(events.length ? { icalEvent: { method, filename: 'invitation.ics', content: icalendar({ method, events }) } } : {}),
  };
}
