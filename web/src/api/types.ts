// The API's types, from core's zod schemas (never copied by hand).
export type {
  Client, ClientCreate, ClientUpdate, MapInverters, MapStrings, ModuleDetail, ModuleHit, ModuleHits, Plant,
  PlantCreate, PlantDocument, PlantHistory, PlantStatusCounts, PlantUpdate, Stats, WebConfig,
} from '@calepin/core';
