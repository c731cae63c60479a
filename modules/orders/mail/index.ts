import { en } from './en.ts'
import { fr } from './fr.ts'
import type { OrderMailTemplates } from './templates.ts'

const TEMPLATES: Record<string, OrderMailTemplates> = { en, fr }

/** The templates of a language, else of the default language, else English. */
export function templatesFor (language: string, defaultLanguage: string): OrderMailTemplates {
  return TEMPLATES[language] ?? TEMPLATES[defaultLanguage] ?? en
}
