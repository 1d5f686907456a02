// The three.js scene of a plant: a ground, the tables, the modules (instanced, one mesh per
// page loaded), orbit controls, rendering on demand, and picking a module by a click.
import {
  AmbientLight, BoxGeometry, Color, DirectionalLight, DoubleSide, HemisphereLight, InstancedMesh, Mesh, MeshLambertMaterial,
  PerspectiveCamera, PlaneGeometry, Raycaster, Scene, Vector2, Vector3, WebGLRenderer, Box3, Matrix4,
} from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { type MapStatus, STATUS_COLORS } from '@calepin/core';
import type { LonLat, PlantCrs } from '../crs';
import { type PanelProps, panelMatrix } from './panels';

export interface ModuleFeature { id: string; ring: LonLat[]; props: PanelProps; status: MapStatus }

interface ModuleMesh { mesh: InstancedMesh; ids: string[]; statuses: MapStatus[] }

const HIGHLIGHT = new Color('#d946ef');
const TABLE_COLOR = new Color('#64748b');

export class PlantScene {
  readonly renderer: WebGLRenderer;
  private scene = new Scene();
  private camera: PerspectiveCamera;
  private controls: OrbitControls;
  private unit = new BoxGeometry(1, 1, 1);
  private moduleMaterial = new MeshLambertMaterial({ color: 0xffffff });
  private tableMaterial = new MeshLambertMaterial({ color: TABLE_COLOR, transparent: true, opacity: 0.85 });
  private meshes: ModuleMesh[] = [];
  private bounds = new Box3();
  private selected: { entry: ModuleMesh; index: number } | null = null;
  /** The statuses shown instead of the modules' own (an audit's results), or null. */
  private shown: ReadonlyMap<string, MapStatus> | null = null;
  private frame = 0;
  private observer: ResizeObserver;
  moduleCount = 0;
  tableCount = 0;

  constructor(private container: HTMLElement, private crs: PlantCrs, private origin: [number, number]) {
    this.renderer = new WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
    this.renderer.setClearColor(new Color('#dbe4ee'));
    container.append(this.renderer.domElement);
    this.camera = new PerspectiveCamera(45, 1, 0.5, 20_000);
    this.camera.position.set(0, 80, 120);
    this.controls = new OrbitControls(this.camera, this.renderer.domElement);
    this.controls.maxPolarAngle = Math.PI / 2 - 0.02;
    // Three's defaults (1) turned the plant a quarter turn for a short drag (issue 13):
    // slower orbit and zoom, so that a tablet or a touchpad can aim at one table.
    this.controls.rotateSpeed = 0.35;
    this.controls.zoomSpeed = 0.6;
    this.controls.panSpeed = 0.7;
    this.controls.addEventListener('change', () => {
      this.fitDepth();
      this.render();
    });
    this.scene.add(new HemisphereLight(0xffffff, 0x8a8170, 1.6));
    this.scene.add(new AmbientLight(0xffffff, 0.5));
    const sun = new DirectionalLight(0xffffff, 1.6);
    sun.position.set(-40, 120, 80);
    this.scene.add(sun);
    const ground = new Mesh(new PlaneGeometry(1, 1), new MeshLambertMaterial({ color: '#b9b29f', side: DoubleSide }));
    ground.rotation.x = -Math.PI / 2;
    ground.name = 'ground';
    this.scene.add(ground);
    this.observer = new ResizeObserver(() => this.resize());
    this.observer.observe(container);
    this.resize();
  }

  private resize(): void {
    const { clientWidth: w, clientHeight: h } = this.container;
    if (!w || !h) return;
    this.renderer.setSize(w, h);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.render();
  }

