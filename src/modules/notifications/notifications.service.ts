import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types';
import type { FieldCrypto } from '../../server/security/fieldCrypto';
import { maskPhone } from '../../server/security/mask';
import {
  notificationTemplates,
  renderTemplate,
  type Inbox,
  type NotificationTemplate,
  type OutboxEntry,
} from '../../shared/notifications';

type Executor = Kysely<DB> | Transaction<DB>;

/** A message on its way out: to whom (masked for the log; the phone itself only for a real gateway). */
export interface OutboundMessage {
  template: NotificationTemplate;
  title: string;
  body: string;
  /** Plain phone number, when known (a real SMS gateway needs it); never stored. */
  phone: string | null;
  /** What the log shows: a masked phone or a name. */
  recipientLabel: string;
}

/** One outbound channel (SMS, WeChat template message). Sends inside the caller's transaction. */
export interface OutboundChannel {
  readonly name: 'sms' | 'wechat';
  send(tx: Executor, message: OutboundMessage): Promise<void>;
}

/**
 * Development adapter: writes what would be sent to the outbox table (外发记录), which admins can read.
 * A production gateway implements the same interface and records `sent` / `failed`.
 */
export class OutboxChannel implements OutboundChannel {
  constructor(readonly name: 'sms' | 'wechat') {}
  async send(tx: Executor, message: OutboundMessage): Promise<void> {
    await tx
      .insertInto('outbox')
      .values({
        id: randomUUID(),
        channel: this.name,
        recipient: message.recipientLabel.slice(0, 40),
        template: message.template,
        body: message.body,
        status: 'logged',
        createdAt: new Date().toISOString(),
      })
      .execute();
  }
}

const outbound: { channels: OutboundChannel[]; crypto: FieldCrypto | null } = {
  channels: [new OutboxChannel('sms')],
  crypto: null,
};

/** Sets the outbound channels and the key used to read phones (once, at start-up). */
export function configureOutbound(options: { crypto?: FieldCrypto; channels?: OutboundChannel[] }): void {
  if (options.crypto) outbound.crypto = options.crypto;
  if (options.channels) outbound.channels = options.channels;
}

export interface NotifyInput {
  accountIds?: string[];
  volunteerIds?: string[];
  template: NotificationTemplate;
  params: Record<string, string | number>;
  /** A path inside the app the message points to. */
  link?: string | null;
}

/**
 * Puts a message in the inbox of each account (volunteers: their accounts) and, for templates meant to
 * reach people outside the app, hands it to the outbound channels for each volunteer with a phone.
 * Runs inside the caller's transaction, so a message exists exactly when the change it reports does.
 */
export async function notify(tx: Executor, input: NotifyInput): Promise<{ inbox: number; outbound: number }> {
  const { title, body } = renderTemplate(input.template, input.params);
  const accountIds = new Set(input.accountIds ?? []);
  const volunteerIds = [...new Set(input.volunteerIds ?? [])];
  if (volunteerIds.length) {
    const rows = await tx
      .selectFrom('accounts')
      .select('id')
      .where('volunteerId', 'in', volunteerIds)
      .where('status', '=', 'active')
      .execute();
    for (const r of rows) accountIds.add(r.id);
  }
  const now = new Date().toISOString();
  const ids = [...accountIds];
  for (let i = 0; i < ids.length; i += 200) {
    await tx
      .insertInto('notifications')
      .values(
        ids.slice(i, i + 200).map((accountId) => ({
          id: randomUUID(),
          accountId,
          template: input.template,
          title,
          body,
          link: input.link ?? null,
          readAt: null,
          createdAt: now,
        })),
      )
      .execute();
  }
  let sent = 0;
  if (notificationTemplates[input.template].outbound && volunteerIds.length) {
    const people = await tx
      .selectFrom('volunteers')
      .select(['id', 'name', 'phoneEnc'])
      .where('id', 'in', volunteerIds)
      .execute();
    for (const p of people) {
      const phone = p.phoneEnc && outbound.crypto ? safeDecrypt(outbound.crypto, p.phoneEnc) : null;
      sent += await sendOutbound(tx, {
        template: input.template,
        title,
        body,
        phone,
        recipientLabel: `${p.name} ${maskPhone(phone) ?? ''}`.trim(),
      });
    }
  }
  return { inbox: ids.length, outbound: sent };
}

/** An outbound message to a phone number that has no account (a resident who filed a request). */
export async function notifyPhone(
  tx: Executor,
  phone: string,
  template: NotificationTemplate,
  params: Record<string, string | number>,
): Promise<void> {
  const { title, body } = renderTemplate(template, params);
  await sendOutbound(tx, { template, title, body, phone, recipientLabel: maskPhone(phone) ?? '' });
}

async function sendOutbound(tx: Executor, message: OutboundMessage): Promise<number> {
  for (const channel of outbound.channels) await channel.send(tx, message);
  return outbound.channels.length;
}

function safeDecrypt(crypto: FieldCrypto, enc: string): string | null {
  try {
    return crypto.decrypt(enc);
  } catch {
    return null;
  }
}

/** The signed-in person's inbox. */
export class NotificationsService {
  constructor(private readonly db: Kysely<DB>) {}

  async inbox(accountId: string, unreadOnly = false, limit = 50): Promise<Inbox> {
    let q = this.db
      .selectFrom('notifications')
      .selectAll()
      .where('accountId', '=', accountId)
      .orderBy('createdAt', 'desc')
      .orderBy('id')
      .limit(limit);
    if (unreadOnly) q = q.where('readAt', 'is', null);
    const rows = await q.execute();
    return {
      items: rows.map((r) => ({
        id: r.id,
        template: r.template,
        title: r.title,
        body: r.body,
        link: r.link,
        read: r.readAt !== null,
        createdAt: r.createdAt,
      })),
      unread: await this.unread(accountId),
    };
  }

  async unread(accountId: string): Promise<number> {
    const r = await this.db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('accountId', '=', accountId)
      .where('readAt', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Marks the given messages (or all) read; only the caller's own. */
  async markRead(accountId: string, ids: string[] | 'all'): Promise<number> {
    let q = this.db
      .updateTable('notifications')
      .set({ readAt: new Date().toISOString() })
      .where('accountId', '=', accountId)
      .where('readAt', 'is', null);
    if (ids !== 'all') {
      if (!ids.length) return 0;
      q = q.where('id', 'in', ids);
    }
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async outbox(limit = 200): Promise<OutboxEntry[]> {
    const rows = await this.db
      .selectFrom('outbox')
      .selectAll()
      .orderBy('createdAt', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r }));
  }
}
