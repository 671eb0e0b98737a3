/**
 * The opaque ids behind `/media/<id>`: minted by main when a task is bound, one per (role context,
 * project, S3 object), 128 random bits, so the window can name an object only when main gave it
 * that object. An id answers only while its role is the signed-in one, and all of a role's ids are
 * forgotten when its context is dropped (sign-out, another role).
 */
import { randomBytes } from 'node:crypto';

export interface MediaTarget {
  projectId: string;
  bucket: string;
  key: string;
}

/** The shape minted ids have (base64url of 16 bytes); anything else is refused before any lookup. */
export const MEDIA_ID = /^[A-Za-z0-9_-]{22}$/;

export const mediaPath = (id: string): string => `/media/${id}`;

export class MediaIds {
  readonly #byId = new Map<string, { roleKey: string; target: MediaTarget }>();
  readonly #byTarget = new Map<string, string>();

  /** The id of an object for a role: the same one every time (the window's memory cache keeps working). */
  mint(roleKey: string, target: MediaTarget): string {
    const name = JSON.stringify([roleKey, target.projectId, target.bucket, target.key]);
    const known = this.#byTarget.get(name);
    if (known) return known;
    const id = randomBytes(16).toString('base64url');
    this.#byId.set(id, { roleKey, target: { ...target } });
    this.#byTarget.set(name, id);
    return id;
  }

  /** The object behind an id, only for the role that got it. */
  resolve(id: string, roleKey: string | null): MediaTarget | null {
    if (!MEDIA_ID.test(id) || roleKey === null) return null;
    const entry = this.#byId.get(id);
    return entry && entry.roleKey === roleKey ? entry.target : null;
  }

  /** Every id of one role, or of all roles but `keep`, dies. */
  forget(options: { roleKey?: string; keep?: string }): void {
    for (const [id, entry] of this.#byId) {
      const drop =
        options.roleKey !== undefined ? entry.roleKey === options.roleKey : entry.roleKey !== options.keep;
      if (!drop) continue;
      this.#byId.delete(id);
      this.#byTarget.delete(
        JSON.stringify([entry.roleKey, entry.target.projectId, entry.target.bucket, entry.target.key]),
      );
    }
  }

  get size(): number {
    return this.#byId.size;
  }
}
