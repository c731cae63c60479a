import { setTimeout as sleep } from 'node:timers/promises'

/** Polls `check` until it holds; false when `withinMs` passed first. */
export async function until (check: () => boolean | Promise<boolean>, withinMs: number, everyMs = 10): Promise<boolean> {
  const deadline = Date.now() + withinMs
  for (;;) {
    if (await check()) return true
    if (Date.now() >= deadline) return false
    await sleep(everyMs)
  }
}

/**
 * One GET over the network, summed up as its status and error code ('200', '404
 * BR_MODULE_DISABLED'), or as 'failed: …' when no HTTP answer came (a reset connection).
 */
export async function outcomeOf (url: string, headers: Record<string, string> = {}): Promise<string> {
  try {
    const response = await fetch(url, { headers })
    const body = await response.text()
    if (response.ok) return String(response.status)
    let code: unknown
    try { code = JSON.parse(body).code } catch { code = body.slice(0, 80) }
    return `${response.status} ${String(code)}`
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string, message?: string } }).cause
    return `failed: ${(error as Error).message} ${cause?.code ?? cause?.message ?? ''}`.trim()
  }
}

/** A module lifecycle action through the HTTP API, as an administrator would call it. */
export async function moduleAction (baseUrl: string, token: string, name: string, action: 'install' | 'enable' | 'disable'): Promise<{ status: number, state?: string }> {
  const response = await fetch(`${baseUrl}/api/modules/${name}/${action}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
  const body = await response.json() as { state?: string }
  return { status: response.status, state: body.state }
}
