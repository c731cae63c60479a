import semver from 'semver'

export interface DependencyNode {
  name: string
  requires: Record<string, string>
}

/** Names in an order where each module comes after those it requires; throws on a cycle. */
export function dependencyOrder (nodes: DependencyNode[]): { order: string[], cycles: string[][] } {
  const byName = new Map(nodes.map(node => [node.name, node]))
  const order: string[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const cycles: string[][] = []
  const visit = (name: string, trail: string[]): void => {
    const mark = state.get(name)
    if (mark === 'done') return
    if (mark === 'visiting') {
      cycles.push([...trail.slice(trail.indexOf(name)), name])
      return
    }
    state.set(name, 'visiting')
    for (const dependency of Object.keys(byName.get(name)?.requires ?? {}).sort()) {
      if (byName.has(dependency)) visit(dependency, [...trail, name])
    }
    state.set(name, 'done')
    order.push(name)
  }
  for (const name of [...byName.keys()].sort()) visit(name, [])
  return { order, cycles }
}

/** The modules a cycle runs through, for refusing any of them with the cycle named. */
export function modulesInCycles (cycles: string[][]): Map<string, string> {
  const described = new Map<string, string>()
  for (const cycle of cycles) for (const name of cycle) described.set(name, cycle.join(' → '))
  return described
}

/** True when an installed version satisfies a requirement range (pre-releases included). */
export function satisfies (version: string, range: string): boolean {
  return semver.satisfies(version, range, { includePrerelease: true })
}
