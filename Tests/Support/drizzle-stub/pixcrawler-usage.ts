// How the PixCrawler frontend uses the generated schema (the seed's examples), type-checked against it by
// TypeScriptCompileTests: the row and insert types under their names, enums as string unions, JSON shapes inside
// jsonb columns. The test copies this file next to a copy of Generated/drizzle/schema.ts.
import {
  apiKeys,
  creditAccounts,
  type APIKey,
  type CreditAccount,
  type CreditTransaction,
  type NewAPIKey,
  type NewAPIKeyByClient,
  type APIKeyUpdateByClient,
  type Notification,
  type NotificationPreference,
  type Project,
  type UsageMetric,
} from './schema';

export const newKey: NewAPIKey = {
  userId: '00000000-0000-0000-0000-000000000000',
  name: 'Production API Key',
  keyHash: 'hashed',
  keyPrefix: 'pk_live_',
  status: 'active',
  permissions: ['read', 'write'],
  rateLimit: 1000,
};

// What a browser client may send: the protected columns (status, rateLimit, ...) are not in the type.
export const clientKey: NewAPIKeyByClient = {
  userId: '00000000-0000-0000-0000-000000000000',
  name: 'Browser key',
  keyHash: 'hashed',
  keyPrefix: 'pk_live_',
};

export const rename: APIKeyUpdateByClient = { name: 'Renamed' };

// @ts-expect-error rateLimit is protected: a client cannot raise its own rate limit.
export const raise: APIKeyUpdateByClient = { rateLimit: 1000000 };

export function creditDisplay(account: CreditAccount): string {
  return `${account.currentBalance} credits`;
}

export function describeTransaction(transaction: CreditTransaction): string {
  const kind: 'purchase' | 'usage' | 'refund' | 'bonus' | 'auto_refill' = transaction.type;
  return `${kind} ${transaction.amount} -> ${transaction.balanceAfter}`;
}

export function unread(notifications: Notification[]): Notification[] {
  return notifications.filter((n) => !n.isRead && n.readAt === null);
}

export function channels(preference: NotificationPreference): string[] {
  return preference.channels?.email ?? [];
}

export function imagesToday(metrics: UsageMetric[]): number {
  return metrics.reduce((sum, m) => sum + m.imagesProcessed + m.storageUsedBytes * 0, 0);
}

export function engines(project: Project): string[] {
  const created: Date = project.createdAt;
  return created && project.settings.search_engines ? project.settings.search_engines : [];
}

export function lastUsed(key: APIKey): Date | null {
  return key.lastUsedAt;
}

export const tables = [apiKeys, creditAccounts];