  render(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.renderer.render(this.scene, this.camera);
    });
  }

  /** Tables: structures drawn just under their modules. */
  addTables(features: { ring: LonLat[]; props: PanelProps }[]): void {
    const matrices = features.map((f) => panelMatrix(this.crs, this.origin, f.ring, f.props, -0.12, 0.04)).filter((m): m is Matrix4 => m !== null);
    if (!matrices.length) return;
    const mesh = new InstancedMesh(this.unit, this.tableMaterial, matrices.length);
    matrices.forEach((m, i) => mesh.setMatrixAt(i, m));
    mesh.computeBoundingSphere();
    this.scene.add(mesh);
    this.tableCount += matrices.length;
    this.grow(mesh);
  }

  /** One page of modules: one instanced mesh, coloured by status (or by the statuses shown, colourBy). */
  addModules(features: ModuleFeature[]): void {
    const kept: { id: string; matrix: Matrix4; status: MapStatus }[] = [];
    for (const f of features) {
      const matrix = panelMatrix(this.crs, this.origin, f.ring, f.props);
      if (matrix) kept.push({ id: f.id, matrix, status: f.status });
    }
    if (!kept.length) return;
    const mesh = new InstancedMesh(this.unit, this.moduleMaterial, kept.length);
    kept.forEach((k, i) => mesh.setMatrixAt(i, k.matrix));
    const entry: ModuleMesh = { mesh, ids: kept.map((k) => k.id), statuses: kept.map((k) => k.status) };
    this.paint(entry);
    mesh.computeBoundingSphere();
    this.scene.add(mesh);
    this.meshes.push(entry);
    this.moduleCount += kept.length;
    this.grow(mesh);
  }

  /**
   * Colours the modules by these statuses — an audit's results; a module it did not inspect
   * is `pending` — or by their own again (null). Modules added later follow.
   */
  colourBy(statuses: ReadonlyMap<string, MapStatus> | null): void {
    this.shown = statuses;
    for (const entry of this.meshes) this.paint(entry);
    if (this.selected) this.paintAt(this.selected.entry, this.selected.index, HIGHLIGHT);
    this.render();
  }

  /** The status a module is drawn in, or null when it is not in the scene (tests, a caption). */
  statusOf(id: string): MapStatus | null {
    for (const entry of this.meshes) {
      const index = entry.ids.indexOf(id);
      if (index >= 0) return this.statusAt(entry, index);
    }
    return null;
  }

  private statusAt(entry: ModuleMesh, index: number): MapStatus {
    if (this.shown) return this.shown.get(entry.ids[index] as string) ?? 'pending';
    return entry.statuses[index] as MapStatus;
  }

  private paint(entry: ModuleMesh): void {
    const colour = new Color();
    entry.ids.forEach((_, i) => entry.mesh.setColorAt(i, colour.set(STATUS_COLORS[this.statusAt(entry, i)] ?? STATUS_COLORS.pending)));
    if (entry.mesh.instanceColor) entry.mesh.instanceColor.needsUpdate = true;
  }

  private paintAt(entry: ModuleMesh, index: number, colour: Color): void {
    entry.mesh.setColorAt(index, colour);
    if (entry.mesh.instanceColor) entry.mesh.instanceColor.needsUpdate = true;
  }

  private grow(mesh: InstancedMesh): void {
    const first = this.bounds.isEmpty();
    mesh.computeBoundingBox();
    if (mesh.boundingBox) this.bounds.union(mesh.boundingBox);
    const ground = this.scene.getObjectByName('ground');
    const size = this.bounds.getSize(new Vector3());
    const centre = this.bounds.getCenter(new Vector3());
    if (ground) {
      ground.scale.set(size.x + 200, size.z + 200, 1);
      ground.position.set(centre.x, -0.01, centre.z);
    }
    if (first) this.fit();
    this.render();
  }

  /**
   * Near and far planes that follow the distance to the target: a fixed 0.5 m near plane
   * left a few centimetres of depth precision at 500 m, and the tables under the modules
   * showed through them.
   */
  private fitDepth(): void {
    const distance = this.camera.position.distanceTo(this.controls.target);
    const size = this.bounds.isEmpty() ? 0 : this.bounds.getSize(new Vector3()).length();
    this.camera.near = Math.max(0.05, distance / 100);
    this.camera.far = Math.max(1000, distance * 4 + size * 2);
    this.camera.updateProjectionMatrix();
  }

  /** The whole plant in view, seen from the south-east and above. */
  fit(): void {
    const centre = this.bounds.getCenter(new Vector3());
    const size = this.bounds.getSize(new Vector3());
    const radius = Math.max(size.x, size.z, 10) * 0.75;
    this.controls.target.copy(centre);
    this.camera.position.set(centre.x + radius * 0.6, centre.y + radius * 0.9, centre.z + radius * 1.1);
    this.controls.update();
    this.fitDepth();
    this.render();
  }

  /** The module under a point of the canvas (CSS pixels), or null. */
  pick(x: number, y: number): string | null {
    const canvas = this.renderer.domElement;
    const ndc = new Vector2((x / canvas.clientWidth) * 2 - 1, -(y / canvas.clientHeight) * 2 + 1);
    const ray = new Raycaster();
    ray.setFromCamera(ndc, this.camera);
    const hits = ray.intersectObjects(this.meshes.map((m) => m.mesh), false);
    const hit = hits[0];
    if (!hit || hit.instanceId === undefined) return null;
    const entry = this.meshes.find((m) => m.mesh === hit.object);
    return entry?.ids[hit.instanceId] ?? null;
  }

  /** Outlines a module in the highlight colour (the previous one gets its status colour back). */
  select(id: string | null): void {
    if (this.selected) {
      const { entry, index } = this.selected;
      this.paintAt(entry, index, new Color(STATUS_COLORS[this.statusAt(entry, index)] ?? STATUS_COLORS.pending));
      this.selected = null;
    }
    if (id) {
      for (const entry of this.meshes) {
        const index = entry.ids.indexOf(id);
        if (index < 0) continue;
        this.paintAt(entry, index, HIGHLIGHT);
        this.selected = { entry, index };
        break;
      }
    }
    this.render();
  }

  /** Where a module is drawn on the canvas (CSS pixels), for tests and for pointing at it. */
  screenPosition(id: string): { x: number; y: number } | null {
    for (const entry of this.meshes) {
      const index = entry.ids.indexOf(id);
      if (index < 0) continue;
      const matrix = new Matrix4();
      entry.mesh.getMatrixAt(index, matrix);
      const p = new Vector3().setFromMatrixPosition(matrix).project(this.camera);
      const canvas = this.renderer.domElement;
      return { x: ((p.x + 1) / 2) * canvas.clientWidth, y: ((1 - p.y) / 2) * canvas.clientHeight };
    }
    return null;
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.observer.disconnect();
    this.controls.dispose();
    for (const { mesh } of this.meshes) mesh.dispose();
    this.unit.dispose();
    this.moduleMaterial.dispose();
    this.tableMaterial.dispose();
    this.renderer.dispose();
    this.renderer.domElement.remove();
  }
}
