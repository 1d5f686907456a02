// The missions downloaded on this device, remembered for offline starts (the packages
// themselves are in the store; this is what the mission list shows without a network).
import type { FieldMission } from '@calepin/core';

const KEY = 'calepin.field.missions';

export interface DownloadedMission {
  id: string;
  reference: string;
  title: string;
  plantName: string;
  auditTypes: string[];
  size: number;
  downloadedAt: string;
}

export function downloadedMissions(): Record<string, DownloadedMission> {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, DownloadedMission>;
  } catch {
    return {};
  }
}

export function remember(mission: FieldMission, size: number): void {
  const all = downloadedMissions();
  all[mission.id] = {
    id: mission.id, reference: mission.reference, title: mission.title, plantName: mission.plant.name, auditTypes: mission.auditTypes,
    size, downloadedAt: new Date().toISOString(),
  };
  localStorage.setItem(KEY, JSON.stringify(all));
}

export function forget(missionId: string): void {
  const all = downloadedMissions();
  delete all[missionId];
  localStorage.setItem(KEY, JSON.stringify(all));
}
