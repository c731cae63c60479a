import { randomUUID } from 'node:crypto'
import { access, copyFile, mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'

export interface ImageType { contentType: string, extension: string }

/** Accepted image types, recognized from their first bytes rather than from a name or a header. */
const SIGNATURES: Array<{ type: ImageType, matches: (bytes: Buffer) => boolean }> = [
  { type: { contentType: 'image/jpeg', extension: 'jpg' }, matches: bytes => bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])) },
  { type: { contentType: 'image/png', extension: 'png' }, matches: bytes => bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: { contentType: 'image/gif', extension: 'gif' }, matches: bytes => ['GIF87a', 'GIF89a'].includes(bytes.subarray(0, 6).toString('latin1')) },
  { type: { contentType: 'image/webp', extension: 'webp' }, matches: bytes => bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP' }
]

export function sniffImageType (bytes: Buffer): ImageType | undefined {
  return SIGNATURES.find(signature => signature.matches(bytes))?.type
}

export const IMAGE_FILE_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.(jpg|png|gif|webp)$'

const CONTENT_TYPES: Record<string, string> = Object.fromEntries(SIGNATURES.map(({ type }) => [type.extension, type.contentType]))

export function contentTypeOf (fileName: string): string {
  return CONTENT_TYPES[path.extname(fileName).slice(1)] ?? 'application/octet-stream'
}

/**
 * The storage folder named by the catalog's storageDir setting (an absolute path). Open it before a transaction:
 * settings are read on a connection of their own, which a transaction must not wait for.
 */
export class ImageStorage {
  constructor (private readonly storageDir: () => Promise<string>) {}

  async open (): Promise<ImageFolder> {
    const dir = await this.storageDir()
    await mkdir(dir, { recursive: true })
    return new ImageFolder(dir)
  }
}

/** Image files in one folder. Files carry random names, so a file never collides with, or reveals, another. */
export class ImageFolder {
  constructor (readonly dir: string) {}

  async save (bytes: Buffer, type: ImageType): Promise<string> {
    const fileName = `${randomUUID()}.${type.extension}`
    await writeFile(this.pathOf(fileName), bytes, { flag: 'wx' })
    return fileName
  }

  async copy (fileName: string): Promise<string> {
    const copy = `${randomUUID()}${path.extname(fileName)}`
    await copyFile(this.pathOf(fileName), this.pathOf(copy))
    return copy
  }

  async remove (fileNames: string[]): Promise<void> {
    for (const fileName of fileNames) await rm(this.pathOf(fileName), { force: true })
  }

  async existing (fileName: string): Promise<string | undefined> {
    const file = this.pathOf(fileName)
    return await access(file).then(() => file, () => undefined)
  }

  private pathOf (fileName: string): string {
    return path.join(this.dir, path.basename(fileName))
  }
}
