// The plant in 3D (three.js), for the web app's 3D page and the field app's 3D view: its own
// entry, so that code without three.js does not load it.
export { type ModuleFeature, PlantScene } from './plant-scene';
export { type Panel, type PanelProps, panelMatrix } from './panels';
