/*
 * Migration waves: the applications that move, grouped and ordered by dependency and risk, quick
 * wins first (as CAST Highlight's Wave Advisor places applications in waves 1–4).
 *
 * The rules, in the order they apply:
 *   1. Only applications whose disposition moves or changes them (rehost, relocate, replatform,
 *      repurchase, refactor) are placed. Retire and retain are listed apart (`notMoving`); an
 *      application without a disposition is listed in `undecided`.
 *   2. Applications that depend on each other in a circle (found with Tarjan's algorithm) cannot
 *      move one before the other: they form one move group, placed in one wave, and reported.
 *   3. Each application (or move group) has a risk tier:
 *        tier 1, quick wins:   criticality 1–2, at most 1 dependent, data not restricted, not in a move group
 *        tier 2:               criticality up to 3 and data not restricted
 *        tier 3:               criticality 4, or restricted data
 *        tier 4:               criticality 5
 *      A move group takes its riskiest member's tier, and at least tier 2.
 *   4. An application moves no earlier than what it depends on: its tier is raised to the highest
 *      tier among the moving applications it depends on (the same wave is allowed: they move together).
 *   5. Within a tier, applications are ordered dependencies first, then by name, and split into waves
 *      of at most `maxApplicationsPerWave` (a move group is never split). Waves are numbered from 1.
 *   6. Each wave lists its applications' peak windows as windows to avoid.
 * A dependency on an application not in the portfolio is reported, not thrown, and ignored for
 * ordering; so is a dependency on an application being retired (something still needs it).
 * The output is deterministic: ties are broken by name, then id.
 */
import { MOVING_DISPOSITIONS, type Disposition } from "./dispositions";
import type { Application, Criticality, DataSensitivity } from "./portfolio";

export type RiskTier = 1 | 2 | 3 | 4;

export const RISK_TIERS: readonly { tier: RiskTier; label: string; rule: string }[] = [
  { tier: 1, label: "Quick wins", rule: "Criticality 1–2, at most 1 dependent, data not restricted, not in a move group." },
  { tier: 2, label: "Moderate risk", rule: "Criticality up to 3 and data not restricted." },
  { tier: 3, label: "Business-critical or restricted data", rule: "Criticality 4, or restricted data." },
  { tier: 4, label: "Most critical", rule: "Criticality 5." },
];

/** "Few dependents" for a quick win. */
export const QUICK_WIN_MAX_DEPENDENTS = 1;
export const DEFAULT_MAX_APPLICATIONS_PER_WAVE = 20;

export interface PlannedDisposition {
  applicationId: string;
  disposition: Disposition;
}

export interface WavePlanOptions {
  /** Default DEFAULT_MAX_APPLICATIONS_PER_WAVE. A move group larger than this gets a wave of its own. */
  maxApplicationsPerWave?: number;
}

export interface WaveApplication {
  applicationId: string;
  name: string;
  disposition: Disposition;
  criticality: Criticality;
  dataSensitivity: DataSensitivity;
  businessProcesses: string[];
  peakWindow: string;
  /** Applications in the portfolio that depend on this one. */
  dependentCount: number;
  /** Known applications it depends on. */
  dependsOn: string[];
  /** Its own tier (rule 3), before dependencies raised it. */
  riskTier: RiskTier;
  moveGroupId: string | null;
}

export interface PeakWindowToAvoid {
  /** As the first application (by name) with it wrote it. */
  window: string;
  applicationIds: string[];
  applicationNames: string[];
}

export interface MigrationWave {
  number: number;
  /** The tier this wave was placed in (rule 4); its label says what kind of wave it is. */
  riskTier: RiskTier;
  label: string;
  /** By name. */
  applications: WaveApplication[];
  moveGroupIds: string[];
  windowsToAvoid: PeakWindowToAvoid[];
}

export interface MoveGroup {
  id: string;
  wave: number;
  /** By name. */
  applicationIds: string[];
  applicationNames: string[];
}

export interface UnknownDependency {
  applicationId: string;
  applicationName: string;
  /** The id it names that is not in the portfolio. */
  dependsOn: string;
}

export interface DependencyOnRetired {
  applicationId: string;
  applicationName: string;
  dependsOn: string;
  dependsOnName: string;
}

export interface NotMovingApplication {
  applicationId: string;
  name: string;
  disposition: Disposition;
}

export interface WavePlan {
  waves: MigrationWave[];
  /** Retire and retain, by name. */
  notMoving: NotMovingApplication[];
  /** Applications without a disposition, by name. */
  undecided: { applicationId: string; name: string }[];
  moveGroups: MoveGroup[];
  unknownDependencies: UnknownDependency[];
  dependsOnRetired: DependencyOnRetired[];
}

