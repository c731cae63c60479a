import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'

interface Tracked {
  app: FastifyInstance
  inFlight: number
  idle?: () => void
}

/**
 * One long-lived HTTP server in front of whichever Fastify instance is current. A swap sends new
 * requests to the new instance at once; the old one closes when its in-flight requests finish.
 */
export class AppSwitch {
  #current: Tracked | undefined
  readonly server: http.Server
  readonly #retiring = new Set<Promise<void>>()
  #serverClosed: Promise<void> | undefined

  /** `requestTimeoutSeconds`: how long a request may take to arrive in full; 0 for no limit. */
  constructor (options: { requestTimeoutSeconds: number }) {
    // Node's default of 300 s would cut a long upload (a large catalog import reads its body as it works).
    this.server = http.createServer({ requestTimeout: options.requestTimeoutSeconds * 1000 }, (req, res) => {
      const tracked = this.#current
      if (tracked === undefined) {
        res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ statusCode: 503, code: 'BR_STARTING', error: 'Service Unavailable', message: 'The platform is starting' }))
        return
      }
      tracked.inFlight++
      res.once('close', () => {
        tracked.inFlight--
        if (tracked.inFlight === 0) tracked.idle?.()
      })
      tracked.app.routing(req, res)
    })
    this.server.on('clientError', (_error, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    })
  }

  get app (): FastifyInstance | undefined {
    return this.#current?.app
  }

  /** Puts a ready instance in front; the previous one is closed once drained. */
  swap (app: FastifyInstance): void {
    const previous = this.#current
    this.#current = { app, inFlight: 0 }
    if (previous !== undefined) {
      const retiring = this.retire(previous)
      this.#retiring.add(retiring)
      void retiring.finally(() => this.#retiring.delete(retiring))
    }
  }

  private async retire (tracked: Tracked): Promise<void> {
    if (tracked.inFlight > 0) await new Promise<void>(resolve => { tracked.idle = resolve })
    await tracked.app.close().catch(error => tracked.app.log.error({ err: error }, 'closing a retired app failed'))
  }

  async listen (port: number, host: string): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, host, () => { this.server.off('error', reject); resolve() })
    })
    return this.server.address() as AddressInfo
  }

  /** Refuses new connections from now on; the requests already accepted go on. Resolves when the server has closed. */
  async stopAccepting (): Promise<void> {
    this.#serverClosed ??= this.server.listening ? new Promise<void>(resolve => this.server.close(() => resolve())) : Promise.resolve()
    this.server.closeIdleConnections()
    await this.#serverClosed
  }

  /** Stops accepting connections, lets in-flight requests finish, then closes every instance. */
  async close (): Promise<void> {
    const closed = this.stopAccepting()
    const current = this.#current
    this.#current = undefined
    if (current !== undefined) await this.retire(current)
    await Promise.all(this.#retiring)
    // The connections of the requests just drained are idle now: left open, they would hold
    // the server until their keep-alive timeout.
    this.server.closeIdleConnections()
    await closed
  }
}
