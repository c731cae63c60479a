import t from 'tap'
import { ADMIN_EMAIL, ADMIN_PASSWORD, startPlatform, type TestPlatform } from '../helpers/platform.ts'
import { login } from '../people/helpers.ts'

async function post (platform: TestPlatform, url: string, refreshToken: string) {
  return await platform.app.inject({ method: 'POST', url, payload: { refreshToken } })
}

t.test('logout', async t => {
  const platform = await startPlatform(t)
  const signIn = async (): Promise<string> => (await login(platform, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD })).json().refreshToken

  t.test('revokes the refresh token, and every token rotated from the same login', async t => {
    const first = await signIn()
    const current = (await post(platform, '/api/auth/refresh', first)).json().refreshToken
    const response = await post(platform, '/api/auth/logout', current)
    t.equal(response.statusCode, 204)
    t.equal(response.body, '')
    t.equal((await post(platform, '/api/auth/refresh', current)).json().code, 'BR_REFRESH_INVALID')
  })

  t.test('needs no access token: a client whose access token expired can still log out', async t => {
    const token = await signIn()
    t.equal((await post(platform, '/api/auth/logout', token)).statusCode, 204)
    t.equal((await post(platform, '/api/auth/refresh', token)).statusCode, 401)
  })

  t.test('leaves other sessions of the employee alone', async t => {
    const ending = await signIn()
    const staying = await signIn()
    await post(platform, '/api/auth/logout', ending)
    t.equal((await post(platform, '/api/auth/refresh', staying)).statusCode, 200)
  })

  t.test('with an unknown token answers 204 all the same', async t => {
    t.equal((await post(platform, '/api/auth/logout', 'never-issued')).statusCode, 204)
  })
})
