/**
 * The outbox as LocalStack's GET /_aws/ses shows it: {"messages": [...]}, filtered by message id
 * (`id`) and by sender (`email`, the Source as given); DELETE clears it, or one message by `id`.
 */
import { commit, type SesContext } from "./context.js";
import type { SentEmail } from "./state.js";

/** A message as the outbox lists it (without the sandbox's bookkeeping fields). */
export type OutboxMessage = Omit<SentEmail, "sentAt" | "recipients">;

export function listOutbox(ctx: SesContext, filter: { id?: string; email?: string } = {}): OutboxMessage[] {
  const out: OutboxMessage[] = [];
  for (const email of ctx.durable.state.outbox.values()) {
    if (filter.id !== undefined && filter.id !== "" && email.Id !== filter.id) continue;
    if (filter.email !== undefined && filter.email !== "" && email.Source !== filter.email) continue;
    const { sentAt: _sentAt, recipients: _recipients, ...shown } = email;
    out.push(shown);
  }
  return out;
}

export async function clearOutbox(ctx: SesContext, id?: string): Promise<void> {
  if (id !== undefined && !ctx.durable.state.outbox.has(id)) return;
  if (id === undefined && ctx.durable.state.outbox.size === 0) return;
  await commit(ctx, { t: "clearOutbox", ...(id !== undefined ? { id } : {}) });
}
