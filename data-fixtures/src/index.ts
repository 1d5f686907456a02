export { DEMO_CLIENTS, DEMO_PASSWORD, DEMO_PLANTS, DEMO_USERS } from './demo/constants';
export { type DemoSummary, loadDemo } from './demo/load';
export {
  type GeneratePlantOptions, type GeneratedPlant, type LayoutCounts, type LayoutSpec,
  generateLayout, generatePlant, installGenerator, outlinePlant,
} from './generate';
