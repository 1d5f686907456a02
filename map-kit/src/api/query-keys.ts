// TanStack Query keys, defined once: a screen reads with them, an edit or a live change
// invalidates with them. A key without its last parts is the prefix of every longer one
// (`queryKeys.plans()` invalidates every plant's plan list).

const tail = <T>(...parts: (T | undefined)[]): T[] => {
  const last = parts.findLastIndex((p) => p !== undefined);
  return parts.slice(0, last + 1) as T[];
};

export const queryKeys = {
  config: () => ['config'] as const,
  stats: () => ['stats'] as const,
  clients: (params?: object) => ['clients', ...tail(params)] as const,
  client: (clientId?: string) => ['client', ...tail(clientId)] as const,
  plants: (params?: object) => ['plants', ...tail(params)] as const,
  plant: (plantId?: string) => ['plant', ...tail(plantId)] as const,
  history: (plantId: string) => ['history', plantId] as const,
  documents: (plantId: string) => ['documents', plantId] as const,
  /** A plant's reports (issue 18), or every plant's. */
  reports: (plantId?: string) => ['reports', ...tail(plantId)] as const,
  moduleModels: () => ['module-models'] as const,
  /** The legend's counts under the map's filters. */
  statusCounts: (plantId: string, filters?: object) => ['status-counts', plantId, ...tail(filters)] as const,
  inverters: (plantId: string) => ['inverters', plantId] as const,
  /** The map's strings, of one inverter or (null) of the plant. */
  strings: (plantId: string, inverter?: string | null) => ['strings', plantId, ...tail(inverter)] as const,
  /** The outline of what the map's inverter or string filter keeps: under the strings' key, so an edit refetches it. */
  mapSelection: (plantId: string, filter: { inverter?: string; string?: string }) => ['strings', plantId, 'selection', filter] as const,
  module: (plantId: string, moduleId?: string | null, audit?: string | null) => ['module', plantId, ...tail<string | null>(moduleId, audit)] as const,
  /** The layout editor's reads: a layer's features, the wiring warnings, the string ends in view. */
  layout: (plantId: string, ...part: (string | number | object)[]) => ['layout', plantId, ...part] as const,
  plans: (plantId?: string) => ['plans', ...tail(plantId)] as const,
  plan: (planId?: string) => ['plan', ...tail(planId)] as const,
  job: (jobId: string | null) => ['job', jobId] as const,
  /** User accounts (the administrator's screens): the list with its filters, and one account. */
  users: (params?: object) => ['users', ...tail(params)] as const,
  user: (userId?: string) => ['user', ...tail(userId)] as const,
  /** The caller's own personal access tokens. */
  personalTokens: () => ['personal-tokens'] as const,
  missions: (filters?: object) => ['missions', ...tail(filters)] as const,
  mission: (missionId?: string) => ['mission', ...tail(missionId)] as const,
  /** A mission's events, order versions and e-mails (from background jobs: polled). */
  missionActivity: (missionId?: string) => ['mission-activity', ...tail(missionId)] as const,
  /** A mission's progress (team, work zones, people): refetched on each live `changes` of the mission. */
  missionProgress: (missionId?: string) => ['mission-progress', ...tail(missionId)] as const,
  /** What a mission form offers for a plant: its areas, checklist templates and plans. */
  missionChoices: (plantId?: string) => ['mission-choices', ...tail(plantId)] as const,
  /** The people a mission can take (the board's technicians). */
  staff: () => ['staff'] as const,
  board: (filters?: object) => ['board', ...tail(filters)] as const,
  weekRoutes: (week?: string) => ['week-routes', ...tail(week)] as const,
  calendarFeeds: () => ['calendar-feeds'] as const,
  notifications: () => ['notifications'] as const,
};

/** What a change of a mission or of its slots may change: the lists, the board, the week's routes, the bell. */
export const missionEditKeys = (missionId?: string) => [
  queryKeys.missions(),
  queryKeys.mission(missionId),
  queryKeys.missionActivity(missionId),
  queryKeys.board(),
  queryKeys.weekRoutes(),
  queryKeys.notifications(),
];

/** What an edit of a plant's layout may change, by this user or another (the live changes refetch these). */
export const plantEditKeys = (plantId: string) => [
  queryKeys.layout(plantId),
  queryKeys.strings(plantId),
  queryKeys.inverters(plantId),
  queryKeys.statusCounts(plantId),
  queryKeys.module(plantId),
];