function compareNames(a: { name: string; id: string }, b: { name: string; id: string }): number {
  return a.name.localeCompare(b.name, "en-GB", { sensitivity: "base" }) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

const byApplicationName = (a: Application, b: Application) => compareNames({ name: a.name, id: a.id }, { name: b.name, id: b.id });

/** Strongly connected components, each listed after every component it depends on (Tarjan). */
function stronglyConnected(ids: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  // Iterative, so a 5,000-application chain cannot overflow the call stack.
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: { id: string; next: number }[] = [{ id: root, next: 0 }];
    index.set(root, counter);
    lowLink.set(root, counter);
    counter += 1;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const targets = edges.get(frame.id) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next];
        frame.next += 1;
        if (!index.has(target)) {
          index.set(target, counter);
          lowLink.set(target, counter);
          counter += 1;
          stack.push(target);
          onStack.add(target);
          work.push({ id: target, next: 0 });
        } else if (onStack.has(target)) {
          lowLink.set(frame.id, Math.min(lowLink.get(frame.id)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) lowLink.set(parent.id, Math.min(lowLink.get(parent.id)!, lowLink.get(frame.id)!));
      if (lowLink.get(frame.id) !== index.get(frame.id)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.id);
      components.push(component);
    }
  }
  return components;
}

function ownTier(application: Application, dependentCount: number, inMoveGroup: boolean): RiskTier {
  const restricted = application.dataSensitivity === "restricted";
  if (application.criticality <= 2 && dependentCount <= QUICK_WIN_MAX_DEPENDENTS && !restricted && !inMoveGroup) return 1;
  if (application.criticality <= 3 && !restricted) return 2;
  if (application.criticality <= 4) return 3;
  return 4;
}

/** One application, or a move group: what is placed in a wave. */
interface Unit {
  members: Application[];
  /** The first member's name and id, for ordering. */
  sortKey: { name: string; id: string };
  tier: RiskTier;
  /** After rule 4. */
  placedTier: RiskTier;
  dependsOnUnits: Set<Unit>;
}

export function planWaves(
  applications: readonly Application[],
  dispositions: readonly PlannedDisposition[],
  options: WavePlanOptions = {},
): WavePlan {
  const maxPerWave = Math.max(1, options.maxApplicationsPerWave ?? DEFAULT_MAX_APPLICATIONS_PER_WAVE);
  const byId = new Map<string, Application>();
  for (const application of applications) {
    if (byId.has(application.id)) throw new Error(`Two applications share the id "${application.id}".`);
    byId.set(application.id, application);
  }
  const dispositionOf = new Map<string, Disposition>();
  for (const { applicationId, disposition } of dispositions) {
    if (byId.has(applicationId)) dispositionOf.set(applicationId, disposition);
  }
  const sorted = [...applications].sort(byApplicationName);

  // Findings about the portfolio as a whole.
  const unknownDependencies: UnknownDependency[] = [];
  const dependsOnRetired: DependencyOnRetired[] = [];
  const dependentCount = new Map<string, number>(applications.map((a) => [a.id, 0]));
  for (const application of sorted) {
    for (const dependency of application.dependsOn) {
      const target = byId.get(dependency);
      if (!target) {
        unknownDependencies.push({ applicationId: application.id, applicationName: application.name, dependsOn: dependency });
        continue;
      }
      if (dependency === application.id) continue;
      dependentCount.set(dependency, (dependentCount.get(dependency) ?? 0) + 1);
      if (dispositionOf.get(dependency) === "retire" && dispositionOf.get(application.id) !== "retire") {
        dependsOnRetired.push({ applicationId: application.id, applicationName: application.name, dependsOn: target.id, dependsOnName: target.name });
      }
    }
  }

  const moving = sorted.filter((a) => {
    const disposition = dispositionOf.get(a.id);
    return disposition !== undefined && MOVING_DISPOSITIONS.includes(disposition);
  });
  const notMoving = sorted.flatMap((a): NotMovingApplication[] => {
    const disposition = dispositionOf.get(a.id);
    return disposition !== undefined && !MOVING_DISPOSITIONS.includes(disposition) ? [{ applicationId: a.id, name: a.name, disposition }] : [];
  });
  const undecided = sorted.filter((a) => !dispositionOf.has(a.id)).map((a) => ({ applicationId: a.id, name: a.name }));

  // Rule 2: move groups from cycles among the moving applications.
  const movingIds = new Set(moving.map((a) => a.id));
  const edges = new Map<string, string[]>(
    moving.map((a) => [a.id, a.dependsOn.filter((id) => movingIds.has(id) && id !== a.id).sort((x, y) => compareNames(nameKey(byId, x), nameKey(byId, y)))]),
  );
  const components = stronglyConnected(
    moving.map((a) => a.id),
    edges,
  );

  // Rules 3 and 4, dependencies first (Tarjan lists a component after those it depends on).
  const unitOf = new Map<string, Unit>();
  const units: Unit[] = [];
  for (const component of components) {
    const members = component.map((id) => byId.get(id)!).sort(byApplicationName);
    const inMoveGroup = members.length > 1;
    const tier = Math.max(inMoveGroup ? 2 : 1, ...members.map((m) => ownTier(m, dependentCount.get(m.id) ?? 0, inMoveGroup))) as RiskTier;
    const unit: Unit = { members, sortKey: { name: members[0].name, id: members[0].id }, tier, placedTier: tier, dependsOnUnits: new Set() };
    for (const member of members) unitOf.set(member.id, unit);
    for (const member of members) {
      for (const dependency of edges.get(member.id) ?? []) {
        const target = unitOf.get(dependency);
        if (target && target !== unit) unit.dependsOnUnits.add(target);
      }
    }
    unit.placedTier = Math.max(unit.tier, ...[...unit.dependsOnUnits].map((d) => d.placedTier)) as RiskTier;
    units.push(unit);
  }

  // Rule 5: within each tier, dependencies first then by name, cut into waves.
  const waves: MigrationWave[] = [];
  const waveOfUnit = new Map<Unit, number>();
  const moveGroups: MoveGroup[] = [];
  for (const { tier, label } of RISK_TIERS) {
    const ordered = dependenciesFirst(units.filter((unit) => unit.placedTier === tier));
    let current: Unit[] = [];
    let size = 0;
    const close = () => {
      if (current.length === 0) return;
      waves.push(buildWave(waves.length + 1, tier, label, current, dependentCount, dispositionOf, byId, moveGroups));
      for (const unit of current) waveOfUnit.set(unit, waves.length);
      current = [];
      size = 0;
    };
    for (const unit of ordered) {
      if (size > 0 && size + unit.members.length > maxPerWave) close();
      current.push(unit);
      size += unit.members.length;
    }
    close();
  }

  return { waves, notMoving, undecided, moveGroups, unknownDependencies, dependsOnRetired };
}

