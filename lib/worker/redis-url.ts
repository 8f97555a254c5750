// Redis URLs as the user gives them (--redis): checked at the edge, and shown
// with the password replaced (secrets are never logged). No queue code here,
// so the CLI checks the flag without loading BullMQ.

/** The URL with any password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return '(an unparsable Redis URL)';
  }
}

/** Usage check of a --redis value: redis:// or rediss:// with a host. */
export function checkRedisUrl(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'a URL such as redis://127.0.0.1:6379';
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') return `a redis:// or rediss:// URL, not ${u.protocol}`;
  if (u.hostname === '') return 'a URL with a host, such as redis://127.0.0.1:6379';
  return undefined;
}
