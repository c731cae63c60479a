import { randomBytes } from 'node:crypto'
import { mkdir, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { SendMailOptions } from 'nodemailer'

/** Where composed mail goes: an SMTP server, or a folder of .eml files. */
export interface MailDelivery {
  /** For logs: the SMTP server without credentials or options, or the folder. */
  readonly destination: string
  /** Sends one mail; resolves with its Message-ID and the recipients the server refused. */
  deliver (mail: SendMailOptions): Promise<{ messageId: string, rejected: number }>
  close (): void
}

/**
 * A nodemailer transport made on the first mail: nodemailer is some forty modules, and a process
 * that sends no mail (most starts, every CLI command) should not load them.
 */
function lazily<Transport extends { close: () => void }> (create: (nodemailer: typeof import('nodemailer')) => Transport): { transport: () => Promise<Transport>, close: () => void } {
  let created: Promise<Transport> | undefined
  return {
    transport: async () => await (created ??= import('nodemailer').then(create)),
    close: () => { void created?.then(transport => { transport.close() }) }
  }
}

/** `smtp://user:secret@host:587?pool=true` → `smtp://host:587`. */
function serverOf (url: string): string {
  return url.replace(/^([a-z]+:\/\/)(?:[^@/?#]*@)?([^/?#]*).*$/is, '$1$2')
}

/** Mail sent through the SMTP server of a connection URL, over a few pooled connections. */
export function smtpDelivery (url: string): MailDelivery {
  const { transport, close } = lazily(nodemailer => nodemailer.createTransport({ url, pool: true }))
  return {
    destination: serverOf(url),
    async deliver (mail) {
      const info = await (await transport()).sendMail(mail)
      return { messageId: info.messageId, rejected: info.rejected.length }
    },
    close
  }
}

/**
 * Mail kept as files when no SMTP server is configured: one RFC 822 message per .eml file, named
 * by the time it was written (sortable) and a random suffix (unique).
 */
export function folderDelivery (dir: string): MailDelivery {
  const composer = lazily(nodemailer => nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' }))
  return {
    destination: dir,
    async deliver (mail) {
      const { message, messageId } = await (await composer.transport()).sendMail(mail)
      await mkdir(dir, { recursive: true })
      // ':' cannot be part of a Windows file name; without it the ISO timestamp still sorts by time.
      const name = `${new Date().toISOString().replace(/:/g, '-')}-${randomBytes(4).toString('hex')}.eml`
      // Written under a hidden name and renamed, so whoever watches the folder never reads half a mail.
      const partial = path.join(dir, `.${name}.partial`)
      await writeFile(partial, message as Buffer, { flag: 'wx' })
      await rename(partial, path.join(dir, name))
      return { messageId, rejected: 0 }
    },
    close: composer.close
  }
}
