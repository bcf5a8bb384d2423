import type { UploadLink } from '../domain/upload-link.ts';

/** Where the applicants' upload links are kept, by the hash of their token. */
export interface UploadLinkStore {
  putUploadLink(link: UploadLink): Promise<void>;
  getUploadLink(tokenHash: string): Promise<UploadLink | undefined>;
  /** Marks the link used only while it is unused and unexpired (single use); false when it was not. */
  claimUploadLink(tokenHash: string, now: Date): Promise<boolean>;
  /** Gives a claimed link back when what it was claimed for failed before anything was kept. */
  releaseUploadLink(tokenHash: string): Promise<void>;
}
