// Resolves the specifiers of pre-bundled packages to their bundles (prebundled-dependencies.mjs).
let targets = {}

export async function initialize (data) {
  targets = data.targets
}

export async function resolve (specifier, context, next) {
  const target = targets[specifier]
  if (target !== undefined) return { url: target, format: 'module', shortCircuit: true }
  return await next(specifier, context)
}
