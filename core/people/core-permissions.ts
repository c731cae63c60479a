/** The permissions of the core's own routes; module permissions come from their manifests. */
export const CORE_PERMISSIONS = {
  'core.modules.read': 'See modules, their state and settings',
  'core.modules.manage': 'Install, enable, disable, upgrade and uninstall modules and change their settings',
  'core.employees.read': 'See employees',
  'core.employees.write': 'Create, change and deactivate employees',
  'core.profiles.read': 'See profiles and the permissions they hold',
  'core.profiles.write': 'Create, change and delete profiles',
  'core.api_keys.manage': 'Create, list and revoke API keys',
  'core.audit.read': 'Read the audit log'
} as const

export type CorePermission = keyof typeof CORE_PERMISSIONS