function nameKey(byId: ReadonlyMap<string, Application>, id: string): { name: string; id: string } {
  return { name: byId.get(id)?.name ?? id, id };
}

/** Kahn's algorithm, always taking the ready unit that comes first by name. */
function dependenciesFirst(units: Unit[]): Unit[] {
  const inTier = new Set(units);
  const waiting = new Map<Unit, number>(units.map((unit) => [unit, [...unit.dependsOnUnits].filter((d) => inTier.has(d)).length]));
  const dependants = new Map<Unit, Unit[]>(units.map((unit) => [unit, []]));
  for (const unit of units) for (const dependency of unit.dependsOnUnits) if (inTier.has(dependency)) dependants.get(dependency)!.push(unit);
  const ready = units.filter((unit) => waiting.get(unit) === 0).sort((a, b) => compareNames(a.sortKey, b.sortKey));
  const ordered: Unit[] = [];
  while (ready.length > 0) {
    const next = ready.shift()!;
    ordered.push(next);
    for (const dependant of dependants.get(next)!) {
      const remaining = waiting.get(dependant)! - 1;
      waiting.set(dependant, remaining);
      if (remaining === 0) {
        const at = ready.findIndex((candidate) => compareNames(dependant.sortKey, candidate.sortKey) < 0);
        ready.splice(at === -1 ? ready.length : at, 0, dependant);
      }
    }
  }
  return ordered;
}

function buildWave(
  number: number,
  tier: RiskTier,
  label: string,
  units: Unit[],
  dependentCount: ReadonlyMap<string, number>,
  dispositionOf: ReadonlyMap<string, Disposition>,
  byId: ReadonlyMap<string, Application>,
  moveGroups: MoveGroup[],
): MigrationWave {
  const moveGroupIds: string[] = [];
  const groupOf = new Map<string, string>();
  for (const unit of [...units].sort((a, b) => compareNames(a.sortKey, b.sortKey))) {
    if (unit.members.length < 2) continue;
    const id = `move-group-${moveGroups.length + 1}`;
    moveGroups.push({ id, wave: number, applicationIds: unit.members.map((m) => m.id), applicationNames: unit.members.map((m) => m.name) });
    moveGroupIds.push(id);
    for (const member of unit.members) groupOf.set(member.id, id);
  }

  const members = units.flatMap((unit) => unit.members).sort(byApplicationName);
  const applications = members.map(
    (a): WaveApplication => ({
      applicationId: a.id,
      name: a.name,
      disposition: dispositionOf.get(a.id)!,
      criticality: a.criticality,
      dataSensitivity: a.dataSensitivity,
      businessProcesses: [...a.businessProcesses],
      peakWindow: a.peakWindow,
      dependentCount: dependentCount.get(a.id) ?? 0,
      dependsOn: a.dependsOn.filter((id) => byId.has(id) && id !== a.id),
      riskTier: ownTier(a, dependentCount.get(a.id) ?? 0, groupOf.has(a.id)),
      moveGroupId: groupOf.get(a.id) ?? null,
    }),
  );

  const windows = new Map<string, PeakWindowToAvoid>();
  for (const a of members) {
    const window = a.peakWindow.trim();
    if (window === "") continue;
    const key = window.toLowerCase().replace(/\s+/g, " ");
    const entry = windows.get(key) ?? { window, applicationIds: [], applicationNames: [] };
    entry.applicationIds.push(a.id);
    entry.applicationNames.push(a.name);
    windows.set(key, entry);
  }

  return { number, riskTier: tier, label, applications, moveGroupIds, windowsToAvoid: [...windows.values()] };
}
