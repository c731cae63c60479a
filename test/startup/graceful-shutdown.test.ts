import http from 'node:http'
import t from 'tap'
import { cliSetup, startServer } from '../cli/cli-process.ts'

/** What a request on a new connection gets: its status, or the error code when none answers. */
async function tryNewConnection (url: string): Promise<number | string> {
  return await new Promise(resolve => {
    http.get(`${url}/health/live`, { agent: false }, response => {
      response.resume()
      resolve(response.statusCode!)
    }).once('error', error => { resolve((error as NodeJS.ErrnoException).code ?? error.message) })
  })
}

interface Answer { status: number, body: unknown, answeredAt: number, connectionClosed: Promise<number> }

/** A GET on a kept-alive connection, as browsers and proxies send them; tells when the server closed that connection. */
async function getKeptAlive (url: string): Promise<Answer> {
  const agent = new http.Agent({ keepAlive: true })
  return await new Promise((resolve, reject) => {
    http.get(url, { agent }, response => {
      const connectionClosed = new Promise<number>(resolve => response.socket.once('close', () => { resolve(Date.now()) }))
      let text = ''
      response.on('data', chunk => { text += chunk })
      response.on('end', () => { resolve({ status: response.statusCode!, body: JSON.parse(text), answeredAt: Date.now(), connectionClosed }) })
    }).once('error', reject)
  })
}

t.test('on SIGTERM the server finishes the request in flight, refuses new connections, closes everything and exits 0', async t => {
  const setup = await cliSetup(t, { modules: ['delay'], env: { BACKROOM_AUTO_INSTALL: 'true' } })
  const server = await startServer(t, setup)
  t.equal(await tryNewConnection(server.url), 200)

  const inFlight = getKeptAlive(`${server.url}/api/delay/wait?ms=1500`)
  await server.waitForOutput(/"url":"\/api\/delay\/wait\?ms=1500"/)
  server.child.kill('SIGTERM')
  await server.waitForOutput(/shutting down/)
  // Refused; or, when it reached the kernel's queue just before the listening socket closed, reset.
  t.match(await tryNewConnection(server.url), /^(ECONNREFUSED|ECONNRESET)$/, 'no new connection is served while draining')

  const answer = await inFlight
  t.equal(answer.status, 200)
  t.same(answer.body, { waited: 1500 })
  const closedAfter = await answer.connectionClosed - answer.answeredAt
  t.ok(closedAfter < 2500, `the kept-alive connection was closed ${closedAfter} ms after the answer, not at its 5 s keep-alive timeout`)
  // The process ends on its own: nothing (database pool, notification listener, connection) holds it.
  t.same(await server.exited, { code: 0, signal: null })
  t.match(server.stdout, /"msg":"stopped"/)
  t.notMatch(server.stderr, /stayed open/)
})
