// Module packages import the module author's API as `backroom`. The platform is the root
// project, not a package in node_modules, so this hook points that name at the running core:
// modules share the core's one instance of every export whatever folder they were loaded from.
let target

export async function initialize (data) {
  target = data.target
}

export async function resolve (specifier, context, next) {
  if (specifier === 'backroom') return next(target, context)
  return next(specifier, context)
}
