import { ordersErrors } from '../errors.ts'

export const RETURN_STATES = ['waiting_confirmation', 'waiting_package', 'package_received', 'denied', 'completed'] as const
export type ReturnState = typeof RETURN_STATES[number]

/** PrestaShop's merchandise return states, named per language (the default language when one lacks). */
const NAMES: Record<ReturnState, Record<string, string>> = {
  waiting_confirmation: { en: 'Waiting for confirmation', fr: 'En attente de confirmation' },
  waiting_package: { en: 'Waiting for package', fr: 'En attente du colis' },
  package_received: { en: 'Package received', fr: 'Colis reçu' },
  denied: { en: 'Return denied', fr: 'Retour refusé' },
  completed: { en: 'Return completed', fr: 'Retour terminé' }
}

/** A return goes forward one step at a time and may be denied until it is completed. */
const NEXT: Record<ReturnState, ReturnState[]> = {
  waiting_confirmation: ['waiting_package', 'denied'],
  waiting_package: ['package_received', 'denied'],
  package_received: ['completed', 'denied'],
  denied: [],
  completed: []
}

export function returnStateName (state: ReturnState, language: string, defaultLanguage: string): string {
  return NAMES[state][language] ?? NAMES[state][defaultLanguage] ?? NAMES[state].en
}

export function assertReturnTransition (from: ReturnState, to: ReturnState): void {
  if (!NEXT[from].includes(to)) throw new ordersErrors.BR_ORDERS_RETURN_TRANSITION_REFUSED(from, to)
}
