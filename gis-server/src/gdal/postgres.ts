// GDAL's PostgreSQL driver, shared by the exports and the mission package.

/** A libpq keyword connection string (GDAL's PG: driver does not read URLs). */
export function pgConnection(url: string): string {
  const u = new URL(url);
  const quote = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const parts: [string, string][] = [
    ['dbname', decodeURIComponent(u.pathname.slice(1))],
    ['host', decodeURIComponent(u.hostname)],
    ['port', u.port],
    ['user', decodeURIComponent(u.username)],
    ['password', decodeURIComponent(u.password)],
  ];
  for (const [key, value] of u.searchParams) parts.push([key, value]);
  return parts.filter(([, v]) => v !== '').map(([k, v]) => `${k}=${quote(v)}`).join(' ');
}
