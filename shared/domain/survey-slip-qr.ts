import qrcode from 'qrcode-generator';

/**
 * The QR code printed on a walk-in's survey slip, as SVG: it encodes the slip's link and nothing else, with
 * medium error correction so a creased slip still scans.
 */
export function surveySlipQrSvg(link: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(link, 'Byte');
  qr.make();
  return qr.createSvgTag({ cellSize: 4, margin: 4, scalable: true });
}
