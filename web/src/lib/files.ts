/** A file picked in the browser, as the staff API takes uploads: base64 inside the JSON body. */
export interface UploadBody {
  name: string;
  contentType: string;
  base64: string;
}

export async function uploadOf(file: File): Promise<UploadBody> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return { name: file.name, contentType: file.type, base64: btoa(binary) };
}

/** What the staff API accepts; the picker offers only these. */
export const UPLOAD_TYPES = 'application/pdf,image/jpeg,image/png';

/** Hands a file fetched with the staff token (a plain link could not send it) to the browser as a download. */
export function saveFile(blob: Blob, name: string): void {
  const href = URL.createObjectURL(blob);
  Object.assign(document.createElement('a'), { href, download: name }).click();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
